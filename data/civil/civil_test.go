package civil

import (
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
