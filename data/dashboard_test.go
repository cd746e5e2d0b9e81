package data

import (
	"context"
	"errors"
	"maps"
	"math"
	"strings"
	"testing"
	"time"

	"lastmile/data/civil"
)

var d = civil.MustParse

func info(name string, k Kind) BatchInfo {
	return BatchInfo{FileName: name, SHA256: "sha-" + name, Kind: k, Format: "test", ImportedAt: time.Date(2025, 3, 20, 9, 0, 0, 0, time.UTC)}
}

// sums returns the workspace's table checksums, failing the test on error so
// that two failures can never compare equal.
func sums(t *testing.T, w *Workspace) map[string]string {
	t.Helper()
	m, err := w.TableChecksums(context.Background())
	if err != nil || len(m) == 0 {
		t.Fatalf("checksums: %v (%d tables)", err, len(m))
	}
	return m
}

func mustWrite(t *testing.T, w *Workspace, bi BatchInfo, fill func(*BatchWriter) error) BatchResult {
	t.Helper()
	r, err := w.WriteBatch(context.Background(), bi, fill)
	if err != nil {
		t.Fatalf("write %s: %v", bi.FileName, err)
	}
	checkDerived(t, w)
	return r
}

// checkDerived fails when what a write keeps up to date step by step
// differs from working it out again from every row: each lead's first
// sale, and what each order kept after the refunds linked to it.
func checkDerived(t *testing.T, w *Workspace) {
	t.Helper()
	var leads, orders int
	err := w.rdb.QueryRow(`SELECT count(*) FROM leads AS l WHERE l.superseded_by IS NULL AND l.first_sale IS NOT
		(SELECT min(s.day) FROM sales AS s WHERE s.lead_id = l.id AND s.superseded_by IS NULL AND s.kind = 'order' AND s.kept_minor > 0)`).Scan(&leads)
	if err != nil {
		t.Fatal(err)
	}
	err = w.rdb.QueryRow(`SELECT count(*) FROM sales AS o WHERE o.superseded_by IS NULL AND o.kind = 'order' AND o.kept_minor <>
		o.net_minor + coalesce((SELECT sum(r.net_minor) FROM sales AS r WHERE r.refund_of = o.id AND r.superseded_by IS NULL AND r.kind = 'refund'), 0)`).Scan(&orders)
	if err != nil {
		t.Fatal(err)
	}
	if leads != 0 || orders != 0 {
		t.Errorf("%d leads with a stale first sale, %d orders with stale money kept", leads, orders)
	}
	// Batches write without SQLite's row-by-row key checks (checkKeys
	// checks their rows): the whole file's keys must hold.
	problems, err := listProblems(context.Background(), w.rdb, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("foreign keys broken: %v", problems)
	}
}

// smallWorkspace builds the workspace whose dashboard figures are worked out
// by hand in TestDashboardKnownWorkspace. Money is in cents.
func smallWorkspace(t *testing.T) *Workspace {
	w := newWorkspace(t)
	mustWrite(t, w, info("ads", KindAdStats), func(b *BatchWriter) error {
		for _, a := range []AdStat{
			{Platform: "google_ads", Campaign: "Search", From: d("2025-03-01"), Spend: 1000},
			{Platform: "google_ads", Campaign: "Search", From: d("2025-03-07"), Spend: 2000},
			{Platform: "google_ads", Campaign: "Search", From: d("2025-03-08"), Spend: 3000},
			{Platform: "google_ads", Campaign: "Search", From: d("2025-03-14"), Spend: 4000},
			{Platform: "google_ads", Campaign: "Search", From: d("2025-03-15"), Spend: 9900},
			// A reporting-range row: $100 over 10 days, 3 of them in the
			// previous period and 7 in the current one.
			{Platform: "meta_ads", Campaign: "Reach", From: d("2025-03-05"), To: d("2025-03-14"), Spend: 10000},
		} {
			a.Currency = "USD"
			if err := b.AdStat(a); err != nil {
				return err
			}
		}
		return nil
	})
	mustWrite(t, w, info("leads", KindLeads), func(b *BatchWriter) error {
		for _, l := range []Lead{
			{RecordID: "L1", Day: d("2025-03-02"), Email: "a@x.com", SourceFields: src("google_ads")},
			{RecordID: "L2", Day: d("2025-03-09"), Email: "b@x.com", SourceFields: src("trade_show")},
			{RecordID: "L3", Day: d("2025-03-10"), Email: "c@x.com", SourceFields: src("google_ads")},
			{RecordID: "L4", Day: d("2025-03-12"), SourceFields: src("walk_in")},
			{RecordID: "L5", Day: d("2025-03-12"), Email: "d@x.com", SourceFields: src("walk_in")},
			{RecordID: "L6", Day: d("2025-03-10"), Email: "e@x.com", SourceFields: src("google_ads")},
		} {
			l.System = "crm"
			if err := b.Lead(l); err != nil {
				return err
			}
		}
		return nil
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "S1", Day: d("2025-03-03"), Email: " A@X.com ", Gross: 10000, Net: 10000},
			{OrderID: "S2", Day: d("2025-03-09"), Email: "a@x.com", Gross: 25000, Refunded: 5000, Net: 20000},
			{OrderID: "S3", Day: d("2025-03-10"), Email: "b@x.com", Gross: 100000, Net: 100000},
			{OrderID: "S4", Day: d("2025-03-11"), Gross: 8000, Net: 8000},
			{OrderID: "S5", Day: d("2025-03-12"), Kind: SaleRefund, Gross: -3000, Net: -3000},
			{OrderID: "S6", Day: d("2025-03-13"), Email: "c@x.com", Gross: 6000, Refunded: 6000, Net: 0},
			{OrderID: "S7", Day: d("2025-03-14"), Email: "z@x.com", Gross: 30000, Net: 30000, SourceFields: src("meta_ads")},
			{OrderID: "S8", Day: d("2025-03-13"), Email: "a@x.com", Gross: 4000, Net: 4000, SourceFields: src("organic_search")},
			{OrderID: "S9", Day: d("2025-03-15"), Email: "a@x.com", Gross: 50000, Net: 50000},
			{OrderID: "S10", Day: d("2025-03-10"), Kind: SaleVoid, Email: "a@x.com"},
			{OrderID: "S11", Day: d("2025-03-11"), Email: "d@x.com", Gross: 7000, Net: 7000},
			{OrderID: "S12", Day: d("2025-03-08"), Email: "e@x.com", Gross: 2500, Net: 2500},
		} {
			s.System, s.Currency = "shop", "USD"
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

// TestDashboardKnownWorkspace checks every figure against sums done by hand.
//
// Period 8–14 March 2025 (7 days); previous period 1–7 March.
//
// Spend, current: Google 30 + 40 = 70; Meta 7/10 of 100 = 70; total 140.
// Spend, previous: Google 10 + 20 = 30; Meta 3/10 of 100 = 30; total 60.
// Leads, current: L2 (trade show), L3 and L6 (Google), L4 and L5 (walk-in) = 5.
// Leads, previous: L1 = 1.
// Sales, current (orders with money kept, 8–14 March):
//
//	S2  200  lead L1 by email          → Google Ads
//	S3 1000  lead L2                   → Trade show
//	S4   80  no email                  → source unknown
//	S7  300  no lead, own source Meta  → Meta Ads
//	S8   40  lead L1 (own: organic)    → Google Ads (first touch)
//	S11  70  lead L5 made a day later  → Walk-in (one day of clock slack)
//	S12  25  lead L6 made 2 days later → source unknown (too early to match)
//
// = 7 sales. S5 is a refund (−30, source unknown), S6 was refunded in full
// (0), S10 is void, S9 is after the period: none of them is a sale.
// Revenue, current: 200+1000+80+300+40+70+25−30 = 1685.
// Paid revenue: Google 240 + Meta 300 = 540; ROAS 540/140 = 3.857.
// Previous: S1 100 (Google, email matched after trimming and lower-casing);
// ROAS 100/60. The file names no place of sale, so the sales of unknown
// source are one row: "Source unknown: other sales", 80 + 25 − 30 = 75.
// Refunds, current: S2's 50 on its own row, S6's 60 (in full) and S5's 30
// (it names no order or customer, so it links to no sale and counts on its
// own day) = 140. Previous: none.
func TestDashboardKnownWorkspace(t *testing.T) {
	w := smallWorkspace(t)
	p := Period{d("2025-03-08"), d("2025-03-14")}
	got, err := w.Dashboard(context.Background(), p, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if got.Previous != (Period{d("2025-03-01"), d("2025-03-07")}) {
		t.Errorf("previous period %v", got.Previous)
	}
	wantCur := Totals{Spend: 14000, Leads: 5, Sales: 7, Revenue: 168500, Refunds: 14000, PaidRevenue: 54000}
	wantPrev := Totals{Spend: 6000, Leads: 1, Sales: 1, Revenue: 10000, PaidRevenue: 10000}
	if got.Current != wantCur {
		t.Errorf("current  %+v\nwant     %+v", got.Current, wantCur)
	}
	if got.Prior != wantPrev {
		t.Errorf("previous %+v\nwant     %+v", got.Prior, wantPrev)
	}
	if roas, ok := got.Current.ROAS(); !ok || math.Abs(roas-540.0/140.0) > 1e-9 {
		t.Errorf("ROAS %v %v", roas, ok)
	}

	type row struct {
		spend, revenue int64
		leads, sales   int
	}
	want := map[string]row{
		"Google Ads":          {7000, 24000, 2, 2},
		"Meta Ads":            {7000, 30000, 0, 1},
		"Trade show / events": {0, 100000, 1, 1},
		"Walk-in":             {0, 7000, 2, 1},
		UnknownName("other"):  {0, 7500, 0, 2},
	}
	var order []string
	for _, c := range got.Channels {
		order = append(order, c.Channel.Name)
		wr, ok := want[c.Channel.Name]
		if !ok {
			t.Errorf("unexpected channel %q: %+v", c.Channel.Name, c)
			continue
		}
		if g := (row{c.Spend, c.Revenue, c.Leads, c.Sales}); g != wr {
			t.Errorf("%s: %+v, want %+v", c.Channel.Name, g, wr)
		}
		delete(want, c.Channel.Name)
	}
	for name := range want {
		t.Errorf("channel %s missing", name)
	}
	wantOrder := []string{"Google Ads", "Meta Ads", "Trade show / events", "Walk-in", UnknownName("other")}
	if len(order) == len(wantOrder) {
		for i := range order {
			if order[i] != wantOrder[i] {
				t.Errorf("channel order %v, want %v", order, wantOrder)
				break
			}
		}
	}

	// Last touch: S8 counts under its own source (organic search), so Google
	// keeps only S2 and paid revenue is 200 + 300.
	last, err := w.Dashboard(context.Background(), p, LastTouch)
	if err != nil {
		t.Fatal(err)
	}
	if last.Current.PaidRevenue != 50000 || last.Current.Revenue != 168500 {
		t.Errorf("last touch totals %+v", last.Current)
	}
	for _, c := range last.Channels {
		if c.Channel.Name == "Organic search" && (c.Sales != 1 || c.Revenue != 4000) {
			t.Errorf("last touch organic search %+v", c)
		}
		if c.Channel.Name == "Google Ads" && (c.Sales != 1 || c.Revenue != 20000) {
			t.Errorf("last touch Google %+v", c)
		}
	}
}

// A paid channel with sales but no ad report would add revenue without its
// cost: the headline return on ad spend leaves it out and says how much.
func TestDashboardROASLeavesOutChannelsWithoutAdReport(t *testing.T) {
	w := newWorkspace(t)
	mustWrite(t, w, info("ads", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Platform: "google_ads", Campaign: "Search", From: d("2025-03-05"), Currency: "USD", Spend: 10000})
	})
	li := SourceFields{{Name: "utm_source", Value: "linkedin"}, {Name: "utm_medium", Value: "paid_social"}}
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "1", Day: d("2025-03-06"), Net: 15000, SourceFields: src("google_ads")},
			{OrderID: "2", Day: d("2025-03-07"), Net: 30000, SourceFields: li},
		} {
			s.System, s.Currency, s.Gross = "shop", "USD", s.Net
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := w.Dashboard(context.Background(), Period{d("2025-03-01"), d("2025-03-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	// Google: $150 of sales for $100 of spend, 1.5×; LinkedIn's $300 has no
	// report (with it, $450 ÷ $100 = 4.5× would be claimed).
	c := got.Current
	if c.PaidRevenue != 15000 || c.NoReportRevenue != 30000 || c.Revenue != 45000 {
		t.Errorf("totals %+v", c)
	}
	if roas, ok := c.ROAS(); !ok || roas != 1.5 {
		t.Errorf("ROAS %v", roas)
	}
}

func TestDashboardEmptyAndInvalid(t *testing.T) {
	w := newWorkspace(t)
	got, err := w.Dashboard(context.Background(), Period{d("2025-01-01"), d("2025-01-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Empty() || len(got.Channels) != 0 {
		t.Errorf("empty workspace: %+v", got)
	}
	if _, ok := got.Current.ROAS(); ok {
		t.Error("ROAS with no spend should not exist")
	}
	_, err = w.Dashboard(context.Background(), Period{d("2025-02-01"), d("2025-01-01")}, FirstTouch)
	if _, ok := AsUserError(err); !ok {
		t.Errorf("backwards period: %v", err)
	}
}

func TestSupersedeAndUndo(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	day := func(s string, cents int64) AdStat {
		return AdStat{Platform: "google_ads", Account: "A", Campaign: "C", From: d(s), Currency: "USD", Spend: cents}
	}
	fill := func(rows ...AdStat) func(*BatchWriter) error {
		return func(b *BatchWriter) error {
			for _, r := range rows {
				if err := b.AdStat(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	p := Period{d("2025-03-01"), d("2025-03-31")}
	spend := func() int64 {
		t.Helper()
		got, err := w.Dashboard(ctx, p, FirstTouch)
		if err != nil {
			t.Fatal(err)
		}
		return got.Current.Spend
	}

	empty := sums(t, w)
	a := mustWrite(t, w, info("march-1-3", KindAdStats), fill(day("2025-03-01", 100), day("2025-03-02", 200), day("2025-03-03", 300)))
	if a.Added != 3 || a.Superseded != 0 || spend() != 600 {
		t.Fatalf("first report: %+v, spend %d", a, spend())
	}
	afterA := sums(t, w)

	// The same facts again in a report that overlaps: 2–3 March are
	// replaced (corrected figures), 4 March is new. Nothing counts twice.
	b := mustWrite(t, w, info("march-2-4", KindAdStats), fill(day("2025-03-02", 250), day("2025-03-03", 300), day("2025-03-04", 400)))
	if b.Added != 3 || b.Superseded != 2 {
		t.Fatalf("overlapping report: %+v", b)
	}
	if got := spend(); got != 100+250+300+400 {
		t.Fatalf("spend after overlap %d, want 1050", got)
	}
	afterB := sums(t, w)

	// A third report of 3 March, then undo the middle one: 3 March must
	// stay at the third report's value, 2 March returns to the first.
	c := mustWrite(t, w, info("march-3", KindAdStats), fill(day("2025-03-03", 333)))
	if c.Superseded != 1 || spend() != 100+250+333+400 {
		t.Fatalf("third report: %+v spend %d", c, spend())
	}
	if err := w.UndoBatch(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := sums(t, w); !maps.Equal(got, afterB) {
		t.Fatal("undoing the third report did not restore the workspace as it was after the second")
	}
	c = mustWrite(t, w, info("march-3 again", KindAdStats), fill(day("2025-03-03", 333)))
	if err := w.UndoBatch(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if got := spend(); got != 100+200+333 {
		t.Fatalf("after undoing the middle report spend %d, want 633", got)
	}
	if err := w.UndoBatch(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := sums(t, w); !maps.Equal(got, afterA) {
		t.Errorf("undoing every later batch did not restore the workspace:\n%v\n%v", got, afterA)
	}
	if err := w.UndoBatch(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := sums(t, w); !maps.Equal(got, empty) {
		t.Error("undoing everything did not restore the empty workspace")
	}
	if err := w.UndoBatch(ctx, a.ID); err == nil {
		t.Error("undoing a batch twice should say it is gone")
	}
}

func TestSameFileTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := smallWorkspace(t)
	before := sums(t, w)
	_, err := w.WriteBatch(ctx, info("sales", KindSales), func(b *BatchWriter) error {
		t.Error("fill called for a file already imported")
		return nil
	})
	ue, ok := AsUserError(err)
	if !ok || !strings.Contains(ue.Msg, "already imported on 20 Mar 2025") {
		t.Fatalf("second import: %v", err)
	}
	if after := sums(t, w); !maps.Equal(before, after) {
		t.Error("the refused import changed the workspace")
	}
}

func TestFailedOrCancelledBatchLeavesNoTrace(t *testing.T) {
	w := smallWorkspace(t)
	before := sums(t, w)

	ctx, cancel := context.WithCancel(context.Background())
	_, err := w.WriteBatch(ctx, info("big", KindLeads), func(b *BatchWriter) error {
		for i := range 1000 {
			if i == 500 {
				cancel()
			}
			if err := b.Lead(Lead{System: "crm", RecordID: string(rune('a'+i%26)) + string(rune(i)), Day: d("2025-03-01")}); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrCancelled) {
		t.Fatalf("cancelled import: %v", err)
	}
	_, err = w.WriteBatch(context.Background(), info("dupes", KindLeads), func(b *BatchWriter) error {
		for range 2 {
			if err := b.Lead(Lead{System: "crm", RecordID: "same", Day: d("2025-03-01")}); err != nil {
				return err
			}
		}
		return nil
	})
	if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, "repeats a row") {
		t.Fatalf("duplicate key in one file: %v", err)
	}
	_, err = w.WriteBatch(context.Background(), info("wrong kind", KindLeads), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "x", OrderID: "1", Day: d("2025-03-01"), Currency: "USD"})
	})
	if err == nil {
		t.Fatal("a leads batch accepted a sale")
	}
	if after := sums(t, w); !maps.Equal(before, after) {
		t.Error("a failed import left rows behind")
	}
	batches, _ := w.Batches(context.Background())
	if len(batches) != 3 {
		t.Errorf("%d batches after failed imports, want the 3 good ones", len(batches))
	}
}

func TestPeriodPresets(t *testing.T) {
	today := d("2026-11-24")
	cases := map[Preset]Period{
		Last7Days:   {d("2026-11-18"), d("2026-11-24")},
		Last30Days:  {d("2026-10-26"), d("2026-11-24")},
		Last90Days:  {d("2026-08-27"), d("2026-11-24")},
		ThisMonth:   {d("2026-11-01"), d("2026-11-24")},
		LastMonth:   {d("2026-10-01"), d("2026-10-31")},
		ThisQuarter: {d("2026-10-01"), d("2026-11-24")},
	}
	for p, want := range cases {
		if got := PeriodFor(p, today); got != want {
			t.Errorf("%s: %v, want %v", p, got, want)
		}
	}
	if got := PeriodFor(LastMonth, d("2026-03-31")); got != (Period{d("2026-02-01"), d("2026-02-28")}) {
		t.Errorf("last month from 31 March: %v", got)
	}
	if got := PeriodFor(LastMonth, d("2026-01-15")); got != (Period{d("2025-12-01"), d("2025-12-31")}) {
		t.Errorf("last month across a year: %v", got)
	}
	if got := (Period{d("2026-10-01"), d("2026-10-31")}).Previous(); got != (Period{d("2026-08-31"), d("2026-09-30")}) {
		t.Errorf("previous of October (31 days): %v", got)
	}
}

func TestKPIChange(t *testing.T) {
	cases := []struct {
		k    KPI
		want string
	}{
		{KPI{Current: 120, Previous: 100, CurrentOK: true, PreviousOK: true}, "+20%"},
		{KPI{Current: 75, Previous: 100, CurrentOK: true, PreviousOK: true}, "−25%"},
		{KPI{Current: 100.2, Previous: 100, CurrentOK: true, PreviousOK: true}, "no change"},
		{KPI{Current: 5, Previous: 0, CurrentOK: true, PreviousOK: true}, "new this period"},
		{KPI{Current: 0, Previous: 0, CurrentOK: true, PreviousOK: true}, "no change"},
		{KPI{Current: 2, CurrentOK: true}, "nothing to compare"},
	}
	for _, c := range cases {
		if got := c.k.FormatChange(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.k, got, c.want)
		}
	}
}

// TestRangeRowsSpreadInWholeCents: $10.00 reported for three days is spread
// as 333, 333 and 334 cents, so any set of days adds up to whole cents and
// all three days add up to exactly $10.00.
func TestRangeRowsSpreadInWholeCents(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	mustWrite(t, w, info("range", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Platform: "meta_ads", Campaign: "Reach", From: d("2025-03-01"), To: d("2025-03-03"),
			Currency: "USD", Spend: 1000, Clicks: 10})
	})
	for _, c := range []struct {
		p    Period
		want int64
	}{
		{Period{d("2025-03-01"), d("2025-03-01")}, 333},
		{Period{d("2025-03-02"), d("2025-03-03")}, 667},
		{Period{d("2025-03-01"), d("2025-03-03")}, 1000},
		{Period{d("2025-02-01"), d("2025-03-31")}, 1000},
		{Period{d("2025-03-04"), d("2025-03-31")}, 0},
	} {
		got, err := w.Dashboard(ctx, c.p, FirstTouch)
		if err != nil {
			t.Fatal(err)
		}
		if got.Current.Spend != c.want {
			t.Errorf("%v: spend %d, want %d", c.p, got.Current.Spend, c.want)
		}
	}
}

func TestChangingTheWindowRematches(t *testing.T) {
	ctx := context.Background()
	w := smallWorkspace(t)
	p := Period{d("2025-03-08"), d("2025-03-14")}
	s := w.Settings()
	s.AttributionWindowDays = 5 // L1 (2 March) is now too old for S2 (9 March) and S8 (13 March)
	if err := w.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := w.Dashboard(ctx, p, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got.Channels {
		if c.Channel.Name == "Google Ads" && c.Revenue != 0 {
			t.Errorf("with a 5-day window Google Ads still has %d of revenue", c.Revenue)
		}
		if c.Channel.Name == "Organic search" && c.Revenue != 4000 {
			t.Errorf("S8 should fall back to its own source: %+v", c)
		}
	}
}

// TestCoarsestLevelCounts: a campaign report and a keyword report of the
// same campaign and day describe the same money; only the campaign figure
// counts. A day the campaign report does not cover takes the keyword one.
func TestCoarsestLevelCounts(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	mustWrite(t, w, info("campaigns", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Platform: "google_ads", Campaign: "Search", From: d("2025-03-01"), Currency: "USD", Spend: 1000})
	})
	mustWrite(t, w, info("keywords", KindAdStats), func(b *BatchWriter) error {
		for _, a := range []AdStat{
			{AdGroup: "Tents", Level: "keyword", From: d("2025-03-01"), Spend: 600},
			{AdGroup: "Stoves", Level: "keyword", From: d("2025-03-01"), Spend: 300},
			{AdGroup: "Tents", Level: "keyword", From: d("2025-03-02"), Spend: 700},
		} {
			a.Platform, a.Campaign, a.Currency = "google_ads", "Search", "USD"
			if err := b.AdStat(a); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := w.Dashboard(ctx, Period{d("2025-03-01"), d("2025-03-02")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if got.Current.Spend != 1000+700 {
		t.Errorf("spend %d, want 1700: the campaign figure on 1 March, the keyword one on 2 March", got.Current.Spend)
	}
}

// A watched save that rematches every sale reports its progress, and when
// stopped changes nothing: not the settings, not a row.
func TestWatchedRematchReportsAndStops(t *testing.T) {
	ctx := context.Background()
	w := smallWorkspace(t)
	st := w.Settings()
	st.AttributionWindowDays = 1

	var calls, last, total int
	if err := w.SaveSettings(Watch(ctx, func(done, n int) { calls++; last, total = done, n }), st); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || total == 0 || last > total {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
	if w.Settings().AttributionWindowDays != 1 {
		t.Fatal("the watched save did not save")
	}

	before := sums(t, w)
	stopCtx, cancel := context.WithCancel(ctx)
	cancel()
	st.AttributionWindowDays = 180
	if err := w.SaveSettings(Watch(stopCtx, nil), st); !errors.Is(err, ErrStopped) {
		t.Fatalf("a stopped save returned %v", err)
	}
	if w.Settings().AttributionWindowDays != 1 {
		t.Error("a stopped save changed the settings in memory")
	}
	if after := sums(t, w); !maps.Equal(before, after) {
		t.Errorf("a stopped save changed the workspace:\nbefore %v\nafter  %v", before, after)
	}
}

// A batch that would leave a row pointing at nothing is refused whole: the
// keys SQLite does not check row by row during a batch are checked before
// it commits.
func TestBatchWithABrokenKeyIsRefused(t *testing.T) {
	ctx := context.Background()
	w := smallWorkspace(t)
	before := sums(t, w)
	for name, corrupt := range map[string]string{
		"sale channel": `UPDATE sales SET own_channel_id = 99999 WHERE batch_id = (SELECT max(id) FROM batches)`,
		"orphan line":  `INSERT INTO sale_lines (sale_id, line_no) VALUES ((SELECT max(id) FROM sales) + 5, 1)`,
		"lost sale":    `DELETE FROM sales WHERE id = (SELECT max(id) FROM sales)`,
	} {
		_, err := w.WriteBatch(ctx, info("broken "+name, KindSales), func(b *BatchWriter) error {
			if err := b.Sale(Sale{System: "shop", OrderID: "K-1", Day: d("2025-03-03"), Currency: "USD", Gross: 500, Net: 500,
				Lines: []SaleLine{{SKU: "A", Quantity: 1, Amount: 500}}}); err != nil {
				return err
			}
			if err := b.flushSales(); err != nil {
				return err
			}
			_, err := b.tx.ExecContext(ctx, corrupt)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "point at rows that do not exist") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	if after := sums(t, w); !maps.Equal(before, after) {
		t.Error("a refused batch changed the workspace")
	}
	// The connection writes with its key checks again after a batch.
	var on int
	if err := w.wdb.QueryRow(`PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
		t.Errorf("foreign keys after a batch: %d, %v", on, err)
	}
}
