// Package match links sales to the leads they came from. It normalises the
// keys both sides carry (email, phone, name, company, order id) and decides,
// tier by tier, which lead a sale belongs to, or that a person must choose.
//
// The tiers, strongest first: an order or invoice id the lead carries; an ad
// click id; the email; the phone number (E.164); the full name; the company.
// A sale is linked to a lead made no more than one day after it (clocks
// differ) and no longer before it than the attribution window. Several
// leads with the same email, phone, order id or click id are one person's
// inquiries: the earliest wins (first touch). Several leads with the same
// name or company are different people: the sale waits for a person to
// choose. The package does no I/O: a Finder supplies the candidates.
package match

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// EmailKey normalises an email address: trimmed and lower-cased; "" when it
// is not an address.
func EmailKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if at := strings.LastIndexByte(s, '@'); at <= 0 || at == len(s)-1 {
		return ""
	}
	return s
}

// PhoneKey normalises a phone number to E.164 (+14155550123), reading a
// number without a country code as one of country (a two-letter region
// code such as US or DE). It returns "" for text that is not a possible
// number.
func PhoneKey(raw, country string) string {
	raw = strings.TrimSpace(raw)
	digits := 0
	for _, r := range raw {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 6 {
		return ""
	}
	n, err := phonenumbers.Parse(raw, strings.ToUpper(country))
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// fold removes accents and lower-cases: "José Müller" → "jose muller".
// Plain ASCII, most of a file's names, takes a fast path with no
// Unicode tables.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		out = s
	}
	return letterFolder.Replace(strings.ToLower(out))
}

// letterFolder spells the letters that keep no accent to remove.
var letterFolder = strings.NewReplacer("ß", "ss", "ø", "o", "æ", "ae", "œ", "oe", "ł", "l", "đ", "d")

// words splits folded text into words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// honorifics are left out of names.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true,
	"herr": true, "frau": true, "mme": true, "mlle": true, "sr": true, "sra": true, "jr": true, "ii": true, "iii": true,
}

// NameKey normalises a person's full name for matching: case, accents,
// punctuation, middle initials, titles and word order are ignored ("Smith,
// John A." and "john smith" are the same). A name of fewer than two words is
// too common to match on and gives "".
func NameKey(s string) string {
	var keep []string
	for _, w := range words(s) {
		if len([]rune(w)) > 1 && !honorifics[w] {
			keep = append(keep, w)
		}
	}
	if len(keep) < 2 {
		return ""
	}
	sort.Strings(keep)
	return strings.Join(keep, " ")
}

// legalForms are the words of a company's legal form, left out of company
// names.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "lp": true, "ltd": true, "limited": true, "co": true,
	"corp": true, "corporation": true, "company": true, "plc": true, "gmbh": true, "ag": true, "kg": true, "ohg": true,
	"ug": true, "mbh": true, "ev": true, "sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "bv": true,
	"nv": true, "pty": true, "pvt": true, "oy": true, "ab": true, "as": true, "aps": true, "the": true, "cie": true,
}

// CompanyKey normalises a company name for matching: case, accents,
// punctuation and the legal form are ignored ("Peña Bikes, Inc." and "pena
// bikes" are the same). A name with nothing left gives "".
func CompanyKey(s string) string {
	ws := words(strings.ReplaceAll(strings.ReplaceAll(s, "&", " and "), "+", " and "))
	var keep []string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		// "L.L.C." and "S.A." come apart into letters.
		if len(w) == 1 && i+1 < len(ws) && len(ws[i+1]) == 1 {
			joined := w
			j := i + 1
			for j < len(ws) && len(ws[j]) == 1 {
				joined += ws[j]
				j++
			}
			if legalForms[joined] {
				i = j - 1
				continue
			}
		}
		if !legalForms[w] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// OrderKey normalises an order, quote or invoice number: trimmed, lower
// case, without a leading "#" or "No.".
func OrderKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "no.")
	s = strings.TrimSpace(strings.TrimLeft(s, "#"))
	return s
}
