package ui

import (
	"context"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/metrics"
	"lastmile/report"
	"lastmile/ui/chart"
)

// overlayTexts lists the visible texts of the window's top dialog.
func overlayTexts(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return strings.Join(visibleTexts(top), "|")
}

func TestDashboardReportSections(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard()}
	d, w := newTestDashboard(t, src)
	var opened []string
	var filters []rowFilter
	d.o.Open = func(screen string, f rowFilter) { opened, filters = append(opened, screen), append(filters, f) }

	got := strings.Join(visibleTexts(w.Canvas().Content()), "|")
	// Google: 25 of its 71 leads bought; Meta 3 of 110.
	for _, want := range []string{"Channels", "Lead-to-sale by channel", "Compare two channels", "Google Ads converts better",
		"25 of 71 leads bought", "How these numbers are made", "Leads on the period's last day (24 Nov 2026): 0",
		"Source unknown: in store", "Did the ads pay back", "Meta Ads spent $2,233 for $969 of sales"} {
		if !strings.Contains(got, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// The table: the channels, the sales of unknown source, then the total,
	// whose revenue is every sale: $13,173 + $969 + $2,897 + $9,497.
	s := d.sections
	rows := s.report.Rows()
	cell := func(r int, key string) string {
		c := metrics.ColumnByKey(key)
		return c.Short(c.Value(rows[r]), "USD")
	}
	if n := len(rows); n != 6 || cell(0, "channel") != "Google Ads" || cell(4, "channel") != "Source unknown: in store" ||
		cell(5, "channel") != "Total" || cell(5, "revenue") != "$26,536" {
		t.Errorf("table rows %d: %q … %q %q", n, cell(0, "channel"), cell(5, "channel"), cell(5, "revenue"))
	}
	// Google: $13,173 ÷ $1,856 = 7.10×; trade show has no spend, so no
	// return; the total's return is the paid channels with spend: ($13,173
	// + $969) ÷ ($1,856 + $2,233) = 3.46×.
	if cell(2, "spend") != "$0" || cell(0, "roas") != "7.10×" || cell(2, "roas") != "–" || cell(5, "roas") != "3.46×" {
		t.Errorf("spend %q, ROAS %q, %q and %q", cell(2, "spend"), cell(0, "roas"), cell(2, "roas"), cell(5, "roas"))
	}
	// A figure opens its rows: leads of Google Ads, sales of unknown source.
	s.open(rows[0], "leads")
	s.open(rows[4], "revenue")
	p := data.Period{From: civil.MustParse("2026-10-26"), To: civil.MustParse("2026-11-24")}
	if len(opened) != 2 || opened[0] != "Leads" || filters[0] != (rowFilter{Period: p, Channel: 1, Model: data.FirstTouch}) ||
		opened[1] != "Sales" || filters[1].Channel != data.Unassigned {
		t.Errorf("opened %v %v", opened, filters)
	}

	// The model switch computes again and is remembered.
	d.model.SetSelected(modelLastShort)
	if m := src.models[len(src.models)-1]; m != data.LastTouch {
		t.Errorf("model asked %v", m)
	}
	if got := strings.Join(visibleTexts(w.Canvas().Content()), "|"); !strings.Contains(got, "sales counted by last touch") {
		t.Error("the subtitle does not say the model")
	}
	if test.NewTempApp(t) == nil || d.o.Prefs.String(prefModel) != "last" {
		t.Error("the model was not remembered")
	}

	// Choosing another pair compares them.
	s.selB.SetSelected("Trade show / events")
	if got := strings.Join(visibleTexts(w.Canvas().Content()), "|"); !strings.Contains(got, "Trade show / events: no leads") {
		t.Errorf("the comparison did not change: %q", got)
	}
}

// demoShell opens the demo workspace in a shell.
func demoShell(t *testing.T) *Shell {
	t.Helper()
	s, _ := newTestShell(t, Options{})
	if s.ws == nil {
		t.Fatal("no workspace")
	}
	return s
}

func TestLeadsScreenSearchesAndFilters(t *testing.T) {
	s := demoShell(t)
	ls := newLeadsScreen(rowsOptions{Source: s.ws, Window: s.win, Run: inline, Now: fixedNow})
	s.win.SetContent(ls.content)
	total := ls.rows.len()
	n, err := s.ws.CountLeads(context.Background(), data.RowQuery{})
	if err != nil || total != n || total == 0 {
		t.Fatalf("leads listed %d, in the workspace %d (%v)", total, n, err)
	}
	if !strings.Contains(ls.bar.count.Text, countOnly(total)) {
		t.Errorf("count label %q", ls.bar.count.Text)
	}
	// Rows arrive a page at a time: a row far down is read when reached.
	if _, ok := ls.rows.row(total - 1); !ok {
		t.Error("the last row was not read")
	}
	first, _ := ls.rows.row(0)
	ls.bar.search.SetText(first.Email)
	if got := ls.rows.len(); got < 1 || got >= total {
		t.Errorf("search for %q found %d", first.Email, got)
	}
	ls.bar.search.SetText("")
	ls.bar.channel.SetSelected("Meta Ads")
	meta := ls.rows.len()
	if meta == 0 || meta >= total {
		t.Errorf("Meta Ads leads %d of %d", meta, total)
	}
	for i := 0; i < meta; i++ {
		if l, ok := ls.rows.row(i); !ok || l.Channel != "Meta Ads" {
			t.Fatalf("row %d: %+v", i, l)
		}
	}
	l, _ := ls.rows.row(0)
	ls.showLead(l)
	if got := overlayTexts(s.win); !strings.Contains(got, "Meta Ads") || !strings.Contains(got, "Why") {
		t.Errorf("lead detail: %q", got)
	}
}

func countOnly(n int) string { return strings.TrimSpace(countOf(n, "", "")) }

func TestSalesScreenDecisions(t *testing.T) {
	s := demoShell(t)
	ctx := context.Background()
	changed := 0
	ss := newSalesScreen(rowsOptions{Source: s.ws, Window: s.win, Run: inline, Now: fixedNow, Changed: func() { changed++ }})
	s.win.SetContent(ss.content)
	// A sale matched by email.
	var sale data.SaleRow
	for i := 0; i < ss.rows.len(); i++ {
		r, _ := ss.rows.row(i)
		if r.LeadID != 0 && r.State == "auto" {
			sale = r
			break
		}
	}
	if sale.ID == 0 {
		t.Fatal("the demo has no automatically matched sale")
	}
	ss.showSale(sale.ID)
	got := strings.ReplaceAll(overlayTexts(s.win), "|", " ")
	if !strings.Contains(got, "Matched by "+sale.Tier.Label()) || !strings.Contains(got, "First touch") {
		t.Errorf("sale detail: %q", got)
	}
	// Unlink: the sale loses its lead, and the decision is kept.
	top := s.win.Canvas().Overlays().Top()
	b := findButton(top, "Not this lead: unlink")
	if b == nil {
		t.Fatal("no unlink button")
	}
	test.Tap(b)
	d, err := s.ws.Sale(ctx, sale.ID)
	if err != nil || d.Lead != nil || changed != 1 {
		t.Fatalf("after unlink: lead %+v, changed %d, %v", d.Lead, changed, err)
	}
	// Link it again by hand, through the detail's search.
	ss.showSale(sale.ID)
	test.Tap(findButton(s.win.Canvas().Overlays().Top(), "Link to a lead…"))
	if err := s.ws.LinkSale(ctx, sale.ID, sale.LeadID); err != nil {
		t.Fatal(err)
	}
	d, _ = s.ws.Sale(ctx, sale.ID)
	if d.Lead == nil || d.State != "manual" {
		t.Errorf("after linking by hand: %+v", d.SaleRow)
	}
	// The review list opens and says what to do.
	ss.showReview()
	if got := overlayTexts(s.win); !strings.Contains(got, "Nothing to review") && !strings.Contains(got, "None of these") {
		t.Errorf("review: %q", got)
	}
	// The model switch changes the channel column's meaning.
	ss.model.SetSelected(modelLast)
	if ss.currentModel() != data.LastTouch {
		t.Error("model not switched")
	}
}

func TestChannelsScreenAssignsAndEditsRules(t *testing.T) {
	s := demoShell(t)
	ctx := context.Background()
	// A lead whose source no rule knows.
	_, err := s.ws.WriteBatch(ctx, data.BatchInfo{FileName: "fair.csv", SHA256: "fair", Kind: data.KindLeads, Format: "test"}, func(b *data.BatchWriter) error {
		return b.Lead(data.Lead{System: "crm", RecordID: "X1", Day: civil.MustParse("2026-11-20"), Name: "Ola Nordmann",
			SourceFields: data.SourceFields{{Name: "Lead Source", Value: "Qwertz Gathering"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	cs := newChannelsScreen(channelsOptions{Source: s.ws, Window: s.win, Run: inline})
	s.win.SetContent(cs.content)
	if len(cs.unknown) == 0 {
		t.Fatal("the demo has no unrecognised source values")
	}
	v := cs.unknown[0]
	// Assigning a value in one pick adds a rule and moves its rows.
	var pick interface{ SetSelected(string) }
	walkObjects(cs.queue, func(o fyne.CanvasObject) {
		if sel, ok := o.(interface {
			SetSelected(string)
		}); ok && pick == nil {
			if _, isRadio := o.(interface{ Append(string) }); !isRadio {
				pick = sel
			}
		}
	})
	if pick == nil {
		t.Fatal("no channel picker in the queue")
	}
	pick.SetSelected("Trade show / events")
	rules, _ := s.ws.Rules(ctx)
	if len(rules) != 1 || rules[0].ChannelName != "Trade show / events" {
		t.Fatalf("rules after assigning %q: %+v", v.Value, rules)
	}
	for _, u := range cs.unknown {
		if u.Value == v.Value {
			t.Errorf("%q is still unrecognised", v.Value)
		}
	}
	if !strings.Contains(cs.status.Text, "now count under Trade show / events") {
		t.Errorf("status %q", cs.status.Text)
	}
	// A bad rule is refused in the form, with words.
	cs.editRule(data.Rule{})
	top := s.win.Canvas().Overlays().Top()
	test.Tap(findButton(top, "Save"))
	if got := overlayTexts(s.win); !strings.Contains(got, "Give the value the rule looks for") {
		t.Errorf("empty rule: %q", got)
	}
	s.win.Canvas().Overlays().Top().Hide()
	// Delete the rule through the data layer and the screen shows none.
	if err := s.ws.DeleteRule(ctx, rules[0].ID); err != nil {
		t.Fatal(err)
	}
	cs.load()
	said := false
	for _, o := range cs.rules.Objects {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "You have no rules yet") {
			said = true
		}
	}
	if len(cs.rs) != 0 || !said {
		t.Errorf("rules after delete: %+v", cs.rs)
	}
}

func TestShellListsTheNewScreens(t *testing.T) {
	s := demoShell(t)
	for _, name := range []string{"Leads", "Sales", "Channels"} {
		i := s.screenIndex(name)
		if i < 0 {
			t.Fatalf("no %s screen", name)
		}
		s.nav.Select(i)
		if got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|"); !strings.Contains(got, name) {
			t.Errorf("%s screen shows %q", name, got)
		}
	}
	// A dashboard figure opens the Sales screen filtered to its channel.
	s.openRows("Sales", rowFilter{Period: data.Period{From: civil.MustParse("2026-10-01"), To: civil.MustParse("2026-10-31")}, Channel: data.Unassigned})
	got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|")
	if !strings.Contains(got, "1 Oct – 31") || !strings.Contains(got, data.Unattributed) || !strings.Contains(got, "90 sales") {
		t.Errorf("drill-down shows %q", got)
	}
}

func TestHexColor(t *testing.T) {
	if c := report.HexColor("#1f77b4"); c != (color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}) {
		t.Errorf("#1f77b4 = %v", c)
	}
	for _, bad := range []string{"", "1f77b4", "#1f77b", "#zzzzzz"} {
		if report.HexColor(bad) != nil {
			t.Errorf("%q gave a colour", bad)
		}
	}
}

func TestReportsScreenExportsAndPreviews(t *testing.T) {
	s := demoShell(t)
	dir := t.TempDir()
	prefs := s.app.Preferences()
	prefs.SetString(prefCompareA, "Google Ads")
	prefs.SetString(prefCompareB, "Trade show / events")
	rs := newReportsScreen(reportsOptions{Source: s.ws, Window: s.win, Run: inline, Now: fixedNow, Folder: dir, Prefs: prefs})
	s.win.SetContent(rs.content)
	rs.client.SetText("Alder & Pine")
	rs.prepared.SetText("Peña Consulting")
	rs.colour.SetText("#0f766e")
	rs.csv.SetChecked(true)
	test.Tap(rs.export)
	base := filepath.Join(dir, "Alder & Pine client report 2026-10-01 to 2026-10-31")
	for _, f := range []string{base + ".xlsx", base + ".pdf", filepath.Join(base+" (CSV)", "channels.csv")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("export did not write %s: %v", f, err)
		}
	}
	if !strings.Contains(rs.status.Text, "Wrote Alder & Pine client report 2026-10-01 to 2026-10-31.xlsx") {
		t.Errorf("status %q", rs.status.Text)
	}
	// The report compares what the dashboard compares.
	xf, err := excelize.OpenFile(base + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := xf.GetRows("Summary")
	xf.Close()
	found := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Google Ads against Trade show / events" {
			found = true
		}
	}
	if !found {
		t.Error("the workbook does not compare the dashboard's pair")
	}
	// The branding was kept with the workspace.
	if b, _ := s.ws.Branding(context.Background()); b.Client != "Alder & Pine" || b.PreparedBy != "Peña Consulting" || b.Colour != "#0f766e" {
		t.Errorf("branding %+v", b)
	}
	// Exporting again asks before replacing.
	test.Tap(rs.export)
	if got := overlayTexts(s.win); !strings.Contains(got, "Replace the existing files?") {
		t.Errorf("no question before replacing: %q", got)
	}
	s.win.Canvas().Overlays().Top().Hide()
	// A bad colour is refused with words, and nothing runs.
	rs.colour.SetText("teal")
	test.Tap(rs.export)
	if !strings.Contains(rs.status.Text, "Colours are written like #1f77b4") {
		t.Errorf("bad colour: %q", rs.status.Text)
	}
	rs.colour.SetText("")
	// The preview shows the PDF's pages.
	rs.preset.SetSelected(report.Meeting.Title())
	rs.doPreview()
	if n := len(rs.preview.Objects); n < 5 {
		t.Errorf("preview holds %d objects", n)
	}
	if h, ok := rs.preview.Objects[0].(*widget.Label); !ok || !strings.HasPrefix(h.Text, "Preview: ") {
		t.Errorf("preview heading %v", rs.preview.Objects[0])
	}
}

func TestChartSavesAsPNG(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard()}
	d, w := newTestDashboard(t, src)
	// The context menu offers the PNG.
	d.chart.SecondaryTapped(&fyne.PointEvent{AbsolutePosition: fyne.NewPos(300, 300)})
	if got := overlayTexts(w); !strings.Contains(got, "Save chart as PNG…") {
		t.Errorf("context menu: %q", got)
	}
	path := filepath.Join(t.TempDir(), pngName("Revenue and ad spend by channel"))
	b, err := chartPNG(chart.NewBarChart(d.chart.Data()), fyne.NewSize(600, 300))
	if err != nil {
		t.Fatal(err)
	}
	if err := writePNG(path, b); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 600 {
		t.Errorf("PNG is %v, want 1200×600", b)
	}
	// White paper, whatever the app's theme.
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Errorf("corner is %d,%d,%d, not white", r>>8, g>>8, b>>8)
	}
	if filepath.Base(path) != "Revenue and ad spend by channel.png" {
		t.Errorf("name %q", filepath.Base(path))
	}
}

func TestStockScreen(t *testing.T) {
	s := demoShell(t)
	ctx := context.Background()
	ss := newStockScreen(stockOptions{Source: s.ws, Window: s.win, Run: inline, Now: fixedNow})
	s.win.SetContent(ss.content)
	r, err := s.ws.StockReport(ctx, data.StockOptions{})
	if err != nil || r.SlowCount == 0 {
		t.Fatalf("the demo has no slow movers: %+v %v", r.SlowCount, err)
	}
	if !strings.Contains(ss.summary.Text, countOf(r.SlowCount, "slow mover", "slow movers")) {
		t.Errorf("summary %q", ss.summary.Text)
	}
	if len(ss.rows) != r.SlowCount {
		t.Errorf("%d rows shown, %d slow", len(ss.rows), r.SlowCount)
	}
	// Every product with "All" and a sort by days since the last sale.
	ss.onlySlow.SetChecked(false)
	ss.sortBy.SetSelected(sortSince)
	if len(ss.rows) != len(r.Items) || ss.rows[0].Age < ss.rows[len(ss.rows)-1].Age {
		t.Errorf("all rows %d of %d, ages %d … %d", len(ss.rows), len(r.Items), ss.rows[0].Age, ss.rows[len(ss.rows)-1].Age)
	}
	ss.onlySlow.SetChecked(true)
	// Choose two products and ask the ads team.
	ss.tapped(0, 0)
	ss.tapped(1, 0)
	if ss.push.Disabled() || !strings.Contains(ss.push.Text, "(2)") {
		t.Errorf("push button %q", ss.push.Text)
	}
	dir := t.TempDir()
	ss.writeForAds(dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 2 || !strings.Contains(ss.status.Text, "added 2 products to the meeting pack") {
		t.Errorf("files %v, status %q", files, ss.status.Text)
	}
	push, _ := s.ws.PushList(ctx)
	if len(push) != 2 {
		t.Errorf("push list %v", push)
	}
	feed, _ := os.ReadFile(filepath.Join(dir, fileSafe(s.ws.Name()+" Merchant Center feed "+r.AsOf.String()+".csv")))
	if !strings.HasPrefix(string(feed), "id,custom_label_0\n") || strings.Count(string(feed), ",slow-mover\n") != 2 {
		t.Errorf("feed %q", feed)
	}
	// A product's detail: its sales week by week.
	ss.tapped(0, 1)
	if got := overlayTexts(s.win); !strings.Contains(got, "Channels that sold it") || !strings.Contains(got, "Days on hand") {
		t.Errorf("detail %q", got)
	}
	s.win.Canvas().Overlays().Top().Hide()
	// Looser thresholds: fewer slow movers.
	ss.doh.SetText("3000")
	ss.dss.SetText("3000")
	ss.saveThresholds()
	if len(ss.rows) >= r.SlowCount {
		t.Errorf("with 3000-day thresholds %d slow, before %d", len(ss.rows), r.SlowCount)
	}
	ss.doh.SetText("ninety")
	ss.saveThresholds()
	if !strings.Contains(ss.status.Text, "whole numbers of days") {
		t.Errorf("bad threshold: %q", ss.status.Text)
	}
}

func TestDashboardStockTile(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard(), stock: data.StockReport{Currency: "USD", AsOf: civil.MustParse("2026-11-23"),
		Items: []data.StockItem{{SKU: "A"}, {SKU: "B"}}, SlowCount: 2, SlowValue: 4096000}}
	d, w := newTestDashboard(t, src)
	opened := false
	d.o.OpenStock = func() { opened = true }
	got := strings.Join(visibleTexts(w.Canvas().Content()), "|")
	if !strings.Contains(got, "Stock tied up in slow movers: $40,960 in 2 products") {
		t.Errorf("no stock tile: %q", got)
	}
	test.Tap(d.sections.stock)
	if !opened {
		t.Error("the tile did not open the Stock screen")
	}
	// Without stock counts there is no tile.
	d2, w2 := newTestDashboard(t, &fakeSource{dash: sampleDashboard()})
	if d2.sections.stock.Visible() || strings.Contains(strings.Join(visibleTexts(w2.Canvas().Content()), "|"), "slow movers") {
		t.Error("a stock tile without stock")
	}
}
