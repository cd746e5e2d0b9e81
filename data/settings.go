package data

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"lastmile/data/civil"
)

// Settings are a workspace's own settings. They travel with the workspace
// file, so a consultant's client workspace keeps its currency and time zone
// on any machine.
type Settings struct {
	// BusinessName is shown in the window title and on reports. Empty means
	// the file name is used.
	BusinessName string
	// TimeZone is the IANA name (America/Denver) of the business's time zone.
	// Business dates of leads, sales and ad spend are days in this zone.
	TimeZone string
	// Currency is the ISO 4217 code of the money the workspace counts in.
	Currency string
	// Country is the ISO 3166 two-letter code used to read phone numbers
	// written without a country code.
	Country string
	// DateOrder says how to read an ambiguous date such as 03/04/2025: "mdy"
	// (US style, 4 March) or "dmy" (4 March read as 3 April elsewhere).
	DateOrder string
	// AttributionWindowDays is how long after a lead a sale still counts as
	// coming from it.
	AttributionWindowDays int
	// Rates are exchange rates for files in other currencies, written
	// "EUR=1.08, GBP=1.27": one unit of each is worth that much of
	// Currency. Without a rate, such files are refused.
	Rates string
	// TracedOnly counts, in each channel's headline figures (sales,
	// revenue, return on ad spend), only the sales traced to one of its
	// leads. By default (false) sales carried by the channel's own tags
	// (UTM, click id) count too; both kinds are always shown apart.
	TracedOnly bool
	// GrossMarginPct is the share of revenue, in percent, left after the
	// cost of the goods sold; 0 means not set. With it, reports give a
	// break-even return on ad spend (100 ÷ margin) and the profit after ad
	// spend per channel.
	GrossMarginPct float64
	// SameBandPoints is how close, in percentage points, two channels'
	// lead-to-sale rates must be shown to be before they are called about
	// the same; 0 means 5.
	SameBandPoints float64
	// Demo marks the generated demo workspace.
	Demo bool
	// DemoAnchor is the last day of the demo data (the day it was made).
	DemoAnchor civil.Date
}

// Setting keys in the settings table.
const (
	keyBusinessName = "business_name"
	keyTimeZone     = "time_zone"
	keyCurrency     = "currency"
	keyCountry      = "country"
	keyDateOrder    = "date_order"
	keyWindow       = "attribution_window_days"
	keyDemo         = "demo"
	keyRates        = "exchange_rates"
	keyDemoAnchor   = "demo_anchor"
	keyTracedOnly   = "traced_only"
	keyMargin       = "gross_margin_pct"
	keySameBand     = "same_band_points"
)

// DefaultSameBandPoints is the band, in percentage points, within which
// two lead-to-sale rates are called about the same when the workspace sets
// none.
const DefaultSameBandPoints = 5

// SameBand returns the "about the same" band as a fraction (0.05 for 5
// points).
func (s Settings) SameBand() float64 {
	if s.SameBandPoints <= 0 {
		return DefaultSameBandPoints / 100.0
	}
	return s.SameBandPoints / 100
}

// Margin returns the gross margin as a fraction, and false when it is not
// set.
func (s Settings) Margin() (float64, bool) {
	if s.GrossMarginPct <= 0 {
		return 0, false
	}
	return s.GrossMarginPct / 100, true
}

// DefaultSettings returns settings taken from this computer: its time zone,
// and the currency and country of its locale (LC_ALL, LC_MONETARY or LANG).
// Anything that cannot be found falls back to UTC, USD and US.
func DefaultSettings() Settings {
	country := systemCountry()
	order := "dmy"
	if country == "US" || country == "PH" || country == "CA" {
		order = "mdy"
	}
	return Settings{
		TimeZone:              systemTimeZone(),
		Currency:              currencyOf(country),
		Country:               country,
		DateOrder:             order,
		AttributionWindowDays: 180,
	}
}

// Location returns the workspace's time zone, or UTC if its name is unknown
// to this computer.
func (s Settings) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Today returns the current business date in the workspace time zone.
func (s Settings) Today(now time.Time) civil.Date {
	return civil.In(now, s.Location())
}

// Rematches reports whether saving s over old matches every sale to its
// leads again: a new time zone moves business dates, a new country reads
// phone numbers again, a new attribution window changes which leads count.
// On a large workspace that takes a while (see Watch).
func (s Settings) Rematches(old Settings) bool {
	return s.TimeZone != old.TimeZone || s.Country != old.Country || s.AttributionWindowDays != old.AttributionWindowDays
}

// Validate checks the settings and returns a *UserError naming the first
// field that is wrong.
func (s Settings) Validate() error {
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		return UserErrorf("%q is not a time zone this computer knows; use a name such as Europe/Berlin or America/Denver", s.TimeZone)
	}
	if _, err := currency.ParseISO(s.Currency); err != nil {
		return UserErrorf("%q is not a currency code; use a three-letter ISO code such as USD, EUR or GBP", s.Currency)
	}
	if r, err := language.ParseRegion(s.Country); err != nil || !r.IsCountry() || len(s.Country) != 2 {
		return UserErrorf("%q is not a country code; use a two-letter code such as US, GB or DE", s.Country)
	}
	if s.DateOrder != "mdy" && s.DateOrder != "dmy" {
		return UserErrorf("date order must be mdy (3/4 is 4 March) or dmy (3/4 is 3 April), not %q", s.DateOrder)
	}
	if s.AttributionWindowDays < 1 || s.AttributionWindowDays > 3650 {
		return UserErrorf("the attribution window must be between 1 and 3650 days, not %d", s.AttributionWindowDays)
	}
	if s.GrossMarginPct < 0 || s.GrossMarginPct >= 100 {
		return UserErrorf("the gross margin must be a percentage from 0 (not set) to below 100, not %g", s.GrossMarginPct)
	}
	if s.SameBandPoints < 0 || s.SameBandPoints > 50 {
		return UserErrorf("the band for \"about the same\" must be from 0 (the default, 5 points) to 50 points, not %g", s.SameBandPoints)
	}
	if _, err := s.ExchangeRates(); err != nil {
		return err
	}
	return nil
}

// ExchangeRates reads Rates: currency code → how much of the workspace
// currency one unit is worth, as decimal text.
func (s Settings) ExchangeRates() (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.FieldsFunc(s.Rates, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		code, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		code, value = strings.ToUpper(strings.TrimSpace(code)), strings.TrimSpace(value)
		if _, err := currency.ParseISO(code); !ok || err != nil {
			return nil, UserErrorf("exchange rates are written like EUR=1.08, GBP=1.27; %q is not", strings.TrimSpace(part))
		}
		if r, ok := new(big.Rat).SetString(value); !ok || r.Sign() <= 0 || strings.ContainsAny(value, "/eE") {
			return nil, UserErrorf("the exchange rate for %s must be a positive number, such as 1.08, not %q", code, value)
		}
		out[code] = value
	}
	return out, nil
}

func (s Settings) pairs() map[string]string {
	m := map[string]string{
		keyBusinessName: s.BusinessName,
		keyTimeZone:     s.TimeZone,
		keyCurrency:     s.Currency,
		keyCountry:      s.Country,
		keyDateOrder:    s.DateOrder,
		keyWindow:       strconv.Itoa(s.AttributionWindowDays),
		keyDemo:         "0",
		keyDemoAnchor:   "",
		keyRates:        s.Rates,
		keyTracedOnly:   "0",
		keyMargin:       strconv.FormatFloat(s.GrossMarginPct, 'f', -1, 64),
		keySameBand:     strconv.FormatFloat(s.SameBandPoints, 'f', -1, 64),
	}
	if s.TracedOnly {
		m[keyTracedOnly] = "1"
	}
	if s.Demo {
		m[keyDemo] = "1"
	}
	if !s.DemoAnchor.IsZero() {
		m[keyDemoAnchor] = s.DemoAnchor.String()
	}
	return m
}

// loadSettings reads the settings table over the defaults, so a key a later
// version adds still has a value in an older workspace.
func loadSettings(ctx context.Context, q querier) (Settings, error) {
	s := DefaultSettings()
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, fmt.Errorf("read settings: %w", err)
		}
		switch k {
		case keyBusinessName:
			s.BusinessName = v
		case keyTimeZone:
			s.TimeZone = v
		case keyCurrency:
			s.Currency = v
		case keyCountry:
			s.Country = v
		case keyDateOrder:
			s.DateOrder = v
		case keyWindow:
			if n, err := strconv.Atoi(v); err == nil {
				s.AttributionWindowDays = n
			}
		case keyDemo:
			s.Demo = v == "1"
		case keyTracedOnly:
			s.TracedOnly = v == "1"
		case keyMargin:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				s.GrossMarginPct = f
			}
		case keySameBand:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				s.SameBandPoints = f
			}
		case keyRates:
			s.Rates = v
		case keyDemoAnchor:
			if d, err := civil.Parse(v); err == nil {
				s.DemoAnchor = d
			}
		}
	}
	return s, rows.Err()
}

func saveSettings(ctx context.Context, tx *sql.Tx, s Settings) error {
	for k, v := range s.pairs() {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO settings (key, value) VALUES (?, ?)
			 ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("save setting %s: %w", k, err)
		}
	}
	return nil
}

// systemTimeZone finds the IANA name of this computer's time zone.
func systemTimeZone() string {
	valid := func(name string) bool {
		if name == "" || name == "Local" {
			return false
		}
		_, err := time.LoadLocation(name)
		return err == nil
	}
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); valid(tz) {
		return tz
	}
	if name := time.Local.String(); valid(name) {
		return name
	}
	// Linux and macOS: /etc/localtime links into the zoneinfo tree.
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			if name := target[i+len("zoneinfo/"):]; valid(name) {
				return name
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if name := strings.TrimSpace(string(b)); valid(name) {
			return name
		}
	}
	return "UTC"
}

// systemCountry reads the region of the POSIX locale (en_GB.UTF-8 → GB).
func systemCountry() string {
	for _, key := range []string{"LC_ALL", "LC_MONETARY", "LANG"} {
		v := os.Getenv(key)
		if v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			continue
		}
		v, _, _ = strings.Cut(v, ".")
		v, _, _ = strings.Cut(v, "@")
		tag, err := language.Parse(strings.ReplaceAll(v, "_", "-"))
		if err != nil {
			continue
		}
		if r, conf := tag.Region(); conf == language.Exact && r.IsCountry() {
			return r.String()
		}
	}
	return "US"
}

// currencyOf returns the currency in use today in a country.
func currencyOf(country string) string {
	r, err := language.ParseRegion(country)
	if err != nil {
		return "USD"
	}
	if u, ok := currency.FromRegion(r); ok {
		return u.String()
	}
	return "USD"
}
