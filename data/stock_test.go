package data

import (
	"context"
	"math"
	"testing"
)

// stockWorkspace is a shelf whose every figure is worked out by hand in
// TestStockMetrics.
func stockWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w := newWorkspace(t)
	c := func(v int64) *int64 { return &v }
	mustWrite(t, w, info("stock", KindStock), func(b *BatchWriter) error {
		for _, s := range []StockLevel{
			{Day: d("2025-02-28"), SKU: "A", Product: "Alpha lamp", OnHand: 10, UnitCost: c(1000)}, // older count
			{Day: d("2025-03-31"), SKU: "A", Product: "Alpha lamp", OnHand: 8, UnitCost: c(1000), ReceivedOn: d("2025-01-10")},
			{Day: d("2025-03-31"), SKU: "B", Product: "Beta chair", OnHand: 0, UnitCost: c(500)},
			{Day: d("2025-03-31"), SKU: "C", Product: "Gamma rug", OnHand: 5, UnitCost: c(2000), ReceivedOn: d("2024-10-01")},
			{Day: d("2025-03-31"), Product: "Delta Vase", OnHand: 9},
			{Day: d("2025-03-31"), SKU: "E1", Product: "Oak chair", OnHand: 3},
			{Day: d("2025-03-31"), SKU: "E2", Product: "Oak chair", OnHand: 3},
		} {
			s.Currency = "USD"
			if err := b.StockLevel(s); err != nil {
				return err
			}
		}
		return nil
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "1", Day: d("2025-03-01"), SourceFields: src("google_ads"), Lines: []SaleLine{{SKU: "a", Product: "Lamp", Quantity: 6, Amount: 6000}}},
			{OrderID: "2", Day: d("2025-03-21"), SourceFields: src("meta_ads"), Lines: []SaleLine{{SKU: "A", Quantity: 3, Amount: 3000}}},
			{OrderID: "3", Day: d("2024-12-15"), Lines: []SaleLine{{SKU: "A", Quantity: 5, Amount: 5000}}}, // before the 90 days
			{OrderID: "4", Day: d("2025-02-10"), Lines: []SaleLine{{SKU: "B", Quantity: 4, Amount: 2000}}},
			{OrderID: "5", Day: d("2025-01-05"), Lines: []SaleLine{{Product: "delta  VASE", Quantity: 1, Amount: 900}}},
			{OrderID: "6", Day: d("2025-03-02"), Lines: []SaleLine{{Product: "Oak chair", Quantity: 2, Amount: 800}}}, // two products have that name
			{OrderID: "7", Day: d("2025-03-03"), Lines: []SaleLine{{SKU: "ZZZ", Product: "Mystery", Quantity: 1, Amount: 100}}},
		} {
			s.System, s.Currency = "shop", "USD"
			for _, l := range s.Lines {
				s.Net += l.Amount
			}
			s.Gross = s.Net
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

func TestStockMetrics(t *testing.T) {
	w := stockWorkspace(t)
	ctx := context.Background()
	r, err := w.StockReport(ctx, StockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The 90 days to the latest count: 1 January to 31 March 2025.
	if r.AsOf != d("2025-03-31") || r.Period != (Period{From: d("2025-01-01"), To: d("2025-03-31")}) || r.Thresholds != DefaultStockThresholds {
		t.Fatalf("as of %s over %v, thresholds %+v", r.AsOf, r.Period, r.Thresholds)
	}
	items := map[string]StockItem{}
	for _, it := range r.Items {
		items[it.Key()] = it
	}
	// A: the latest count (8) wins; 6 + 3 sold in the period (the December
	// sale is outside it); 8 ÷ (9/90) = 80 days on hand; 9 ÷ 17 sold
	// through; last sold 21 March, 10 days before: not slow.
	a := items["A"]
	if a.OnHand != 8 || a.Value != 8000 || a.Sold != 9 || a.Revenue != 9000 || a.DaysOnHand != 80 || a.DaysSinceSale != 10 || a.Slow {
		t.Errorf("A = %+v", a)
	}
	if math.Abs(a.SellThrough-9.0/17) > 1e-12 || a.Age != 10 || a.AgeBucket != "0–30 days" {
		t.Errorf("A sell-through %v, age %d %s", a.SellThrough, a.Age, a.AgeBucket)
	}
	if a.Channels["Google Ads"] != 6 || a.Channels["Meta Ads"] != 3 {
		t.Errorf("A channels %v", a.Channels)
	}
	// Weeks of 2025 from Wednesday 1 January: 1 March is in the week of
	// Monday 24 February, 21 March in the week of the 17th.
	weekly := map[string]float64{}
	for i, w := range r.Weeks {
		weekly[w.String()] = a.Weekly[i]
	}
	if r.Weeks[0] != d("2025-01-01") || r.Weeks[1] != d("2025-01-06") || weekly["2025-02-24"] != 6 || weekly["2025-03-17"] != 3 || len(r.Weeks) != 14 {
		t.Errorf("weeks %v, A weekly %v", r.Weeks, weekly)
	}
	// B: nothing on hand: 0 days, all sold through, never slow.
	b := items["B"]
	if b.OnHand != 0 || b.DaysOnHand != 0 || b.SellThrough != 1 || b.Slow || b.DaysSinceSale != 49 {
		t.Errorf("B = %+v", b)
	}
	// C: no sales at all: "no sales" days on hand, age from its arrival on
	// 1 October (181 days), slow, $100 tied up.
	c := items["C"]
	if !math.IsInf(c.DaysOnHand, 1) || c.DaysSinceSale != -1 || c.Age != 181 || c.AgeBucket != "90+ days" || !c.Slow || c.Value != 10000 || c.SellThrough != 0 {
		t.Errorf("C = %+v", c)
	}
	// Delta Vase has no SKU: the line "delta  VASE" joins by name. 9 ÷
	// (1/90) = 810 days on hand: slow.
	dv := items["Delta Vase"]
	if dv.Sold != 1 || dv.DaysOnHand != 810 || !dv.Slow || dv.LastSold != d("2025-01-05") {
		t.Errorf("Delta Vase = %+v", dv)
	}
	// Two products are called Oak chair: a line with only that name is not
	// guessed, but listed as unmatched, as is the unknown SKU ZZZ.
	if e := items["E1"]; e.Sold != 0 || !e.Slow {
		t.Errorf("E1 = %+v", e)
	}
	if len(r.Unmatched) != 2 || r.Unmatched[0].Product != "Oak chair" || r.Unmatched[0].Sold != 2 || r.Unmatched[1].SKU != "ZZZ" {
		t.Errorf("unmatched %+v", r.Unmatched)
	}
	// Slow: C, Delta Vase, E1 and E2; only C has a cost.
	if r.SlowCount != 4 || r.SlowValue != 10000 {
		t.Errorf("slow %d worth %d", r.SlowCount, r.SlowValue)
	}
	if !r.Items[0].Slow || r.Items[0].Key() != "C" {
		t.Errorf("the list does not start with the slow item worth most: %s", r.Items[0].Key())
	}

	// Tighter thresholds make A slow too: 80 days on hand > 70.
	r, err = w.StockReport(ctx, StockOptions{Thresholds: StockThresholds{DaysOnHand: 70}})
	if err != nil || r.SlowCount != 5 || r.SlowValue != 18000 {
		t.Errorf("with 70 days on hand: %d slow worth %d (%v)", r.SlowCount, r.SlowValue, err)
	}
	// So does a short time without sales kept in the workspace: 10 > 5.
	if err := w.SaveStockThresholds(ctx, StockThresholds{DaysOnHand: 365, DaysSinceSale: 5}); err != nil {
		t.Fatal(err)
	}
	r, _ = w.StockReport(ctx, StockOptions{})
	slow := map[string]bool{}
	for _, it := range r.Items {
		slow[it.Key()] = it.Slow
	}
	if !slow["A"] || slow["B"] || !slow["C"] {
		t.Errorf("with 5 days since a sale: %v", slow)
	}
	if err := w.SaveStockThresholds(ctx, StockThresholds{DaysOnHand: 0, DaysSinceSale: 5}); err == nil {
		t.Error("a threshold of 0 days was accepted")
	}
	// An earlier as-of date uses the February count.
	r, _ = w.StockReport(ctx, StockOptions{AsOf: d("2025-03-15")})
	for _, it := range r.Items {
		if it.Key() == "A" && (it.OnHand != 10 || it.AsOf != d("2025-02-28")) {
			t.Errorf("A as of 15 March: %+v", it)
		}
	}
	// The push list is kept.
	if err := w.SavePushList(ctx, []string{"C", "Delta Vase"}); err != nil {
		t.Fatal(err)
	}
	if got, err := w.PushList(ctx); err != nil || len(got) != 2 || got[1] != "Delta Vase" {
		t.Errorf("push list %v %v", got, err)
	}
}
