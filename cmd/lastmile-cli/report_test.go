package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// row is the part of a channel-table row the tests read. Pointers are the
// figures that may be null.
type row struct {
	Channel, Key, Origin string
	Paid                 bool
	Spend                *float64
	Leads                *int
	Maturing             *int `json:"leads_maturing"`
	Buyers               *int
	Sales                int
	Revenue              float64
	TracedSales          *int     `json:"traced_sales"`
	TaggedSales          *int     `json:"tagged_sales"`
	LeadToSale           *float64 `json:"lead_to_sale"`
	LeadToSaleLow        *float64 `json:"lead_to_sale_low"`
	LeadToSaleHigh       *float64 `json:"lead_to_sale_high"`
	ROAS                 *float64 `json:"roas"`
}

func (r row) n(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// reportDoc is the part of the report JSON the tests read.
type reportDoc struct {
	From, To, Currency, Model string
	Channels                  []row
	Unknown                   []row `json:"unknown_source"`
	Totals                    row
	Origins                   map[string]struct {
		Sales   int
		Revenue float64
		Leads   int
	}
	ROAS struct {
		Spend, Revenue float64
		ROAS           *float64
		NoReport       []struct{ Channel string } `json:"no_ad_report"`
	} `json:"return_on_ad_spend"`
	Compare struct {
		A, B, Verdict, Words string
		PABetter             *float64 `json:"p_a_better"`
	}
}

func reportJSON(t *testing.T, ws string, args ...string) reportDoc {
	t.Helper()
	code, out, stderr := cli(t, append([]string{"--workspace", ws, "report", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("report %v: %d %s", args, code, stderr)
	}
	var doc reportDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, out)
	}
	return doc
}

func cents(v float64) int64 { return int64(math.Round(v * 100)) }

// checkInvariants checks what must hold in any report: every sale is
// counted once, under one channel or as of unknown source by place; every
// lead once; the origins add up to the channels; and the headline return
// on ad spend counts exactly the paid channels with spend.
func checkInvariants(t *testing.T, doc reportDoc) {
	t.Helper()
	var sales, leads, buyers int
	var revenue, paidRevenue, paidSpend int64
	for _, c := range doc.Channels {
		sales += c.Sales
		leads += c.n(c.Leads)
		buyers += c.n(c.Buyers)
		revenue += cents(c.Revenue)
		if c.Paid && c.Spend != nil && *c.Spend > 0 {
			paidRevenue += cents(c.Revenue)
			paidSpend += cents(*c.Spend)
		}
		if c.n(c.Buyers) > c.n(c.Leads)-c.n(c.Maturing) {
			t.Errorf("%s: %d buyers of %d leads old enough to judge", c.Channel, c.n(c.Buyers), c.n(c.Leads)-c.n(c.Maturing))
		}
		if c.LeadToSale != nil && (*c.LeadToSaleLow > *c.LeadToSale || *c.LeadToSale > *c.LeadToSaleHigh) {
			t.Errorf("%s: lead-to-sale %v outside its range %v–%v", c.Channel, *c.LeadToSale, *c.LeadToSaleLow, *c.LeadToSaleHigh)
		}
		if (c.n(c.Leads)-c.n(c.Maturing) == 0) != (c.LeadToSale == nil) {
			t.Errorf("%s: %d leads, %d too recent, and lead-to-sale %v", c.Channel, c.n(c.Leads), c.n(c.Maturing), c.LeadToSale)
		}
		if c.Key != "unattributed" && c.n(c.TracedSales)+c.n(c.TaggedSales) != c.Sales {
			t.Errorf("%s: %d traced and %d tagged sales, %d in all", c.Channel, c.n(c.TracedSales), c.n(c.TaggedSales), c.Sales)
		}
		if c.Spend == nil || *c.Spend == 0 {
			if c.ROAS != nil {
				t.Errorf("%s has a return on ad spend without spend", c.Channel)
			}
		}
	}
	var oSales int
	var oRevenue int64
	for _, o := range doc.Origins {
		oSales += o.Sales
		oRevenue += cents(o.Revenue)
	}
	if oSales != sales || oRevenue != revenue {
		t.Errorf("origins add up to %d sales, %d cents; channels to %d, %d", oSales, oRevenue, sales, revenue)
	}
	for _, u := range doc.Unknown {
		sales += u.Sales
		revenue += cents(u.Revenue)
		if u.Origin != "" || !strings.HasPrefix(u.Key, "unknown_") {
			t.Errorf("unknown row %+v", u)
		}
	}
	tot := doc.Totals
	if sales != tot.Sales || revenue != cents(tot.Revenue) || leads != tot.n(tot.Leads) || buyers != tot.n(tot.Buyers) {
		t.Errorf("rows add up to %d sales, %d cents, %d leads, %d buyers; totals say %d, %v, %d, %d", sales, revenue, leads, buyers,
			tot.Sales, tot.Revenue, tot.n(tot.Leads), tot.n(tot.Buyers))
	}
	if cents(doc.ROAS.Spend) != paidSpend || cents(doc.ROAS.Revenue) != paidRevenue {
		t.Errorf("headline return on ad spend counts %v over %v; the paid channels with spend have %d over %d cents",
			doc.ROAS.Revenue, doc.ROAS.Spend, paidRevenue, paidSpend)
	}
	if doc.ROAS.ROAS != nil {
		if want := float64(paidRevenue) / float64(paidSpend); math.Abs(*doc.ROAS.ROAS-want) > 1e-4 || tot.ROAS == nil || *tot.ROAS != *doc.ROAS.ROAS {
			t.Errorf("total ROAS %v (row %v), want %v", *doc.ROAS.ROAS, tot.ROAS, want)
		}
	}
}

// TestReportOnTheSamples imports the shared sample files through the CLI
// and checks the report against the independent oracle's per-file figures
// (import/testdata/expected/expected.json) and the invariants.
func TestReportOnTheSamples(t *testing.T) {
	ws := emptyWorkspace(t)
	files := []string{"google-ads/Campaign report.csv", "meta-ads/Ridgeline-Outfitters-Campaigns-Mar-1-2025-May-31-2025.csv",
		"hubspot/hubspot-crm-exports-all-contacts-2025-06-02.csv", "shopify/orders_export_1.csv",
		"square/transactions-2025-03-01-2025-06-01.csv"}
	for _, f := range files {
		if code, _, stderr := cli(t, "--workspace", ws, "import", filepath.Join(samples, f)); code != 0 {
			t.Fatalf("import %s: %d %s", f, code, stderr)
		}
	}
	period := []string{"--from", "2025-03-01", "--to", "2025-05-31"}
	before := reportJSON(t, ws, period...)
	checkInvariants(t, before)

	// The QuickBooks file holds 13 invoices and one credit memo; the
	// oracle's net is $62,949.00 after the memo. The memo lowers revenue
	// and is not a sale.
	qb := filepath.Join(samples, "quickbooks/Ridgeline Outfitters LLC_Sales by Customer Detail.xlsx")
	if code, _, stderr := cli(t, "--workspace", ws, "import", qb); code != 0 {
		t.Fatalf("import QuickBooks: %d %s", code, stderr)
	}
	first := reportJSON(t, ws, period...)
	checkInvariants(t, first)
	if first.Totals.Sales-before.Totals.Sales != 13 || cents(first.Totals.Revenue)-cents(before.Totals.Revenue) != 6294900 {
		t.Errorf("QuickBooks added %d sales and %d cents, want 13 and 6294900",
			first.Totals.Sales-before.Totals.Sales, cents(first.Totals.Revenue)-cents(before.Totals.Revenue))
	}
	// The oracle: 13 + 99 + 45 sales, $62,949.00 + $37,491.04 + $10,312.66
	// net; ad spend $6,963.55 + $5,820.16; 189 leads.
	if first.Totals.Sales != 157 || cents(first.Totals.Revenue) != 11075270 || cents(*first.Totals.Spend) != 1278371 || *first.Totals.Leads != 189 {
		t.Errorf("totals %+v, want 157 sales, $110,752.70, $12,783.71 spend, 189 leads", first.Totals)
	}
	if first.Model != "first" || first.From != "2025-03-01" || first.To != "2025-05-31" || first.Currency != "USD" {
		t.Errorf("header %s %s %s %s", first.Model, first.From, first.To, first.Currency)
	}
	if first.Compare.A != "Google Ads" || first.Compare.B != "Meta Ads" || first.Compare.Verdict == "" || first.Compare.Words == "" || first.Compare.PABetter == nil {
		t.Errorf("compare %+v", first.Compare)
	}

	// Last touch moves sales between channels but counts each once.
	last := reportJSON(t, ws, append(period, "--model", "last", "--compare", "organic search", "Meta")...)
	checkInvariants(t, last)
	if lt, ft := last.Totals, first.Totals; lt.Sales != ft.Sales || lt.Revenue != ft.Revenue || *lt.Leads != *ft.Leads || *lt.Buyers != *ft.Buyers || *lt.Spend != *ft.Spend {
		t.Errorf("last touch totals %+v differ from first touch %+v", last.Totals, first.Totals)
	}
	if last.Model != "last" || last.Compare.A != "Organic search" || last.Compare.B != "Meta Ads" {
		t.Errorf("last touch: model %s, compare %s vs %s", last.Model, last.Compare.A, last.Compare.B)
	}

	// The table and CSV forms say the same.
	code, out, _ := cli(t, append([]string{"--workspace", ws, "report"}, period...)...)
	if code != 0 || !strings.Contains(out, "$110,753") || !strings.Contains(out, "Google Ads against Meta Ads") || !strings.Contains(out, "first touch") {
		t.Errorf("table: %d\n%s", code, out)
	}
	code, out, _ = cli(t, append([]string{"--workspace", ws, "report", "--format", "csv"}, period...)...)
	if code != 0 || !strings.HasPrefix(out, "\ufeff") || !strings.Contains(out, "\r\n") {
		t.Fatalf("csv: %d %q", code, out[:min(len(out), 80)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	revenueCol := slices.Index(recs[0], "revenue")
	if revenueCol < 0 || len(recs) != len(first.Channels)+len(first.Unknown)+2 || recs[len(recs)-1][0] != "Total" || recs[len(recs)-1][revenueCol] != "110752.70" {
		t.Errorf("csv rows %d, last %v", len(recs), recs[len(recs)-1])
	}
}

func TestReportArguments(t *testing.T) {
	ws := emptyWorkspace(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--compare", "Google Ads"}, "--compare needs two channels"},
		{[]string{"--compare", "Google Ads", "--model", "last"}, "--compare needs two channels"},
		{[]string{"--format", "xml"}, "--format must be table, json or csv"},
		{[]string{"--model", "linear"}, "--model must be first or last"},
		{[]string{"--from", "2025-05-01", "--to", "2025-04-01"}, "is before --from"},
		{[]string{"--compare", "Google Ads", "Carrier pigeon"}, `"Carrier pigeon" does not name one channel`},
		{[]string{"--compare", "organic", "Meta"}, `"organic" does not name one channel`},
	} {
		code, _, stderr := cli(t, append([]string{"--workspace", ws, "report"}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("report %v: %d %q, want an error saying %q", c.args, code, stderr, c.want)
		}
	}
	// An empty workspace reports nothing, plainly.
	code, out, _ := cli(t, "--workspace", ws, "report")
	if code != 0 || !strings.Contains(out, "Nothing in this period") {
		t.Errorf("empty: %d %s", code, out)
	}
	doc := reportJSON(t, ws)
	if doc.Totals.ROAS != nil || len(doc.Channels) != 0 || doc.Compare.Verdict != "not_enough_data" {
		t.Errorf("empty report %+v", doc)
	}
}
