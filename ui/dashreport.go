package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/metrics"
	"lastmile/data/money"
	"lastmile/data/stats"
	"lastmile/report"
	"lastmile/ui/chart"
)

// reportSections are the dashboard's parts below the headline tiles: leads
// today and this week, the per-channel table, the charts, the comparison
// card and how the numbers are made.
type reportSections struct {
	d *dashboard

	leadsNow *widget.Label
	stock    *widget.Button  // stock tied up in slow movers; hidden without stock data
	money    *fyne.Container // the channel tables, rebuilt for each report
	leads    *fyne.Container
	payback  *widget.Label // the headline return and whether each channel paid back
	report   metrics.Report
	rates    *chart.BarChart
	dots     *chart.DotPlot
	dotsNote *widget.Label
	claims   *chart.BarChart
	weekly   *chart.LineChart
	selA     *widget.Select
	selB     *widget.Select
	verdict  *widget.Label
	detail   *widget.Label
	how      *widget.Label
	channels []data.Channel
	applying bool
}

// tableCol is a column of the dashboard's channel tables: a column of the
// one channel table (metrics.Columns), shown with its range or without, or
// the platform claims.
type tableCol struct {
	key   string
	width float32
	full  bool // show the 95% range
}

// claimsKey names the platform-claims column, which is words rather than a
// column of the channel table.
const claimsKey = "claims"

// The two tables: money, then leads.
var (
	// Each table fits a laptop's window beside the navigation (about
	// 950 points), so the page never scrolls sideways.
	soldTable = []tableCol{{"channel", 192, false}, {"traced_sales", 108, false}, {"tagged_sales", 114, false},
		{"sales", 64, false}, {"revenue", 100, false}, {"refunds", 88, false}, {"aov", 92, false}, {"median_order", 184, true}}
	adsTable = []tableCol{{"channel", 200, false}, {"spend", 92, false}, {"roas", 200, true}, {"payback", 130, false},
		{"cost_per_sale", 110, false}, {"cost_per_buyer", 128, false}}
	claimsTable = []tableCol{{"channel", 200, false}, {claimsKey, 330, false}, {"sales", 64, false}, {"revenue", 100, false}}
	leadsTable  = []tableCol{{"channel", 200, false}, {"leads", 64, false}, {"leads_maturing", 96, false}, {"buyers", 70, false},
		{"lead_to_sale", 170, true}, {"cost_per_lead", 200, true}}
	speedTable = []tableCol{{"channel", 200, false}, {"median_days_to_close", 110, false}, {"closed_within_30_days", 200, true},
		{"closed_within_90_days", 200, true}}
)

// subTable is one of the channel tables over rows.
func (s *reportSections) subTable(which []tableCol, rows []metrics.ChannelReport) fyne.CanvasObject {
	var cols []column
	for _, t := range which {
		title := "Platform claims"
		right := true
		if t.key != claimsKey {
			c := metrics.ColumnByKey(t.key)
			// The 95% range is said once, above the tables.
			title, right = strings.TrimSuffix(c.Header, " (95% range)"), c.Format != metrics.FormatText
		}
		cols = append(cols, column{title, t.width, right})
	}
	cur := s.report.Currency
	return staticTable(cols, len(rows), func(r, c int) string {
		t, row := which[c], rows[r]
		if t.key == claimsKey {
			if row.Total || row.Channel.ID == 0 {
				return ""
			}
			return report.ClaimsText(row, cur)
		}
		col := metrics.ColumnByKey(t.key)
		if s.report.Quick && col.Orders {
			return "…" // worked out from the orders, which follow
		}
		v := col.Value(row)
		text := col.Short(v, cur)
		if t.full {
			text = col.Text(v, cur)
		}
		if t.key == "channel" && len(row.Campaigns) > 0 {
			text += " ▸"
		}
		return text
	}, func(r, c int) { s.open(rows[r], which[c].key) })
}

// The columns that open leads, and those that open ad report rows; the
// others open sales.
var (
	leadCols = map[string]bool{"leads": true, "leads_maturing": true, "buyers": true, "lead_to_sale": true, "cost_per_lead": true,
		"median_days_to_close": true, "closed_within_30_days": true}
	adCols = map[string]bool{"spend": true, claimsKey: true}
)

func newReportSections(d *dashboard) *reportSections {
	s := &reportSections{d: d}
	s.leadsNow = wrapLabel("")
	s.stock = widget.NewButtonWithIcon("", theme.GridIcon(), func() {
		if d.o.OpenStock != nil {
			d.o.OpenStock()
		}
	})
	s.stock.Alignment = widget.ButtonAlignLeading
	s.stock.Hide()
	s.loadStock()
	s.money, s.leads = container.NewStack(), container.NewStack()
	s.payback = wrapLabel("")
	s.rates = chart.NewBarChart(chart.BarData{EmptyText: "Loading…"})
	s.dots = chart.NewDotPlot(chart.DotData{EmptyText: "Loading…"})
	s.dotsNote = wrapLabel("")
	s.claims = chart.NewBarChart(chart.BarData{EmptyText: "Loading…"})
	s.weekly = chart.NewLineChart(chart.LineData{EmptyText: "Loading…"})
	s.selA = widget.NewSelect(nil, func(string) { s.compareChanged() })
	s.selB = widget.NewSelect(nil, func(string) { s.compareChanged() })
	if p := d.o.Prefs; p != nil {
		s.selA.Selected, s.selB.Selected = p.String(prefCompareA), p.String(prefCompareB)
	}
	s.verdict = wrapLabel("")
	s.verdict.TextStyle.Bold = true
	s.detail = wrapLabel("")
	s.how = wrapLabel("")
	win, rep := d.o.Window, d.o.Report
	chartMenu(win, rep, "Revenue and ad spend by channel", d.chart)
	chartMenu(win, rep, "Lead-to-sale by channel", s.rates)
	chartMenu(win, rep, "Order value digital against traditional", s.dots)
	chartMenu(win, rep, "Platform claims against traced sales", s.claims)
	chartMenu(win, rep, "Revenue by week and channel", s.weekly)
	return s
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// chartBox is a chart under its title at a fixed height.
func chartBox(title, note string, c fyne.CanvasObject, height float32) fyne.CanvasObject {
	top := container.NewVBox(heading(title))
	if note != "" {
		top.Add(wrapLabel(note))
	}
	return container.NewBorder(top, nil, nil, nil, container.New(fixedHeight(height), c))
}

// addTo lays the sections out in box.
func (s *reportSections) addTo(box *fyne.Container) {
	d := s.d
	box.Add(s.leadsNow)
	box.Add(s.stock)
	box.Add(heading("Channels"))
	box.Add(wrapLabel("Tap a figure to see the leads, sales or ad report rows behind it; tap a channel marked ▸ to see its campaigns. Traced sales were matched to one of the channel's leads; tagged sales have no lead but carry the channel's own tags (UTM, click id). Sales of unknown source — no lead, no tag — are shown by where they were made, never in a channel. Figures in brackets are the 95% range: where the true figure most likely lies."))
	box.Add(s.money)
	box.Add(heading("Did the ads pay back?"))
	box.Add(s.payback)
	box.Add(wrapLabel(fmt.Sprintf("Lead-to-sale counts the leads at least %d days old at the last day of your imported sales: the share that bought within %d days. Too recent: younger leads, not judged yet. The range is where the true rate most likely lies (a wide range means few leads). Days to close is the median for the leads that bought.", metrics.CohortDays, metrics.CohortDays)))
	box.Add(s.leads)
	box.Add(container.NewGridWithColumns(2,
		chartBox("Revenue and ad spend by channel", "", d.chart, 300),
		chartBox("Lead-to-sale by channel", "Bars are the rate among the leads old enough to judge; whiskers its 95% range.", s.rates, 300),
	))
	box.Add(container.NewGridWithColumns(2,
		container.NewBorder(nil, s.dotsNote, nil, nil, chartBox("Order value: digital against traditional leads", "Every dot is one sale traced to a lead, by the lead's origin, so one big invoice shows.", s.dots, 240)),
		chartBox("What the ad platforms claim, against the sales counted here", "", s.claims, 240),
	))
	box.Add(chartBox("Revenue by week and channel", "", s.weekly, 280))
	compare := container.NewVBox(
		heading("Compare two channels"),
		container.NewHBox(sized(s.selA, 220), widget.NewLabel("against"), sized(s.selB, 220)),
		s.verdict,
		s.detail,
	)
	box.Add(widget.NewCard("", "", compare))
	box.Add(widget.NewCard("", "", container.NewVBox(heading("How these numbers are made"), s.how)))
}

// loadStock reads, once and in the background, how much stock sits in slow
// movers; the button stays hidden when no stock counts are imported.
func (s *reportSections) loadStock() {
	d := s.d
	d.o.Run(func() {
		r, err := d.o.Source.StockReport(context.Background(), data.StockOptions{})
		fyne.Do(func() {
			if err != nil {
				d.o.Report.log.Error("stock tile", "err", err)
				return
			}
			if len(r.Items) == 0 {
				return
			}
			s.stock.SetText(fmt.Sprintf("Stock tied up in slow movers: %s in %s (counted %s). Show the Stock screen",
				money.FormatWhole(r.SlowValue, r.Currency), countOf(r.SlowCount, "product", "products"), shortDate(r.AsOf)))
			s.stock.Show()
		})
	})
}

// compareNames returns the two channels chosen for the comparison, or
// empty for the defaults.
func (s *reportSections) compareNames() [2]string {
	if s.selA.Selected == "" || s.selB.Selected == "" {
		return [2]string{}
	}
	return [2]string{s.selA.Selected, s.selB.Selected}
}

func (s *reportSections) compareChanged() {
	if s.applying {
		return
	}
	if p := s.d.o.Prefs; p != nil {
		p.SetString(prefCompareA, s.selA.Selected)
		p.SetString(prefCompareB, s.selB.Selected)
	}
	if !s.d.current.From.IsZero() && s.selA.Selected != "" && s.selB.Selected != "" {
		s.d.load(s.d.current)
	}
}

// working shows that the sections are being worked out, so figures of
// another period do not stay under this one's headline.
func (s *reportSections) working() {
	s.empty("Working out the figures…")
}

// clear empties every section (an error replaced the figures).
func (s *reportSections) clear() {
	s.empty("No figures to show")
}

// empty empties every section, saying why.
func (s *reportSections) empty(why string) {
	s.report = metrics.Report{}
	s.money.RemoveAll()
	s.leads.RemoveAll()
	s.payback.SetText("")
	s.leadsNow.SetText("")
	s.rates.SetData(chart.BarData{EmptyText: why})
	s.dots.SetData(chart.DotData{EmptyText: why})
	s.claims.SetData(chart.BarData{EmptyText: why})
	s.weekly.SetData(chart.LineData{EmptyText: why})
	s.verdict.SetText("")
	s.detail.SetText("")
	s.dotsNote.SetText("")
	s.how.SetText("")
}

// apply shows a computed report. A quick report (no orders) fills the
// channel tables, with "…" where a figure waits for the orders, and the
// charts it can; the rest keeps saying it is being worked out until the
// whole report follows.
func (s *reportSections) apply(r metrics.Report, chs []data.Channel) {
	s.report, s.channels = r, chs
	cur := r.Currency
	s.leadsNow.SetText(leadsNowText(r, chs))

	// Two tables, money and leads, one row per channel, then the total.
	rows := r.Rows()
	var leadRows []metrics.ChannelReport
	for _, c := range rows {
		if c.Place == "" {
			leadRows = append(leadRows, c)
		}
	}
	ads := adsTable
	if _, ok := r.Settings.Margin(); ok {
		ads = append(slices.Clone(adsTable[:len(adsTable)-1]), tableCol{"profit", 116, false})
	}
	var adRows []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.Channel.Paid || c.HasAds {
			adRows = append(adRows, c)
		}
	}
	adRows = append(adRows, r.Total)
	var claimRows []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.HasAds {
			claimRows = append(claimRows, c)
		}
	}
	money := container.NewVBox(s.subTable(soldTable, rows))
	if w := metrics.RefundWords(r); w != "" {
		money.Add(wrapLabel(w))
	}
	money.Add(heading("What the ads cost and returned"))
	money.Add(s.subTable(ads, adRows))
	if len(claimRows) > 0 {
		money.Add(heading("What the ad platforms claim for themselves"))
		money.Add(s.subTable(claimsTable, claimRows))
	}
	s.money.Objects = []fyne.CanvasObject{money}
	leads := container.NewVBox()
	if m := metrics.MaturingWords(r); m != "" {
		note := wrapLabel(m)
		note.TextStyle.Bold = r.Total.Mature == 0
		leads.Add(note)
	}
	leads.Add(s.subTable(leadsTable, leadRows))
	s.leads.Objects = []fyne.CanvasObject{container.NewVBox(leads,
		heading("How fast leads buy"), s.subTable(speedTable, leadRows))}
	s.money.Refresh()
	s.leads.Refresh()
	s.rates.SetData(report.LeadToSaleChart(r))
	s.claims.SetData(report.ClaimsChart(r))
	s.weekly.SetData(report.WeeklyChart(r))
	if r.Quick {
		return
	}
	var pb []string
	if h := report.HeadlineWords(r); h != "" {
		pb = append(pb, h)
	}
	for _, c := range r.Channels {
		if c.ROAS.OK {
			pb = append(pb, metrics.PaybackWords(c.Channel.Name, c.Spend, c.Revenue, c.ROAS, c.Payback, r.Headline.BreakEven, cur))
		}
	}
	s.payback.SetText(strings.Join(pb, "\n"))

	s.dots.SetData(report.OrderValueDots(r))
	s.dotsNote.SetText(gapText(r))

	// The comparison card.
	s.applying = true
	var names []string
	for _, c := range chs {
		names = append(names, c.Name)
	}
	s.selA.Options, s.selB.Options = names, names
	s.selA.Selected, s.selB.Selected = r.Compare.A, r.Compare.B
	s.selA.Refresh()
	s.selB.Refresh()
	s.applying = false
	c := r.Compare
	s.verdict.SetText(verdictTitle(c.Comparison))
	detail := c.Words + compareRates(r)
	if c.MoneyWords != "" {
		detail += "\n" + c.MoneyWords
	}
	if r.ManyPairs != "" {
		detail += "\n" + r.ManyPairs
	}
	s.detail.SetText(detail)
	s.how.SetText(report.HowMade(r, s.d.o.Source.Settings().AttributionWindowDays))
}

// open shows what is behind a cell: a channel's campaigns, its leads, its
// ad report rows or its sales.
func (s *reportSections) open(row metrics.ChannelReport, key string) {
	d := s.d
	r := s.report
	f := rowFilter{Period: r.Period, Model: r.Model}
	ch := row.Channel
	if !row.Total {
		f.Channel = ch.ID
		if ch.ID == 0 {
			f.Channel = data.Unassigned
		}
	}
	switch {
	case key == "channel" && len(row.Campaigns) > 0:
		s.showCampaigns(row)
	case adCols[key] && !row.Total && ch.ID != 0:
		s.showAdRows(ch)
	case leadCols[key]:
		if d.o.Open != nil {
			d.o.Open("Leads", f)
		}
	default:
		if d.o.Open != nil {
			d.o.Open("Sales", f)
		}
	}
}

// showCampaigns lists a channel's ad campaigns with what the leads and
// sales that name them brought.
func (s *reportSections) showCampaigns(row metrics.ChannelReport) {
	cur := s.report.Currency
	cs := row.Campaigns
	roas := metrics.ColumnByKey("roas")
	cols := []column{{"Campaign", 240, false}, {"Ad spend", 100, true}, {"Leads", 70, true}, {"Sales", 70, true},
		{"Revenue", 110, true}, {"Return on spend (95% range)", 220, true}}
	t := newTextTable(cols, func() int { return len(cs) }, func(i, c int) string {
		x := cs[i]
		switch c {
		case 0:
			return x.Campaign
		case 1:
			return money.FormatWhole(x.Spend, cur)
		case 2:
			return money.Count(int64(x.Leads))
		case 3:
			return money.Count(int64(x.Sales))
		case 4:
			return money.FormatWhole(x.Revenue, cur)
		}
		return roas.Text(metrics.Value{Num: x.ROAS.Value, Low: x.ROAS.Low, High: x.ROAS.High, Ranged: true, OK: x.ROAS.OK}, cur)
	}, nil)
	note := wrapLabel(fmt.Sprintf("The campaigns of %s's ad reports in %s, the costliest first. Leads and sales count under a campaign when their tags name it (utm_campaign): a traced sale by its lead's tags (else its own), a tagged sale by its own; names meet whatever their case and punctuation. Sales whose tags name no campaign are in the channel's row but in no campaign here.", row.Channel.Name, s.report.Period))
	showCustomSized(s.d.o.Window, row.Channel.Name+": campaigns", container.NewBorder(note, nil, nil, nil, t), fyne.NewSize(860, 460))
}

// showAdRows lists the ad report rows behind a channel's spend.
func (s *reportSections) showAdRows(ch data.Channel) {
	d := s.d
	p := s.report.Period
	cur := s.report.Currency
	d.o.Run(func() {
		rows, err := d.o.Source.AdRows(context.Background(), p, ch.ID, 500)
		fyne.Do(func() {
			if err != nil {
				d.o.Report.dialog(d.o.Window, "Could not read the ad reports", "reading ad rows", err)
				return
			}
			if len(rows) == 0 {
				showCustom(d.o.Window, ch.Name+": ad reports", wrapLabel(fmt.Sprintf("No imported ad report covers %s in %s.", ch.Name, p)))
				return
			}
			cols := []column{{"Days", 190, false}, {"Campaign", 220, false}, {"Level", 80, false}, {"Spend", 90, true},
				{"Impressions", 100, true}, {"Clicks", 70, true}, {"Claimed", 80, true}, {"Claimed value", 110, true}}
			t := newTextTable(cols, func() int { return len(rows) }, func(i, c int) string {
				a := rows[i]
				switch c {
				case 0:
					return data.Period{From: a.From, To: a.To}.String()
				case 1:
					return strings.Join(present(a.Campaign, a.AdGroup), " › ")
				case 2:
					return a.Level
				case 3:
					return money.Format(a.Spend, cur)
				case 4:
					return money.Count(a.Impressions)
				case 5:
					return money.Count(a.Clicks)
				case 6:
					if a.Conversions == nil {
						return "–"
					}
					return strings.TrimSuffix(fmt.Sprintf("%.1f", *a.Conversions), ".0")
				default:
					if a.Value == nil {
						return "–"
					}
					return money.Format(*a.Value, cur)
				}
			}, nil)
			note := wrapLabel(fmt.Sprintf("The rows of the imported ad reports that count under %s and overlap %s, the costliest first. A row for a range of days counts in the period for its days inside it.", ch.Name, p))
			showCustomSized(d.o.Window, ch.Name+": ad reports", container.NewBorder(note, nil, nil, nil, t), fyne.NewSize(980, 520))
		})
	})
}

// leadsNowText says where today's and this week's leads came from.
func leadsNowText(r metrics.Report, chs []data.Channel) string {
	name := func(id int64) string {
		for _, c := range chs {
			if c.ID == id {
				return c.Name
			}
		}
		return "no channel"
	}
	part := func(m map[int64]int) (int, string) {
		type kv struct {
			id int64
			n  int
		}
		var all []kv
		total := 0
		for id, n := range m {
			all = append(all, kv{id, n})
			total += n
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].n != all[j].n {
				return all[i].n > all[j].n
			}
			return name(all[i].id) < name(all[j].id)
		})
		var parts []string
		for _, x := range all {
			parts = append(parts, fmt.Sprintf("%s %d", name(x.id), x.n))
		}
		return total, strings.Join(parts, ", ")
	}
	nt, today := part(r.LeadsToday)
	nw, week := part(r.LeadsThisWeek)
	text := fmt.Sprintf("Leads on the period's last day (%s): %d", shortDate(r.Today), nt)
	if nt > 0 {
		text += " — " + today
	}
	text += fmt.Sprintf(". That week (%s to %s): %d", shortDate(r.WeekStart), shortDate(r.Today), nw)
	if nw > 0 {
		text += " — " + week
	}
	return text + "."
}

// gapText says how digital and traditional order values differ, honestly:
// over the sales traced to a lead, within each place, the share of the gap
// that is the mix of sale types, and over every sale with a channel.
func gapText(r metrics.Report) string {
	cur := r.Currency
	parts := []string{metrics.GapWords(r.Gap, cur)}
	for _, g := range r.GapByPlace {
		parts = append(parts, metrics.GapWords(g, cur))
	}
	if m := metrics.MixWords(r); m != "" {
		parts = append(parts, m)
	}
	parts = append(parts, metrics.GapWords(r.GapAll, cur))
	return strings.Join(parts, "\n")
}

// verdictTitle is the comparison's verdict in a few words.
func verdictTitle(c stats.Comparison) string {
	switch c.Verdict {
	case stats.ClearlyA:
		return c.A + " converts better"
	case stats.ClearlyB:
		return c.B + " converts better"
	case stats.LeaningA:
		return "Leaning " + c.A + ", not yet sure"
	case stats.LeaningB:
		return "Leaning " + c.B + ", not yet sure"
	case stats.AboutTheSame:
		return "About the same"
	}
	return "Not enough data yet"
}

// compareRates lists each side's rate and range, and the chance.
func compareRates(r metrics.Report) string {
	c := r.Compare.Comparison
	line := func(id int64, name string, k, n int, i stats.Interval) string {
		if !i.OK {
			row, _ := r.Channel(id)
			if row.Leads == 0 {
				return fmt.Sprintf("\n%s: no leads in this period.", name)
			}
			if row.Leads == 1 {
				return fmt.Sprintf("\n%s: its one lead in this period is not %d days old yet, so it cannot be judged.", name, metrics.CohortDays)
			}
			return fmt.Sprintf("\n%s: none of its %s leads in this period is %d days old yet, so none can be judged.",
				name, countText(row.Leads), metrics.CohortDays)
		}
		return fmt.Sprintf("\n%s: %d of %d leads bought, %.0f%% (likely %.0f–%.0f%%).", name, k, n, 100*i.Value, 100*i.Low, 100*i.High)
	}
	out := line(r.Compare.IDs[0], c.A, c.KA, c.NA, c.RateA) + line(r.Compare.IDs[1], c.B, c.KB, c.NB, c.RateB)
	if c.NA > 0 && c.NB > 0 {
		chance := fmt.Sprintf("%.0f%%", 100*c.PABetter)
		switch {
		case c.PABetter > 0.99:
			chance = "more than 99%"
		case c.PABetter < 0.01:
			chance = "less than 1%"
		}
		out += fmt.Sprintf("\nChance that %s's true rate is higher: %s.", c.A, chance)
	}
	return out
}
