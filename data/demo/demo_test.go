package demo

import (
	"context"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/civil"
)

var anchor = civil.MustParse("2026-11-24")

func write(t *testing.T, ds Dataset) *data.Workspace {
	t.Helper()
	ctx := context.Background()
	s := ds.Settings
	s.DemoAnchor = civil.Date{}
	w, err := data.Create(ctx, filepath.Join(t.TempDir(), "demo.lastmile"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := Write(ctx, w, ds); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSameSeedSameWorkspace(t *testing.T) {
	a, b := Generate(7, anchor), Generate(7, anchor)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two data sets from one seed differ")
	}
	if reflect.DeepEqual(a.Batches[3].Leads, Generate(8, anchor).Batches[3].Leads) {
		t.Fatal("another seed gave the same leads")
	}
	ctx := context.Background()
	ca, err := write(t, a).TableChecksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := write(t, b).TableChecksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(ca, cb) {
		t.Errorf("workspaces from one seed differ:\n%v\n%v", ca, cb)
	}
}

// expected recomputes the dashboard totals straight from the generated rows,
// with its own reading of the rules, independent of the workspace's code:
// a sale is an order with money kept; a sale's lead is found by the first
// of click id, email, phone, name and company that some lead made no more
// than a day after the sale and no more than 180 days before it shares
// (the earliest such lead; for names and companies only when exactly one
// lead has it); first touch is that lead's channel, else the sale's own.
// The channels are the ones the generator meant (Dataset.Meant).
func expected(ds Dataset, p data.Period) (data.Totals, map[string]int64) {
	var tot data.Totals
	byChannel := map[string]int64{}
	var leads []data.Lead
	for _, b := range ds.Batches {
		leads = append(leads, b.Leads...)
	}
	paid := map[string]bool{"google_ads": true, "meta_ads": true, "microsoft_ads": true}
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	name := func(s string) string {
		w := strings.Fields(lower(s))
		if len(w) < 2 {
			return ""
		}
		slices.Sort(w)
		return strings.Join(w, " ")
	}
	tiers := []struct {
		unique bool
		sale   func(data.Sale) string
		lead   func(data.Lead) string
	}{
		{false, func(s data.Sale) string { return s.ClickID }, func(l data.Lead) string { return l.ClickID }},
		{false, func(s data.Sale) string { return lower(s.Email) }, func(l data.Lead) string { return lower(l.Email) }},
		{false, func(s data.Sale) string { return s.Phone }, func(l data.Lead) string { return l.Phone }},
		{true, func(s data.Sale) string { return name(s.Customer) }, func(l data.Lead) string { return name(l.Name) }},
		{true, func(s data.Sale) string { return lower(s.Company) }, func(l data.Lead) string { return lower(l.Company) }},
	}
	leadOf := func(s data.Sale) *data.Lead {
		if s.Kind == data.SaleVoid {
			return nil
		}
		for _, t := range tiers {
			v := t.sale(s)
			if v == "" {
				continue
			}
			var found []*data.Lead
			for i := range leads {
				l := &leads[i]
				if t.lead(*l) != v || l.Day.After(s.Day.AddDays(1)) || l.Day.Before(s.Day.AddDays(-180)) {
					continue
				}
				found = append(found, l)
			}
			if len(found) == 0 {
				continue
			}
			if t.unique && len(found) > 1 {
				return nil // waits for a person
			}
			best := found[0]
			for _, l := range found {
				if l.Day.Before(best.Day) {
					best = l
				}
			}
			return best
		}
		return nil
	}
	// Refunds, by the one rule: a refund returns the sale whose number it
	// names, else its customer's latest sale in the same system on or
	// before its day (email, else name, else company) that still covers
	// it; it then counts on that sale's day, in that sale's channel. One
	// that returns no sale counts on its own day.
	var sales []data.Sale
	for _, b := range ds.Batches {
		sales = append(sales, b.Sales...)
	}
	kept := make([]int64, len(sales))
	linked := make([]bool, len(sales))
	for i, s := range sales {
		kept[i] = s.Net
	}
	var refunds []int
	for i, s := range sales {
		if s.Kind == data.SaleRefund {
			refunds = append(refunds, i)
		}
	}
	slices.SortStableFunc(refunds, func(a, b int) int { return sales[a].Day.Compare(sales[b].Day) })
	isOrder := func(j int) bool { return sales[j].Kind == data.SaleOrder }
	for _, i := range refunds {
		r := sales[i]
		if r.RefundOf == "" {
			continue
		}
		for j, s := range sales {
			if isOrder(j) && s.System == r.System && lower(s.Number()) == lower(r.RefundOf) {
				kept[j] += r.Net
				linked[i] = true
				break
			}
		}
	}
	for _, i := range refunds {
		r := sales[i]
		if linked[i] {
			continue
		}
		for _, key := range []func(data.Sale) string{
			func(s data.Sale) string { return lower(s.Email) },
			func(s data.Sale) string { return name(s.Customer) },
			func(s data.Sale) string { return lower(s.Company) },
		} {
			k := key(r)
			if k == "" {
				continue
			}
			best := -1
			for j, s := range sales {
				if !isOrder(j) || s.Net <= 0 || s.System != r.System || key(s) != k || s.Day.After(r.Day) || kept[j]+r.Net < 0 {
					continue
				}
				if best < 0 || s.Day.After(sales[best].Day) {
					best = j
				}
			}
			if best >= 0 {
				kept[best] += r.Net
				linked[i] = true
				break
			}
		}
	}

	spend := map[string]int64{}
	for _, b := range ds.Batches {
		for _, a := range b.AdStats {
			if p.Contains(a.From) {
				tot.Spend += a.Spend
				spend[a.Platform] += a.Spend
			}
		}
		for _, l := range b.Leads {
			if p.Contains(l.Day) {
				tot.Leads++
			}
		}
	}
	for i, s := range sales {
		if !p.Contains(s.Day) || linked[i] {
			continue
		}
		ch := ds.Meant[s.NaturalKey()]
		if l := leadOf(s); l != nil {
			ch = ds.Meant[l.NaturalKey()]
		}
		if s.Kind == data.SaleOrder && kept[i] > 0 {
			tot.Sales++
		}
		switch s.Kind {
		case data.SaleOrder:
			tot.Refunds += s.Refunded + s.Net - kept[i]
		case data.SaleRefund:
			tot.Refunds -= kept[i]
		}
		tot.Revenue += kept[i]
		byChannel[ch] += kept[i]
	}
	// The headline return on ad spend counts the paid channels with spend
	// in the period; the others' revenue is set apart.
	for ch, v := range byChannel {
		switch {
		case !paid[ch]:
		case spend[ch] != 0:
			tot.PaidRevenue += v
		default:
			tot.NoReportRevenue += v
		}
	}
	return tot, byChannel
}

func TestDemoTotalsMatchAnIndependentCount(t *testing.T) {
	ds := Generate(DefaultSeed, anchor)
	w := write(t, ds)
	for _, p := range []data.Period{ds.Period(), data.PeriodFor(data.Last30Days, anchor), data.PeriodFor(data.LastMonth, anchor)} {
		got, err := w.Dashboard(context.Background(), p, data.FirstTouch)
		if err != nil {
			t.Fatal(err)
		}
		want, byChannel := expected(ds, p)
		if got.Current != want {
			t.Errorf("%v: dashboard %+v\n independent count %+v", p, got.Current, want)
		}
		keys := map[string]string{data.Unattributed: ""}
		chans, _ := w.Channels(context.Background())
		for _, c := range chans {
			keys[c.Name] = c.Key
		}
		// Sales of unknown source are shown by place; together they are
		// the sales no lead or tag explains.
		var unknown int64
		for _, c := range got.Channels {
			if c.Channel.ID == 0 {
				unknown += c.Revenue
				continue
			}
			if c.Revenue != byChannel[keys[c.Channel.Name]] {
				t.Errorf("%v %s revenue %d, independent count %d", p, c.Channel.Name, c.Revenue, byChannel[keys[c.Channel.Name]])
			}
		}
		if unknown != byChannel[""] {
			t.Errorf("%v sales of unknown source %d, independent count %d", p, unknown, byChannel[""])
		}
	}
}

// TestDemoTellsItsStory pins the story the demo exists to show.
func TestDemoTellsItsStory(t *testing.T) {
	ds := Generate(DefaultSeed, anchor)
	w := write(t, ds)
	got, err := w.Dashboard(context.Background(), ds.Period(), data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	fig := map[string]data.ChannelFigures{}
	var digital, traditional data.ChannelFigures
	for _, c := range got.Channels {
		fig[c.Channel.Key] = c
		switch c.Channel.Origin {
		case "digital":
			digital.Sales += c.Sales
			digital.Revenue += c.Revenue
		case "traditional":
			traditional.Sales += c.Sales
			traditional.Revenue += c.Revenue
		}
	}
	roas := func(k string) float64 { return float64(fig[k].Revenue) / float64(fig[k].Spend) }
	if r := roas("google_ads"); r < 2 {
		t.Errorf("Google Ads should pay back clearly; ROAS %.2f", r)
	}
	if r := roas("meta_ads"); r >= 1 {
		t.Errorf("Meta Ads should not pay back; ROAS %.2f", r)
	}
	aov := func(f data.ChannelFigures) float64 { return float64(f.Revenue) / float64(f.Sales) }
	if aov(traditional) < 1.5*aov(digital) {
		t.Errorf("traditional leads should buy much bigger orders: %.0f vs %.0f", aov(traditional)/100, aov(digital)/100)
	}
	for _, k := range []string{"trade_show", "word_of_mouth", "phone", "walk_in", "google_ads", "meta_ads"} {
		if fig[k].Leads == 0 || fig[k].Sales == 0 {
			t.Errorf("channel %s has no leads or sales: %+v", k, fig[k])
		}
	}
	var refunds, slow int
	sold := map[string]float64{}
	for _, b := range ds.Batches {
		for _, s := range b.Sales {
			if s.Kind == data.SaleRefund || s.Refunded > 0 {
				refunds++
			}
			for _, l := range s.Lines {
				sold[l.SKU] += l.Quantity
			}
		}
	}
	for _, p := range products {
		if p.weight < 1 && sold[p.sku] <= 3 {
			slow++
		}
	}
	if refunds < 10 {
		t.Errorf("only %d refunds", refunds)
	}
	if slow < 3 {
		t.Errorf("only %d slow movers (sold three or fewer in six months): %v", slow, sold)
	}
}

func TestEnsureMakesAndRefreshesTheDemo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "Demo.lastmile")
	w, err := Ensure(ctx, path, anchor)
	if err != nil {
		t.Fatal(err)
	}
	s := w.Settings()
	if !s.Demo || s.DemoAnchor != anchor || w.Name() != BusinessName {
		t.Fatalf("new demo settings %+v", s)
	}
	first, err := w.Batches(ctx)
	if err != nil || len(first) == 0 {
		t.Fatalf("batches: %v %v", first, err)
	}
	w.Close()

	// Opened again the same day: left as it is.
	w, err = Ensure(ctx, path, anchor)
	if err != nil {
		t.Fatal(err)
	}
	same, err := w.Batches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(same) != len(first) || same[0].ID != first[0].ID {
		t.Error("the demo was made again on the same day")
	}
	w.Close()

	// A day later it moves with the calendar and matches a fresh demo.
	next := anchor.AddDays(1)
	w, err = Ensure(ctx, path, next)
	if err != nil {
		t.Fatal(err)
	}
	if w.Settings().DemoAnchor != next {
		t.Errorf("anchor %v after refresh", w.Settings().DemoAnchor)
	}
	fresh := write(t, Generate(DefaultSeed, next))
	p := data.Period{From: next.AddDays(-(Days - 1)), To: next}
	a, err := w.Dashboard(ctx, p, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fresh.Dashboard(ctx, p, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if a.Current != b.Current || a.Current.Sales == 0 {
		t.Errorf("refreshed demo %+v, fresh demo %+v", a.Current, b.Current)
	}
	// The person imports a file of their own: the demo is theirs now.
	if _, err := w.WriteBatch(ctx, data.BatchInfo{FileName: "mine.csv", SHA256: "abc", Kind: data.KindLeads, Format: "test"},
		func(b *data.BatchWriter) error {
			return b.Lead(data.Lead{System: "crm", RecordID: "1", Day: next})
		}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	w, err = Ensure(ctx, path, next.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Settings().DemoAnchor != next {
		t.Error("a demo holding the person's own import was made again")
	}
}

// BenchmarkDashboardDemo refreshes the dashboard of the demo workspace, as
// the window does when the period changes.
func BenchmarkDashboardDemo(b *testing.B) {
	ctx := context.Background()
	ds := Generate(DefaultSeed, anchor)
	s := ds.Settings
	s.DemoAnchor = civil.Date{}
	w, err := data.Create(ctx, filepath.Join(b.TempDir(), "demo.lastmile"), s)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	if err := Write(ctx, w, ds); err != nil {
		b.Fatal(err)
	}
	for _, preset := range []data.Preset{data.Last30Days, data.Last90Days} {
		p := data.PeriodFor(preset, anchor)
		b.Run(strings.ReplaceAll(string(preset), " ", ""), func(b *testing.B) {
			for range b.N {
				if _, err := w.Dashboard(ctx, p, data.FirstTouch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/refresh")
		})
	}
}
