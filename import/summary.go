package importer

// This file reads a file whole to say what it holds: the summary, the preview, repeats and totals.

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"strings"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/money"
)

// scan reads the whole file without storing it: it decides the column
// conventions, then builds every record to count what the file holds,
// keep a preview and list the problems.
func (f *File) scan(ctx context.Context) error {
	if err := f.inferAll(ctx); err != nil {
		return err
	}
	f.scanned = true
	var st stats
	st.init(f)
	st.checkRepeats = true
	problems, err := f.assemble(ctx, "reading", func(rec data.Record) error {
		st.add(rec)
		return nil
	})
	if err != nil {
		return err
	}
	if st.repeat != nil {
		// The import would stop here: the dry run says the same.
		return st.repeat
	}
	f.Problems = problems
	f.Summary = st.summary(f)
	f.Summary.Rows = f.rowsRead
	f.Preview = st.preview
	if f.Profile.Kind == data.KindSales {
		f.Gap = f.salesGap(f.Summary.Amount, f.Summary.Records)
	}
	if f.Summary.Records == 0 && len(f.Problems) == 0 && f.Profile.Holds != "" && len(f.Warnings) > 0 {
		return data.UserErrorf("%s holds no %s: %s Nothing was imported.", f.Name, f.Profile.Holds, strings.Join(f.Warnings, " "))
	}
	if f.Summary.Records == 0 && len(f.Problems) == 0 {
		return data.UserErrorf("%s has a %s header but no rows of data under it. Check the date range or the filters of the export and export it again.", f.Name, f.Profile.Name)
	}
	return f.unrated(f.Summary.Records, f.Problems)
}

// unrated refuses a file whose every record was left out for want of an
// exchange rate to its one currency: that is one thing to fix in the
// settings, not a list of bad rows.
func (f *File) unrated(records int, problems []data.Problem) error {
	if records > 0 || len(problems) == 0 {
		return nil
	}
	cur := ""
	for _, p := range problems {
		c, ok := unratedCurrency(p.Message)
		if !ok || cur != "" && c != cur {
			return nil
		}
		cur = c
	}
	return data.UserErrorf("%s is in %s, but this workspace counts money in %s. Add the exchange rate under Workspace settings, Exchange rates (for example %s=1.08 if one %s is worth 1.08 %s), then import the file again. Nothing was imported.",
		f.Name, cur, f.plan.currency, cur, cur, f.plan.currency)
}

// stats counts what a file holds while its records are built.
type stats struct {
	s         Summary
	days      map[civil.Date]bool
	campaigns map[string]bool
	products  map[string]bool
	preview   Preview
	noSpend   bool // an ad report without a spend column: show spend as missing
	// keys are the records' natural keys seen, hashed twice (a false
	// repeat would need both 64-bit hashes to collide); repeat is the
	// first record that repeats one, which the import would refuse.
	keys         map[[2]uint64]struct{}
	seeds        [2]maphash.Seed
	repeat       *data.UserError
	checkRepeats bool
}

// seen notes a record's natural key, and the first repeat, when the file
// is read whole (the import leaves repeats to the workspace's own check,
// and keeps its memory).
func (st *stats) seen(k data.Kind, key string, line int, id string) {
	if !st.checkRepeats {
		return
	}
	if st.keys == nil {
		st.keys = map[[2]uint64]struct{}{}
		st.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	}
	h := [2]uint64{maphash.String(st.seeds[0], key), maphash.String(st.seeds[1], key)}
	if _, dup := st.keys[h]; dup && st.repeat == nil {
		st.repeat = data.RepeatedInFile(k, line, id, nil)
	}
	st.keys[h] = struct{}{}
}

func (st *stats) init(f *File) {
	st.s = Summary{Kind: f.Profile.Kind, Currency: f.plan.currency}
	st.days, st.campaigns, st.products = map[civil.Date]bool{}, map[string]bool{}, map[string]bool{}
	st.noSpend = f.Profile.Kind == data.KindAdStats && f.plan != nil && !hasField(f.plan.m, FSpend)
	switch f.Profile.Kind {
	case data.KindAdStats:
		st.preview.Columns = []string{"Day", "Campaign", "Ad group", "Spend", "Impressions", "Clicks", "Conversions"}
	case data.KindSales:
		st.preview.Columns = []string{"Day", "Order", "Kind", "Customer", "Email", "Amount", "Lines"}
	case data.KindLeads:
		st.preview.Columns = []string{"Day", "Id", "Name", "Email", "Company", "Stage", "Where from"}
	case data.KindStock:
		st.preview.Columns = []string{"Date", "SKU", "Product", "Location", "On hand", "Unit cost"}
	}
}

func (st *stats) span(from, to civil.Date) {
	if from.IsZero() {
		return
	}
	if st.s.From.IsZero() || from.Before(st.s.From) {
		st.s.From = from
	}
	if st.s.To.IsZero() || to.After(st.s.To) {
		st.s.To = to
	}
	if from == to {
		st.days[from] = true
		return
	}
	for d := from; !d.After(to) && len(st.days) < 4000; d = d.AddDays(1) {
		st.days[d] = true
	}
}

func (st *stats) add(rec data.Record) {
	st.s.Records++
	switch r := rec.(type) {
	case data.Sale:
		st.seen(data.KindSales, r.NaturalKey(), r.Line, r.OrderID)
	case data.Lead:
		st.seen(data.KindLeads, r.NaturalKey(), r.Line, "")
	case data.StockLevel:
		st.seen(data.KindStock, r.NaturalKey(), r.Line, "")
	}
	show := len(st.preview.Rows) < previewRows
	cur := st.s.Currency
	var row []string
	var line int
	switch r := rec.(type) {
	case data.AdStat:
		st.span(r.From, r.To)
		name := r.Campaign
		if name == "" {
			name = r.AdGroup
		}
		if name != "" { // an export that names only its ads names no campaign
			st.campaigns[name] = true
		}
		st.s.Amount += r.Spend
		if show {
			day := r.From.String()
			if r.To != r.From {
				day += " – " + r.To.String()
			}
			conv := ""
			if r.Conversions != nil {
				conv = fmt.Sprintf("%.2f", *r.Conversions)
			}
			spend := money.Format(r.Spend, cur)
			if st.noSpend {
				spend = "–" // not in the file, which is not the same as zero
			}
			row, line = []string{day, r.Campaign, r.AdGroup, spend, money.Count(r.Impressions), money.Count(r.Clicks), conv}, r.Line
		}
	case data.Sale:
		st.span(r.Day, r.Day)
		st.s.Lines += len(r.Lines)
		st.s.Amount += r.Net
		switch {
		case r.Kind == data.SaleRefund:
			st.s.Refunds++
		case r.Kind == data.SaleVoid:
			st.s.Voids++
		case r.Net > 0:
			st.s.Sales++
		}
		if show {
			row, line = []string{r.Day.String(), r.OrderID, saleKindLabel(r), r.Customer, r.Email, money.Format(r.Net, cur), fmt.Sprint(len(r.Lines))}, r.Line
		}
	case data.Lead:
		st.span(r.Day, r.Day)
		if r.Email != "" {
			st.s.WithEmail++
		}
		if show {
			var src []string
			for _, f := range r.SourceFields {
				if len(src) < 3 {
					src = append(src, f.Value)
				}
			}
			row, line = []string{r.Day.String(), r.RecordID, r.Name, r.Email, r.Company, r.Stage, strings.Join(src, " · ")}, r.Line
		}
	case data.StockLevel:
		st.span(r.Day, r.Day)
		id := r.SKU + "|" + r.Product
		if r.Variant != "" {
			id = "variant|" + r.Variant
		}
		st.products[id] = true
		st.s.OnHand += r.OnHand
		if show {
			cost := ""
			if r.UnitCost != nil {
				cost = money.Format(*r.UnitCost, cur)
			}
			row, line = []string{r.Day.String(), r.SKU, r.Product, r.Location, fmt.Sprint(r.OnHand), cost}, r.Line
		}
	}
	if show {
		st.preview.Rows = append(st.preview.Rows, row)
		st.preview.Lines = append(st.preview.Lines, line)
	}
}

func saleKindLabel(s data.Sale) string {
	switch {
	case s.Kind == data.SaleRefund:
		return "refund"
	case s.Kind == data.SaleVoid:
		return "void (" + s.Status + ")"
	case s.Net == 0 && s.Refunded > 0:
		return "refunded in full"
	case s.Refunded > 0:
		return "sale, part refunded"
	}
	return "sale"
}

// summary finishes the counts and writes the one-line description, e.g.
// "Google Ads campaign report, 1 Mar – 31 May 2025, 92 days × 2 campaigns, USD".
func (st *stats) summary(f *File) Summary {
	s := st.s
	s.Days = len(st.days)
	s.Campaigns = len(st.campaigns)
	s.Products = len(st.products)
	period := ""
	if !s.From.IsZero() {
		period = data.Period{From: s.From, To: s.To}.String()
	}
	var parts []string
	parts = append(parts, f.Profile.Name)
	if period != "" {
		parts = append(parts, period)
	}
	switch s.Kind {
	case data.KindAdStats:
		unit := "campaigns"
		if s.Campaigns == 1 {
			unit = "campaign"
		}
		spread := fmt.Sprintf("%s %s × %s %s", count(s.Days), plural(s.Days, "day", "days"), count(s.Campaigns), unit)
		if s.Campaigns == 0 && s.Records > 0 {
			spread = fmt.Sprintf("%s %s, no campaign named in the file", count(s.Days), plural(s.Days, "day", "days"))
		}
		parts = append(parts, spread, money.FormatWhole(s.Amount, s.Currency)+" spent")
	case data.KindSales:
		detail := fmt.Sprintf("%s %s", count(s.Sales), plural(s.Sales, "sale", "sales"))
		if s.Refunds > 0 {
			detail += fmt.Sprintf(", %s %s", count(s.Refunds), plural(s.Refunds, "refund", "refunds"))
		}
		if s.Voids > 0 {
			detail += fmt.Sprintf(", %s voided or unpaid", count(s.Voids))
		}
		parts = append(parts, detail, money.FormatWhole(s.Amount, s.Currency)+" net")
	case data.KindLeads:
		parts = append(parts, fmt.Sprintf("%s %s (%s with an email)", count(s.Records), plural(s.Records, "lead", "leads"), count(s.WithEmail)))
	case data.KindStock:
		// Items, not products: a shop's export lists each variant of a
		// product (size, colour) as an item of its own.
		parts = append(parts, fmt.Sprintf("%s %s, %s on hand", count(s.Products), plural(s.Products, "item", "items"), quantity(s.OnHand)))
	}
	parts = append(parts, s.Currency)
	s.Description = strings.Join(parts, ", ")
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count writes a whole number with thousands separators: 297,000.
func count(n int) string { return money.Count(int64(n)) }

// quantity writes a number of units as people read it: 7,021; 12.5.
func quantity(v float64) string {
	whole := math.Round(v)
	if math.Abs(v-whole) < 0.005 {
		return count(int(whole))
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
