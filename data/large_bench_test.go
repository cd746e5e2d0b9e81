package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"lastmile/data/civil"
)

// largeWorkspace writes a workspace with the given numbers of sales and
// leads spread over two years, plus daily ad stats for ten campaigns, through
// the same batch API the importers use.
func largeWorkspace(tb testing.TB, sales, leads int) (*Workspace, civil.Date) {
	tb.Helper()
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(tb.TempDir(), "large.lastmile"),
		Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	end := civil.MustParse("2026-11-24")
	const days = 730
	r := rand.New(rand.NewPCG(1, 2))
	channels := []string{"google_ads", "meta_ads", "microsoft_ads", "organic_search", "email", "trade_show", "word_of_mouth", "phone", "walk_in"}

	if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "ads", SHA256: "large-ads", Kind: KindAdStats, Format: "bench"}, func(b *BatchWriter) error {
		for d := range days {
			for c := range 10 {
				if err := b.AdStat(AdStat{Platform: channels[c%3], Campaign: fmt.Sprint("campaign ", c), From: end.AddDays(-d),
					Currency: "USD", Spend: int64(1000 + r.IntN(9000)), Clicks: int64(r.IntN(200))}); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "leads", SHA256: "large-leads", Kind: KindLeads, Format: "bench"}, func(b *BatchWriter) error {
		for i := range leads {
			if err := b.Lead(Lead{System: "crm", RecordID: fmt.Sprint(i), Day: end.AddDays(-r.IntN(days)),
				Email: fmt.Sprintf("person%d@example.com", i), SourceFields: src(channels[r.IntN(len(channels))])}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "sales", SHA256: "large-sales", Kind: KindSales, Format: "bench"}, func(b *BatchWriter) error {
		for i := range sales {
			s := Sale{System: "shop", OrderID: fmt.Sprint(i), Day: end.AddDays(-r.IntN(days)), Currency: "USD",
				Gross: int64(2000 + r.IntN(100000))}
			s.Net = s.Gross
			if r.IntN(10) < 3 {
				s.Email = fmt.Sprintf("person%d@example.com", r.IntN(leads))
			}
			if r.IntN(10) < 4 {
				s.SourceFields = src(channels[r.IntN(len(channels))])
			}
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return w, end
}

func benchDashboard(b *testing.B, w *Workspace, p Period) {
	ctx := context.Background()
	if _, err := w.Dashboard(ctx, p, FirstTouch); err != nil { // warm the page cache
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := w.Dashboard(ctx, p, FirstTouch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/refresh")
}

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
	w, end := largeWorkspace(b, sales, leads)
	b.Logf("wrote %d sales and %d leads in %v", sales, leads, time.Since(start).Round(time.Millisecond))
	for _, c := range []struct {
		name string
		p    Period
	}{
		{"last30days", PeriodFor(Last30Days, end)},
		{"last90days", PeriodFor(Last90Days, end)},
		{"last365days", Period{end.AddDays(-364), end}},
	} {
		b.Run(c.name, func(b *testing.B) { benchDashboard(b, w, c.p) })
	}
	// Baseline, same run: the sales part of the last 365 days summed straight
	// from the sales rows (through their covering index) instead of the
	// daily totals.
	b.Run("baseline-sales-rows-last365days", func(b *testing.B) {
		p := Period{end.AddDays(-364), end}
		for range b.N {
			var n, revenue int64
			err := w.rdb.QueryRow(`SELECT sum(kind = 'order' AND net_minor > 0), sum(net_minor) FROM sales
				WHERE superseded_by IS NULL AND day BETWEEN ? AND ?`, p.Previous().From.String(), p.To.String()).Scan(&n, &revenue)
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/refresh")
	})

	ctx := context.Background()
	// The full report: everything on the dashboard below the tiles, and the
	// CLI report. Baseline, same run: reading the period's order values
	// alone, which the medians need.
	for _, c := range []struct {
		name string
		p    Period
	}{
		{"report-last30days", PeriodFor(Last30Days, end)},
		{"report-last90days", PeriodFor(Last90Days, end)},
		{"report-last365days", Period{end.AddDays(-364), end}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, err := w.Report(ctx, ReportOptions{Period: c.p}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/report")
		})
	}
	b.Run("baseline-order-values-last365days", func(b *testing.B) {
		p := Period{end.AddDays(-364), end}
		for range b.N {
			rows, err := w.rdb.QueryContext(ctx, `SELECT net_minor FROM sales WHERE superseded_by IS NULL AND kind = 'order'
				AND net_minor > 0 AND day BETWEEN ? AND ?`, p.From.String(), p.To.String())
			if err != nil {
				b.Fatal(err)
			}
			var v []int64
			for rows.Next() {
				var x int64
				if err := rows.Scan(&x); err != nil {
					b.Fatal(err)
				}
				v = append(v, x)
			}
			if err := closeRows(rows); err != nil {
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
			r, err := w.SaveRule(ctx, Rule{Field: "lead_source", Op: "equals", Value: fmt.Sprint("Fair ", i), ChannelID: chs[11].ID})
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
	write := func(b *testing.B, k Kind, fill func(bw *BatchWriter, i int) error) {
		for range b.N {
			n++
			if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "small", SHA256: fmt.Sprint("small-", n), Kind: k, Format: "bench"},
				func(bw *BatchWriter) error { return fill(bw, n) }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/import")
	}
	b.Run("import-1-ad-stat", func(b *testing.B) {
		write(b, KindAdStats, func(bw *BatchWriter, i int) error {
			return bw.AdStat(AdStat{Platform: "google_ads", Campaign: fmt.Sprint("new ", i), From: end, Currency: "USD", Spend: 100})
		})
	})
	b.Run("import-100-sales", func(b *testing.B) {
		write(b, KindSales, func(bw *BatchWriter, i int) error {
			for j := range 100 {
				if err := bw.Sale(Sale{System: "new", OrderID: fmt.Sprint(i, "-", j), Day: end, Currency: "USD", Gross: 100, Net: 100,
					Email: fmt.Sprintf("person%d@example.com", j)}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("import-10-leads", func(b *testing.B) {
		write(b, KindLeads, func(bw *BatchWriter, i int) error {
			for j := range 10 {
				if err := bw.Lead(Lead{System: "new", RecordID: fmt.Sprint(i, "-", j), Day: end, SourceFields: src("phone"),
					Email: fmt.Sprintf("new%d-%d@example.com", i, j)}); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
