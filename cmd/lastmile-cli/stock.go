package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"text/tabwriter"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/money"
	"lastmile/report"
)

const stockArgs = "[--as-of D] [--from D --to D] [--days-on-hand N] [--days-since-sale N] [--all] [--format table|json|csv] [--feed FILE [--overwrite]]"

func runStock(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "stock", stockArgs,
		"list the products sitting on the shelf: stock on hand from the latest stock count, what sold in the period (default: the 90 days to the count), days of stock on hand, sell-through, days since the last sale, age, the channels that sold it; slow movers first. --feed writes a Google Merchant Center supplemental feed (id, custom_label_0 = slow-mover) for the ads team")
	asOf := fs.String("as-of", "", "use the latest stock count on or before this day, YYYY-MM-DD")
	from := fs.String("from", "", "first day of the sales counted (default: 89 days before the stock count)")
	to := fs.String("to", "", "last day of the sales counted (default: the day of the stock count)")
	doh := fs.Int("days-on-hand", 0, "slow when the stock lasts more than N days at the period's pace (kept; default 90)")
	dss := fs.Int("days-since-sale", 0, "slow when nothing sold for more than N days (kept; default 60)")
	all := fs.Bool("all", false, "list every product, not only the slow movers")
	format := fs.String("format", "table", "output format: table, json or csv")
	feed := fs.String("feed", "", "write the slow movers as a Google Merchant Center supplemental feed to FILE")
	overwrite := fs.Bool("overwrite", false, "replace the feed file if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stock: unexpected argument %q", fs.Arg(0))
	}
	switch *format {
	case "table", "json", "csv":
	default:
		return usagef("stock: --format must be table, json or csv, not %q", *format)
	}
	var opts data.StockOptions
	var err error
	if *asOf != "" {
		if opts.AsOf, err = civil.Parse(*asOf); err != nil {
			return usagef("stock: --as-of: %v", err)
		}
	}
	if (*from == "") != (*to == "") {
		return usagef("stock: give both --from and --to, or neither")
	}
	if *from != "" {
		if opts.Period.From, err = civil.Parse(*from); err != nil {
			return usagef("stock: --from: %v", err)
		}
		if opts.Period.To, err = civil.Parse(*to); err != nil {
			return usagef("stock: --to: %v", err)
		}
		if opts.Period.To.Before(opts.Period.From) {
			return usagef("stock: --to (%s) is before --from (%s)", opts.Period.To, opts.Period.From)
		}
	}
	if *doh < 0 || *dss < 0 {
		return usagef("stock: thresholds are whole numbers of days")
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	if *doh > 0 || *dss > 0 {
		t, err := w.StockThresholds(ctx)
		if err != nil {
			return err
		}
		if *doh > 0 {
			t.DaysOnHand = *doh
		}
		if *dss > 0 {
			t.DaysSinceSale = *dss
		}
		if err := w.SaveStockThresholds(ctx, t); err != nil {
			return err
		}
	}
	r, err := w.StockReport(ctx, opts)
	if err != nil {
		return err
	}
	if len(r.Items) == 0 {
		fmt.Fprintln(o.stdout, "No stock counts are imported yet. Import a stock or inventory export (SKU, product, quantity on hand, and a date) to see what sits on the shelf.")
		return nil
	}
	items := r.Items
	if !*all {
		items = nil
		for _, it := range r.Items {
			if it.Slow {
				items = append(items, it)
			}
		}
	}
	if *feed != "" {
		var slow []data.StockItem
		for _, it := range r.Items {
			if it.Slow {
				slow = append(slow, it)
			}
		}
		var skipped []data.StockItem
		err := report.WriteFile(*feed, *overwrite, func(out io.Writer) error {
			var err error
			skipped, err = report.WriteFeed(out, slow, report.SlowLabel)
			return err
		})
		if err != nil {
			return exportError(err)
		}
		fmt.Fprintf(o.stdout, "Wrote %s: %s labelled %q in custom_label_0. Upload it in Merchant Center as a supplemental feed.\n",
			*feed, plural(len(slow)-len(skipped), "slow mover", "slow movers"), report.SlowLabel)
		for _, it := range skipped {
			fmt.Fprintf(o.stdout, "Left out %s: it has no SKU, and the feed needs the id of the main product feed.\n", it.Product)
		}
		return nil
	}
	switch *format {
	case "json":
		return writeStockJSON(o, r, items)
	case "csv":
		return report.WriteStockCSV(o.stdout, r, items)
	}
	return writeStockTable(o, r, items)
}

func writeStockTable(o *options, r data.StockReport, items []data.StockItem) error {
	out := o.stdout
	fmt.Fprintf(out, "Stock counted on %s; sales %s. Slow: more than %d days of stock at this pace, or no sale for more than %d days.\n",
		r.AsOf, r.Period, r.Thresholds.DaysOnHand, r.Thresholds.DaysSinceSale)
	verb := "tie"
	if r.SlowCount == 1 {
		verb = "ties"
	}
	fmt.Fprintf(out, "%s %s up %s.\n\n", plural(r.SlowCount, "slow mover", "slow movers"), verb, money.FormatWhole(r.SlowValue, r.Currency))
	if len(items) == 0 {
		fmt.Fprintln(out, "Nothing is slow. Add --all to list every product.")
	} else {
		names := []string{"Product"}
		for _, it := range items {
			names = append(names, it.Product)
		}
		left := leftColumn(names...)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\tSKU\tOn hand\tValue\tSold\tDays on hand\tSell-through\tLast sale\tAge\tChannels that sold it\t\n", left("Product"))
		for _, it := range items {
			value := "–"
			if it.UnitCost != nil {
				value = money.FormatWhole(it.Value, r.Currency)
			}
			days := "no sales"
			if !math.IsInf(it.DaysOnHand, 1) {
				days = strconv.FormatFloat(math.Round(it.DaysOnHand), 'f', 0, 64)
			}
			st := "–"
			if it.SellThroughOK {
				st = fmt.Sprintf("%.0f%%", 100*it.SellThrough)
			}
			last := "never"
			if !it.LastSold.IsZero() {
				last = fmt.Sprintf("%d days ago", it.DaysSinceSale)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", left(it.Product), it.SKU, trim(it.OnHand), value, trim(it.Sold),
				days, st, last, it.AgeBucket, report.ChannelList(it))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(out, "\nSold in the period but in no stock count (check the SKU or the name):\n")
		for _, u := range r.Unmatched {
			fmt.Fprintf(out, "  %s %s: %s sold, %s\n", u.SKU, u.Product, trim(u.Sold), money.FormatWhole(u.Revenue, r.Currency))
		}
	}
	return nil
}

func trim(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// stockJSON is one product in `stock --format json`; null where a figure
// does not exist.
type stockJSON struct {
	SKU           string             `json:"sku"`
	Product       string             `json:"product"`
	OnHand        float64            `json:"on_hand"`
	StockDate     string             `json:"stock_date"`
	UnitCost      *float64           `json:"unit_cost"`
	Value         *float64           `json:"value"`
	UnitsSold     float64            `json:"units_sold"`
	Revenue       float64            `json:"revenue"`
	DaysOnHand    *float64           `json:"days_on_hand"`
	SellThrough   *float64           `json:"sell_through"`
	LastSold      *string            `json:"last_sold"`
	DaysSinceSale *int               `json:"days_since_sale"`
	AgeDays       int                `json:"age_days"`
	AgeBucket     string             `json:"age_bucket"`
	Channels      map[string]float64 `json:"channels"`
	Slow          bool               `json:"slow"`
}

func writeStockJSON(o *options, r data.StockReport, items []data.StockItem) error {
	major := func(minor int64) float64 { return money.ToMajor(minor, r.Currency) }
	doc := struct {
		AsOf          string               `json:"as_of"`
		From          string               `json:"from"`
		To            string               `json:"to"`
		Currency      string               `json:"currency"`
		DaysOnHand    int                  `json:"slow_days_on_hand"`
		DaysSinceSale int                  `json:"slow_days_since_sale"`
		SlowCount     int                  `json:"slow_count"`
		SlowValue     float64              `json:"slow_value"`
		Items         []stockJSON          `json:"items"`
		Unmatched     []data.UnmatchedLine `json:"unmatched"`
	}{AsOf: r.AsOf.String(), From: r.Period.From.String(), To: r.Period.To.String(), Currency: r.Currency,
		DaysOnHand: r.Thresholds.DaysOnHand, DaysSinceSale: r.Thresholds.DaysSinceSale, SlowCount: r.SlowCount, SlowValue: major(r.SlowValue),
		Items: []stockJSON{}, Unmatched: r.Unmatched}
	for _, it := range items {
		j := stockJSON{SKU: it.SKU, Product: it.Product, OnHand: it.OnHand, StockDate: it.AsOf.String(), UnitsSold: it.Sold,
			Revenue: major(it.Revenue), AgeDays: it.Age, AgeBucket: it.AgeBucket, Channels: map[string]float64{}, Slow: it.Slow}
		if it.UnitCost != nil {
			c, v := major(*it.UnitCost), major(it.Value)
			j.UnitCost, j.Value = &c, &v
		}
		if !math.IsInf(it.DaysOnHand, 1) {
			d := math.Round(it.DaysOnHand*10) / 10
			j.DaysOnHand = &d
		}
		if it.SellThroughOK {
			st := math.Round(it.SellThrough*10000) / 10000
			j.SellThrough = &st
		}
		if !it.LastSold.IsZero() {
			l, d := it.LastSold.String(), it.DaysSinceSale
			j.LastSold, j.DaysSinceSale = &l, &d
		}
		for n, u := range it.Channels {
			if n == "" {
				n = data.Unattributed
			}
			j.Channels[n] = u
		}
		doc.Items = append(doc.Items, j)
	}
	enc := json.NewEncoder(o.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
