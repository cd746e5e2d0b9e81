package money

import "testing"

func TestFormat(t *testing.T) {
	cases := []struct {
		minor int64
		code  string
		want  string
	}{
		{124000, "USD", "$1,240.00"},
		{-1250, "EUR", "-€12.50"},
		{5, "GBP", "£0.05"},
		{123456789, "USD", "$1,234,567.89"},
		{1500, "JPY", "¥1,500"},
		{12345, "BHD", "BHD 12.345"},
		{99, "CHF", "CHF 0.99"},
		{0, "USD", "$0.00"},
	}
	for _, c := range cases {
		if got := Format(c.minor, c.code); got != c.want {
			t.Errorf("Format(%d, %s) = %q, want %q", c.minor, c.code, got, c.want)
		}
	}
}

func TestFormatWholeAndCompact(t *testing.T) {
	if got := FormatWhole(124050, "USD"); got != "$1,241" {
		t.Errorf("FormatWhole = %q", got)
	}
	if got := FormatWhole(-99, "USD"); got != "-$1" {
		t.Errorf("FormatWhole(-99) = %q", got)
	}
	cases := map[float64]string{
		0: "$0", 950: "$950", 999.5: "$999.50", 1200: "$1.2k", 12000: "$12k", 1000: "$1k",
		3_400_000: "$3.4M", -2500: "-$2.5k", 2_000_000_000: "$2B",
	}
	for v, want := range cases {
		if got := Compact(v, "USD"); got != want {
			t.Errorf("Compact(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestCountAndScale(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q", n, got)
		}
	}
	for code, want := range map[string]int{"USD": 2, "JPY": 0, "BHD": 3, "XYZ?": 2} {
		if got := Scale(code); got != want {
			t.Errorf("Scale(%s) = %d", code, got)
		}
	}
	if got := ToMajor(123456, "USD"); got != 1234.56 {
		t.Errorf("ToMajor = %v", got)
	}
}
