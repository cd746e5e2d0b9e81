package reportfmt

import (
	"encoding/json"
	"testing"
)

func TestNumbers(t *testing.T) {
	cases := []struct {
		got  Number
		want string
	}{
		{Money(123456, "USD"), "1234.56"},
		{Money(-2000, "USD"), "-20.00"},
		{Money(5, "USD"), "0.05"},
		{Money(1234, "JPY"), "1234"},
		{Money(1234, "BHD"), "1.234"},
		{MoneyF(2499.5, true, "USD"), "25.00"},
		{MoneyF(1, false, "USD"), ""},
		{Float(0.25, true, 4), "0.25"},
		{Float(2.0/3, true, 4), "0.6667"},
		{Float(3, true, 4), "3"},
		{Float(-0.00001, true, 4), "0"},
		{Float(1, false, 4), ""},
		{Int(48000), "48000"},
	}
	for _, c := range cases {
		if c.got.String() != c.want {
			t.Errorf("got %q, want %q", c.got.String(), c.want)
		}
	}
	b, err := json.Marshal(struct{ A, B Number }{Money(100, "USD"), Float(0, false, 2)})
	if err != nil || string(b) != `{"A":1.00,"B":null}` {
		t.Errorf("JSON %s %v", b, err)
	}
}

// Text from imported files must not become a formula in a spreadsheet.
func TestTextIsSafeInSpreadsheets(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1 call":           "'+1 call",
		"-minus":            "'-minus",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tTab":             "'\tTab",
		"Google Ads":        "Google Ads",
		"":                  "",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
