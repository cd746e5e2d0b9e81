package match

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The ASCII fast path of fold gives what the Unicode path gives.
func TestFoldFastPathAgrees(t *testing.T) {
	slow := func(s string) string {
		out, _, _ := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
		return letterFolder.Replace(strings.ToLower(out))
	}
	for _, s := range []string{"", "John SMITH", "O'Brien-Jones, Mary A.", "ACME Ltd. #42", "\t tab\x7f", "Straße"} {
		if got, want := fold(s), slow(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
	if got := fold("Łukasz Ørsted"); got != "lukasz orsted" {
		t.Errorf("fold: %q", got)
	}
}
