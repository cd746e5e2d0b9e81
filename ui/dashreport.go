package ui

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
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
	rows     []data.ChannelReport
	report   data.Report
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

// tableCols are the per-channel table's columns.
var tableCols = []column{
	{"Channel", 170, false}, {"Ad spend", 90, true}, {"Leads", 70, true}, {"Buyers", 74, true},
	{"Lead-to-sale (95% range)", 200, true}, {"Sales", 64, true}, {"Revenue", 96, true}, {"Avg order", 96, true},
	{"Median order", 122, true}, {"ROAS", 70, true}, {"Cost per lead", 116, true}, {"Cost per sale", 110, true},
	{"Days to close", 116, true}, {"Platform claims", 190, true},
}

// The two tables show these columns of tableCols: money, then leads.
var (
	moneyCols = []int{0, 1, 5, 6, 7, 8, 9, 11, 13}
	leadsCols = []int{0, 2, 3, 4, 10, 12}
)

// subTable is the channel table with some of tableCols.
func (s *reportSections) subTable(which []int) fyne.CanvasObject {
	var cols []column
	for _, i := range which {
		cols = append(cols, tableCols[i])
	}
	rows := len(s.rows) + 1
	if len(s.rows) == 0 {
		rows = 0
	}
	return staticTable(cols, rows, func(r, c int) string { return s.cell(r, which[c]) },
		func(r, c int) { s.open(r, which[c]) })
}

// The columns that open leads, and those that open ad report rows; the
// others open sales.
var (
	leadCols = map[int]bool{2: true, 3: true, 4: true, 10: true, 12: true}
	adCols   = map[int]bool{1: true, 13: true}
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
	box.Add(wrapLabel("Tap a figure to see the leads, sales or ad report rows behind it. ROAS is return on ad spend: revenue ÷ ad spend. Lead-to-sale is the share of the period's leads that bought in it; the range is where the true rate most likely lies (a wide range means few leads). Days to close is the median for the leads that bought."))
	box.Add(s.money)
	box.Add(s.leads)
	box.Add(container.NewGridWithColumns(2,
		chartBox("Revenue and ad spend by channel", "", d.chart, 300),
		chartBox("Lead-to-sale by channel", "Bars are the rate; whiskers its 95% range.", s.rates, 300),
	))
	box.Add(container.NewGridWithColumns(2,
		container.NewBorder(nil, s.dotsNote, nil, nil, chartBox("Order value: digital against traditional", "Every dot is one sale, so one big invoice shows.", s.dots, 240)),
		chartBox("What the ad platforms claim, against the sales traced to them", "", s.claims, 240),
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
	s.rows = nil
	s.report = data.Report{}
	s.money.RemoveAll()
	s.leads.RemoveAll()
	s.leadsNow.SetText("")
	s.rates.SetData(chart.BarData{EmptyText: why})
	s.dots.SetData(chart.DotData{EmptyText: why})
	s.claims.SetData(chart.BarData{EmptyText: why})
	s.weekly.SetData(chart.LineData{EmptyText: why})
	s.verdict.SetText("")
	s.detail.SetText("")
}

// apply shows a computed report.
func (s *reportSections) apply(r data.Report, chs []data.Channel) {
	s.report, s.rows, s.channels = r, r.Channels, chs
	cur := r.Currency
	s.leadsNow.SetText(leadsNowText(r, chs))

	// Two tables, money and leads, one row per channel, then the total.
	s.money.Objects = []fyne.CanvasObject{s.subTable(moneyCols)}
	s.leads.Objects = []fyne.CanvasObject{s.subTable(leadsCols)}
	s.money.Refresh()
	s.leads.Refresh()

	s.rates.SetData(report.LeadToSaleChart(r))
	s.dots.SetData(report.OrderValueDots(r))
	s.dotsNote.SetText(gapText(r))
	s.claims.SetData(report.ClaimsChart(r))
	s.weekly.SetData(report.WeeklyChart(r))

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
	s.verdict.SetText(verdictTitle(c))
	s.detail.SetText(c.Words + compareRates(c))

	m := "first touch: a sale counts under the channel of the lead it was matched to; a sale with no lead counts under its own source (e.g. the UTM tags of a web order), else as Unattributed"
	if r.Model == data.LastTouch {
		m = "last touch: a sale counts under its own source when it has one, else under its lead's channel, else as Unattributed"
	}
	s.how.SetText(fmt.Sprintf("Sales are counted by %s. Each sale is matched to a lead by, strongest first: the same order number, ad click id, email, phone, then name or company when exactly one lead has it; the lead must have come in before the sale (one day of slack) and within the attribution window (%d days, in Workspace settings). Ambiguous matches wait on the Sales screen for you to choose. Revenue is what customers paid net of refunds; a refund is not a sale. Return on ad spend is revenue ÷ ad spend; in the tiles it is the revenue of paid channels ÷ all ad spend. Days to close is the median for the leads that bought. Platform claims are the conversions and their value as the ad platform reports them, which usually count more than the sales that can be traced. Money is in %s.",
		m, s.d.o.Source.Settings().AttributionWindowDays, cur))
}

// cell writes one cell of the channel table.
func (s *reportSections) cell(row, col int) string {
	r := s.report
	cur := r.Currency
	if row == len(s.rows) {
		t := r.Totals
		if len(s.rows) == 0 {
			return ""
		}
		lts := stats.Wilson(t.Buyers, t.Leads)
		roas, ok := t.ROAS()
		switch col {
		case 0:
			return "Total"
		case 1:
			return money.FormatWhole(t.Spend, cur)
		case 2:
			return money.Count(int64(t.Leads))
		case 3:
			return money.Count(int64(t.Buyers))
		case 4:
			return rateText(lts)
		case 5:
			return money.Count(int64(t.Sales))
		case 6:
			return money.FormatWhole(t.Revenue, cur)
		case 7:
			return moneyOr(float64(t.Revenue)/float64(max(1, t.Sales)), t.Sales > 0, cur)
		case 9:
			return ratioOr(roas, ok)
		}
		return ""
	}
	c := s.rows[row]
	switch col {
	case 0:
		return c.Channel.Name
	case 1:
		if !c.HasAds && c.Channel.Paid {
			return "no report"
		}
		return money.FormatWhole(c.Spend, cur)
	case 2:
		return money.Count(int64(c.Leads))
	case 3:
		return money.Count(int64(c.Buyers))
	case 4:
		return rateText(c.LeadToSale)
	case 5:
		return money.Count(int64(c.Sales))
	case 6:
		return money.FormatWhole(c.Revenue, cur)
	case 7:
		v, ok := c.AOV()
		return moneyOr(v, ok, cur)
	case 8:
		return moneyOr(c.MedianOrder.Value, c.MedianOrder.OK, cur)
	case 9:
		v, ok := c.ROAS()
		return ratioOr(v, ok)
	case 10:
		v, ok := c.CostPerLead()
		return moneyOr(v, ok, cur)
	case 11:
		v, ok := c.CostPerSale()
		return moneyOr(v, ok, cur)
	case 12:
		if !c.DaysToClose.BuyersMedianOK {
			return "–"
		}
		return strings.TrimSuffix(fmt.Sprintf("%.1f", c.DaysToClose.BuyersMedianDays), ".0")
	case 13:
		if !c.HasAds {
			return "–"
		}
		return fmt.Sprintf("%s sales, %s", trimNumber(c.PlatformConversions), money.FormatWhole(c.PlatformValue, cur))
	}
	return ""
}

// open shows the rows behind a cell.
func (s *reportSections) open(row, col int) {
	d := s.d
	r := s.report
	f := rowFilter{Period: r.Period, Model: r.Model}
	var ch data.Channel
	if row < len(s.rows) {
		ch = s.rows[row].Channel
		f.Channel = ch.ID
		if ch.ID == 0 {
			f.Channel = data.Unassigned
		}
	}
	switch {
	case adCols[col] && row < len(s.rows):
		s.showAdRows(ch)
	case leadCols[col]:
		if d.o.Open != nil {
			d.o.Open("Leads", f)
		}
	default:
		if d.o.Open != nil {
			d.o.Open("Sales", f)
		}
	}
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
					return trimNumber(*a.Conversions)
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
func leadsNowText(r data.Report, chs []data.Channel) string {
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
	text := fmt.Sprintf("Leads today (%s): %d", shortDate(r.Today), nt)
	if nt > 0 {
		text += " — " + today
	}
	text += fmt.Sprintf(". This week (since %s): %d", shortDate(r.WeekStart), nw)
	if nw > 0 {
		text += " — " + week
	}
	return text + "."
}

func rateText(i stats.Interval) string {
	if !i.OK {
		return "–"
	}
	return fmt.Sprintf("%.0f%% (%.0f–%.0f%%)", 100*i.Value, 100*i.Low, 100*i.High)
}

func moneyOr(minor float64, ok bool, cur string) string {
	if !ok || math.IsNaN(minor) {
		return "–"
	}
	return money.Format(int64(math.Round(minor)), cur)
}

func ratioOr(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v)
}

func trimNumber(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// gapText says how digital and traditional order values differ, honestly.
func gapText(r data.Report) string {
	cur := r.Currency
	g := r.OrderValueGap
	if !g.Median.OK {
		return "Digital and traditional channels both need sales in this period to compare their order values."
	}
	f := func(v float64) string { return money.FormatWhole(int64(math.Round(v)), cur) }
	dir := func(i stats.Interval, what string) string {
		switch {
		case i.Low > 0:
			return fmt.Sprintf("digital sales have the larger %s, by %s (likely %s to %s)", what, f(i.Value), f(i.Low), f(i.High))
		case i.High < 0:
			return fmt.Sprintf("traditional sales have the larger %s, by %s (likely %s to %s)", what, f(-i.Value), f(-i.High), f(-i.Low))
		default:
			return fmt.Sprintf("the %s could be larger on either side (difference %s to %s)", what, f(i.Low), f(i.High))
		}
	}
	text := dir(g.Median, "median order") + "; " + dir(g.Mean, "average order") + "."
	return strings.ToUpper(text[:1]) + text[1:]
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
	case stats.NoDifference:
		return "No real difference"
	}
	return "Not enough data yet"
}

// compareRates lists each side's rate and range, and the chance.
func compareRates(c stats.Comparison) string {
	line := func(name string, k, n int, i stats.Interval) string {
		if !i.OK {
			return fmt.Sprintf("\n%s: no leads in this period.", name)
		}
		return fmt.Sprintf("\n%s: %d of %d leads bought, %.0f%% (likely %.0f–%.0f%%).", name, k, n, 100*i.Value, 100*i.Low, 100*i.High)
	}
	out := line(c.A, c.KA, c.NA, c.RateA) + line(c.B, c.KB, c.NB, c.RateB)
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
