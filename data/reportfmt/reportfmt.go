// Package reportfmt writes a data.Report for machines: the JSON document
// that is Lastmile's stable contract for people who automate, and a CSV
// table of the channels that opens cleanly in Excel. Money is in major
// units with the currency's decimals, rates are fractions, and a figure
// that cannot be computed (return on ad spend with no spend) is null in
// JSON and empty in CSV.
package reportfmt

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"

	"lastmile/data"
	"lastmile/data/money"
	"lastmile/data/stats"
)

// Number is a number written exactly as given, or null when empty.
type Number struct{ text string }

// MarshalJSON writes the number, or null.
func (n Number) MarshalJSON() ([]byte, error) {
	if n.text == "" {
		return []byte("null"), nil
	}
	return []byte(n.text), nil
}

// String returns the number as written, or "" for null.
func (n Number) String() string { return n.text }

// Null reports whether the number is null.
func (n Number) Null() bool { return n.text == "" }

// Money writes minor units as a major-unit decimal with the currency's
// decimals: 123456 USD → 1234.56, 1234 JPY → 1234. It is exact: no float
// is involved.
func Money(minor int64, currency string) Number {
	scale := money.Scale(currency)
	neg := minor < 0
	if neg {
		minor = -minor
	}
	p := int64(math.Pow10(scale))
	s := strconv.FormatInt(minor/p, 10)
	if scale > 0 {
		frac := strconv.FormatInt(minor%p, 10)
		s += "." + strings.Repeat("0", scale-len(frac)) + frac
	}
	if neg {
		s = "-" + s
	}
	return Number{s}
}

// MoneyF writes a minor-unit amount that may have a fraction (an average)
// in major units, rounded to the currency's minor unit; null when !ok.
func MoneyF(minor float64, ok bool, currency string) Number {
	if !ok || math.IsNaN(minor) || math.IsInf(minor, 0) {
		return Number{}
	}
	return Money(int64(math.Round(minor)), currency)
}

// Float writes v with the given decimals (trailing zeros dropped); null
// when !ok.
func Float(v float64, ok bool, decimals int) Number {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return Number{}
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return Number{s}
}

// Int writes an integer.
func Int(v int64) Number { return Number{strconv.FormatInt(v, 10)} }

// Document is the JSON form of a report.
type Document struct {
	Workspace     string     `json:"workspace,omitempty"`
	From          string     `json:"from"`
	To            string     `json:"to"`
	Currency      string     `json:"currency"`
	Model         string     `json:"model"`
	Channels      []Channel  `json:"channels"`
	Origins       Origins    `json:"origins"`
	OrderValueGap Gap        `json:"order_value_gap"`
	Totals        Totals     `json:"totals"`
	Compare       Comparison `json:"compare"`
}

// Channel is one channel's row.
type Channel struct {
	Channel                 string `json:"channel"`
	Key                     string `json:"key"`
	Group                   string `json:"group"`
	Origin                  string `json:"origin"`
	Paid                    bool   `json:"paid"`
	Spend                   Number `json:"spend"`
	Impressions             Number `json:"impressions"`
	Clicks                  Number `json:"clicks"`
	CTR                     Number `json:"ctr"`
	CPC                     Number `json:"cpc"`
	Leads                   int    `json:"leads"`
	Buyers                  int    `json:"buyers"`
	LeadToSale              Number `json:"lead_to_sale"`
	LeadToSaleLow           Number `json:"lead_to_sale_low"`
	LeadToSaleHigh          Number `json:"lead_to_sale_high"`
	Sales                   int    `json:"sales"`
	Revenue                 Number `json:"revenue"`
	AOV                     Number `json:"aov"`
	MedianOrder             Number `json:"median_order"`
	MedianOrderLow          Number `json:"median_order_low"`
	MedianOrderHigh         Number `json:"median_order_high"`
	ROAS                    Number `json:"roas"`
	CostPerLead             Number `json:"cost_per_lead"`
	CostPerSale             Number `json:"cost_per_sale"`
	MedianDaysToClose       Number `json:"median_days_to_close"`
	ClosedWithin30Days      Number `json:"closed_within_30_days"`
	ClosedWithin90Days      Number `json:"closed_within_90_days"`
	PlatformConversions     Number `json:"platform_conversions"`
	PlatformConversionValue Number `json:"platform_conversion_value"`
}

// Origin sums the channels of one origin.
type Origin struct {
	Leads              int    `json:"leads"`
	Buyers             int    `json:"buyers"`
	LeadToSale         Number `json:"lead_to_sale"`
	Sales              int    `json:"sales"`
	Revenue            Number `json:"revenue"`
	AOV                Number `json:"aov"`
	MedianOrder        Number `json:"median_order"`
	MedianOrderLow     Number `json:"median_order_low"`
	MedianOrderHigh    Number `json:"median_order_high"`
	MedianDaysToClose  Number `json:"median_days_to_close"`
	ClosedWithin30Days Number `json:"closed_within_30_days"`
	ClosedWithin90Days Number `json:"closed_within_90_days"`
}

// Origins are digital, traditional and unattributed.
type Origins struct {
	Digital      Origin `json:"digital"`
	Traditional  Origin `json:"traditional"`
	Unattributed Origin `json:"unattributed"`
}

// Gap is digital − traditional order value, mean and median, with 95%
// bootstrap intervals.
type Gap struct {
	Mean       Number `json:"mean"`
	MeanLow    Number `json:"mean_low"`
	MeanHigh   Number `json:"mean_high"`
	Median     Number `json:"median"`
	MedianLow  Number `json:"median_low"`
	MedianHigh Number `json:"median_high"`
}

// Totals are the whole period's figures. ROAS is revenue under paid
// channels ÷ spend.
type Totals struct {
	Spend       Number `json:"spend"`
	Leads       int    `json:"leads"`
	Buyers      int    `json:"buyers"`
	Sales       int    `json:"sales"`
	Revenue     Number `json:"revenue"`
	PaidRevenue Number `json:"paid_revenue"`
	ROAS        Number `json:"roas"`
}

// Comparison is the comparison card. Verdict is one of not_enough_data,
// leaning_a, leaning_b, clearly_a, clearly_b, no_real_difference; Words
// says it for people.
type Comparison struct {
	A              string `json:"a"`
	B              string `json:"b"`
	ALeads         int    `json:"a_leads"`
	ABuyers        int    `json:"a_buyers"`
	ARate          Number `json:"a_rate"`
	ARateLow       Number `json:"a_rate_low"`
	ARateHigh      Number `json:"a_rate_high"`
	BLeads         int    `json:"b_leads"`
	BBuyers        int    `json:"b_buyers"`
	BRate          Number `json:"b_rate"`
	BRateLow       Number `json:"b_rate_low"`
	BRateHigh      Number `json:"b_rate_high"`
	DifferenceLow  Number `json:"difference_low"`
	DifferenceHigh Number `json:"difference_high"`
	PABetter       Number `json:"p_a_better"`
	Verdict        string `json:"verdict"`
	Words          string `json:"words"`
}

// closing gives the median days to close of the leads that bought, and the
// Kaplan–Meier shares of all leads closed within 30 and 90 days (null
// where the data does not reach that far).
func closing(s stats.Survival) (median, in30, in90 Number) {
	v30, ok30 := s.ClosedBy[30]
	v90, ok90 := s.ClosedBy[90]
	return Float(s.BuyersMedianDays, s.BuyersMedianOK, 1), Float(v30, ok30, 4), Float(v90, ok90, 4)
}

func rate(i stats.Interval) (v, lo, hi Number) {
	return Float(i.Value, i.OK, 4), Float(i.Low, i.OK, 4), Float(i.High, i.OK, 4)
}

// Build turns a report into its JSON document.
func Build(workspace string, r data.Report) Document {
	cur := r.Currency
	doc := Document{Workspace: workspace, From: r.Period.From.String(), To: r.Period.To.String(),
		Currency: cur, Model: string(r.Model), Channels: []Channel{}}
	for _, c := range r.Channels {
		doc.Channels = append(doc.Channels, channelRow(c, cur))
	}
	origins := [3]*Origin{&doc.Origins.Digital, &doc.Origins.Traditional, &doc.Origins.Unattributed}
	for i, o := range r.Origins {
		out := origins[i]
		out.Leads, out.Buyers, out.Sales = o.Leads, o.Buyers, o.Sales
		out.LeadToSale = Float(o.LeadToSale.Value, o.LeadToSale.OK, 4)
		out.Revenue = Money(o.Revenue, cur)
		aov, ok := o.AOV()
		out.AOV = MoneyF(aov, ok, cur)
		m := o.MedianOrder
		out.MedianOrder, out.MedianOrderLow, out.MedianOrderHigh = MoneyF(m.Value, m.OK, cur), MoneyF(m.Low, m.OK, cur), MoneyF(m.High, m.OK, cur)
		out.MedianDaysToClose, out.ClosedWithin30Days, out.ClosedWithin90Days = closing(o.DaysToClose)
	}
	g := r.OrderValueGap
	doc.OrderValueGap = Gap{
		Mean: MoneyF(g.Mean.Value, g.Mean.OK, cur), MeanLow: MoneyF(g.Mean.Low, g.Mean.OK, cur), MeanHigh: MoneyF(g.Mean.High, g.Mean.OK, cur),
		Median: MoneyF(g.Median.Value, g.Median.OK, cur), MedianLow: MoneyF(g.Median.Low, g.Median.OK, cur), MedianHigh: MoneyF(g.Median.High, g.Median.OK, cur),
	}
	t := r.Totals
	roas, ok := t.ROAS()
	doc.Totals = Totals{Spend: Money(t.Spend, cur), Leads: t.Leads, Buyers: t.Buyers, Sales: t.Sales,
		Revenue: Money(t.Revenue, cur), PaidRevenue: Money(t.PaidRevenue, cur), ROAS: Float(roas, ok, 4)}
	c := r.Compare
	doc.Compare = Comparison{A: c.A, B: c.B, ALeads: c.NA, ABuyers: c.KA, BLeads: c.NB, BBuyers: c.KB,
		PABetter: Float(c.PABetter, c.NA > 0 && c.NB > 0, 4), Verdict: string(c.Verdict), Words: c.Words}
	doc.Compare.ARate, doc.Compare.ARateLow, doc.Compare.ARateHigh = rate(c.RateA)
	doc.Compare.BRate, doc.Compare.BRateLow, doc.Compare.BRateHigh = rate(c.RateB)
	doc.Compare.DifferenceLow, doc.Compare.DifferenceHigh = Float(c.Diff.Low, c.Diff.OK, 4), Float(c.Diff.High, c.Diff.OK, 4)
	return doc
}

func channelRow(c data.ChannelReport, cur string) Channel {
	ch := c.Channel
	row := Channel{Channel: ch.Name, Key: ch.Key, Group: ch.Group, Origin: ch.Origin, Paid: ch.Paid,
		Leads: c.Leads, Buyers: c.Buyers, Sales: c.Sales, Revenue: Money(c.Revenue, cur)}
	if ch.ID == 0 {
		row.Key, row.Origin = "unattributed", data.UnattributedOrigin
	}
	// A paid channel with no ad report has unknown spend, not zero.
	if c.HasAds || !ch.Paid {
		row.Spend = Money(c.Spend, cur)
	}
	if c.HasAds {
		row.Impressions, row.Clicks = Int(c.Impressions), Int(c.Clicks)
		row.PlatformConversions = Float(c.PlatformConversions, true, 2)
		row.PlatformConversionValue = Money(c.PlatformValue, cur)
	}
	v, ok := c.CTR()
	row.CTR = Float(v, ok && c.HasAds, 4)
	v, ok = c.CPC()
	row.CPC = MoneyF(v, ok, cur)
	row.LeadToSale, row.LeadToSaleLow, row.LeadToSaleHigh = rate(c.LeadToSale)
	v, ok = c.AOV()
	row.AOV = MoneyF(v, ok, cur)
	m := c.MedianOrder
	row.MedianOrder, row.MedianOrderLow, row.MedianOrderHigh = MoneyF(m.Value, m.OK, cur), MoneyF(m.Low, m.OK, cur), MoneyF(m.High, m.OK, cur)
	v, ok = c.ROAS()
	row.ROAS = Float(v, ok, 4)
	v, ok = c.CostPerLead()
	row.CostPerLead = MoneyF(v, ok, cur)
	v, ok = c.CostPerSale()
	row.CostPerSale = MoneyF(v, ok, cur)
	row.MedianDaysToClose, row.ClosedWithin30Days, row.ClosedWithin90Days = closing(c.DaysToClose)
	return row
}

// WriteJSON writes the report's JSON document, indented.
func WriteJSON(w io.Writer, workspace string, r data.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(workspace, r))
}

// CSVHeader is the first row of WriteCSV: the JSON names of a channel's
// fields.
var CSVHeader = []string{"channel", "key", "group", "origin", "paid", "spend", "impressions", "clicks", "ctr", "cpc",
	"leads", "buyers", "lead_to_sale", "lead_to_sale_low", "lead_to_sale_high", "sales", "revenue", "aov",
	"median_order", "median_order_low", "median_order_high", "roas", "cost_per_lead", "cost_per_sale",
	"median_days_to_close", "closed_within_30_days", "closed_within_90_days", "platform_conversions", "platform_conversion_value"}

// WriteCSV writes one row per channel and a last row of totals (key
// "total"), with a UTF-8 byte-order mark and CRLF line ends so Excel reads
// it right. Text that would start a formula is prefixed with ' (OWASP
// ASVS 1.2.10); numbers are written as plain numbers.
func WriteCSV(w io.Writer, r data.Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	cur := r.Currency
	for _, c := range r.Channels {
		x := channelRow(c, cur)
		rec := []string{Text(x.Channel), Text(x.Key), Text(x.Group), Text(x.Origin), strconv.FormatBool(x.Paid),
			x.Spend.text, x.Impressions.text, x.Clicks.text, x.CTR.text, x.CPC.text,
			strconv.Itoa(x.Leads), strconv.Itoa(x.Buyers), x.LeadToSale.text, x.LeadToSaleLow.text, x.LeadToSaleHigh.text,
			strconv.Itoa(x.Sales), x.Revenue.text, x.AOV.text, x.MedianOrder.text, x.MedianOrderLow.text, x.MedianOrderHigh.text,
			x.ROAS.text, x.CostPerLead.text, x.CostPerSale.text, x.MedianDaysToClose.text, x.ClosedWithin30Days.text, x.ClosedWithin90Days.text,
			x.PlatformConversions.text, x.PlatformConversionValue.text}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	t := r.Totals
	roas, ok := t.ROAS()
	lts := stats.Wilson(t.Buyers, t.Leads)
	l, lo, hi := rate(lts)
	aov, aok := float64(t.Revenue)/float64(max(1, t.Sales)), t.Sales > 0
	total := make([]string, len(CSVHeader))
	copy(total, []string{"Total", "total", "", "", "", Money(t.Spend, cur).text, "", "", "", "",
		strconv.Itoa(t.Leads), strconv.Itoa(t.Buyers), l.text, lo.text, hi.text,
		strconv.Itoa(t.Sales), Money(t.Revenue, cur).text, MoneyF(aov, aok, cur).text, "", "", "",
		Float(roas, ok, 4).text})
	if err := cw.Write(total); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// Text makes a text cell safe to open in a spreadsheet: a value that
// starts with = + - @ tab, CR or NUL gets a leading ' so it is not run as a
// formula.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r\x00", rune(s[0])) {
		return "'" + s
	}
	return s
}
