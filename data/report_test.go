package data

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"maps"
	"math"
	"slices"
	"testing"

	"lastmile/data/channel"
	"lastmile/data/civil"
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

// TestAggregatesKnownWorkspace checks what the report is computed from
// against reportWorkspace, row by row (package metrics computes the
// figures; its tests work them out by hand).
func TestAggregatesKnownWorkspace(t *testing.T) {
	w := reportWorkspace(t)
	ctx := context.Background()
	march := Period{From: d("2025-03-01"), To: d("2025-03-31")}
	a, err := w.Aggregates(ctx, ReportOptions{Period: march, Today: d("2025-03-20")})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range a.Channels {
		ids[c.Key] = c.ID
	}
	g, m, ts := ids["google_ads"], ids["meta_ads"], ids["trade_show"]
	// The last sale is order 4, on 5 April.
	if a.DataEnd != d("2025-04-05") || a.Options.Model != FirstTouch {
		t.Errorf("data end %s, model %s", a.DataEnd, a.Options.Model)
	}
	// Ads: the range row covers exactly March, so all of it counts.
	if len(a.Ads) != 2 {
		t.Fatalf("ads %+v", a.Ads)
	}
	for _, x := range a.Ads {
		switch x.ChannelID {
		case g:
			if x.Campaign != "Search" || x.Spend != 120000 || x.Impressions != 48000 || x.Clicks != 960 || x.Conversions != 21.5 || x.ConversionValue != 510000 {
				t.Errorf("Google ads %+v", x)
			}
		case m:
			if x.Campaign != "Spring" || x.Spend != 30000 {
				t.Errorf("Meta ads %+v", x)
			}
		default:
			t.Errorf("ads of channel %d", x.ChannelID)
		}
	}
	// Sales by day, channel and evidence, first touch. Order 3 carries a
	// Meta tag but G2's lead is Google's: traced to Google. The refund
	// 6-R names no order, only T1's email: it returns T1's latest earlier
	// sale that covers it, order 6 ($1,000 on 4 March), which keeps $800
	// and shows $200 of refunds on its own day; 20 March has nothing. Order
	// 8 has neither lead nor tag: unknown, from a file that names no place.
	type cell struct {
		day     string
		channel int64
		ev      Evidence
		sales   int
		revenue int64
		refunds int64
	}
	want := map[cell]bool{
		{"2025-03-04", ts, EvidenceLead, 1, 80000, 20000}: true, {"2025-03-06", m, EvidenceLead, 1, 5000, 0}: true,
		{"2025-03-08", g, EvidenceLead, 1, 10000, 0}: true, {"2025-03-09", g, EvidenceLead, 1, 40000, 0}: true,
		{"2025-03-10", 0, EvidenceUnknown, 1, 7000, 0}: true, {"2025-03-12", g, EvidenceLead, 1, 20000, 0}: true,
		{"2025-03-15", g, EvidenceLead, 1, 30000, 0}: true,
	}
	for _, x := range a.SalesDays {
		c := cell{x.Day.String(), x.ChannelID, x.Evidence, x.Sales, x.Revenue, x.Refunds}
		if !want[c] || x.Place != "other" {
			t.Errorf("unexpected sales day %+v (%s)", c, x.Place)
		}
		delete(want, c)
	}
	for c := range want {
		t.Errorf("missing sales day %+v", c)
	}
	if a.Refunds != (RefundLinks{ByCustomer: 1}) {
		t.Errorf("refund links %+v, want one by customer", a.Refunds)
	}
	// Orders: 7 in March, order 6 at what it kept; order 3 is traced to a
	// Google lead.
	var total int64
	for _, o := range a.Orders {
		total += o.Amount
		if o.Amount == 20000 && (o.ChannelID != g || o.Evidence() != EvidenceLead || o.LeadChannelID != g || o.LeadID == 0) {
			t.Errorf("order 3 %+v", o)
		}
		if o.Amount == 7000 && (o.ChannelID != 0 || o.Evidence() != EvidenceUnknown || o.LeadChannelID != 0) {
			t.Errorf("order 8 %+v", o)
		}
	}
	if len(a.Orders) != 7 || total != 192000 {
		t.Errorf("%d orders worth %d, want 7 worth 192000", len(a.Orders), total)
	}
	// Leads of March with their first sale: G3 bought on 5 April, G4 and
	// M2 not at all.
	first := map[string]string{}
	for _, l := range a.Leads {
		first[l.Day.String()+"/"+fmt.Sprint(l.ChannelID)] = l.FirstSale.String()
	}
	wantFirst := map[string]string{
		"2025-03-01/" + fmt.Sprint(g): "2025-03-08", "2025-03-02/" + fmt.Sprint(g): "2025-03-12",
		"2025-03-05/" + fmt.Sprint(g): "2025-04-05", "2025-03-20/" + fmt.Sprint(g): civil.Date{}.String(),
		"2025-03-03/" + fmt.Sprint(m): "2025-03-06", "2025-03-04/" + fmt.Sprint(m): civil.Date{}.String(),
		"2025-03-02/" + fmt.Sprint(ts): "2025-03-04",
	}
	if len(a.Leads) != 7 || !maps.Equal(first, wantFirst) {
		t.Errorf("leads %v, want %v", first, wantFirst)
	}
	// Today is Thursday 20 March: G4 came in today; the week began on the
	// 17th.
	if len(a.LeadDays) != 1 || a.LeadDays[0] != (LeadDay{Day: d("2025-03-20"), ChannelID: g, Leads: 1}) {
		t.Errorf("lead days %+v", a.LeadDays)
	}

	// Last touch: order 3 has its own Meta tag, so it moves to Meta as a
	// tagged sale, yet stays traced to a Google lead for the order-value
	// gap.
	a, err = w.Aggregates(ctx, ReportOptions{Period: march, Model: LastTouch})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range a.Orders {
		if o.Amount == 20000 && (o.ChannelID != m || o.Evidence() != EvidenceTag || o.LeadChannelID != g) {
			t.Errorf("last touch order 3 %+v", o)
		}
	}

	// The rows behind Google's spend: the one range row of the report.
	ads, err := w.AdRows(ctx, march, g, 10)
	if err != nil || len(ads) != 1 || ads[0].Spend != 120000 || ads[0].Campaign != "Search" || *ads[0].Conversions != 21.5 {
		t.Errorf("ad rows %+v %v", ads, err)
	}
	if ads, _ := w.AdRows(ctx, Period{From: d("2025-04-01"), To: d("2025-04-30")}, g, 10); len(ads) != 0 {
		t.Errorf("April ad rows %+v", ads)
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

// TestAggregatesCampaigns: an order traced to a lead takes the campaign
// its lead's tags name; an order carried by its own tags is listed among
// the campaign orders with the campaign they name, and not given one among
// the orders (so it is counted once); an order whose tags name none is in
// neither list with a campaign. Under last touch the traced order with
// its own tag becomes a tagged campaign order.
//
//	lead L1 (Meta, utm_campaign Lead Gen) → order A $100, traced
//	order B $40, tags: facebook, utm_campaign Spring Sale → tagged
//	order C $25, tags: facebook only → tagged, no campaign
//	order D $60, L1's email and its own tags naming Spring Sale → traced
//	  under first touch, tagged under last touch
//	lead L2 (Meta, no campaign) → order E $30 with its own tags naming
//	  Spring Sale: traced, and since its lead names no campaign, its own
func TestAggregatesCampaigns(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	campaign := func(k, c string) SourceFields { return append(src(k), Field{Name: "utm_campaign", Value: c}) }
	writeLeads(t, w, "leads.csv", []Lead{{RecordID: "L1", Day: d("2025-03-01"), Email: "l1@x.com", SourceFields: campaign("meta_ads", "Lead Gen")},
		{RecordID: "L2", Day: d("2025-03-01"), Email: "l2@x.com", SourceFields: src("meta_ads")}})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "A", Day: d("2025-03-02"), Email: "l1@x.com", Net: 10000},
			{OrderID: "B", Day: d("2025-03-03"), Net: 4000, SourceFields: campaign("meta_ads", "Spring Sale")},
			{OrderID: "C", Day: d("2025-03-20"), Net: 2500, SourceFields: src("meta_ads")},
			{OrderID: "D", Day: d("2025-03-25"), Email: "l1@x.com", Net: 6000, SourceFields: campaign("meta_ads", "Spring Sale")},
			{OrderID: "E", Day: d("2025-03-26"), Email: "l2@x.com", Net: 3000, SourceFields: campaign("meta_ads", "Spring Sale")},
		} {
			s.System, s.Currency, s.Gross = "shop", "USD", s.Net
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	march := Period{From: d("2025-03-01"), To: d("2025-03-31")}
	for _, c := range []struct {
		model    Model
		orders   map[int64]string // amount → campaign among the orders
		tagged   map[int64]string // amount → campaign among the campaign orders
		evidence map[int64]Evidence
	}{
		{FirstTouch, map[int64]string{10000: "lead gen", 4000: "", 2500: "", 6000: "lead gen", 3000: ""},
			map[int64]string{4000: "spring sale", 3000: "spring sale"},
			map[int64]Evidence{10000: EvidenceLead, 4000: EvidenceTag, 2500: EvidenceTag, 6000: EvidenceLead, 3000: EvidenceLead}},
		{LastTouch, map[int64]string{10000: "lead gen", 4000: "", 2500: "", 6000: "", 3000: ""},
			map[int64]string{4000: "spring sale", 6000: "spring sale", 3000: "spring sale"},
			map[int64]Evidence{10000: EvidenceLead, 4000: EvidenceTag, 2500: EvidenceTag, 6000: EvidenceTag, 3000: EvidenceTag}},
	} {
		a, err := w.Aggregates(ctx, ReportOptions{Period: march, Model: c.model})
		if err != nil {
			t.Fatal(err)
		}
		got, ev := map[int64]string{}, map[int64]Evidence{}
		for _, o := range a.Orders {
			got[o.Amount], ev[o.Amount] = channel.CampaignKey(a.Campaigns[o.CampaignIndex]), o.Evidence()
		}
		tagged := map[int64]string{}
		for _, o := range a.CampaignOrders {
			tagged[o.Amount] = channel.CampaignKey(a.Campaigns[o.CampaignIndex])
		}
		if !maps.Equal(got, c.orders) || !maps.Equal(tagged, c.tagged) || !maps.Equal(ev, c.evidence) {
			t.Errorf("%s: orders %v %v, campaign orders %v; want %v %v, %v", c.model, got, ev, tagged, c.orders, c.evidence, c.tagged)
		}
	}
}

// TestAggregatesGroupLeadsAlike: leads of one day, channel and campaign
// with the same first sale come as one group with their count, and the
// report counts each of them.
func TestAggregatesGroupLeadsAlike(t *testing.T) {
	w := newWorkspace(t)
	writeLeads(t, w, "leads.csv", []Lead{
		{RecordID: "1", Day: d("2025-03-02"), Email: "a@x.com", SourceFields: src("google_ads")},
		{RecordID: "2", Day: d("2025-03-02"), Email: "b@x.com", SourceFields: src("google_ads")},
		{RecordID: "3", Day: d("2025-03-02"), Email: "c@x.com", SourceFields: src("google_ads")},
		{RecordID: "4", Day: d("2025-03-02"), Email: "d@x.com", SourceFields: src("meta_ads")},
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "shop", OrderID: "1", Day: d("2025-03-05"), Email: "c@x.com", Currency: "USD", Gross: 100, Net: 100})
	})
	a, err := w.Aggregates(context.Background(), ReportOptions{Period: Period{From: d("2025-03-01"), To: d("2025-03-31")}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, l := range a.Leads {
		got[fmt.Sprintf("%d %s %s", l.ChannelID, l.Day, l.FirstSale)] += l.Count
	}
	g, m := channelIDOf(t, w, "google_ads"), channelIDOf(t, w, "meta_ads")
	want := map[string]int{
		fmt.Sprintf("%d 2025-03-02 %s", g, civil.Date{}): 2, // a and b: not bought
		fmt.Sprintf("%d 2025-03-02 2025-03-05", g):       1, // c
		fmt.Sprintf("%d 2025-03-02 %s", m, civil.Date{}): 1,
	}
	if len(a.Leads) != 3 || !maps.Equal(got, want) {
		t.Errorf("lead groups %v (%d), want %v", got, len(a.Leads), want)
	}
}
