package importer

import (
	"testing"
	"time"

	"lastmile/data/civil"
)

func TestParseNumber(t *testing.T) {
	comma := numberStyle{decimalComma: true}
	cases := []struct {
		in    string
		st    numberStyle
		cents int64 // the value × 100
		ok    bool
	}{
		{"1240", numberStyle{}, 124000, true},
		{"$1,240.00", numberStyle{}, 124000, true},
		{"1,994", numberStyle{}, 199400, true},
		{"\"1,994\"", numberStyle{}, 0, false},
		{"1.234,56", comma, 123456, true},
		{"1 234,56 €", comma, 123456, true},
		{"1\u00a0234,56\u00a0€", comma, 123456, true},
		{"(310.00)", numberStyle{}, -31000, true},
		{"-$0.95", numberStyle{}, -95, true},
		{"$-0.95", numberStyle{}, -95, true},
		{"−12", numberStyle{}, -1200, true},
		{"11.64%", numberStyle{}, 12, true}, // 0.1164 → 0.12 in cents
		{"USD 5.00", numberStyle{}, 500, true},
		{"5.00 EUR", numberStyle{}, 500, true},
		{"£1,286.58", numberStyle{}, 128658, true},
		{"€1,622.60", numberStyle{}, 162260, true},
		{"53344.971952", numberStyle{}, 5334497, true},
		{"1.5E+03", numberStyle{}, 150000, true},
		{"12.3.4", numberStyle{}, 0, false},
		{"1,23", numberStyle{}, 0, false}, // a thousands comma needs three digits
		{"abc", numberStyle{}, 0, false},
		{"", numberStyle{}, 0, false},
		{"$", numberStyle{}, 0, false},
		{"12-", numberStyle{}, -1200, true},
		{"< 10%", numberStyle{}, 0, false},
	}
	for _, c := range cases {
		d, ok := parseNumber(c.in, c.st)
		if ok != c.ok {
			t.Errorf("parseNumber(%q) ok = %v", c.in, ok)
			continue
		}
		if !ok {
			continue
		}
		if got, _ := d.minor(2); got != c.cents {
			t.Errorf("parseNumber(%q) = %d cents, want %d", c.in, got, c.cents)
		}
	}
}

func TestDecimalRounding(t *testing.T) {
	cases := []struct {
		d    decimal
		n    int
		want int64
	}{
		{decimal{1449, 3}, 1, 14},   // 1.449 → 1.4, not 1.45 → 1.5
		{decimal{1450, 3}, 1, 15},   // half away from zero
		{decimal{-1450, 3}, 1, -15}, // and for negatives
		{decimal{-1449, 3}, 1, -14},
		{decimal{5334497195, 6}, 2, 533450}, // 5334.497195 → 5334.50
		{decimal{12, 0}, 2, 1200},
		{decimal{5, 1}, 0, 1},
	}
	for _, c := range cases {
		if got, _ := c.d.minor(c.n); got != c.want {
			t.Errorf("%+v.minor(%d) = %d, want %d", c.d, c.n, got, c.want)
		}
	}
}

func TestNumberVotes(t *testing.T) {
	cases := []struct {
		values       []string
		decimalComma bool
		conflict     bool
	}{
		{[]string{"1,234.56", "12.50", "3"}, false, false},
		{[]string{"1.234,56", "12,50"}, true, false},
		{[]string{"1,234", "5,678"}, false, false}, // "1,234" alone says nothing: English by default
		{[]string{"1.234.567", "2,5"}, true, false},
		{[]string{"12,5", "12.5"}, false, true}, // a tie goes to the point, but says so
	}
	for _, c := range cases {
		var v numberVotes
		for _, s := range c.values {
			v.add(s)
		}
		st, conflict := v.style()
		if st.decimalComma != c.decimalComma || conflict != c.conflict {
			t.Errorf("%v: decimal comma %v conflict %v", c.values, st.decimalComma, conflict)
		}
	}
}

func TestParseDate(t *testing.T) {
	denver, _ := time.LoadLocation("America/Denver")
	cases := []struct {
		in      string
		order   DateOrder
		date    string
		hasTime bool
		utc     string // the instant, when the text has an offset
	}{
		{"2025-03-01", MonthFirst, "2025-03-01", false, ""},
		{"20250301", MonthFirst, "2025-03-01", false, ""},
		{"3/4/2025", MonthFirst, "2025-03-04", false, ""},
		{"3/4/2025", DayFirst, "2025-04-03", false, ""},
		{"03.04.2025", DayFirst, "2025-04-03", false, ""},
		{"3/4/25", MonthFirst, "2025-03-04", false, ""},
		{"Jan 5, 2025", DayFirst, "2025-01-05", false, ""},
		{"5 January 2025", MonthFirst, "2025-01-05", false, ""},
		{"Sunday, January 5, 2025", MonthFirst, "2025-01-05", false, ""},
		{"2-Jan-2025", MonthFirst, "2025-01-02", false, ""},
		{"2025-05-31 15:59:04 -0600", MonthFirst, "2025-05-31", true, "2025-05-31T21:59:04Z"},
		{"2026-05-19T15:15:37-0400", MonthFirst, "2026-05-19", true, "2026-05-19T19:15:37Z"},
		{"2025-05-31T23:30:00Z", MonthFirst, "2025-05-31", true, "2025-05-31T23:30:00Z"},
		{"4/8/2025 17:19", MonthFirst, "2025-04-08", true, ""},
		{"3/1/2025 2:05 PM", MonthFirst, "2025-03-01", true, ""},
		{"August 18, 2019, 12:00 AM", MonthFirst, "2019-08-18", true, ""},
	}
	for _, c := range cases {
		m, ok := parseDate(c.in, c.order)
		if !ok {
			t.Errorf("parseDate(%q) failed", c.in)
			continue
		}
		if m.date.String() != c.date || m.hasTime != c.hasTime {
			t.Errorf("parseDate(%q) = %s (time %v), want %s (time %v)", c.in, m.date, m.hasTime, c.date, c.hasTime)
		}
		if c.utc != "" {
			if got := m.instant(denver).UTC().Format(time.RFC3339); got != c.utc {
				t.Errorf("parseDate(%q) instant %s, want %s", c.in, got, c.utc)
			}
		}
	}
	for _, bad := range []string{"31/4/2025", "2/30/2025", "13/13/2025", "not a date", "45804", "2025-13-01", "0/1/2025"} {
		if m, ok := parseDate(bad, DayFirst); ok && bad != "31/4/2025" {
			t.Errorf("parseDate(%q) = %v, want failure", bad, m.date)
		} else if ok {
			t.Errorf("parseDate(%q) accepted 31 April", bad)
		}
	}
}

func TestDateOrderFromAllValues(t *testing.T) {
	values := []string{"01/02/2025", "03/04/2025", "05/06/2025", "07/08/2025", "12/11/2025", "02/13/2025"}
	var v dateVotes
	for _, s := range values {
		v.add(s)
	}
	if d := v.decide(DayFirst); d.order != MonthFirst || d.ambiguous {
		t.Errorf("one value with a 13 as its middle part makes the column month-first: %+v", d)
	}
	var amb dateVotes
	for _, s := range values[:5] {
		amb.add(s)
	}
	if d := amb.decide(DayFirst); d.order != DayFirst || !d.ambiguous {
		t.Errorf("all ≤ 12: the workspace's order, flagged ambiguous: %+v", d)
	}
	var mixed dateVotes
	for _, s := range []string{"13/01/2025", "01/13/2025"} {
		mixed.add(s)
	}
	if d := mixed.decide(MonthFirst); !d.mixed {
		t.Errorf("day-first and month-first values: %+v", d)
	}
}

func TestPeriodFromTitles(t *testing.T) {
	d := civil.MustParse
	cases := map[string][2]string{
		`"March 1, 2025 - May 31, 2025"`:       {"2025-03-01", "2025-05-31"},
		"27 January 2026 - 23 February 2026":   {"2026-01-27", "2026-02-23"},
		"March 1 - May 31, 2025":               {"2025-03-01", "2025-05-31"},
		"August 20, 2024 - September 18, 2024": {"2024-08-20", "2024-09-18"},
		// 2016-era AdWords: the range in brackets after the report's name.
		`Ad report (Oct 25, 2016-Oct 31, 2016)`:        {"2016-10-25", "2016-10-31"},
		`"Campaign report (Dec 28, 2015-Jan 3, 2016)"`: {"2015-12-28", "2016-01-03"},
	}
	for title, want := range cases {
		p, allTime := periodFromTitles([]string{"Campaign report", title})
		if allTime || p.From != d(want[0]) || p.To != d(want[1]) {
			t.Errorf("%s → %v %v", title, p, allTime)
		}
	}
	if _, allTime := periodFromTitles([]string{"Ad group report", "All time"}); !allTime {
		t.Error("All time not seen")
	}
}

func TestParseItems(t *testing.T) {
	got := parseItems("Pack Stove & Cook Kit x 1, Camp Chair Lite x 2")
	if len(got) != 2 || got[0].Product != "Pack Stove & Cook Kit" || got[1].Quantity != 2 {
		t.Errorf("Square items: %+v", got)
	}
	got = parseItems("1× Tent, 2× Sleeping mat")
	if len(got) != 2 || got[1].Product != "Sleeping mat" || got[1].Quantity != 2 {
		t.Errorf("WooCommerce items: %+v", got)
	}
	got = parseItems("Patio, Stone Kit x 1")
	if len(got) != 1 || got[0].Product != "Patio, Stone Kit" {
		t.Errorf("a comma inside a name: %+v", got)
	}
}

func TestZoneNamed(t *testing.T) {
	for name, want := range map[string]string{
		"Mountain Time (US & Canada)": "America/Denver",
		"Eastern Time (US & Canada)":  "America/New_York",
		"Europe/Berlin":               "Europe/Berlin",
	} {
		loc, ok := zoneNamed(name)
		if !ok || loc.String() != want {
			t.Errorf("zoneNamed(%q) = %v %v", name, loc, ok)
		}
	}
	if _, ok := zoneNamed("Atlantis Standard Time"); ok {
		t.Error("an unknown zone was accepted")
	}
}
