package data

import (
	"fmt"
	"time"

	"lastmile/data/civil"
)

// Period is a range of business dates, both ends included.
type Period struct {
	From, To civil.Date
}

// Days returns the number of days in p.
func (p Period) Days() int { return p.To.DaysSince(p.From) + 1 }

// Previous returns the period of equal length that ends the day before p
// starts: the period p's changes are measured against.
func (p Period) Previous() Period {
	n := p.Days()
	return Period{From: p.From.AddDays(-n), To: p.From.AddDays(-1)}
}

// Contains reports whether d lies in p.
func (p Period) Contains(d civil.Date) bool {
	return !d.Before(p.From) && !d.After(p.To)
}

// Validate checks that the period runs forwards.
func (p Period) Validate() error {
	if p.From.IsZero() || p.To.IsZero() {
		return UserErrorf("a period needs both a start and an end date")
	}
	if p.To.Before(p.From) {
		return UserErrorf("the period ends (%s) before it starts (%s); swap the dates", p.To, p.From)
	}
	return nil
}

// String returns the period in a short human form such as
// "1 Mar – 31 May 2025".
func (p Period) String() string {
	f, t := p.From.Time(time.UTC), p.To.Time(time.UTC)
	switch {
	case p.From == p.To:
		return t.Format("2 Jan 2006")
	case p.From.Year == p.To.Year:
		return fmt.Sprintf("%s – %s", f.Format("2 Jan"), t.Format("2 Jan 2006"))
	default:
		return fmt.Sprintf("%s – %s", f.Format("2 Jan 2006"), t.Format("2 Jan 2006"))
	}
}

// Preset names a period relative to today.
type Preset string

// The period presets offered by the dashboard. The "this" presets end today,
// so their comparison period has the same number of days.
const (
	Last7Days   Preset = "Last 7 days"
	Last30Days  Preset = "Last 30 days"
	Last90Days  Preset = "Last 90 days"
	ThisMonth   Preset = "This month"
	LastMonth   Preset = "Last month"
	ThisQuarter Preset = "This quarter"
)

// Presets lists the presets in the order they are offered.
var Presets = []Preset{Last7Days, Last30Days, Last90Days, ThisMonth, LastMonth, ThisQuarter}

// DefaultPreset is the period the dashboard opens on.
const DefaultPreset = Last30Days

// PeriodFor returns the period a preset means on the given day. Unknown
// presets mean the default.
func PeriodFor(p Preset, today civil.Date) Period {
	switch p {
	case Last7Days:
		return Period{today.AddDays(-6), today}
	case Last90Days:
		return Period{today.AddDays(-89), today}
	case ThisMonth:
		return Period{civil.Date{Year: today.Year, Month: today.Month, Day: 1}, today}
	case LastMonth:
		first := civil.Date{Year: today.Year, Month: today.Month, Day: 1}
		return Period{first.AddMonths(-1), first.AddDays(-1)}
	case ThisQuarter:
		q := (int(today.Month) - 1) / 3
		return Period{civil.Date{Year: today.Year, Month: time.Month(q*3 + 1), Day: 1}, today}
	default:
		return Period{today.AddDays(-29), today}
	}
}
