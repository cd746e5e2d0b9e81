package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/demo"
	"lastmile/data/metrics"
	"lastmile/data/metrics/metricstest"
	"lastmile/ui/uitest"
)

func inline(f func()) { f() }

// fixedNow is 24 November 2026, noon UTC.
func fixedNow() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }

// fakeSource returns a fixed dashboard and records the periods asked for.
type fakeSource struct {
	stock  data.StockReport
	dash   data.Dashboard
	asked  []data.Period
	models []data.Model
}

func (f *fakeSource) Dashboard(_ context.Context, p data.Period, m data.Model) (data.Dashboard, error) {
	f.asked = append(f.asked, p)
	f.models = append(f.models, m)
	d := f.dash
	d.Period, d.Previous, d.Model = p, p.Previous(), m
	return d, nil
}

// Aggregates makes the rows behind the fake dashboard: each channel's
// spend as one campaign, its leads on the period's first day, as many of
// them buyers as it has sales, and its sales as equal orders (the sales of
// unknown source in store). The imported sales run 30 days past the
// period, so every lead is old enough to judge.
func (f *fakeSource) Aggregates(_ context.Context, o data.ReportOptions) (data.Aggregates, error) {
	d := f.dash
	d.Period, d.Previous, d.Model = o.Period, o.Period.Previous(), o.Model
	if o.Today.IsZero() {
		o.Today = o.Period.To
	}
	a := data.Aggregates{Options: o, Settings: f.Settings(), Summary: d, DataEnd: o.Period.To.AddDays(30)}
	chs, _ := f.Channels(context.Background())
	a.Channels = chs
	day := o.Period.From
	for _, c := range d.Channels {
		id := c.Channel.ID
		if c.Spend > 0 {
			a.Ads = append(a.Ads, data.CampaignAds{ChannelID: id, Platform: c.Channel.Key, Campaign: "Campaign", Spend: c.Spend})
		}
		for i := range c.Leads {
			l := data.LeadOutcome{ChannelID: id, Day: day}
			if i < c.Sales {
				l.FirstSale = day
			}
			a.Leads = append(a.Leads, l)
		}
		if c.Sales == 0 {
			continue
		}
		ev, place := data.EvidenceLead, ""
		if id == 0 {
			ev, place = data.EvidenceUnknown, c.Place
		}
		a.SalesDays = append(a.SalesDays, data.SalesDay{Day: day, ChannelID: id, Evidence: ev, Place: place, Sales: c.Sales, Revenue: c.Revenue})
		for i := range c.Sales {
			v := c.Revenue / int64(c.Sales)
			if i == 0 {
				v += c.Revenue % int64(c.Sales)
			}
			ord := data.Order{ChannelID: id, EvidenceIndex: data.EvidenceIndexOf(ev), PlaceIndex: data.PlaceIndexOf(place), Amount: v}
			if id != 0 {
				ord.LeadID, ord.LeadChannelID = int64(1000*int(id)+i), id
			}
			a.Orders = append(a.Orders, ord)
		}
	}
	return a, nil
}

func (f *fakeSource) Channels(context.Context) ([]data.Channel, error) {
	var out []data.Channel
	for _, c := range f.dash.Channels {
		if c.Channel.ID != 0 {
			out = append(out, c.Channel)
		}
	}
	return out, nil
}

func (f *fakeSource) AdRows(context.Context, data.Period, int64, int) ([]data.AdRow, error) {
	return nil, nil
}

func (f *fakeSource) StockReport(context.Context, data.StockOptions) (data.StockReport, error) {
	return f.stock, nil
}

func (f *fakeSource) ImportedSpan(context.Context) (int, data.Period, error) {
	return 1, data.Period{}, nil
}

func (f *fakeSource) Settings() data.Settings {
	return data.Settings{TimeZone: "UTC", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 180}
}

func traditional(c data.Channel) data.Channel {
	c.Origin = data.Traditional
	return c
}

func sampleDashboard() data.Dashboard {
	ch := func(id int64, name string, paid bool, pos int) data.Channel {
		return data.Channel{ID: id, Name: name, Paid: paid, Position: pos, Origin: data.Digital}
	}
	return data.Dashboard{
		Currency: "USD",
		Current:  data.Totals{Spend: 430000, Leads: 280, Sales: 158, Revenue: 4318700, PaidRevenue: 1443000},
		Prior:    data.Totals{Spend: 431800, Leads: 256, Sales: 165, Revenue: 6397000, PaidRevenue: 1947000},
		Channels: []data.ChannelFigures{
			{Channel: ch(1, "Google Ads", true, 1), Spend: 185600, Leads: 71, Sales: 25, Revenue: 1317300},
			{Channel: ch(3, "Meta Ads", true, 3), Spend: 223300, Leads: 110, Sales: 3, Revenue: 96900},
			{Channel: traditional(ch(12, "Trade show / events", false, 12)), Sales: 3, Revenue: 289700},
			{Channel: ch(9, "Email", false, 9), Leads: 12},
			{Channel: data.Channel{Name: data.UnknownName("store")}, Place: "store", Sales: 99, Revenue: 949700},
		},
	}
}

func newTestDashboard(t *testing.T, src DashboardSource) (*dashboard, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	d := newDashboard(dashboardOptions{Source: src, Window: w, Prefs: a.Preferences(), Now: fixedNow, Run: inline})
	w.SetContent(d.content)
	w.Resize(fyne.NewSize(1100, 720))
	return d, w
}

// visibleTexts lists every visible text under o.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestDashboardShowsFiguresAndChart(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard()}
	d, w := newTestDashboard(t, src)

	if len(src.asked) != 1 || src.asked[0] != (data.Period{From: civil.MustParse("2026-10-26"), To: civil.MustParse("2026-11-24")}) {
		t.Fatalf("asked for %v, want the last 30 days", src.asked)
	}
	got := strings.Join(visibleTexts(w.Canvas().Content()), "|")
	for _, want := range []string{
		"$4,300", "280", "158", "$43,187", "3.36×", // this period
		"−32%", "+9%", "−26%", // changes
		"Before: $63,970", "Before: 4.51×",
		"Google Ads", "Meta Ads", "Trade show / events", "Source unknown: in store", "Revenue", "Ad spend",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// A channel with leads but no money has no bars in this chart.
	if cats := d.chart.Data().Categories; len(cats) != 4 || cats[3] != data.UnknownName("store") {
		t.Errorf("chart categories %v", cats)
	}
	uitest.AssertMarkup(t, "dashboard.xml", w.Canvas())
}

func TestDashboardEmptyPeriod(t *testing.T) {
	src := &fakeSource{dash: data.Dashboard{Currency: "USD"}}
	_, w := newTestDashboard(t, src)
	got := strings.Join(visibleTexts(w.Canvas().Content()), "|")
	if !strings.Contains(got, "No sales or ad spend in this period") {
		t.Errorf("empty period shows %q", got)
	}
	if !strings.Contains(got, "nothing to compare") {
		t.Errorf("return on ad spend without spend should say there is nothing to compare: %q", got)
	}
}

func TestDashboardPeriodPicker(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard()}
	d, w := newTestDashboard(t, src)

	d.period.SetSelected(string(data.LastMonth))
	if last := src.asked[len(src.asked)-1]; last != (data.Period{From: civil.MustParse("2026-10-01"), To: civil.MustParse("2026-10-31")}) {
		t.Errorf("last month asked %v", last)
	}
	d.period.SetSelected(customPeriod)
	if !d.custom.Visible() {
		t.Fatal("the custom range's dates are hidden")
	}
	from, to := time.Date(2026, 9, 1, 0, 0, 0, 0, time.Local), time.Date(2026, 8, 1, 0, 0, 0, 0, time.Local)
	d.from.SetDate(&from)
	asked := len(src.asked)
	d.to.SetDate(&to)
	if len(src.asked) != asked {
		t.Error("a backwards range was computed")
	}
	if got := strings.Join(visibleTexts(w.Canvas().Content()), "|"); !strings.Contains(got, "The end date is before the start date") {
		t.Errorf("no message for a backwards range: %q", got)
	}
	to = time.Date(2026, 9, 30, 0, 0, 0, 0, time.Local)
	d.to.SetDate(&to)
	if last := src.asked[len(src.asked)-1]; last != (data.Period{From: civil.MustParse("2026-09-01"), To: civil.MustParse("2026-09-30")}) {
		t.Errorf("custom range asked %v", last)
	}
	if d.status.Visible() {
		t.Error("the message stayed after the range was fixed")
	}
}

// newTestShell makes a shell whose demo lives in a temporary folder.
func newTestShell(t *testing.T, o Options) (*Shell, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	if o.DemoPath == "" {
		o.DemoPath = filepath.Join(t.TempDir(), "Demo.lastmile")
	}
	o.Now = fixedNow
	s := newShell(a, o, inline)
	t.Cleanup(s.closeWorkspace)
	s.win.Resize(fyne.NewSize(1200, 800))
	return s, a
}

func TestShellStartsOnTheDemo(t *testing.T) {
	s, a := newTestShell(t, Options{})
	if s.ws == nil || !s.ws.Settings().Demo {
		t.Fatal("first start did not open the demo")
	}
	if title := s.win.Title(); title != "Lastmile — "+demo.BusinessName {
		t.Errorf("title %q", title)
	}
	got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|")
	for _, want := range []string{"DEMO", "Start your own workspace…", "Dashboard", "Workspace settings", "Google Ads"} {
		if !strings.Contains(got, want) {
			t.Errorf("window lacks %q", want)
		}
	}
	if a.Preferences().String(prefLastWorkspace) != s.opts.DemoPath {
		t.Error("the demo was not remembered as the last workspace")
	}
	if n := len(a.Preferences().StringList(prefRecent)); n != 0 {
		t.Errorf("the demo went into the recent list (%d entries)", n)
	}
}

// dialogTexts returns the texts of the window's overlays (dialogs).
func dialogTexts(w fyne.Window) string {
	var out []string
	for _, o := range w.Canvas().Overlays().List() {
		out = append(out, visibleTexts(o)...)
		if l, ok := o.(*widget.PopUp); ok {
			out = append(out, visibleTexts(l.Content)...)
		}
	}
	return strings.Join(out, " ")
}

func TestShellExplainsAFileThatIsNotAWorkspace(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "orders_export_1.csv")
	if err := os.WriteFile(csv, []byte("Name,Email\n#1001,a@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, _ := newTestShell(t, Options{Workspace: csv})
	msg := dialogTexts(s.win)
	if !strings.Contains(msg, "orders_export_1.csv is not a Lastmile workspace") {
		t.Errorf("dialog says %q", msg)
	}
	if s.ws == nil || !s.ws.Settings().Demo {
		t.Error("after refusing the file the window should fall back to the demo")
	}
	if b, _ := os.ReadFile(csv); !strings.HasPrefix(string(b), "Name,Email") {
		t.Error("the refused file was changed")
	}
}

func TestShellOpensAWorkspaceAndRemembersIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Ridgeline.lastmile")
	w, err := data.Create(context.Background(), path, data.Settings{BusinessName: "Ridgeline Outfitters"})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	s, a := newTestShell(t, Options{Workspace: path})
	if s.ws == nil || s.ws.Path() != path {
		t.Fatalf("opened %v", s.ws)
	}
	if s.win.Title() != "Lastmile — Ridgeline Outfitters" {
		t.Errorf("title %q", s.win.Title())
	}
	if got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|"); strings.Contains(got, "DEMO") {
		t.Error("a real workspace shows the demo banner")
	}
	if a.Preferences().String(prefLastWorkspace) != path || a.Preferences().StringList(prefRecent)[0] != path {
		t.Error("the workspace was not remembered")
	}
	items := s.win.MainMenu().Items[0].Items
	var recent *fyne.MenuItem
	for _, it := range items {
		if it.Label == "Open recent" {
			recent = it
		}
	}
	if recent == nil || recent.ChildMenu.Items[0].Label != path {
		t.Error("Open recent does not list the workspace")
	}

	// Choosing it again (Open recent, a drop) just shows it: no dialog
	// claiming another program has it.
	s.open(path, false)
	if msg := dialogTexts(s.win); msg != "" {
		t.Errorf("reopening the open workspace shows %q", msg)
	}
	if s.ws.Path() != path {
		t.Error("reopening switched workspaces")
	}

	// Opening the demo from the menu switches and closes the workspace.
	s.open(s.opts.DemoPath, true)
	if !s.ws.Settings().Demo {
		t.Fatal("did not switch to the demo")
	}
	again, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("the previous workspace was not closed: %v", err)
	}
	again.Close()
}

func TestSettingsScreenSavesAndRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.lastmile")
	ws, err := data.Create(context.Background(), path, data.Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	saved := 0
	sc := newSettingsScreen(settingsOptions{Store: ws, Window: win, Run: inline, OnSaved: func() { saved++ }})
	win.SetContent(sc.content)
	win.Resize(fyne.NewSize(900, 700))

	form := findForm(sc.content)
	name := form.Items[0].Widget.(*widget.Entry)
	tz := form.Items[1].Widget.(*widget.SelectEntry)
	save := findButton(sc.content, "Save settings")

	name.SetText("Peña Bikes")
	test.Tap(save)
	if saved != 1 || ws.Settings().BusinessName != "Peña Bikes" {
		t.Fatalf("not saved: %d, %+v", saved, ws.Settings())
	}
	tz.SetText("Mars/Olympus")
	test.Tap(save)
	if saved != 1 || ws.Settings().TimeZone != "UTC" {
		t.Error("a bad time zone was saved")
	}
	if got := strings.Join(visibleTexts(win.Canvas().Content()), "|"); !strings.Contains(got, "Not saved: \"Mars/Olympus\" is not a time zone") {
		t.Errorf("no message for a bad time zone: %q", got)
	}
	tz.SetText("UTC")

	rates := form.Items[6].Widget.(*widget.Entry)
	rates.SetText("EUR=1,08")
	test.Tap(save)
	if saved != 1 || ws.Settings().Rates != "" {
		t.Error("a bad exchange rate was saved")
	}
	if got := strings.Join(visibleTexts(win.Canvas().Content()), "|"); !strings.Contains(got, "exchange rate") {
		t.Errorf("no message for a bad rate: %q", got)
	}
	rates.SetText("EUR=1.08, GBP=1.27")
	test.Tap(save)
	if saved != 2 || ws.Settings().Rates != "EUR=1.08, GBP=1.27" {
		t.Errorf("rates not saved: %d %q", saved, ws.Settings().Rates)
	}
}

func findForm(o fyne.CanvasObject) *widget.Form {
	var found *widget.Form
	walkObjects(o, func(x fyne.CanvasObject) {
		if f, ok := x.(*widget.Form); ok && found == nil {
			found = f
		}
	})
	return found
}

func findButton(o fyne.CanvasObject, label string) *widget.Button {
	var found *widget.Button
	walkObjects(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && b.Text == label {
			found = b
		}
	})
	return found
}

func walkObjects(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, f)
		}
	case *widget.Form:
		for _, it := range x.Items {
			walkObjects(it.Widget, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkObjects(c, f)
		}
	}
}

// failingSource fails once fail is set.
type failingSource struct {
	fakeSource
	fail bool
}

func (f *failingSource) Dashboard(ctx context.Context, p data.Period, m data.Model) (data.Dashboard, error) {
	if f.fail {
		return data.Dashboard{}, errors.New("no such table: daily_ads")
	}
	return f.fakeSource.Dashboard(ctx, p, m)
}

func (f *failingSource) Aggregates(ctx context.Context, o data.ReportOptions) (data.Aggregates, error) {
	if f.fail {
		return data.Aggregates{}, errors.New("no such table: daily_ads")
	}
	return f.fakeSource.Aggregates(ctx, o)
}

func TestDashboardShowsWhyFiguresAreMissing(t *testing.T) {
	src := &failingSource{fakeSource: fakeSource{dash: sampleDashboard()}}
	d, w := newTestDashboard(t, src)
	src.fail = true
	d.period.SetSelected(string(data.Last7Days)) // after the window is laid out
	if d.status.Size().Height < 10 {
		t.Errorf("the message line was not laid out: %v", d.status.Size())
	}
	got := strings.Join(visibleTexts(w.Canvas().Content()), "|")
	if !strings.Contains(got, "Something went wrong inside Lastmile (computing the dashboard). Nothing was changed.") {
		t.Errorf("the error is not shown: %q", got)
	}
	if strings.Contains(got, "daily_ads") {
		t.Error("an internal error's text is shown to the person")
	}
	if strings.Contains(got, "$4,300") || strings.Contains(got, "(30 days)") {
		t.Errorf("the previous period's figures stayed on screen: %q", got)
	}
	if !strings.Contains(got, "No figures to show") {
		t.Error("the chart does not say it has nothing to show")
	}
}

// TestDashboardShowsAQuickReportFirst: the channel tables of a quick report
// (no orders yet) show "…" where a figure waits for the orders, never a
// median or a return on ad spend it has not worked out; the whole report
// then fills them in.
func TestDashboardShowsAQuickReportFirst(t *testing.T) {
	src := &fakeSource{dash: sampleDashboard()}
	d, w := newTestDashboard(t, src)
	p := data.Period{From: civil.MustParse("2026-10-26"), To: civil.MustParse("2026-11-24")}
	chs, _ := src.Channels(context.Background())
	for _, quick := range []bool{true, false} {
		r, err := metrics.Compute(context.Background(), src, data.ReportOptions{Period: p, Quick: quick})
		if err != nil {
			t.Fatal(err)
		}
		d.sections.working() // as load does before the quick report
		d.sections.apply(r, chs)
		texts := visibleTexts(w.Canvas().Content())
		pending, ranged := 0, 0
		for _, s := range texts {
			if s == "…" {
				pending++
			}
			if strings.Contains(s, "× (") {
				ranged++ // a return on ad spend with its range
			}
		}
		switch {
		case quick && (pending == 0 || ranged > 0):
			t.Errorf("quick report: %d cells wait, %d returns on ad spend shown", pending, ranged)
		case !quick && (pending > 0 || ranged == 0):
			t.Errorf("whole report: %d cells still wait, %d returns on ad spend shown", pending, ranged)
		}
	}
}

// TestCompareRatesSaysWhyNoneIsJudged: a channel whose leads are all too
// recent has leads; the card must say so, not "no leads".
func TestCompareRatesSaysWhyNoneIsJudged(t *testing.T) {
	s := metricstest.New("2025-03-01", "2025-03-31")
	s.A.DataEnd = civil.MustParse("2025-03-31")
	for range 3 {
		s.Lead("google_ads", "2025-03-20", "")
	}
	r, err := metrics.Build(s.A)
	if err != nil {
		t.Fatal(err)
	}
	got := compareRates(r)
	for _, want := range []string{"Google Ads: none of its 3 leads in this period is 30 days old yet", "Meta Ads: no leads in this period."} {
		if !strings.Contains(got, want) {
			t.Errorf("comparison says %q, want %q", got, want)
		}
	}
}

// stoppableStore holds a save until its context ends, as a long rematch
// does when the person presses Stop.
type stoppableStore struct {
	*data.Workspace
	started chan struct{}
}

func (s *stoppableStore) SaveSettings(ctx context.Context, st data.Settings) error {
	close(s.started)
	<-ctx.Done()
	return data.ErrStopped
}

// A save that matches every sale again shows a progress bar and a Stop
// button; Stop ends it and says that nothing changed.
func TestSettingsRematchCanBeStopped(t *testing.T) {
	ws, err := data.Create(context.Background(), filepath.Join(t.TempDir(), "s.lastmile"), data.Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	store := &stoppableStore{Workspace: ws, started: make(chan struct{})}
	// Background work (the screen's own loading, the save) runs on its
	// own goroutines; running counts them until they and their updates of
	// the screen are done (the test driver runs fyne.Do there).
	var running sync.WaitGroup
	run := func(f func()) {
		running.Add(1)
		go func() {
			defer running.Done()
			f()
		}()
	}
	sc := newSettingsScreen(settingsOptions{Store: store, Window: win, Run: run})
	running.Wait() // the screen's own loading
	win.SetContent(sc.content)
	win.Resize(fyne.NewSize(900, 700))

	form := findForm(sc.content)
	form.Items[5].Widget.(*widget.Entry).SetText("90")
	stop := findButton(sc.content, "Stop")
	if stop.Visible() {
		t.Fatal("Stop shows before anything runs")
	}
	test.Tap(findButton(sc.content, "Save settings"))
	<-store.started
	if !stop.Visible() || stop.Disabled() {
		t.Fatal("no Stop button while every sale is matched again")
	}
	// The handler itself, not test.Tap: the test driver runs the save's
	// fyne.Do on the save's goroutine at once, which would race with what
	// Tap does after the handler (the real app queues it).
	stop.OnTapped()
	finished := make(chan struct{})
	go func() {
		running.Wait()
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop did not end the save")
	}
	if got := strings.Join(visibleTexts(win.Canvas().Content()), "|"); !strings.Contains(got, "Stopped: nothing was changed") {
		t.Fatalf("no word that the save stopped: %q", got)
	}
	if ws.Settings().AttributionWindowDays == 90 {
		t.Error("a stopped save changed the window")
	}
}
