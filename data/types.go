package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"lastmile/data/match"
	"strings"
	"time"

	"lastmile/data/civil"
)

// Kind is what a batch holds.
type Kind string

// The kinds of batch.
const (
	KindAdStats Kind = "ad_stats"
	KindLeads   Kind = "leads"
	KindSales   Kind = "sales"
	KindStock   Kind = "stock"
)

// Field is one raw source field, exactly as a file had it.
type Field struct {
	Name  string
	Value string
}

// SourceFields are the raw fields that say where a lead or sale came from
// (utm_source, Original Source, "How did you hear about us?" …), in the
// order the file had them. They are stored as imported so a rule added later
// can classify them again.
type SourceFields []Field

// Get returns the value of the first field named name (case-insensitive).
func (f SourceFields) Get(name string) string {
	for _, x := range f {
		if strings.EqualFold(x.Name, name) {
			return x.Value
		}
	}
	return ""
}

// MarshalJSON writes the fields as one JSON object, keeping their order.
func (f SourceFields) MarshalJSON() ([]byte, error) {
	return OrderedObject(len(f), func(i int) (string, any) { return f[i].Name, f[i].Value })
}

// OrderedObject writes n key-value pairs as one JSON object in the order
// given (encoding/json sorts map keys; reports and source fields keep the
// order a person wrote or reads them in).
func OrderedObject(n int, pair func(i int) (string, any)) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		key, val := pair(i)
		k, err := json.Marshal(key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(val)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a JSON object of strings, keeping its order.
func (f *SourceFields) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("source fields: want a JSON object")
	}
	var out SourceFields
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("source fields: %w", err)
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("source fields: %w", err)
		}
		out = append(out, Field{Name: t.(string), Value: v})
	}
	*f = out
	return nil
}

// AdStat is spend, impressions, clicks and the platform's own claimed
// conversions for one platform/account/campaign[/ad group] over one day, or
// over a reporting range when the file has no days.
type AdStat struct {
	Line        int    // line in the source file, for messages
	Platform    string // google_ads, meta_ads, microsoft_ads, linkedin_ads, tiktok_ads or other
	Account     string
	Campaign    string
	AdGroup     string
	Level       string // campaign (default), account, ad_group, keyword or ad
	From, To    civil.Date
	Currency    string
	Spend       int64 // minor units
	Impressions int64
	Clicks      int64
	// Conversions and ConversionValue are what the platform claims; nil
	// when the file does not say.
	Conversions     *float64
	ConversionValue *int64
	// Purchases and Leads break Conversions down where the report does
	// (Meta's Purchases and Leads columns, LinkedIn's Leads); nil when it
	// does not.
	Purchases *float64
	Leads     *float64
}

// NaturalKey identifies the fact an ad stat row reports, so a newer report of
// the same fact supersedes the older one.
func (a AdStat) NaturalKey() string {
	return joinKey(a.Platform, a.Account, a.Campaign, a.AdGroup, a.level(), a.From.String(), a.To.String())
}

func (a AdStat) level() string {
	if a.Level == "" {
		return "campaign"
	}
	return a.Level
}

// Lead is a person or company that showed interest.
type Lead struct {
	Line      int
	System    string // hubspot, salesforce, pipedrive, file, demo …
	RecordID  string // the system's own id for the record
	CreatedAt time.Time
	Day       civil.Date // business date the lead was created
	Name      string
	Company   string
	Email     string
	Phone     string // as written; the workspace reads it in E.164 with its country
	OrderRef  string
	ClickID   string
	Stage     string
	Owner     string
	// SourceFields are the raw fields that say where the lead came from,
	// exactly as imported; the workspace classifies the lead's channel from
	// them (see package channel).
	SourceFields SourceFields
}

// NaturalKey is system/record id.
func (l Lead) NaturalKey() string { return joinKey(l.System, l.RecordID) }

// SaleKind says how a sale row counts.
type SaleKind string

// The kinds of sale row.
const (
	// SaleOrder is an order, payment or invoice: a sale.
	SaleOrder SaleKind = "order"
	// SaleRefund is a refund or credit memo: it lowers revenue but is not a
	// sale. Its net is negative.
	SaleRefund SaleKind = "refund"
	// SaleVoid is a voided or failed attempt, kept for the record. It
	// carries no money.
	SaleVoid SaleKind = "void"
)

// Evidence is what a sale's channel rests on.
type Evidence string

// The kinds of evidence for a sale's channel.
const (
	// EvidenceLead: the sale was matched to a lead, and counts under the
	// lead's channel.
	EvidenceLead Evidence = "lead"
	// EvidenceTag: the sale carries its own click id, UTM tags or source
	// column, and counts under the channel they name.
	EvidenceTag Evidence = "tag"
	// EvidenceUnknown: neither; the sale counts under no channel and is
	// shown by where it was made.
	EvidenceUnknown Evidence = "unknown"
)

// Sale is money received (or given back), with its lines where known.
type Sale struct {
	Line    int
	System  string // shopify, square, stripe, quickbooks …
	OrderID string // the record's key in its system, unique in a file
	// Ref is the order or transaction number as the file writes it, where
	// OrderID joins more to it (Square's "Refund <transaction id>",
	// QuickBooks' "Credit Memo 1043"); empty means OrderID. Leads and
	// refunds find the sale by it.
	Ref string
	// RefundOf is, for a refund, the number (Ref) of the sale it returns,
	// when the file says (a Square refund keeps its payment's transaction
	// id); empty when the file names only a customer.
	RefundOf     string
	Kind         SaleKind
	Status       string
	PlacedAt     time.Time
	Day          civil.Date
	Customer     string
	Company      string
	Email        string
	Phone        string
	ClickID      string
	SourceFields SourceFields
	Currency     string
	Gross        int64 // minor units charged
	Refunded     int64 // minor units refunded on this same record
	Net          int64 // minor units kept: Gross − Refunded; negative for a refund
	Lines        []SaleLine
}

// Number is the sale's order or transaction number: Ref, else OrderID.
func (s Sale) Number() string {
	if s.Ref != "" {
		return s.Ref
	}
	return s.OrderID
}

// NaturalKey is system/order id.
func (s Sale) NaturalKey() string { return joinKey(s.System, s.OrderID) }

// SaleLine is one product line of a sale.
type SaleLine struct {
	SKU      string
	Product  string
	Quantity float64
	Amount   int64 // line total, minor units
}

// StockLevel is the quantity on hand of one product on one date.
type StockLevel struct {
	Line       int
	Day        civil.Date
	SKU        string
	Product    string
	Location   string
	OnHand     float64
	UnitCost   *int64 // minor units; nil when unknown
	Currency   string
	ReceivedOn civil.Date // zero when unknown
	// Variant, when the file names one (Shopify's handle and option
	// values), identifies the item instead of the SKU: shops give one SKU
	// to several variants, and leave it empty on others.
	Variant string
}

// NaturalKey is product/location/day; the SKU names the product when there
// is one, else its name.
func (s StockLevel) NaturalKey() string {
	product := s.SKU
	if s.Variant != "" {
		product = "variant:" + s.Variant
	} else if product == "" {
		product = "name:" + strings.ToLower(strings.TrimSpace(s.Product))
	}
	return joinKey(product, s.Location, s.Day.String())
}

var keyEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`)

// joinKey joins key parts with a separator that cannot occur in them
// unescaped.
func joinKey(parts ...string) string {
	for i, p := range parts {
		if strings.ContainsAny(p, `\|`) {
			parts[i] = keyEscaper.Replace(p)
		}
	}
	return strings.Join(parts, "|")
}

// NormalizeEmail trims and lower-cases an email address for matching; it
// is "" for text that is not an address.
func NormalizeEmail(s string) string { return match.EmailKey(s) }

// Record is one record a file yields for a batch: an ad stat, a lead, a
// sale (as read, or as read for writing) or a stock level. The method is
// unexported, so these types are all there is.
type Record interface{ isRecord() }

func (AdStat) isRecord()     {}
func (Lead) isRecord()       {}
func (Sale) isRecord()       {}
func (StockLevel) isRecord() {}
func (ReadSale) isRecord()   {}
