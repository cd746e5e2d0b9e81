package importer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"lastmile/data"
)

// Field is a canonical field a column can be mapped to.
type Field string

// The canonical fields. Which of them a profile uses depends on its kind.
const (
	// Ad stats.
	FDay             Field = "day"
	FDateFrom        Field = "date_from"
	FDateTo          Field = "date_to"
	FAccount         Field = "account"
	FCampaign        Field = "campaign"
	FAdGroup         Field = "ad_group"
	FDetail          Field = "detail" // keyword, ad or search term: added into its ad group
	FSpend           Field = "spend"
	FImpressions     Field = "impressions"
	FClicks          Field = "clicks"
	FConversions     Field = "conversions"
	FConversionValue Field = "conversion_value"
	// FPurchases and FPlatformLeads break the platform's results down,
	// where its report does: purchases and lead-form leads.
	FPurchases     Field = "purchases"
	FPlatformLeads Field = "platform_leads"

	// Sales (and some shared with leads and stock).
	FOrderID   Field = "order_id"
	FAltID     Field = "alt_id" // an id to fall back on when the main one is empty
	FDate      Field = "date"   // a date or a timestamp
	FTime      Field = "time"   // a time of day in a column of its own
	FTimeZone  Field = "time_zone"
	FStatus    Field = "status"
	FType      Field = "type" // event or transaction type: Payment/Refund, Invoice/Credit Memo
	FCustomer  Field = "customer"
	FCompany   Field = "company"
	FEmail     Field = "email"
	FPhone     Field = "phone"
	FTotal     Field = "total"
	FRefunded  Field = "refunded"
	FCurrency  Field = "currency"
	FSKU       Field = "sku"
	FProduct   Field = "product"
	FQuantity  Field = "quantity"
	FUnitPrice Field = "unit_price"
	FLineTotal Field = "line_total"
	FItems     Field = "items" // "Name x 2, Other x 1" in one cell
	FClickID   Field = "click_id"
	FNotes     Field = "note_attributes"

	// Leads.
	FRecordID  Field = "record_id"
	FFirstName Field = "first_name"
	FLastName  Field = "last_name"
	FName      Field = "name"
	FStage     Field = "stage"
	FOwner     Field = "owner"
	FOrderRef  Field = "order_ref"
	// FRefundOf is, on a refund row, the id of the payment it refunds.
	FRefundOf Field = "refund_of"

	// Stock.
	FOnHand   Field = "on_hand"
	FLocation Field = "location"
	FUnitCost Field = "unit_cost"
	FReceived Field = "received"
	// FOptions are a variant's option values (Shopify's Option1 Value …):
	// with the product's name they tell variants without a SKU apart.
	FHandle  Field = "handle" // the product's handle in the shop's address (Shopify)
	FOption1 Field = "option1"
	FOption2 Field = "option2"
	FOption3 Field = "option3"
)

// KindRule turns the value of a field into a kind of sale row.
type KindRule struct {
	Field  Field    `json:"field"`
	Values []string `json:"values"` // compared ignoring case and spaces; "" matches an empty cell
	// Kind is a data.SaleKind, or Refunded for an order refunded in full
	// (kept as an order with nothing kept).
	Kind data.SaleKind `json:"kind"`
}

// LeaveOut says which rows of a file record no business and are left out
// with a count, not listed as problems: a payment attempt that never got a
// payment id, a transfer between the owner's own accounts.
type LeaveOut struct {
	Fields []Field  `json:"fields,omitempty"` // every one must hold one of Values (a column the file lacks holds "")
	Values []string `json:"values,omitempty"` // compared as KindRule's are
	// Negative, if set, is a money field the row must hold less than zero
	// in (a payment the owner sent), unless Fields hold one of Except.
	Negative Field    `json:"negative,omitempty"`
	Except   []string `json:"except,omitempty"`
	What     string   `json:"what"` // what such rows are, for the note: "payment attempts that never completed"
}

// Refunded is the KindRule kind of an order refunded in full.
const Refunded data.SaleKind = "refunded"

// Profile says how to read one kind of file: how to recognise it, which
// column holds which field, which rows are not data and what conventions
// its values follow. Built-in formats and the profiles people save are the
// same type, so supporting a new vendor is writing a profile, not a parser.
type Profile struct {
	Name   string    `json:"name"`
	Kind   data.Kind `json:"kind"`
	System string    `json:"system"` // sales/leads: the system named in natural keys; ad stats: the platform

	// Recognition. Every entry of Require must be a header of the file;
	// an entry may offer alternatives separated by "|". Title, if set, is a
	// pattern one of the lines above the header must match.
	Require []string `json:"require,omitempty"`
	Title   string   `json:"title,omitempty"`
	// Refuse marks a file that is recognised but not imported; the text
	// says why and what to export instead.
	Refuse string `json:"refuse,omitempty"`
	// NoData is what a file says in its only data row when it holds
	// nothing ("No data available."); such a file is refused.
	NoData string `json:"no_data,omitempty"`

	// Columns maps fields to header names, first match wins; "re:" starts a
	// regular expression (its first group, if any, is the currency code).
	Columns map[Field][]string `json:"columns"`
	// Source lists the headers kept as raw source fields of leads and sales.
	Source []string `json:"source,omitempty"`

	// Rows that are not data.
	SkipFirstCell []string `json:"skip_first_cell,omitempty"` // a row whose first non-empty cell starts with one of these
	SkipEmpty     []Field  `json:"skip_empty,omitempty"`      // a row where one of these fields is empty
	// SummaryTotal names the totals row of an ad report whose every
	// SkipEmpty field is empty ("summary"): the file's own totals, which
	// its rows must add up to.
	SummaryTotal string `json:"summary_total,omitempty"`
	// GroupBy makes consecutive rows with the same value of the field one
	// record (an order's line items). CarryDown names the field a row with
	// only its first cell filled sets for the rows below it (a customer
	// heading in an accounting report).
	GroupBy   Field `json:"group_by,omitempty"`
	CarryDown Field `json:"carry_down,omitempty"`
	// KeyFields make the record's id, joined (default: the order or record
	// id). When they are all empty, FAltID is used.
	KeyFields []Field `json:"key_fields,omitempty"`
	// RefundKeepsNumber says a refund row carries the number of the sale
	// it returns (Square's refunds keep their payment's Transaction ID), so
	// Lastmile ties it to that sale by number rather than by customer.
	RefundKeepsNumber bool `json:"refund_keeps_number,omitempty"`

	// Conventions.
	Level          string     `json:"level,omitempty"`            // ad stats: campaign, ad_group, ad, keyword or search_term
	TimeZone       string     `json:"time_zone,omitempty"`        // "UTC" when the file's times are UTC
	DateOrder      DateOrder  `json:"date_order,omitempty"`       // the order the source is known to write
	Kinds          []KindRule `json:"kinds,omitempty"`            // status or type values that make a row a refund or a void
	LeaveOut       []LeaveOut `json:"leave_out,omitempty"`        // rows that record no business (attempts, transfers), left out with a count
	RangeFromTitle bool       `json:"range_from_title,omitempty"` // rows without a day cover the period in the title lines
	// QuantityAfter names the column after which a stock file has one
	// quantity column named after its location (Shopify's older inventory
	// export: "…,COO,Main store"), for a file with no on-hand column.
	QuantityAfter string `json:"quantity_after,omitempty"`

	// OneCampaign marks a report downloaded from inside one campaign: it
	// has no Campaign column, so the campaign is said by a person (once:
	// Campaign remembers it for the next file like it).
	OneCampaign bool   `json:"one_campaign,omitempty"`
	Campaign    string `json:"campaign,omitempty"`

	// TotalRow is the first cell of the row that states a sales file's
	// total, net of refunds ("TOTAL" in QuickBooks): the sales read must
	// add up to it.
	TotalRow string `json:"total_row,omitempty"`

	// Holds says, for a file whose every row is left out, what kind of
	// rows it would have imported ("payments received").
	Holds string `json:"holds,omitempty"`

	// Fingerprint is the header of the file a saved profile was made from;
	// a file with the same header is read with it automatically.
	Fingerprint []string `json:"fingerprint,omitempty"`

	Builtin bool  `json:"-"`
	ID      int64 `json:"-"` // saved profiles: the row in the workspace
}

// normHeader normalises a header cell for comparison: lower case, no
// surrounding or repeated spaces, no leading "*" (Xero marks required
// columns) or byte-order mark, typographic dashes as hyphens.
func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.NewReplacer("\u00a0", " ", "–", "-", "—", "-").Replace(s)
	s = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "*"))
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

var regexCache sync.Map

func compiled(pattern string) *regexp.Regexp {
	if r, ok := regexCache.Load(pattern); ok {
		return r.(*regexp.Regexp)
	}
	r := regexp.MustCompile("(?i)" + pattern)
	regexCache.Store(pattern, r)
	return r
}

// header is a file's header row, normalised, with the index of each name.
type header struct {
	line  int
	names []string // normalised, by column
	raw   []string // as written
	index map[string]int
}

func newHeader(r Row) header {
	h := header{line: r.Line, index: map[string]int{}}
	for i, c := range r.Cells {
		n := normHeader(c)
		h.names = append(h.names, n)
		h.raw = append(h.raw, strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")))
		if _, dup := h.index[n]; !dup && n != "" {
			h.index[n] = i // the first of duplicated names (Google's two "Currency code")
		}
	}
	return h
}

// find returns the column of the first of names present, and for a "re:"
// name whose pattern has a group, the text it captured.
func (h header) find(names []string) (col int, capture string, ok bool) {
	for _, n := range names {
		if p, isRe := strings.CutPrefix(n, "re:"); isRe {
			re := compiled(p)
			for i, raw := range h.raw {
				if m := re.FindStringSubmatch(raw); m != nil {
					if len(m) > 1 {
						return i, m[1], true
					}
					return i, "", true
				}
			}
			continue
		}
		if i, ok := h.index[normHeader(n)]; ok {
			return i, "", true
		}
	}
	return -1, "", false
}

// has reports whether a Require entry ("a|b|re:c") is satisfied.
func (h header) has(entry string) bool {
	_, _, ok := h.find(strings.Split(entry, "|"))
	return ok
}

// nonEmpty counts the header's named cells.
func (h header) nonEmpty() int {
	n := 0
	for _, x := range h.names {
		if x != "" {
			n++
		}
	}
	return n
}

// score says how well p fits a header with the given title lines above it:
// -1 for not at all, else higher for more columns recognised.
func (p *Profile) score(h header, titles []string) int {
	if len(p.Fingerprint) > 0 {
		if len(p.Fingerprint) != h.nonEmpty() {
			return -1
		}
		for _, f := range p.Fingerprint {
			if _, ok := h.index[f]; !ok {
				return -1
			}
		}
		return 10000 // the very file shape a person mapped
	}
	if len(p.Require) == 0 {
		return -1
	}
	for _, r := range p.Require {
		if !h.has(r) {
			return -1
		}
	}
	if p.Title != "" {
		re := compiled(p.Title)
		found := false
		for _, t := range titles {
			if re.MatchString(t) {
				found = true
				break
			}
		}
		if !found {
			return -1
		}
	}
	s := 100 * len(p.Require)
	if p.Title != "" {
		s += 100
	}
	if p.Refuse != "" {
		// A known export to refuse is told apart by a column or title no
		// importable report has: when it fits, it wins.
		s += 1000
	}
	for _, names := range p.Columns {
		if _, _, ok := h.find(names); ok {
			s += 10
		}
	}
	return s
}

// mapping is a profile applied to a header: the column of each field.
type mapping struct {
	cols     map[Field]int
	captures map[Field]string // e.g. the currency in "Amount spent (USD)"
	source   []int            // columns kept as raw source fields
}

func (p *Profile) mapTo(h header) mapping {
	m := mapping{cols: map[Field]int{}, captures: map[Field]string{}}
	for f, names := range p.Columns {
		if col, capture, ok := h.find(names); ok {
			m.cols[f] = col
			if capture != "" {
				m.captures[f] = strings.ToUpper(capture)
			}
		}
	}
	used := map[int]bool{}
	for _, c := range m.cols {
		used[c] = true
	}
	for _, s := range p.Source {
		var pattern *regexp.Regexp
		if pat, isRe := strings.CutPrefix(s, "re:"); isRe {
			pattern = compiled(pat)
		}
		for i, raw := range h.raw {
			if raw == "" || containsInt(m.source, i) {
				continue
			}
			if pattern != nil && pattern.MatchString(raw) || pattern == nil && h.names[i] == normHeader(s) {
				m.source = append(m.source, i)
			}
		}
	}
	sort.Ints(m.source)
	return m
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// get returns the cell of field f in row r, and whether the field is
// mapped at all.
func (m mapping) get(r Row, f Field) (string, bool) {
	c, ok := m.cols[f]
	if !ok {
		return "", false
	}
	return strings.TrimSpace(r.cell(c)), true
}

// MarshalProfile writes a profile as JSON, the form saved in a workspace.
func MarshalProfile(p Profile) (string, error) {
	b, err := json.Marshal(p)
	return string(b), err
}

// UnmarshalProfile reads a profile saved as JSON and checks it.
func UnmarshalProfile(s string) (Profile, error) {
	var p Profile
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return p, fmt.Errorf("read profile: %w", err)
	}
	return p, p.validate()
}

// validate checks that a profile can be used.
func (p Profile) validate() error {
	switch p.Kind {
	case data.KindAdStats, data.KindSales, data.KindLeads, data.KindStock:
	default:
		return data.UserErrorf("profile %q: unknown kind %q", p.Name, p.Kind)
	}
	if strings.TrimSpace(p.Name) == "" {
		return data.UserErrorf("a profile needs a name")
	}
	for _, names := range p.Columns {
		for _, n := range names {
			if pat, ok := strings.CutPrefix(n, "re:"); ok {
				if _, err := regexp.Compile(pat); err != nil {
					return data.UserErrorf("profile %q: %q is not a valid pattern: %v", p.Name, pat, err)
				}
			}
		}
	}
	return nil
}
