package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"lastmile/data/civil"
)

// largeWorkspace writes a workspace with the given numbers of sales and
// leads spread over two years, plus daily ad stats for ten campaigns, through
// the same batch API the importers use. Three sales in a hundred are
// refunded in part a few days later by a refund row of their own: half name
// the sale's number (as Square's do), half only its customer (as credit
// memos do).
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
			if r.IntN(100) < 3 {
				back := Sale{System: "shop", OrderID: fmt.Sprint("R", i), Kind: SaleRefund, Day: s.Day.AddDays(1 + r.IntN(10)),
					Currency: "USD", Email: s.Email, Gross: -s.Gross / 4, Net: -s.Gross / 4}
				if i%2 == 0 || s.Email == "" {
					back.RefundOf = s.OrderID
				}
				if err := b.Sale(back); err != nil {
					return err
				}
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
