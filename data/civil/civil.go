// Package civil provides a calendar date without a time of day or time zone.
//
// Lastmile counts a lead, a sale or a day of ad spend on the business date it
// happened in the workspace's time zone. A Date is that business date; it is
// stored in the workspace as text in ISO 8601 form (2025-03-01), which sorts
// and compares correctly as a string.
package civil

import (
	"fmt"
	"time"
)

// Date is a calendar date. The zero value is not a valid date; use IsZero to
// test for it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// New returns the date for year, month and day, normalising out-of-range
// values the way time.Date does (31 April becomes 1 May).
func New(year int, month time.Month, day int) Date {
	return Of(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Of returns the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In returns the date of instant t in the location loc.
func In(t time.Time, loc *time.Location) Date {
	return Of(t.In(loc))
}

// Parse reads a date written as YYYY-MM-DD.
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return Of(t), nil
}

// MustParse is like Parse but panics on bad input. It is meant for tests and
// constants.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero value.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before d when n is negative).
func (d Date) AddDays(n int) Date {
	return fromDays(d.days() + int64(n))
}

// days is the number of days from 1 January 1970 to d, counted on the
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil): whole
// numbers, without the ±292 years a time.Duration can hold, and without
// building a time.Time. A day past its month's end counts on into the
// next month, as time.Date normalises it.
func (d Date) days() int64 {
	y, m := int64(d.Year), int64(d.Month)
	if m < 1 || m > 12 {
		n := New(d.Year, d.Month, 1)
		y, m = int64(n.Year), int64(n.Month)
	}
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDays is the date n days after 1 January 1970 (civil_from_days).
func fromDays(n int64) Date {
	z := n + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	year := yoe + era*400
	if month <= 2 {
		year++
	}
	return Date{int(year), time.Month(month), int(day)}
}

// AddMonths returns the date n months after d, normalised like time.AddDate.
func (d Date) AddMonths(n int) Date {
	return Of(d.Time(time.UTC).AddDate(0, n, 0))
}

// DaysSince returns the number of days from e to d (d − e).
func (d Date) DaysSince(e Date) int {
	return int(d.days() - e.days())
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1 January 1970 was a Thursday.
	w := (d.days() + int64(time.Thursday)) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
