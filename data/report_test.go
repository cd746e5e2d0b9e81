package data

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"slices"
	"testing"

	"lastmile/data/stats"
)

// reportWorkspace is a month of a small business whose every figure is
// worked out by hand in TestReportKnownWorkspace.
func reportWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w := newWorkspace(t)
	conv, value := 21.5, int64(510000)
	mustWrite(t, w, info("ads", KindAdStats), func(b *BatchWriter) error {
		if err := b.AdStat(AdStat{Platform: "google_ads", Campaign: "Search", From: d("2025-03-01"), To: d("2025-03-31"), Currency: "USD",
			Spend: 120000, Impressions: 48000, Clicks: 960, Conversions: &conv, ConversionValue: &value}); err != nil {
			return err
		}
		return b.AdStat(AdStat{Platform: "meta_ads", Campaign: "Spring", From: d("2025-03-10"), To: d("2025-03-10"), Currency: "USD",
			Spend: 30000, Impressions: 10000, Clicks: 100})
	})
	writeLeads(t, w, "leads.csv", []Lead{
		{RecordID: "G0", Day: d("2025-02-20"), Email: "g0@x.com", SourceFields: src("google_ads")},
		{RecordID: "G1", Day: d("2025-03-01"), Email: "g1@x.com", SourceFields: src("google_ads")},
		{RecordID: "G2", Day: d("2025-03-02"), Email: "g2@x.com", SourceFields: src("google_ads")},
		{RecordID: "G3", Day: d("2025-03-05"), Email: "g3@x.com", SourceFields: src("google_ads")},
		{RecordID: "G4", Day: d("2025-03-20"), Email: "g4@x.com", SourceFields: src("google_ads")},
		{RecordID: "M1", Day: d("2025-03-03"), Email: "m1@x.com", SourceFields: src("meta_ads")},
		{RecordID: "M2", Day: d("2025-03-04"), Email: "m2@x.com", SourceFields: src("meta_ads")},
		{RecordID: "T1", Day: d("2025-03-02"), Email: "t1@x.com", SourceFields: src("trade_show")},
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "1", Day: d("2025-03-08"), Email: "g1@x.com", Net: 10000},
			{OrderID: "2", Day: d("2025-03-15"), Email: "g1@x.com", Net: 30000},
			{OrderID: "3", Day: d("2025-03-12"), Email: "g2@x.com", Net: 20000, SourceFields: src("meta_ads")},
			{OrderID: "4", Day: d("2025-04-05"), Email: "g3@x.com", Net: 50000},
			{OrderID: "5", Day: d("2025-03-06"), Email: "m1@x.com", Net: 5000},
			{OrderID: "6", Day: d("2025-03-04"), Email: "t1@x.com", Net: 100000},
			{OrderID: "6-R", Kind: SaleRefund, Day: d("2025-03-20"), Email: "t1@x.com", Net: -20000},
			{OrderID: "7", Day: d("2025-03-09"), Email: "g0@x.com", Net: 40000},
			{OrderID: "8", Day: d("2025-03-10"), Customer: "Walk In", Net: 7000},
		} {
			s.System, s.Currency = "shop", "USD"
			if s.Kind != SaleRefund {
				s.Gross = s.Net
			}
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func mustOK(t *testing.T, what string, v float64, ok bool, want float64) {
	t.Helper()
	if !ok {
		t.Errorf("%s not computable, want %v", what, want)
		return
	}
	near(t, what, v, want)
}

// TestReportKnownWorkspace checks every metric against figures worked out
// by hand from reportWorkspace (see the comments).
func TestReportKnownWorkspace(t *testing.T) {
	w := reportWorkspace(t)
	ctx := context.Background()
	march := Period{From: d("2025-03-01"), To: d("2025-03-31")}
	r, err := w.Report(ctx, ReportOptions{Period: march, Today: d("2025-03-20")})
	if err != nil {
		t.Fatal(err)
	}
	ch := func(key string) ChannelReport {
		t.Helper()
		for _, c := range r.Channels {
			if c.Channel.Key == key {
				return c
			}
		}
		t.Fatalf("no %s in the report", key)
		return ChannelReport{}
	}

	g := ch("google_ads")
	// Ads: the range row covers exactly March, so all of it counts.
	if !g.HasAds || g.Spend != 120000 || g.Impressions != 48000 || g.Clicks != 960 || g.PlatformValue != 510000 {
		t.Errorf("Google ads = %+v", g)
	}
	near(t, "Google platform conversions", g.PlatformConversions, 21.5)
	ctr, ok := g.CTR()
	mustOK(t, "CTR", ctr, ok, 960.0/48000)
	cpc, ok := g.CPC()
	mustOK(t, "CPC", cpc, ok, 125)
	// Leads G1–G4 (G0 is February's); G1 and G2 bought in March, G3 only in
	// April.
	if g.Leads != 4 || g.Buyers != 2 {
		t.Errorf("Google leads, buyers = %d, %d; want 4, 2", g.Leads, g.Buyers)
	}
	near(t, "Google lead-to-sale", g.LeadToSale.Value, 0.5)
	near(t, "Google lead-to-sale low", math.Round(g.LeadToSale.Low*1e6)/1e6, 0.150039) // Wilson(2, 4), computed separately
	near(t, "Google lead-to-sale high", math.Round(g.LeadToSale.High*1e6)/1e6, 0.849961)
	// First touch: G1's two orders, G2's and G0's: $100 + $300 + $200 + $400.
	if g.Sales != 4 || g.Revenue != 100000 {
		t.Errorf("Google sales, revenue = %d, %d; want 4, 100000", g.Sales, g.Revenue)
	}
	aov, ok := g.AOV()
	mustOK(t, "Google AOV", aov, ok, 25000)
	near(t, "Google median order", g.MedianOrder.Value, 25000)
	roas, ok := g.ROAS()
	mustOK(t, "Google ROAS", roas, ok, 100000.0/120000)
	cpl, ok := g.CostPerLead()
	mustOK(t, "Google cost per lead", cpl, ok, 30000)
	cps, ok := g.CostPerSale()
	mustOK(t, "Google cost per sale", cps, ok, 30000)
	// Days to close: G1 7 days, G2 10, G3 and G4 still open on 31 March.
	// Kaplan–Meier: 3/4 after day 7, 2/4 after day 10: the median is 10.
	if !g.DaysToClose.MedianOK || g.DaysToClose.MedianDays != 10 {
		t.Errorf("Google days to close = %+v, want a median of 10", g.DaysToClose)
	}
	// The buyers alone took 7 and 10 days.
	if !g.DaysToClose.BuyersMedianOK || g.DaysToClose.BuyersMedianDays != 8.5 {
		t.Errorf("Google buyers' days to close = %v, want 8.5", g.DaysToClose.BuyersMedianDays)
	}
	// The longest any Google lead was followed is G3's 26 days, so there is
	// no 30-day share yet.
	if v, ok := g.DaysToClose.ClosedBy[30]; ok {
		t.Errorf("Google closed within 30 days = %v from 26 days of data", v)
	}

	m := ch("meta_ads")
	if !m.HasAds || m.Spend != 30000 || m.PlatformConversions != 0 || m.Leads != 2 || m.Buyers != 1 || m.Sales != 1 || m.Revenue != 5000 {
		t.Errorf("Meta = %+v", m)
	}
	if m.DaysToClose.MedianDays != 3 || m.DaysToClose.BuyersMedianDays != 3 {
		t.Errorf("Meta days to close = %+v, want 3", m.DaysToClose)
	}

	ts := ch("trade_show")
	// The refund lowers revenue but is not a sale.
	if ts.HasAds || ts.Leads != 1 || ts.Buyers != 1 || ts.Sales != 1 || ts.Revenue != 80000 {
		t.Errorf("trade show = %+v", ts)
	}
	if _, ok := ts.ROAS(); ok {
		t.Error("trade show has a ROAS without spend")
	}
	if _, ok := ts.CostPerLead(); ok {
		t.Error("trade show has a cost per lead without spend")
	}

	un, ok := r.Channel(0)
	if !ok || un.Sales != 1 || un.Revenue != 7000 || un.Channel.Name != Unattributed {
		t.Errorf("Unattributed = %+v", un)
	}
	if last := r.Channels[len(r.Channels)-1]; last.Channel.ID != 0 {
		t.Errorf("Unattributed is not last: %s", last.Channel.Name)
	}

	want := ReportTotals{Spend: 150000, Leads: 7, Buyers: 4, Sales: 7, Revenue: 192000, PaidRevenue: 105000}
	if r.Totals != want {
		t.Errorf("totals = %+v, want %+v", r.Totals, want)
	}
	if r.Summary.Current.Revenue != r.Totals.Revenue || r.Summary.Current.Spend != r.Totals.Spend {
		t.Errorf("summary %+v disagrees with totals", r.Summary.Current)
	}
	roas, ok = r.Totals.ROAS()
	mustOK(t, "total ROAS", roas, ok, 0.7)

	dig, trad, una := r.Origins[0], r.Origins[1], r.Origins[2]
	if dig.Origin != Digital || dig.Sales != 5 || dig.Revenue != 105000 || dig.Leads != 6 || dig.Buyers != 3 {
		t.Errorf("digital = %+v", dig)
	}
	near(t, "digital median order", dig.MedianOrder.Value, 20000)
	if trad.Sales != 1 || trad.Revenue != 80000 || trad.MedianOrder.Value != 100000 {
		t.Errorf("traditional = %+v", trad)
	}
	if una.Sales != 1 || una.Revenue != 7000 {
		t.Errorf("unattributed = %+v", una)
	}
	// Digital order values 50, 100, 200, 300, 400 against one of 1,000.
	near(t, "mean gap", r.OrderValueGap.Mean.Value, 21000-100000)
	near(t, "median gap", r.OrderValueGap.Median.Value, 20000-100000)

	// Weeks of March 2025 (1 March is a Saturday), first touch.
	weeks := map[string]map[int64]int64{}
	for _, wk := range r.Weeks {
		weeks[wk.Start.String()] = wk.Revenue
	}
	if len(r.Weeks) != 6 || r.Weeks[0].Start != d("2025-03-01") || r.Weeks[5].Start != d("2025-03-31") {
		t.Errorf("weeks = %v", r.Weeks)
	}
	if weeks["2025-03-03"][g.Channel.ID] != 50000 || weeks["2025-03-03"][ts.Channel.ID] != 100000 ||
		weeks["2025-03-10"][g.Channel.ID] != 50000 || weeks["2025-03-10"][0] != 7000 || weeks["2025-03-17"][ts.Channel.ID] != -20000 {
		t.Errorf("weekly revenue = %v", weeks)
	}

	// Today is Thursday 20 March: G4 came in today; the week began on the
	// 17th.
	if r.WeekStart != d("2025-03-17") || r.LeadsToday[g.Channel.ID] != 1 || r.LeadsThisWeek[g.Channel.ID] != 1 || len(r.LeadsThisWeek) != 1 {
		t.Errorf("week from %s: today %v, this week %v", r.WeekStart, r.LeadsToday, r.LeadsThisWeek)
	}

	// The rows behind Google's spend: the one range row of the report.
	ads, err := w.AdRows(ctx, march, g.Channel.ID, 10)
	if err != nil || len(ads) != 1 || ads[0].Spend != 120000 || ads[0].Campaign != "Search" || *ads[0].Conversions != 21.5 {
		t.Errorf("ad rows %+v %v", ads, err)
	}
	if ads, _ := w.AdRows(ctx, Period{From: d("2025-04-01"), To: d("2025-04-30")}, g.Channel.ID, 10); len(ads) != 0 {
		t.Errorf("April ad rows %+v", ads)
	}

	// 2 of 4 against 1 of 2 is far too little to call.
	if r.Compare.A != "Google Ads" || r.Compare.B != "Meta Ads" || r.Compare.Verdict != stats.NotEnoughData {
		t.Errorf("compare = %+v", r.Compare)
	}

	// Last touch: order 3 has its own Meta source, so it moves to Meta.
	r, err = w.Report(ctx, ReportOptions{Period: march, Model: LastTouch, Compare: [2]string{"meta ads", "Trade-Show"}})
	if err != nil {
		t.Fatal(err)
	}
	g, m = ch("google_ads"), ch("meta_ads")
	if g.Sales != 3 || g.Revenue != 80000 || m.Sales != 2 || m.Revenue != 25000 {
		t.Errorf("last touch: Google %d/%d, Meta %d/%d", g.Sales, g.Revenue, m.Sales, m.Revenue)
	}
	// Leads keep their own channel whatever the model.
	if g.Leads != 4 || g.Buyers != 2 {
		t.Errorf("last touch Google leads = %d/%d", g.Buyers, g.Leads)
	}
	if r.Compare.A != "Meta Ads" || r.Compare.B != "Trade show / events" {
		t.Errorf("compare by name = %s vs %s", r.Compare.A, r.Compare.B)
	}
	for _, bad := range []string{"Carrier pigeon", "organic"} {
		if _, err := w.Report(ctx, ReportOptions{Period: march, Compare: [2]string{"google", bad}}); err == nil {
			t.Errorf("%q was accepted as a channel to compare", bad)
		}
	}

	// April: G3's sale; the lead is March's, so April has a sale but no
	// leads, and no spend.
	r, err = w.Report(ctx, ReportOptions{Period: Period{From: d("2025-04-01"), To: d("2025-04-30")}})
	if err != nil {
		t.Fatal(err)
	}
	g = ch("google_ads")
	if g.HasAds || g.Leads != 0 || g.Sales != 1 || g.LeadToSale.OK {
		t.Errorf("April Google = %+v", g)
	}
	if _, ok := g.CPC(); ok {
		t.Error("CPC without ads")
	}
}

// TestStockPace works out each product's pace by hand: 90 days of sales
// before 31 March 2025, matched by SKU or, without one, by name.
func TestStockPace(t *testing.T) {
	w := newWorkspace(t)
	cost := int64(5000)
	mustWrite(t, w, info("stock", KindStock), func(b *BatchWriter) error {
		for _, s := range []StockLevel{
			{Day: d("2025-03-31"), SKU: "CHAIR", Product: "Oak chair", OnHand: 30, UnitCost: &cost, Currency: "USD"},
			{Day: d("2025-03-31"), Product: "Linen cushion", OnHand: 10, Currency: "USD"},
			{Day: d("2025-03-31"), SKU: "LAMP", Product: "Brass lamp", OnHand: 4, Currency: "USD"},
			{Day: d("2025-03-31"), SKU: "CHAIR-BLACK", Product: "Oak chair", OnHand: 2, Currency: "USD"}, // a variant nobody bought
			{Day: d("2025-01-31"), SKU: "LAMP", Product: "Brass lamp", OnHand: 9, Currency: "USD"},       // an older count
		} {
			if err := b.StockLevel(s); err != nil {
				return err
			}
		}
		return nil
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "1", Day: d("2025-03-01"), Net: 100, Lines: []SaleLine{{SKU: "chair", Product: "Chair", Quantity: 3, Amount: 100}}},
			{OrderID: "2", Day: d("2025-03-20"), Net: 100, Lines: []SaleLine{{Product: "linen cushion", Quantity: 45, Amount: 100}}},
			{OrderID: "3", Day: d("2024-11-02"), Net: 100, Lines: []SaleLine{{SKU: "LAMP", Quantity: 1, Amount: 100}}}, // before the 90 days
		} {
			s.System, s.Gross, s.Currency = "shop", s.Net, "USD"
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	items, err := w.Stock(context.Background(), d("2025-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 {
		t.Fatalf("items %+v", items)
	}
	// The black chair shares its name with the oak one, but the oak
	// chair's sales are under its own SKU: the black one sold nothing.
	var black StockItem
	for _, it := range items {
		if it.SKU == "CHAIR-BLACK" {
			black = it
		}
	}
	if black.Sold != 0 || !black.Slow {
		t.Errorf("black chair %+v", black)
	}
	items = slices.DeleteFunc(items, func(it StockItem) bool { return it.SKU == "CHAIR-BLACK" })
	// Lamp: 4 on hand, nothing sold in the 90 days: slowest, last sold 2 Nov.
	// Chair: 30 on hand, 3 sold in 90 days → 900 days of cover, $1,500 on the shelf.
	// Cushion: 10 on hand, 45 sold → 20 days: not slow.
	lamp, chair, cushion := items[0], items[1], items[2]
	if lamp.SKU != "LAMP" || !math.IsInf(lamp.DaysOnHand, 1) || !lamp.Slow || lamp.OnHand != 4 || lamp.LastSold != d("2024-11-02") {
		t.Errorf("lamp %+v", lamp)
	}
	if chair.SKU != "CHAIR" || chair.Sold != 3 || chair.DaysOnHand != 900 || !chair.Slow || chair.Value != 150000 {
		t.Errorf("chair %+v", chair)
	}
	if cushion.Product != "Linen cushion" || cushion.Sold != 45 || cushion.DaysOnHand != 20 || cushion.Slow || cushion.UnitCost != nil {
		t.Errorf("cushion %+v", cushion)
	}
}

func TestBrandingIsKept(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	b := Branding{Client: "Peña & Müller", PreparedBy: "Østergaard Consulting", Logo: png, Colour: "#1f77b4"}
	if err := w.SaveBranding(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, err := w.Branding(ctx)
	if err != nil || got.Client != b.Client || got.PreparedBy != b.PreparedBy || string(got.Logo) != string(png) || got.Colour != b.Colour {
		t.Errorf("branding %+v %v", got, err)
	}
	for _, bad := range []Branding{{Colour: "blue"}, {Logo: []byte("GIF89a")}, {Logo: make([]byte, MaxLogoBytes+1)}} {
		if err := w.SaveBranding(ctx, bad); err == nil {
			t.Errorf("%+v was accepted", bad.Colour)
		}
	}
}

func TestNormalizeLogo(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, img, nil); err != nil {
		t.Fatal(err)
	}
	out, err := NormalizeLogo(jb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(out))
	if err != nil || back.Bounds().Dx() != 4 || back.Bounds().Dy() != 3 {
		t.Errorf("normalised logo %v %v", back, err)
	}
	if _, err := NormalizeLogo([]byte("GIF89a....")); err == nil {
		t.Error("a GIF was accepted")
	}
	if _, err := NormalizeLogo([]byte("\x89PNG\r\n\x1a\nbroken")); err == nil {
		t.Error("a broken PNG was accepted")
	}
}
