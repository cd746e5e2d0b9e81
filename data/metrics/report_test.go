package metrics

import (
	"maps"
	"math"
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/channel"
	"lastmile/data/civil"
	"lastmile/data/metrics/metricstest"
	"lastmile/data/stats"
)

// handShop is two months of a shop whose figures are worked out by hand in
// TestReportByHand. Money is in cents.
//
//	Google Ads (digital, paid)  $300 spend; traced orders $100, $120, $140
//	Meta Ads (digital, paid)    $100 spend; traced $160, $180; tagged 3 × $50
//	LinkedIn Ads (paid)         no ad report; one tagged order $200
//	Trade show (traditional)    traced $600, $700, $800
//	Word of mouth (traditional) traced $900, $1,000
//	no lead, no tag             8 card payments at the till, $30 each
//
// Every traced order's lead came in on 10 March and bought that day. The
// sales are imported up to 20 May, so a lead is old enough to judge when it
// came in by 20 April (30 days).
func handShop() *metricstest.Shop {
	s := metricstest.New("2025-03-01", "2025-04-30")
	s.A.DataEnd = s.A.Options.Period.To.AddDays(20)
	s.Ad("google_ads", "Search - Tents", 30000).Ad("meta_ads", "Spring Sale", 10000)
	for _, v := range []int64{10000, 12000, 14000} {
		s.Traced("2025-03-10", "google_ads", channel.PlaceWeb, v)
	}
	// Two Google leads that never bought, one too recent to judge.
	s.Lead("google_ads", "2025-03-05", "")
	s.Lead("google_ads", "2025-03-05", "")
	s.Lead("google_ads", "2025-04-25", "")
	for _, v := range []int64{16000, 18000} {
		s.Traced("2025-03-10", "meta_ads", channel.PlaceWeb, v)
	}
	// A Meta lead that bought after 70 days, in May: not within 30 days.
	s.Lead("meta_ads", "2025-03-01", "2025-05-10")
	for range 3 {
		s.Sale("2025-03-20", "meta_ads", data.EvidenceTag, channel.PlaceWeb, 5000, 0, "")
	}
	s.Sale("2025-04-02", "linkedin_ads", data.EvidenceTag, channel.PlaceWeb, 20000, 0, "")
	for _, v := range []int64{60000, 70000, 80000} {
		s.Traced("2025-03-10", "trade_show", channel.PlaceInvoice, v)
	}
	for _, v := range []int64{90000, 100000} {
		s.Traced("2025-03-10", "word_of_mouth", channel.PlaceInvoice, v)
	}
	for range 8 {
		s.Sale("2025-04-05", "", data.EvidenceUnknown, channel.PlaceStore, 3000, 0, "")
	}
	return s
}

func build(t *testing.T, s *metricstest.Shop) Report {
	t.Helper()
	r, err := Build(s.A)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func row(t *testing.T, r Report, key string) ChannelReport {
	t.Helper()
	for _, c := range r.Rows() {
		if c.Key() == key {
			return c
		}
	}
	t.Fatalf("no row %s", key)
	return ChannelReport{}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestReportByHand(t *testing.T) {
	r := build(t, handShop())

	// The till: 8 sales, $240, of unknown source in store, in no channel
	// and no origin.
	if len(r.Unknown) != 1 || r.Unknown[0].Place != channel.PlaceStore || r.Unknown[0].Sales != 8 || r.Unknown[0].Revenue != 24000 {
		t.Errorf("unknown rows: %+v", r.Unknown)
	}
	if got := row(t, r, "unknown_store").Name(); got != "Source unknown: in store" {
		t.Errorf("unknown row named %q", got)
	}
	if _, ok := r.Channel(metricstest.ID("walk_in")); ok {
		t.Error("till sales made a Walk-in row")
	}
	// Totals: 9 digital + 5 traditional + 8 unknown sales; $1,050 +
	// $4,000 + $240.
	if r.Total.Sales != 22 || r.Total.Revenue != 529000 || r.Total.Spend != 40000 {
		t.Errorf("total %d sales, %d revenue, %d spend", r.Total.Sales, r.Total.Revenue, r.Total.Spend)
	}
	if r.Origins[0].Sales != 9 || r.Origins[1].Sales != 5 || r.Origins[0].Revenue != 105000 || r.Origins[1].Revenue != 400000 {
		t.Errorf("origins %+v %+v", r.Origins[0].Sales, r.Origins[1].Sales)
	}

	// Meta: 2 traced ($340) and 3 tagged ($150), both counted by default.
	meta := row(t, r, "meta_ads")
	if meta.Traced != (Part{2, 34000}) || meta.Tagged != (Part{3, 15000}) || meta.Sales != 5 || meta.Revenue != 49000 {
		t.Errorf("meta %+v %+v %d %d", meta.Traced, meta.Tagged, meta.Sales, meta.Revenue)
	}
	// Cost per sale $100 ÷ 5 = $20; per new buyer $100 ÷ 2 = $50.
	if v, ok := meta.CostPerSale(); !ok || v != 2000 {
		t.Errorf("meta cost per sale %v", v)
	}
	if v, ok := meta.CostPerBuyer(); !ok || v != 5000 {
		t.Errorf("meta cost per buyer %v", v)
	}

	// Headline return on ad spend: Google $360 + Meta $490 over $400 =
	// 2.125×; LinkedIn's $200 has no ad report and is left out (with it,
	// $1,050 ÷ $400 = 2.625× would overstate it).
	h := r.Headline
	if h.Spend != 40000 || h.Revenue != 85000 {
		t.Errorf("headline %d revenue over %d spend", h.Revenue, h.Spend)
	}
	near(t, "headline ROAS", h.ROAS.Value, 2.125)
	if len(h.NoReport) != 1 || h.NoReport[0].Channel.Key != "linkedin_ads" || h.NoReport[0].Revenue != 20000 {
		t.Errorf("no report: %+v", h.NoReport)
	}
	near(t, "total row ROAS", r.Total.ROAS.Value, 2.125)
	if !(h.ROAS.Low < 2.125 && 2.125 < h.ROAS.High) {
		t.Errorf("headline range %v", h.ROAS)
	}

	// Lead-to-sale: Google has 6 leads, 1 too recent (25 April), 3 of the
	// 5 judged bought within 30 days: 60%. Meta's 70-day buyer is judged
	// and did not buy within 30 days: 2 of 3.
	g := row(t, r, "google_ads")
	if g.Leads != 6 || g.Mature != 5 || g.Maturing != 1 || g.Buyers != 3 {
		t.Errorf("google leads %d mature %d maturing %d buyers %d", g.Leads, g.Mature, g.Maturing, g.Buyers)
	}
	near(t, "google lead-to-sale", g.LeadToSale.Value, 0.6)
	if meta.Mature != 3 || meta.Buyers != 2 {
		t.Errorf("meta judged %d buyers %d", meta.Mature, meta.Buyers)
	}

	// The traced gap: digital $100, 120, 140, 160, 180 (median $140)
	// against traditional $600…$1,000 (median $800): −$660. Every
	// resample's medians lie within those values, so the range lies
	// within −$900 ($100 − $1,000) and −$420 ($180 − $600): traditional
	// has the larger orders, clearly.
	gp := r.Gap
	if gp.Digital.Sales != 5 || gp.Traditional.Sales != 5 {
		t.Errorf("traced gap sides %d, %d", gp.Digital.Sales, gp.Traditional.Sales)
	}
	near(t, "traced median gap", gp.Median.Value, -66000)
	if gp.Median.Low < -90000 || gp.Median.High > -42000 {
		t.Errorf("traced gap range %v", gp.Median)
	}
	if gp.Larger != data.Traditional {
		t.Errorf("traced gap says %q", gp.Larger)
	}
	// Every sale with a channel: the tagged $50 × 3 and LinkedIn's $200
	// join the digital side: 50, 50, 50, 100, 120, 140, 160, 180, 200,
	// median $120; −$680 against $800. The till sales are in neither.
	if r.GapAll.Digital.Sales != 9 || r.GapAll.Traditional.Sales != 5 {
		t.Errorf("all-sales gap sides %d, %d", r.GapAll.Digital.Sales, r.GapAll.Traditional.Sales)
	}
	near(t, "all-sales median gap", r.GapAll.Median.Value, -68000)
	// Within places: the digital sales are all on the web and the
	// traditional ones all invoices, so no place has both sides.
	if len(r.GapByPlace) != 0 {
		t.Errorf("gap by place %+v", r.GapByPlace)
	}
	if w := GapWords(r.Gap, "USD"); !strings.Contains(w, "traditional channels had the larger orders, a median of $800 against $140") {
		t.Errorf("gap words: %s", w)
	}
}

func TestTracedOnlyLeavesTagsOut(t *testing.T) {
	s := handShop()
	s.A.Settings.TracedOnly = true
	r := build(t, s)
	meta := row(t, r, "meta_ads")
	if meta.Sales != 2 || meta.Revenue != 34000 || meta.Tagged != (Part{3, 15000}) {
		t.Errorf("meta counts %d sales, %d revenue; tagged %+v", meta.Sales, meta.Revenue, meta.Tagged)
	}
	// Google $360 + Meta $340 over $400 = 1.75×.
	near(t, "headline ROAS", r.Headline.ROAS.Value, 1.75)
	// The total still counts every sale.
	if r.Total.Revenue != 529000 {
		t.Errorf("total revenue %d", r.Total.Revenue)
	}
	// LinkedIn has only a tagged sale: nothing counted, so not listed as
	// missing a report.
	if len(r.Headline.NoReport) != 0 {
		t.Errorf("no report: %+v", r.Headline.NoReport)
	}
}

func TestPaidBackFollowsTheRange(t *testing.T) {
	// 40 orders of $50 on $1,000 of spend: 2.0×. The Poisson bootstrap
	// of a sum of n equal orders c has a spread of c·√n: $50 × √40 ≈
	// $316, so the range is about 2.0 ± 1.96 × 0.316 = 1.38 to 2.62×,
	// wholly above 1.0: paid back. With a 40% margin break-even is
	// 2.5×, inside the range: too early to say.
	s := metricstest.New("2025-03-01", "2025-03-31")
	s.Ad("google_ads", "Search", 100000)
	for range 40 {
		s.Sale("2025-03-10", "google_ads", data.EvidenceTag, channel.PlaceWeb, 5000, 0, "")
	}
	r := build(t, s)
	g := row(t, r, "google_ads")
	if g.Payback != stats.PaidBack || g.ROAS.Low < 1.2 || g.ROAS.High > 2.8 {
		t.Errorf("no margin: %v %v", g.Payback, g.ROAS)
	}
	s.A.Settings.GrossMarginPct = 40
	r = build(t, s)
	g = row(t, r, "google_ads")
	near(t, "break-even", r.Headline.BreakEven, 2.5)
	if g.Payback != stats.TooEarly {
		t.Errorf("40%% margin: %v %v", g.Payback, g.ROAS)
	}
	// Profit after ads: $2,000 × 40% − $1,000 = −$200.
	if !g.ProfitOK || g.Profit != -20000 {
		t.Errorf("profit %d %v", g.Profit, g.ProfitOK)
	}
	if w := PaybackWords("Google Ads", g.Spend, g.Revenue, g.ROAS, g.Payback, r.Headline.BreakEven, "USD"); !strings.Contains(w, "too early to say") {
		t.Errorf("words: %s", w)
	}
	// Spend 10× the revenue: the whole range is below: did not pay back.
	s.A.Settings.GrossMarginPct = 0
	s.A.Ads[0].Spend = 2000000
	r = build(t, s)
	if g := row(t, r, "google_ads"); g.Payback != stats.NotPaidBack {
		t.Errorf("big spend: %v %v", g.Payback, g.ROAS)
	}
}

func TestTheTableIsOneDefinition(t *testing.T) {
	r := build(t, handShop())
	keys := map[string]bool{}
	for _, c := range Columns {
		if keys[c.Key] {
			t.Errorf("column %s twice", c.Key)
		}
		keys[c.Key] = true
		for _, x := range r.Rows() {
			c.Text(c.Value(x), "USD") // every column reads every row
		}
	}
	// The total row's lead-to-sale is the Wilson interval of its own
	// buyers and judged leads, read through the column.
	tot := r.Total
	v := ColumnByKey("lead_to_sale").Value(tot)
	want := stats.Wilson(tot.Buyers, tot.Mature)
	if !v.OK || v.Num != want.Value || v.Low != want.Low || v.High != want.High {
		t.Errorf("total lead-to-sale %+v, want %+v", v, want)
	}
	// LinkedIn's spend is unknown, not zero.
	if got := ColumnByKey("spend").Text(ColumnByKey("spend").Value(row(t, r, "linkedin_ads")), "USD"); got != "no report" {
		t.Errorf("LinkedIn spend %q", got)
	}
	if got := ColumnByKey("roas").Text(ColumnByKey("roas").Value(tot), "USD"); !strings.HasPrefix(got, "2.12× (") { // 2.125 is a hair under in binary
		t.Errorf("total ROAS %q", got)
	}
}

func TestCampaignsOpenTheChannel(t *testing.T) {
	// Meta's "Lead Gen" campaign spent $100 and its leads bought $500;
	// "Spring Sale" spent $400 for $420 of tagged orders.
	s := metricstest.New("2025-03-01", "2025-03-31")
	s.Ad("meta_ads", "Lead Gen", 10000).Ad("meta_ads", "Spring Sale", 40000)
	s.A.Campaigns = []string{"", "lead gen", "spring sale"}
	s.A.Orders = append(s.A.Orders,
		data.Order{ChannelID: 3, EvidenceIndex: data.EvidenceIndexOf(data.EvidenceLead), LeadID: 1, LeadChannelID: 3, CampaignIndex: 1, Amount: 50000},
		data.Order{ChannelID: 3, EvidenceIndex: data.EvidenceIndexOf(data.EvidenceTag), CampaignIndex: 2, Amount: 42000})
	r := build(t, s)
	m := row(t, r, "meta_ads")
	if len(m.Campaigns) != 2 {
		t.Fatalf("campaigns %+v", m.Campaigns)
	}
	spring, gen := m.Campaigns[0], m.Campaigns[1] // costliest first
	near(t, "Lead Gen ROAS", gen.ROAS.Value, 5)
	near(t, "Spring Sale ROAS", spring.ROAS.Value, 1.05)
	if gen.Campaign != "Lead Gen" || gen.Sales != 1 || spring.Revenue != 42000 {
		t.Errorf("campaign rows %+v", m.Campaigns)
	}
}

func TestLeadsTodayAreTheEndOfThePeriod(t *testing.T) {
	s := metricstest.New("2025-03-01", "2025-03-31")
	s.A.LeadDays = []data.LeadDay{
		{Day: s.A.Options.Period.To, ChannelID: 1, Leads: 2},
		{Day: s.A.Options.Period.To.AddDays(-1), ChannelID: 3, Leads: 5},
	}
	r := build(t, s)
	if r.Today != s.A.Options.Period.To || r.LeadsToday[1] != 2 || r.LeadsThisWeek[3] != 5 {
		t.Errorf("today %v %v %v", r.Today, r.LeadsToday, r.LeadsThisWeek)
	}
}

// TestRefundsAreTheirOwnFigure: refunds come with the sales days they are
// counted on; each row shows its own, the total all of them, and the words
// say how the refunds written apart from their sale were tied to it.
//
// To handShop add: $30 given back on one of Meta's traced orders of 10
// March (linked, so the order's day); $15 on one of Meta's tagged orders
// of 20 March; and an unlinked $20 till refund on 6 April. Meta's refunds
// are $45 ($30 with traced only: tagged sales do not count in the channel
// then); the till row's $20; the total $65 either way.
func TestRefundsAreTheirOwnFigure(t *testing.T) {
	s := handShop()
	s.A.SalesDays = append(s.A.SalesDays,
		data.SalesDay{Day: civil.MustParse("2025-03-10"), ChannelID: metricstest.ID("meta_ads"), Evidence: data.EvidenceLead, Place: channel.PlaceWeb, Revenue: -3000, Refunds: 3000},
		data.SalesDay{Day: civil.MustParse("2025-03-20"), ChannelID: metricstest.ID("meta_ads"), Evidence: data.EvidenceTag, Place: channel.PlaceWeb, Revenue: -1500, Refunds: 1500},
		data.SalesDay{Day: civil.MustParse("2025-04-06"), Evidence: data.EvidenceUnknown, Place: channel.PlaceStore, Revenue: -2000, Refunds: 2000})
	s.A.Refunds = data.RefundLinks{ByID: 2, ByCustomer: 1, Unlinked: 1, UnlinkedAmount: 2000}
	r := build(t, s)
	if m := row(t, r, "meta_ads"); m.Refunds != 4500 || m.Revenue != 34000+15000-4500 {
		t.Errorf("Meta: refunds %d, revenue %d", m.Refunds, m.Revenue)
	}
	if len(r.Unknown) != 1 || r.Unknown[0].Refunds != 2000 || r.Unknown[0].Revenue != 24000-2000 {
		t.Errorf("till %+v", r.Unknown)
	}
	if r.Total.Refunds != 6500 {
		t.Errorf("total refunds %d", r.Total.Refunds)
	}
	var refunds Column
	for _, c := range Columns {
		if c.Key == "refunds" {
			refunds = c
		}
	}
	if v := refunds.Value(r.Total); !v.OK || v.Num != 6500 {
		t.Errorf("refunds column on the total: %+v", v)
	}
	w := RefundWords(r)
	for _, want := range []string{"$65 given back", "2 matched their sale by the sale's number", "1 matched its sale by customer only",
		"1 matched no sale ($20, counted on their own day"} {
		if !strings.Contains(w, want) {
			t.Errorf("refund words lack %q:\n%s", want, w)
		}
	}

	s.A.Settings.TracedOnly = true
	r = build(t, s)
	if m := row(t, r, "meta_ads"); m.Refunds != 3000 || r.Total.Refunds != 6500 {
		t.Errorf("traced only: Meta refunds %d, total %d", m.Refunds, r.Total.Refunds)
	}

	s.A.Refunds = data.RefundLinks{Unlinked: 1, UnlinkedAmount: 2000}
	if w := RefundWords(build(t, s)); !strings.Contains(w, "The one refund written apart from a sale matched no sale: $20") {
		t.Errorf("one unlinked refund: %s", w)
	}
	if w := RefundWords(build(t, handShop())); w != "" {
		t.Errorf("no refunds, yet: %s", w)
	}
}

// TestTotalCostsDivideThePaidChannels: the total's cost per sale and per
// buyer divide the spend of the paid channels with an ad report by their
// own sales and buyers, like the headline return on ad spend; the till's
// sales and LinkedIn's (no ad report) cost nothing that is known. In
// handShop: $400 of spend over Google's 3 sales and Meta's 5 (2 traced, 3
// tagged) = $50 a sale; over their 3 + 2 new buyers = $80 a buyer; over
// their 9 leads, $44.44 a lead.
func TestTotalCostsDivideThePaidChannels(t *testing.T) {
	r := build(t, handShop())
	if v, ok := r.Total.CostPerSale(); !ok || v != 5000 {
		t.Errorf("total cost per sale %v %v, want 5000", v, ok)
	}
	if v, ok := r.Total.CostPerBuyer(); !ok || v != 8000 {
		t.Errorf("total cost per buyer %v %v, want 8000", v, ok)
	}
	// Leads: Google 3 buyers + 3 open, Meta 2 buyers + 1 = 9 leads: $400 ÷ 9.
	if v := r.Total.CostPerLead(); !v.OK || math.Abs(v.Value-40000.0/9) > 1e-9 {
		t.Errorf("total cost per lead %+v, want %v", v, 40000.0/9)
	}
	if v, ok := row(t, r, "meta_ads").CostPerSale(); !ok || v != 2000 {
		t.Errorf("Meta cost per sale %v %v, want 2000", v, ok)
	}
}

// TestQuickReportAgreesWithTheWhole: a quick report (no orders) gives
// every figure that does not need the orders exactly as the whole report
// does, and leaves the others out rather than showing them wrong.
func TestQuickReportAgreesWithTheWhole(t *testing.T) {
	s := handShop()
	whole := build(t, s)
	s.A.Options.Quick = true
	s.A.Orders, s.A.CampaignOrders = nil, nil
	quick := build(t, s)
	if !quick.Quick || whole.Quick {
		t.Fatalf("quick %v, whole %v", quick.Quick, whole.Quick)
	}
	wr, qr := whole.Rows(), quick.Rows()
	if len(wr) != len(qr) {
		t.Fatalf("%d rows against %d", len(qr), len(wr))
	}
	for i := range wr {
		for _, c := range Columns {
			w, q := c.Value(wr[i]), c.Value(qr[i])
			switch {
			case c.Orders && q.OK:
				t.Errorf("%s %s: a quick report shows %+v", wr[i].Key(), c.Key, q)
			case !c.Orders && w != q:
				t.Errorf("%s %s: quick %+v, whole %+v", wr[i].Key(), c.Key, q, w)
			}
		}
	}
	if quick.Headline.ROAS.OK || quick.Gap.Median.OK || quick.GapAll.Median.OK || len(quick.GapByPlace) > 0 {
		t.Errorf("quick headline %+v, gap %+v", quick.Headline.ROAS, quick.Gap.Median)
	}
	if m := row(t, quick, "meta_ads"); m.Campaigns != nil {
		t.Errorf("quick campaigns %+v", m.Campaigns)
	}
	if !maps.Equal(quick.LeadsThisWeek, whole.LeadsThisWeek) || quick.Compare.Verdict != whole.Compare.Verdict {
		t.Errorf("leads this week %v against %v; verdict %s against %s", quick.LeadsThisWeek, whole.LeadsThisWeek, quick.Compare.Verdict, whole.Compare.Verdict)
	}
}
