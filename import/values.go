package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lastmile/data/civil"
)

// isMissing reports whether a cell says "no value": empty, or one of the
// placeholders exports write (Google's " --", a lone dash, n/a). Missing is
// not zero.
func isMissing(s string) bool {
	switch strings.ToLower(strings.TrimSpace(strings.Trim(s, "\u00a0"))) {
	case "", "--", "-", "—", "–", "n/a", "na", "null", "none", "(not set)", "[]":
		return true
	}
	return false
}

// decimal is an exact decimal number: mant × 10^-scale.
type decimal struct {
	mant  int64
	scale int
}

// minor rounds d to n decimal places (half away from zero) and returns the
// result as an integer count of 10^-n units: cents for n = 2.
func (d decimal) minor(n int) (int64, bool) {
	m, s := d.mant, d.scale
	for s < n {
		if m > math.MaxInt64/10 || m < math.MinInt64/10 {
			return 0, false
		}
		m *= 10
		s++
	}
	if s > n {
		if s-n > 18 {
			return 0, true
		}
		div := int64(math.Pow10(s - n))
		q, r := m/div, m%div
		if r < 0 {
			r = -r
		}
		if r >= div-r { // half or more: away from zero
			if m < 0 {
				q--
			} else {
				q++
			}
		}
		m = q
	}
	return m, true
}

// float returns d as a float64 (for counts and claims, never money).
func (d decimal) float() float64 {
	return float64(d.mant) / math.Pow10(d.scale)
}

// numberStyle says how a column writes numbers.
type numberStyle struct {
	// decimalComma: "1.234,56" (most of Europe) rather than "1,234.56".
	decimalComma bool
}

var currencyNoise = strings.NewReplacer(
	"$", "", "€", "", "£", "", "¥", "", "₹", "", "₩", "", "₺", "", "₽", "", "R$", "", "kr", "", "zł", "", "CHF", "", "Fr.", "",
	"\u00a0", "", "\u202f", "", "\u2009", "", " ", "", "'", "", "’", "",
)

var isoCode = regexp.MustCompile(`^[A-Z]{3}\s*|\s*[A-Z]{3}$`)

// parseNumber reads a number as exports write it: "$1,240.00", "1.234,56",
// "(310.00)", "-$0.95", "−12", "1 234,56 €", "11.64%" (as 0.1164), "USD 5".
// It returns ok=false when s is not a number; check isMissing first.
func parseNumber(s string, st numberStyle) (decimal, bool) {
	if d, ok := plainNumber(s); ok {
		return d, true
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return decimal{}, false
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	s = isoCode.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "−", "-") // the minus sign
	percent := strings.HasSuffix(strings.TrimSpace(s), "%")
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = currencyNoise.Replace(s)
	// A sign may sit before or after the currency symbol: -$5, $-5.
	if strings.HasPrefix(s, "-") {
		neg, s = !neg, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if strings.HasSuffix(s, "-") { // 5- (some accounting exports)
		neg, s = !neg, s[:len(s)-1]
	}
	if s == "" {
		return decimal{}, false
	}
	dec, thou := '.', ','
	if st.decimalComma {
		dec, thou = ',', '.'
	}
	var mant int64
	scale := -1
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if mant > (math.MaxInt64-9)/10 {
				return decimal{}, false
			}
			mant = mant*10 + int64(r-'0')
			digits++
			if scale >= 0 {
				scale++
			}
		case r == dec:
			if scale >= 0 {
				return decimal{}, false // two decimal marks
			}
			scale = 0
		case r == thou:
			// A thousands separator needs three digits after it.
			rest := s[i+1:]
			if scale >= 0 || len(rest) < 3 || !allDigits(rest[:3]) || (len(rest) > 3 && rest[3] >= '0' && rest[3] <= '9') {
				return decimal{}, false
			}
		case r == 'e' || r == 'E':
			// 1.5E+03, as spreadsheets write large or tiny numbers.
			exp, err := strconv.Atoi(s[i+1:])
			if err != nil || digits == 0 || exp > 15 || exp < -15 {
				return decimal{}, false
			}
			if scale < 0 {
				scale = 0
			}
			scale -= exp
			for scale < 0 {
				mant *= 10
				scale++
			}
			goto done
		default:
			return decimal{}, false
		}
	}
done:
	if digits == 0 {
		return decimal{}, false
	}
	if scale < 0 {
		scale = 0
	}
	if percent {
		scale += 2
	}
	if neg {
		mant = -mant
	}
	return decimal{mant, scale}, true
}

// plainNumber reads the common case fast: digits with at most one '.'
// and a leading '-', no separators, symbols or spaces (1234.56, -0.95).
func plainNumber(s string) (decimal, bool) {
	if s == "" || len(s) > 18 {
		return decimal{}, false
	}
	i, neg := 0, false
	if s[0] == '-' {
		i, neg = 1, true
	}
	var mant int64
	scale, digits := -1, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + int64(c-'0')
			digits++
			if scale >= 0 {
				scale++
			}
		case c == '.' && scale < 0:
			scale = 0
		default:
			return decimal{}, false
		}
	}
	if digits == 0 {
		return decimal{}, false
	}
	if scale < 0 {
		scale = 0
	}
	if neg {
		mant = -mant
	}
	return decimal{mant, scale}, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// numberVotes decides from a column's values whether it writes a decimal
// comma ("1.234,56"). In a value with both marks the last one is the
// decimal mark; a lone mark followed by other than three digits is a
// decimal mark; a lone mark followed by exactly three digits ("1,234",
// "1.234") says nothing.
type numberVotes struct{ comma, dot int }

func (n *numberVotes) add(v string) {
	v = strings.TrimSpace(v)
	nc, nd := strings.Count(v, ","), strings.Count(v, ".")
	lc, ld := strings.LastIndex(v, ","), strings.LastIndex(v, ".")
	digitsAfter := func(i int) int {
		k := 0
		for _, r := range v[i+1:] {
			if r < '0' || r > '9' {
				break
			}
			k++
		}
		return k
	}
	switch {
	case nc > 0 && nd > 0:
		if lc > ld {
			n.comma++
		} else {
			n.dot++
		}
	case nc == 1 && digitsAfter(lc) != 3:
		n.comma++
	case nc > 1:
		n.dot++ // 1,234,567: commas group thousands
	case nd == 1 && digitsAfter(ld) != 3:
		n.dot++
	case nd > 1:
		n.comma++ // 1.234.567: dots group thousands
	}
}

// style is the decision; conflict reports values voting both ways.
func (n numberVotes) style() (st numberStyle, conflict bool) {
	return numberStyle{decimalComma: n.comma > n.dot}, n.comma > 0 && n.dot > 0
}

// DateOrder says how to read a numeric date such as 03/04/2025.
type DateOrder string

// The two orders.
const (
	MonthFirst DateOrder = "mdy"
	DayFirst   DateOrder = "dmy"
)

// moment is a parsed date or timestamp.
type moment struct {
	date    civil.Date
	clock   time.Duration // time of day, when hasTime
	hasTime bool
	offset  *int // seconds east of UTC, when the text gave one
}

// instant returns the moment as an instant: with its own offset, else in
// loc.
func (m moment) instant(loc *time.Location) time.Time {
	t := time.Date(m.date.Year, m.date.Month, m.date.Day, 0, 0, 0, 0, time.UTC).Add(m.clock)
	if m.offset != nil {
		return t.Add(-time.Duration(*m.offset) * time.Second)
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, loc)
}

var (
	isoLayouts = []string{
		"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05-0700",
		"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04 -0700",
		"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04",
		"2006-01-02", "2006/01/02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006.01.02",
	}
	textLayouts = []string{
		"Jan 2, 2006", "January 2, 2006", "Jan 2 2006", "January 2 2006", "2 Jan 2006", "2 January 2006",
		"02-Jan-2006", "2-Jan-2006", "2-Jan-06", "02-Jan-06", "Jan 2, 2006 3:04 PM", "January 2, 2006 3:04 PM",
		"Jan 2, 2006, 3:04 PM", "January 2, 2006, 3:04 PM", "Jan 2, 2006 15:04", "2 Jan 2006 15:04", "2 January 2006 15:04",
		"Monday, January 2, 2006", "Mon, Jan 2, 2006", "Monday, 2 January 2006", "Jan 2, 2006 3:04:05 PM",
	}
	numericDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$`)
	compactDate = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// dateShape is what a date text says about the order of its numbers: a
// numeric date whose first part is over 12 must be day-first, and so on.
type dateShape int

const (
	shapeNone       dateShape = iota // not a date
	shapeFixed                       // no doubt (ISO, month names, compact)
	shapeAmbiguous                   // a/b/y with both parts ≤ 12
	shapeDayFirst                    // a/b/y with a > 12
	shapeMonthFirst                  // a/b/y with b > 12
)

// classifyDate says whether s is a date, and what it says about the order.
func classifyDate(s string) dateShape {
	s = strings.TrimSpace(s)
	if m := numericDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		switch {
		case a == 0 || b == 0 || a > 31 || b > 31 || a > 12 && b > 12:
			return shapeNone
		case a > 12:
			return shapeDayFirst
		case b > 12:
			return shapeMonthFirst
		}
		return shapeAmbiguous
	}
	if _, ok := parseFixedDate(s); ok {
		return shapeFixed
	}
	return shapeNone
}

// parseFixedDate reads the date forms that carry no day/month doubt.
func parseFixedDate(s string) (moment, bool) {
	m, _, ok := parseFixedLayout(s)
	return m, ok
}

// parseFixedLayout is parseFixedDate that also says which layout fitted,
// so a column can try it first on its next value.
func parseFixedLayout(s string) (moment, string, bool) {
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return momentOfLayout(t, l), l, true
		}
	}
	if m := compactDate.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("20060102", s); err == nil && t.Year() > 1900 {
			return momentOf(t, false, false), "", true
		}
	}
	cleaned := strings.Join(strings.Fields(strings.ReplaceAll(s, ".", "")), " ")
	for _, l := range textLayouts {
		if t, err := time.Parse(l, cleaned); err == nil {
			return momentOf(t, false, strings.Contains(l, "3:04") || strings.Contains(l, "15:04")), "", true
		}
	}
	return moment{}, "", false
}

// momentOfLayout makes a moment of a time parsed with an ISO layout: the
// layout says whether it had an offset and a time of day.
func momentOfLayout(t time.Time, l string) moment {
	return momentOf(t, strings.ContainsAny(l, "Z") || strings.Contains(l, "-0700"),
		l != "2006-01-02" && l != "2006/01/02" && l != "2006.01.02")
}

func momentOf(t time.Time, withOffset, withTime bool) moment {
	m := moment{date: civil.Of(t), hasTime: withTime}
	h, mi, s := t.Clock()
	m.clock = time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
	if withOffset {
		_, off := t.Zone()
		m.offset = &off
	}
	return m
}

// parseDate reads a date or timestamp; order settles a/b/y dates.
func parseDate(s string, order DateOrder) (moment, bool) {
	s = strings.TrimSpace(s)
	if m, ok := parseNumericDate(s, order); ok {
		return m, true
	}
	return parseFixedDate(s)
}

// parseNumericDate reads a/b/y dates (3/4/2025, 03-04-25, 4.3.2025 14:05,
// 3/4/2025 2:05 PM) in the given order.
func parseNumericDate(s string, order DateOrder) (moment, bool) {
	if m := numericDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			y += 2000
			if y > time.Now().Year()+20 {
				y -= 100
			}
		}
		month, day := a, b
		if order == DayFirst {
			month, day = b, a
		}
		if month < 1 || month > 12 || day < 1 || day > 31 {
			return moment{}, false
		}
		d := civil.Date{Year: y, Month: time.Month(month), Day: day}
		if civil.New(y, time.Month(month), day) != d {
			return moment{}, false // 31 April
		}
		mo := moment{date: d}
		if m[4] != "" {
			h, _ := strconv.Atoi(m[4])
			mi, _ := strconv.Atoi(m[5])
			sec, _ := strconv.Atoi(m[6])
			if ampm := strings.ToLower(strings.ReplaceAll(m[7], ".", "")); ampm != "" {
				if h < 1 || h > 12 {
					return moment{}, false
				}
				h %= 12
				if ampm == "pm" {
					h += 12
				}
			}
			if h > 23 || mi > 59 || sec > 59 {
				return moment{}, false
			}
			mo.hasTime = true
			mo.clock = time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second
		}
		return mo, true
	}
	return moment{}, false
}

// dateColumn is what a column's values say about how to read its dates.
type dateColumn struct {
	order     DateOrder
	ambiguous bool   // every numeric date could be read either way: order came from the workspace
	mixed     bool   // some dates are day-first and others month-first
	layout    string // the ISO layout the last value fitted, tried first on the next
	numeric   bool   // the last value was an a/b/y date
}

// parse reads one of the column's dates, trying the layout that fitted the
// previous value first: a column nearly always writes all its dates alike.
func (c *dateColumn) parse(s string) (moment, bool) {
	s = strings.TrimSpace(s)
	if c.layout != "" {
		if t, err := time.Parse(c.layout, s); err == nil {
			return momentOfLayout(t, c.layout), true
		}
	}
	if c.numeric {
		if m, ok := parseNumericDate(s, c.order); ok {
			return m, true
		}
	}
	if m, l, ok := parseFixedLayout(s); ok {
		c.layout, c.numeric = l, false
		return m, true
	}
	if m, ok := parseNumericDate(s, c.order); ok {
		c.numeric = true
		return m, true
	}
	return moment{}, false
}

// dateVotes decides the order of a column's numeric dates from all its
// values: one day over 12 settles it; if none does, the workspace's order
// is used and the column is flagged ambiguous.
type dateVotes struct{ dayFirst, monthFirst, ambiguous int }

func (d *dateVotes) add(v string) {
	switch classifyDate(v) {
	case shapeDayFirst:
		d.dayFirst++
	case shapeMonthFirst:
		d.monthFirst++
	case shapeAmbiguous:
		d.ambiguous++
	}
}

func (d dateVotes) decide(workspace DateOrder) dateColumn {
	switch {
	case d.dayFirst > 0 && d.monthFirst > 0:
		return dateColumn{order: workspace, mixed: true}
	case d.dayFirst > 0:
		return dateColumn{order: DayFirst}
	case d.monthFirst > 0:
		return dateColumn{order: MonthFirst}
	}
	return dateColumn{order: workspace, ambiguous: d.ambiguous > 0}
}

// windowsZones maps the zone names Square and Microsoft write to IANA.
var windowsZones = map[string]string{
	"eastern time (us & canada)":  "America/New_York",
	"central time (us & canada)":  "America/Chicago",
	"mountain time (us & canada)": "America/Denver",
	"pacific time (us & canada)":  "America/Los_Angeles",
	"arizona":                     "America/Phoenix",
	"alaska":                      "America/Anchorage",
	"hawaii":                      "Pacific/Honolulu",
	"atlantic time (canada)":      "America/Halifax",
	"newfoundland":                "America/St_Johns",
	"london":                      "Europe/London",
	"dublin":                      "Europe/Dublin",
	"utc":                         "UTC",
	"gmt":                         "UTC",
	"coordinated universal time":  "UTC",
	"sydney":                      "Australia/Sydney",
	"melbourne":                   "Australia/Melbourne",
	"brisbane":                    "Australia/Brisbane",
	"perth":                       "Australia/Perth",
	"auckland":                    "Pacific/Auckland",
	"paris":                       "Europe/Paris",
	"berlin":                      "Europe/Berlin",
	"amsterdam":                   "Europe/Amsterdam",
	"madrid":                      "Europe/Madrid",
	"tokyo":                       "Asia/Tokyo",
}

// zoneNamed returns the time zone a file names, as IANA or the names
// above; ok is false for an unknown name.
func zoneNamed(name string) (*time.Location, bool) {
	n := strings.TrimSpace(name)
	if n == "" {
		return nil, false
	}
	if h, ok := zoneAbbreviations[strings.ToUpper(n)]; ok {
		return time.FixedZone(strings.ToUpper(n), int(h*3600)), true
	}
	if iana, ok := windowsZones[strings.ToLower(n)]; ok {
		n = iana
	}
	loc, err := time.LoadLocation(n)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// describeOrder writes an order for people.
func describeOrder(o DateOrder) string {
	if o == DayFirst {
		return "day first (3/4/2025 = 3 April)"
	}
	return "month first (3/4/2025 = 4 March)"
}

// zoneAbbreviations are the zone abbreviations PayPal writes on each row
// (EST in winter, EDT in summer), as hours east of UTC: each names one
// offset, so the row's time is exact.
var zoneAbbreviations = map[string]float64{
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10, "GMT": 0, "UTC": 0, "BST": 1, "IST": 1, "CET": 1, "CEST": 2,
	"EET": 2, "EEST": 3, "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8, "NZST": 12, "NZDT": 13,
}
