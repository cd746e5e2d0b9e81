package civil

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestDateArithmetic(t *testing.T) {
	d := MustParse("2024-02-28")
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("leap day: %s", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("after leap day: %s", got)
	}
	if got := MustParse("2025-03-31").AddMonths(-1).String(); got != "2025-03-03" {
		t.Errorf("AddMonths normalises like time.AddDate: %s", got)
	}
	if n := MustParse("2025-03-10").DaysSince(MustParse("2025-02-28")); n != 10 {
		t.Errorf("DaysSince = %d", n)
	}
	if !MustParse("2025-01-01").Before(MustParse("2025-01-02")) || MustParse("2025-01-02").Before(MustParse("2025-01-02")) {
		t.Error("Before")
	}
	if _, err := Parse("03/04/2025"); err == nil {
		t.Error("Parse accepted a non-ISO date")
	}
}

func TestIn(t *testing.T) {
	denver, err := time.LoadLocation("America/Denver")
	if err != nil {
		t.Skip("no time zone database")
	}
	// 03:30 UTC on 24 November is still the 23rd in Denver.
	instant := time.Date(2026, 11, 24, 3, 30, 0, 0, time.UTC)
	if got := In(instant, denver).String(); got != "2026-11-23" {
		t.Errorf("In = %s", got)
	}
	// DaysSince across a daylight-saving change is still whole days.
	if n := MustParse("2026-03-09").DaysSince(MustParse("2026-03-07")); n != 2 {
		t.Errorf("DaysSince across DST = %d", n)
	}
}

// Day arithmetic agrees with the time package's calendar for dates across
// its whole range, days past a month's end included, and counts periods
// longer than the 292 years a time.Duration holds.
func TestDayArithmeticAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200_000 {
		d := Date{Year: 1 + r.IntN(9999), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(31)}
		n := r.IntN(2_000_000) - 1_000_000
		if r.IntN(4) == 0 {
			n = r.IntN(100) - 50
		}
		tm := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		if got, want := d.AddDays(n), Of(tm.AddDate(0, 0, n)); got != want {
			t.Fatalf("%v + %d days: %v, want %v", d, n, got, want)
		}
		if got, want := d.Weekday(), tm.Weekday(); got != want {
			t.Fatalf("%v: %v, want %v", d, got, want)
		}
		e := Date{Year: 1 + r.IntN(9999), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
		te := time.Date(e.Year, e.Month, e.Day, 0, 0, 0, 0, time.UTC)
		// Unix days, which hold the whole range (a Duration does not).
		want := int(tm.Unix()/86400 - te.Unix()/86400)
		if got := d.DaysSince(e); got != want {
			t.Fatalf("%v − %v: %d days, want %d", d, e, got, want)
		}
	}
	if got := MustParse("9999-12-31").DaysSince(MustParse("0001-01-01")); got != 3_652_058 {
		t.Errorf("0001-01-01 to 9999-12-31: %d days, want 3,652,058", got)
	}
}
