// Package reportfmt writes a metrics.Report for machines: the JSON document
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
	"lastmile/data/metrics"
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
	Workspace string `json:"workspace,omitempty"`
	From      string `json:"from"`
	To        string `json:"to"`
	Currency  string `json:"currency"`
	Model     string `json:"model"`
	// DataEnd is the last day of the imported sales: leads are judged
	// against it.
	DataEnd string `json:"data_end"`
	// TracedOnly says whether channels' headline figures count only the
	// sales traced to a lead (else tagged sales count too).
	TracedOnly  bool   `json:"traced_only"`
	GrossMargin Number `json:"gross_margin"`
	// Channels are the rows of the channel table (see metrics.Columns);
	// UnknownSource the sales of unknown source by place; Totals the
	// whole period.
	Channels         []Row      `json:"channels"`
	UnknownSource    []Row      `json:"unknown_source"`
	Totals           Row        `json:"totals"`
	Origins          Origins    `json:"origins"`
	ReturnOnAdSpend  Headline   `json:"return_on_ad_spend"`
	OrderValueGap    Gap        `json:"order_value_gap"`
	OrderValueGapAll Gap        `json:"order_value_gap_all"`
	GapByPlace       []Gap      `json:"order_value_gap_by_place"`
	Compare          Comparison `json:"compare"`
	Refunds          Refunds    `json:"refunds"`
	// Campaigns are the ad campaigns of each channel's ad reports, with
	// what the leads and sales whose tags name them brought.
	Campaigns []Campaign `json:"campaigns"`
}

// Campaign is one ad campaign of a channel: spend, the leads and sales
// whose tags name it, and the return on its spend with its range.
type Campaign struct {
	Channel  string `json:"channel"`
	Platform string `json:"platform"`
	Campaign string `json:"campaign"`
	Spend    Number `json:"spend"`
	Leads    int    `json:"leads"`
	Sales    int    `json:"sales"`
	Revenue  Number `json:"revenue"`
	ROAS     Number `json:"roas"`
	ROASLow  Number `json:"roas_low"`
	ROASHigh Number `json:"roas_high"`
}

// Refunds is the money given back on the period's sales, each refund
// counted against the sale it returns, and how the refunds written apart
// from their sale were tied to it: by the sale's number, by customer
// only, or not at all (counted on their own day).
type Refunds struct {
	Total           Number `json:"total"`
	ByNumber        int    `json:"matched_by_number"`
	ByCustomer      int    `json:"matched_by_customer"`
	Unmatched       int    `json:"unmatched"`
	UnmatchedAmount Number `json:"unmatched_amount"`
	Words           string `json:"words"`
}

// Field is one key and value of a Row.
type Field struct {
	Key   string
	Value any
}

// Row is one row of the channel table: a JSON object whose keys are the
// columns' keys in their order (a ranged column adds key_low and
// key_high).
type Row []Field

// MarshalJSON writes the row as an object, keeping its order.
func (r Row) MarshalJSON() ([]byte, error) {
	return data.OrderedObject(len(r), func(i int) (string, any) { return r[i].Key, r[i].Value })
}

// Origin sums the channels of one origin.
type Origin struct {
	Leads             int    `json:"leads"`
	LeadsJudged       int    `json:"leads_judged"`
	Buyers            int    `json:"buyers"`
	LeadToSale        Number `json:"lead_to_sale"`
	LeadToSaleLow     Number `json:"lead_to_sale_low"`
	LeadToSaleHigh    Number `json:"lead_to_sale_high"`
	Sales             int    `json:"sales"`
	Revenue           Number `json:"revenue"`
	AOV               Number `json:"aov"`
	MedianOrder       Number `json:"median_order"`
	MedianOrderLow    Number `json:"median_order_low"`
	MedianOrderHigh   Number `json:"median_order_high"`
	MedianDaysToClose Number `json:"median_days_to_close"`
}

// Origins are digital and traditional.
type Origins struct {
	Digital     Origin `json:"digital"`
	Traditional Origin `json:"traditional"`
}

// Gap is digital − traditional order value, mean and median, with 95%
// bootstrap intervals, each side's sales and figures, and which side has
// the larger orders ("digital", "traditional", or "" when it cannot be
// told yet).
type Gap struct {
	Basis                string `json:"basis"`
	Place                string `json:"place,omitempty"`
	DigitalSales         int    `json:"digital_sales"`
	TraditionalSales     int    `json:"traditional_sales"`
	DigitalMean          Number `json:"digital_mean"`
	DigitalMedian        Number `json:"digital_median"`
	TraditionalMean      Number `json:"traditional_mean"`
	TraditionalMedian    Number `json:"traditional_median"`
	Mean                 Number `json:"mean"`
	MeanLow              Number `json:"mean_low"`
	MeanHigh             Number `json:"mean_high"`
	Median               Number `json:"median"`
	MedianLow            Number `json:"median_low"`
	MedianHigh           Number `json:"median_high"`
	Larger               string `json:"larger"`
	MoreDigitalSales     Number `json:"more_digital_sales_to_settle"`
	MoreTraditionalSales Number `json:"more_traditional_sales_to_settle"`
	Words                string `json:"words"`
}

// Headline is the period's return on ad spend over the paid channels that
// have spend; NoReport lists the paid channels with sales but no ad report,
// left out.
type Headline struct {
	Spend     Number     `json:"spend"`
	Revenue   Number     `json:"revenue"`
	ROAS      Number     `json:"roas"`
	ROASLow   Number     `json:"roas_low"`
	ROASHigh  Number     `json:"roas_high"`
	BreakEven Number     `json:"break_even"`
	Payback   string     `json:"payback"`
	Profit    Number     `json:"profit"`
	NoReport  []NoReport `json:"no_ad_report"`
}

// NoReport is a paid channel with sales but no ad report.
type NoReport struct {
	Channel string `json:"channel"`
	Sales   int    `json:"sales"`
	Revenue Number `json:"revenue"`
}

// Comparison is the comparison card. Verdict is one of not_enough_data,
// leaning_a, leaning_b, clearly_a, clearly_b, about_the_same; Words says it
// for people.
type Comparison struct {
	A              string `json:"a"`
	B              string `json:"b"`
	ALeads         int    `json:"a_leads_judged"`
	ABuyers        int    `json:"a_buyers"`
	ARate          Number `json:"a_rate"`
	ARateLow       Number `json:"a_rate_low"`
	ARateHigh      Number `json:"a_rate_high"`
	BLeads         int    `json:"b_leads_judged"`
	BBuyers        int    `json:"b_buyers"`
	BRate          Number `json:"b_rate"`
	BRateLow       Number `json:"b_rate_low"`
	BRateHigh      Number `json:"b_rate_high"`
	DifferenceLow  Number `json:"difference_low"`
	DifferenceHigh Number `json:"difference_high"`
	PABetter       Number `json:"p_a_better"`
	Tolerance      Number `json:"same_band"`
	MoreALeads     Number `json:"more_a_leads_to_settle"`
	MoreBLeads     Number `json:"more_b_leads_to_settle"`
	Weeks          Number `json:"weeks_to_settle"`
	Verdict        string `json:"verdict"`
	Words          string `json:"words"`
	ACostPerLead   Number `json:"a_cost_per_lead"`
	BCostPerLead   Number `json:"b_cost_per_lead"`
	AROAS          Number `json:"a_roas"`
	AROASLow       Number `json:"a_roas_low"`
	AROASHigh      Number `json:"a_roas_high"`
	BROAS          Number `json:"b_roas"`
	BROASLow       Number `json:"b_roas_low"`
	BROASHigh      Number `json:"b_roas_high"`
	MoneyWords     string `json:"money_words"`
	ManyPairs      string `json:"many_pairs"`
}

func rate(i stats.Interval) (v, lo, hi Number) {
	return Float(i.Value, i.OK, 4), Float(i.Low, i.OK, 4), Float(i.High, i.OK, 4)
}

func moneyRange(i stats.Interval, cur string) (v, lo, hi Number) {
	return MoneyF(i.Value, i.OK, cur), MoneyF(i.Low, i.OK, cur), MoneyF(i.High, i.OK, cur)
}

// Cell writes one value of a column as JSON would hold it: a Number (null
// when there is no figure), a string or a bool.
func Cell(c metrics.Column, x float64, ok bool, v metrics.Value, cur string) any {
	switch c.Format {
	case metrics.FormatText:
		if v.Code != "" {
			return v.Code
		}
		return v.Text
	case metrics.FormatBool:
		return v.OK && v.Num != 0
	case metrics.FormatCount:
		if !ok {
			return Number{}
		}
		return Int(int64(math.Round(x)))
	case metrics.FormatMoney, metrics.FormatCents:
		return MoneyF(x, ok, cur)
	case metrics.FormatDays, metrics.FormatDecimal:
		return Float(x, ok, 2)
	}
	return Float(x, ok, 4)
}

// BuildRow writes one row of the channel table.
func BuildRow(c metrics.ChannelReport, cur string) Row {
	var row Row
	for _, col := range metrics.Columns {
		v := col.Value(c)
		row = append(row, Field{col.Key, Cell(col, v.Num, v.OK, v, cur)})
		if col.Ranged {
			row = append(row, Field{col.Key + "_low", Cell(col, v.Low, v.OK, v, cur)}, Field{col.Key + "_high", Cell(col, v.High, v.OK, v, cur)})
		}
	}
	return row
}

// Header returns the keys of a row, in order: the CSV's first line.
func Header() []string {
	var out []string
	for _, col := range metrics.Columns {
		out = append(out, col.Key)
		if col.Ranged {
			out = append(out, col.Key+"_low", col.Key+"_high")
		}
	}
	return out
}

func gapDoc(g metrics.Gap, cur string) Gap {
	out := Gap{Basis: g.Basis, Place: g.Place, DigitalSales: g.Digital.Sales, TraditionalSales: g.Traditional.Sales,
		DigitalMean: MoneyF(g.Digital.Mean, g.Digital.Sales > 0, cur), DigitalMedian: MoneyF(g.Digital.Median.Value, g.Digital.Median.OK, cur),
		TraditionalMean: MoneyF(g.Traditional.Mean, g.Traditional.Sales > 0, cur), TraditionalMedian: MoneyF(g.Traditional.Median.Value, g.Traditional.Median.OK, cur),
		Larger: g.Larger, Words: metrics.GapWords(g, cur)}
	out.Mean, out.MeanLow, out.MeanHigh = moneyRange(g.Mean, cur)
	out.Median, out.MedianLow, out.MedianHigh = moneyRange(g.Median, cur)
	if g.MoreOK {
		out.MoreDigitalSales, out.MoreTraditionalSales = Int(int64(g.MoreDigital)), Int(int64(g.MoreTraditional))
	}
	return out
}

// Build turns a report into its JSON document.
func Build(workspace string, r metrics.Report) Document {
	cur := r.Currency
	margin, ok := r.Settings.Margin()
	doc := Document{Workspace: workspace, From: r.Period.From.String(), To: r.Period.To.String(),
		Currency: cur, Model: string(r.Model), TracedOnly: r.Settings.TracedOnly, GrossMargin: Float(margin, ok, 4),
		Channels: []Row{}, UnknownSource: []Row{}}
	if !r.DataEnd.IsZero() {
		doc.DataEnd = r.DataEnd.String()
	}
	for _, c := range r.Channels {
		doc.Channels = append(doc.Channels, BuildRow(c, cur))
	}
	for _, c := range r.Unknown {
		doc.UnknownSource = append(doc.UnknownSource, BuildRow(c, cur))
	}
	doc.Totals = BuildRow(r.Total, cur)
	for i, out := range []*Origin{&doc.Origins.Digital, &doc.Origins.Traditional} {
		o := r.Origins[i]
		out.Leads, out.LeadsJudged, out.Buyers, out.Sales = o.Leads, o.Mature, o.Buyers, o.Sales
		out.LeadToSale, out.LeadToSaleLow, out.LeadToSaleHigh = rate(o.LeadToSale)
		out.Revenue = Money(o.Revenue, cur)
		aov, ok := o.AOV()
		out.AOV = MoneyF(aov, ok, cur)
		out.MedianOrder, out.MedianOrderLow, out.MedianOrderHigh = moneyRange(o.MedianOrder, cur)
		out.MedianDaysToClose = Float(o.DaysToClose.BuyersMedianDays, o.DaysToClose.BuyersMedianOK, 1)
	}
	h := r.Headline
	doc.ReturnOnAdSpend = Headline{Spend: Money(h.Spend, cur), Revenue: Money(h.Revenue, cur), BreakEven: Float(h.BreakEven, true, 4),
		Profit: MoneyF(float64(h.Profit), h.ProfitOK, cur), NoReport: []NoReport{}}
	doc.ReturnOnAdSpend.ROAS, doc.ReturnOnAdSpend.ROASLow, doc.ReturnOnAdSpend.ROASHigh = rate(h.ROAS)
	if h.ROAS.OK {
		doc.ReturnOnAdSpend.Payback = string(h.Payback)
	}
	for _, c := range h.NoReport {
		doc.ReturnOnAdSpend.NoReport = append(doc.ReturnOnAdSpend.NoReport, NoReport{Channel: c.Channel.Name, Sales: c.Sales, Revenue: Money(c.Revenue, cur)})
	}
	doc.Campaigns = []Campaign{}
	for _, ch := range r.Channels {
		for _, c := range ch.Campaigns {
			x := Campaign{Channel: ch.Channel.Name, Platform: c.Platform, Campaign: c.Campaign, Spend: Money(c.Spend, cur),
				Leads: c.Leads, Sales: c.Sales, Revenue: Money(c.Revenue, cur)}
			x.ROAS, x.ROASLow, x.ROASHigh = rate(c.ROAS)
			doc.Campaigns = append(doc.Campaigns, x)
		}
	}
	l := r.RefundLinks
	doc.Refunds = Refunds{Total: Money(r.Total.Refunds, cur), ByNumber: l.ByID, ByCustomer: l.ByCustomer, Unmatched: l.Unlinked,
		UnmatchedAmount: Money(l.UnlinkedAmount, cur), Words: metrics.RefundWords(r)}
	doc.OrderValueGap, doc.OrderValueGapAll = gapDoc(r.Gap, cur), gapDoc(r.GapAll, cur)
	doc.GapByPlace = []Gap{}
	for _, g := range r.GapByPlace {
		doc.GapByPlace = append(doc.GapByPlace, gapDoc(g, cur))
	}
	c := r.Compare
	doc.Compare = Comparison{A: c.A, B: c.B, ALeads: c.NA, ABuyers: c.KA, BLeads: c.NB, BBuyers: c.KB,
		PABetter: Float(c.PABetter, c.NA > 0 && c.NB > 0, 4), Tolerance: Float(c.Tolerance, true, 4),
		Verdict: string(c.Verdict), Words: c.Words, MoneyWords: c.MoneyWords, ManyPairs: r.ManyPairs,
		Weeks: Float(c.Weeks, c.WeeksOK, 1)}
	if c.MoreOK {
		doc.Compare.MoreALeads, doc.Compare.MoreBLeads = Int(int64(c.MoreA)), Int(int64(c.MoreB))
	}
	doc.Compare.ARate, doc.Compare.ARateLow, doc.Compare.ARateHigh = rate(c.RateA)
	doc.Compare.BRate, doc.Compare.BRateLow, doc.Compare.BRateHigh = rate(c.RateB)
	doc.Compare.DifferenceLow, doc.Compare.DifferenceHigh = Float(c.Diff.Low, c.Diff.OK, 4), Float(c.Diff.High, c.Diff.OK, 4)
	doc.Compare.ACostPerLead = MoneyF(c.CostPerLead[0].Value, c.CostPerLead[0].OK, cur)
	doc.Compare.BCostPerLead = MoneyF(c.CostPerLead[1].Value, c.CostPerLead[1].OK, cur)
	doc.Compare.AROAS, doc.Compare.AROASLow, doc.Compare.AROASHigh = rate(c.ROAS[0])
	doc.Compare.BROAS, doc.Compare.BROASLow, doc.Compare.BROASHigh = rate(c.ROAS[1])
	return doc
}

// WriteJSON writes the report's JSON document, indented.
func WriteJSON(w io.Writer, workspace string, r metrics.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(workspace, r))
}

// WriteCSV writes the channel table: one row per channel, per place of
// sales of unknown source, and a last row of totals (key "total"), with a
// UTF-8 byte-order mark and CRLF line ends so Excel reads it right. The
// columns are Header(). Text that would start a formula is prefixed with '
// (OWASP ASVS 1.2.10); numbers are written as plain numbers.
func WriteCSV(w io.Writer, r metrics.Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Header()); err != nil {
		return err
	}
	for _, c := range r.Rows() {
		var rec []string
		for _, f := range BuildRow(c, r.Currency) {
			switch v := f.Value.(type) {
			case Number:
				rec = append(rec, v.text)
			case string:
				rec = append(rec, Text(v))
			case bool:
				rec = append(rec, strconv.FormatBool(v))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
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
