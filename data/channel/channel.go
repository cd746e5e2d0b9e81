// Package channel decides which channel a lead, a sale or an ad stat came
// from, from the raw source fields it was imported with: UTM tags, a
// referrer or landing page, a CRM's original source and its drill-downs, a
// lead-source column, a "how did you hear about us?" answer, click ids, or
// the ad platform.
//
// A Classifier applies, in order: a person's rules; the ad platform of an
// ad stat; ad click ids; Google Analytics 4's default channel grouping of
// UTM source and medium (with the source normalised: google.com, www.bing.com
// and l.facebook.com are found); the referrer; a CRM's source category; the
// self-reported answer and the lead-source column through synonyms of
// offline channels. A generic category ("Paid Search") is resolved to a
// platform from the other fields: platform aliases, click ids, and campaign
// names seen in imported ad reports. Every result says which rule decided
// it, so a screen can say why.
//
// The package knows channels by key only (google_ads, trade_show…); the
// workspace maps keys to its channel rows. It does no I/O.
package channel

import (
	"strings"
)

// The built-in channel keys (the workspace's default channels).
const (
	GoogleAds     = "google_ads"
	MicrosoftAds  = "microsoft_ads"
	MetaAds       = "meta_ads"
	LinkedInAds   = "linkedin_ads"
	TikTokAds     = "tiktok_ads"
	OtherPaid     = "other_paid"
	OrganicSearch = "organic_search"
	OrganicSocial = "organic_social"
	Email         = "email"
	ReferralSites = "referral_sites"
	Direct        = "direct"
	TradeShow     = "trade_show"
	WordOfMouth   = "word_of_mouth"
	Partner       = "partner"
	Phone         = "phone"
	WalkIn        = "walk_in"
	PrintMail     = "print_mail"
	Repeat        = "repeat"
	Other         = "other"
)

// Field is one raw source field as imported: the column name and the value.
type Field struct {
	Name, Value string
}

// Input is what is known of where one row came from.
type Input struct {
	// Fields are the raw source fields, with the names the file gave them.
	Fields []Field
	// ClickID is an ad click id carried by the row (gclid, msclkid,
	// fbclid…), when the file had a column for it. Its kind is read from
	// ClickIDField, the column's name, else guessed from the value.
	ClickID      string
	ClickIDField string
	// Platform is the ad platform of an ad stat (google_ads, meta_ads…);
	// Campaign its campaign. Empty for leads and sales.
	Platform string
	Campaign string
}

// Result is the channel a row is counted under, and why.
type Result struct {
	// Channel is the channel key; empty for Unattributed.
	Channel string
	// Rule says, for people, which rule decided and from what value:
	// "utm_source google, utm_medium cpc: paid search on Google".
	Rule string
	// Unrecognised is the raw value no rule knew, for the queue of values
	// a person assigns to a channel ("Lead Source: Messe München"). Empty
	// when a rule decided, or when the row had no source fields at all.
	Unrecognised string
	// Generic is set when the result depends on the campaign names of
	// imported ad reports, or is a paid category no field resolved to a
	// platform: such rows are classified again when ad reports arrive.
	Generic bool
}

// Classifier classifies rows with a person's rules and the built-in ones.
// It is safe for concurrent use once made.
type Classifier struct {
	rules     []Rule
	campaigns map[string]string // normalised campaign name → platform key
}

// New makes a classifier. rules are a person's rules, in the order they
// apply; campaigns maps campaign names seen in imported ad reports to their
// platform key, to resolve "paid search" to Google or Microsoft.
func New(rules []Rule, campaigns map[string]string) (*Classifier, error) {
	c := &Classifier{campaigns: map[string]string{}}
	for _, r := range rules {
		if err := r.compile(); err != nil {
			return nil, err
		}
		c.rules = append(c.rules, r)
	}
	for name, p := range campaigns {
		if n := norm(name); n != "" {
			c.campaigns[n] = p
		}
	}
	return c, nil
}

// Classify decides the channel of one row.
func (c *Classifier) Classify(in Input) Result {
	s := readSignals(in)
	for i := range c.rules {
		if r := &c.rules[i]; r.matches(s) {
			return Result{Channel: r.Channel, Rule: r.describe()}
		}
	}
	steps := []func(*signals) (Result, bool){
		c.platform, c.clickIDs, c.utm, c.referrer, c.crmCategory, c.selfReported, c.leadSource, c.organicClick, c.till,
	}
	for _, step := range steps {
		if r, ok := step(&s); ok {
			return r
		}
	}
	if u := s.unrecognised(); u != "" {
		return Result{Rule: "no rule knows " + u, Unrecognised: u}
	}
	return Result{Rule: "no source information"}
}

// norm lower-cases, folds accents, trims and collapses inner spaces.
func norm(s string) string {
	s = strings.ToLower(strings.TrimSpace(foldAccents(s)))
	return strings.Join(strings.Fields(s), " ")
}

// foldAccents replaces the accented Latin letters people type in source
// values (Messe, Café, Recomendación) with their plain forms.
func foldAccents(s string) string {
	if isASCII(s) {
		return s
	}
	return accentFolder.Replace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "Á", "A", "À", "A", "Â", "A", "Ä", "A", "Ã", "A", "Å", "A",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "Í", "I", "Ì", "I", "Î", "I", "Ï", "I",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "Ó", "O", "Ò", "O", "Ô", "O", "Ö", "O", "Õ", "O", "Ø", "O",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "Ú", "U", "Ù", "U", "Û", "U", "Ü", "U",
	"ñ", "n", "Ñ", "N", "ç", "c", "Ç", "C", "ß", "ss", "ý", "y", "ÿ", "y",
)
