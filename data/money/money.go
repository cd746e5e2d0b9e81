// Package money formats amounts of money held as integer minor units (cents)
// with an ISO 4217 currency code. Lastmile never stores money as a float;
// floats appear only on the way to a chart axis.
package money

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// Scale returns the number of decimal places of the currency's minor unit
// (2 for USD, 0 for JPY, 3 for BHD). Unknown codes have 2.
func Scale(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// Symbol returns the narrow symbol of the currency ($, €, £, kr), or the
// code itself when it has none.
func Symbol(code string) string {
	u, err := currency.ParseISO(code)
	if err != nil {
		return code
	}
	return printer.Sprint(currency.NarrowSymbol(u))
}

// ToMajor converts minor units to major units (cents to dollars).
func ToMajor(minor int64, code string) float64 {
	return float64(minor) / math.Pow10(Scale(code))
}

// FromMajor converts major units back to minor units, rounding to the
// nearest minor unit.
func FromMajor(major float64, code string) int64 {
	return int64(math.Round(major * math.Pow10(Scale(code))))
}

// Format writes minor units in full, e.g. "$1,240.00" or "-€12.50".
func Format(minor int64, code string) string {
	scale := Scale(code)
	neg := minor < 0
	if neg {
		minor = -minor
	}
	p := int64(math.Pow10(scale))
	s := group(minor / p)
	if scale > 0 {
		frac := strconv.FormatInt(minor%p, 10)
		s += "." + strings.Repeat("0", scale-len(frac)) + frac
	}
	return withSymbol(s, neg, code)
}

// FormatWhole writes minor units rounded to whole major units, e.g. "$1,240".
func FormatWhole(minor int64, code string) string {
	major := math.Round(ToMajor(minor, code))
	neg := major < 0
	return withSymbol(group(int64(math.Abs(major))), neg, code)
}

// Compact writes a major-unit amount briefly for chart axes and tiles:
// "$950", "$1.2k", "$12k", "$3.4M".
func Compact(major float64, code string) string {
	neg := major < 0
	a := math.Abs(major)
	var s string
	switch {
	case a >= 1e9:
		s = short(a/1e9) + "B"
	case a >= 1e6:
		s = short(a/1e6) + "M"
	case a >= 1e3:
		s = short(a/1e3) + "k"
	case a == math.Trunc(a):
		s = strconv.FormatFloat(a, 'f', 0, 64)
	default:
		s = strconv.FormatFloat(a, 'f', 2, 64)
	}
	return withSymbol(s, neg, code)
}

// short writes v with one decimal below 10 and none above, dropping ".0".
func short(v float64) string {
	if v < 10 {
		s := strconv.FormatFloat(v, 'f', 1, 64)
		return strings.TrimSuffix(s, ".0")
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func withSymbol(num string, neg bool, code string) string {
	sym := Symbol(code)
	sep := ""
	if r := []rune(sym); len(r) > 0 && unicode.IsLetter(r[len(r)-1]) {
		sep = " " // "CHF 12.50", "kr 12.50"
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + sym + sep + num
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Count writes a whole number with thousands separators: 12,345.
func Count(n int64) string {
	if n < 0 {
		return "-" + group(-n)
	}
	return group(n)
}
