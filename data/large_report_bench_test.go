package data_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lastmile/data"
	"lastmile/data/metrics"
)

// BenchmarkLarge works on a workspace with 1,000,000 sales and 200,000
// leads over two years (make bench; -short makes a tenth of that): it
// refreshes the dashboard for several periods, then times small imports
// into it, which must not cost as much as rewriting the workspace.
func BenchmarkLarge(b *testing.B) {
	sales, leads := 1_000_000, 200_000
	if testing.Short() {
		sales, leads = 100_000, 20_000
	}
	start := time.Now()
	w, end := data.LargeWorkspace(b, sales, leads)
	b.Logf("wrote %d sales and %d leads in %v", sales, leads, time.Since(start).Round(time.Millisecond))
	for _, c := range []struct {
		name string
		p    data.Period
	}{
		{"last30days", data.PeriodFor(data.Last30Days, end)},
		{"last90days", data.PeriodFor(data.Last90Days, end)},
		{"last365days", data.Period{end.AddDays(-364), end}},
	} {
		b.Run(c.name, func(b *testing.B) { data.BenchDashboard(b, w, c.p) })
	}
	// Baseline, same run: the sales part of the last 365 days summed straight
	// from the sales rows (through their covering index) instead of the
	// daily totals.
	b.Run("baseline-sales-rows-last365days", func(b *testing.B) {
		p := data.Period{end.AddDays(-364), end}
		for range b.N {
			var n, revenue int64
			err := data.RDB(w).QueryRow(`SELECT sum(kind = 'order' AND kept_minor > 0), sum(kept_minor) FROM sales
				WHERE superseded_by IS NULL AND day BETWEEN ? AND ?`, p.Previous().From.String(), p.To.String()).Scan(&n, &revenue)
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/refresh")
	})

	ctx := context.Background()
	// The full report: everything on the dashboard below the tiles, and the
	// CLI report: reading the aggregates and building the report from them
	// (package metrics). Baseline, same run: reading the period's order
	// values alone, which the medians need.
	for _, c := range []struct {
		name string
		p    data.Period
	}{
		{"report-last30days", data.PeriodFor(data.Last30Days, end)},
		{"report-last90days", data.PeriodFor(data.Last90Days, end)},
		{"report-last365days", data.Period{end.AddDays(-364), end}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, err := metrics.Compute(ctx, w, data.ReportOptions{Period: c.p}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/report")
		})
	}
	// The dashboard's channel sections come from a quick report (no
	// orders) first: it must be there within 100 ms for a year.
	b.Run("report-quick-last365days", func(b *testing.B) {
		p := data.Period{end.AddDays(-364), end}
		for range b.N {
			if _, err := metrics.Compute(ctx, w, data.ReportOptions{Period: p, Quick: true}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/report")
	})
	b.Run("baseline-order-values-last365days", func(b *testing.B) {
		p := data.Period{end.AddDays(-364), end}
		for range b.N {
			if err := readOrderValues(ctx, w, p); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/report")
	})
	// A rule change classifies every lead, sale and ad stat again and
	// spreads the channels to the sales; adding and deleting alternate.
	b.Run("reclassify-after-rule-change", func(b *testing.B) {
		chs, err := w.Channels(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for i := range b.N {
			r, err := w.SaveRule(ctx, data.Rule{Field: "lead_source", Op: "equals", Value: fmt.Sprint("Fair ", i), ChannelID: chs[11].ID})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := w.DeleteRule(ctx, r.ID); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/1000, "s/change")
	})
	// A rule that moves rows: walk-in leads and sales (a ninth of the
	// tagged ones, about 44,000 sales and 22,000 leads) go to another
	// channel, then back when the rule is deleted; both changes are timed.
	b.Run("rule-change-that-moves-rows", func(b *testing.B) {
		chs, err := w.Channels(ctx)
		if err != nil {
			b.Fatal(err)
		}
		to := chs[11]
		count := func() (n int) {
			if err := data.RDB(w).QueryRow(`SELECT count(*) FROM sales WHERE superseded_by IS NULL AND own_channel_id = ?`, to.ID).Scan(&n); err != nil {
				b.Fatal(err)
			}
			return n
		}
		before := count()
		for range b.N {
			r, err := w.SaveRule(ctx, data.Rule{Field: "lead_source", Op: "equals", Value: "Walk-in", ChannelID: to.ID})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if moved := count() - before; moved < 10_000 {
				b.Fatalf("the rule moved %d sales to %s", moved, to.Name)
			}
			b.StartTimer()
			if err := w.DeleteRule(ctx, r.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(2*b.N)/1000, "s/change")
	})
	// A person confirms a suggested link, then forgets the decision: each
	// re-derives the one sale and its day.
	b.Run("confirm-a-match", func(b *testing.B) {
		var sale int64
		if err := data.RDB(w).QueryRow(`SELECT id FROM sales WHERE superseded_by IS NULL AND lead_id IS NOT NULL LIMIT 1`).Scan(&sale); err != nil {
			b.Fatal(err)
		}
		for range b.N {
			if err := w.ConfirmMatch(ctx, sale); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := w.ForgetDecisions(ctx, sale); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/1000, "s/change")
	})
	// Matching every sale again, as a new attribution window asks.
	b.Run("rematch-all-sales", func(b *testing.B) {
		for i := range b.N {
			st := w.Settings()
			st.AttributionWindowDays = 180 + i%2 + 1
			if err := w.SaveSettings(ctx, st); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/1000, "s/rematch")
	})
	n := 0
	write := func(b *testing.B, k data.Kind, fill func(bw *data.BatchWriter, i int) error) {
		for range b.N {
			n++
			if _, err := w.WriteBatch(ctx, data.BatchInfo{FileName: "small", SHA256: fmt.Sprint("small-", n), Kind: k, Format: "bench"},
				func(bw *data.BatchWriter) error { return fill(bw, n) }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/import")
	}
	b.Run("import-1-ad-stat", func(b *testing.B) {
		write(b, data.KindAdStats, func(bw *data.BatchWriter, i int) error {
			return bw.AdStat(data.AdStat{Platform: "google_ads", Campaign: fmt.Sprint("new ", i), From: end, Currency: "USD", Spend: 100})
		})
	})
	b.Run("import-100-sales", func(b *testing.B) {
		write(b, data.KindSales, func(bw *data.BatchWriter, i int) error {
			for j := range 100 {
				if err := bw.Sale(data.Sale{System: "new", OrderID: fmt.Sprint(i, "-", j), Day: end, Currency: "USD", Gross: 100, Net: 100,
					Email: fmt.Sprintf("person%d@example.com", j)}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("import-10-leads", func(b *testing.B) {
		write(b, data.KindLeads, func(bw *data.BatchWriter, i int) error {
			for j := range 10 {
				if err := bw.Lead(data.Lead{System: "new", RecordID: fmt.Sprint(i, "-", j), Day: end, SourceFields: data.Src("phone"),
					Email: fmt.Sprintf("new%d-%d@example.com", i, j)}); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
