package data

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"lastmile/data/civil"
)

// BenchmarkStockReport times the stock report on 200,000 sales of two
// lines each over two years, for 500 products counted on the last day
// (make bench). Baseline, same run: reading the sale lines alone.
func BenchmarkStockReport(b *testing.B) {
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(b.TempDir(), "stock.lastmile"), Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	end := civil.MustParse("2026-11-24")
	r := rand.New(rand.NewPCG(3, 4))
	const products, sales = 500, 200_000
	if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "stock", SHA256: "stock", Kind: KindStock, Format: "bench"}, func(bw *BatchWriter) error {
		for i := range products {
			cost := int64(1000 + r.IntN(50000))
			if err := bw.StockLevel(StockLevel{Day: end, SKU: fmt.Sprintf("SKU-%d", i), Product: fmt.Sprintf("Product %d", i),
				OnHand: float64(r.IntN(50)), UnitCost: &cost, Currency: "USD"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if _, err := w.WriteBatch(ctx, BatchInfo{FileName: "sales", SHA256: "stock-sales", Kind: KindSales, Format: "bench"}, func(bw *BatchWriter) error {
		for i := range sales {
			s := Sale{System: "shop", OrderID: fmt.Sprint(i), Day: end.AddDays(-r.IntN(730)), Currency: "USD"}
			for j := range 2 {
				// Products follow a long tail: a few sell a lot.
				p := int(float64(products) * r.Float64() * r.Float64())
				s.Lines = append(s.Lines, SaleLine{SKU: fmt.Sprintf("SKU-%d", p), Product: fmt.Sprintf("Product %d", p), Quantity: 1, Amount: int64(1000 + j)})
				s.Gross += int64(1000 + j)
			}
			s.Net = s.Gross
			if err := bw.Sale(s); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.Run("stock-report", func(b *testing.B) {
		for range b.N {
			if _, err := w.StockReport(ctx, StockOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
	})
	b.Run("baseline-read-sale-lines", func(b *testing.B) {
		for range b.N {
			n := 0
			err := eachRow(ctx, w.rdb, `SELECT l.sku, l.quantity, s.day FROM sale_lines AS l JOIN sales AS s ON s.id = l.sale_id
				WHERE s.superseded_by IS NULL AND s.kind = 'order'`, nil, func(rows *sql.Rows) error {
				var sku, day string
				var q float64
				n++
				return rows.Scan(&sku, &q, &day)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
	})
}
