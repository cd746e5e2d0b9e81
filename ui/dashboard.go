package ui

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/metrics"
	"lastmile/report"
	"lastmile/ui/chart"
)

// customPeriod is the period picker's entry for a from–to range.
const customPeriod = "Custom…"

// dashboardOptions is what the dashboard screen needs.
type dashboardOptions struct {
	Source DashboardSource
	Window fyne.Window
	Prefs  fyne.Preferences
	Now    func() time.Time
	Report reporter
	Run    runner
	// OnLoaded is called on the UI goroutine each time figures are shown.
	OnLoaded func()
	// Import, when set, opens the import screen; the empty workspace hint
	// offers it as its button.
	Import func()
	// Open, when set, shows the Leads or Sales screen filtered to the rows
	// behind a figure.
	Open func(screen string, f rowFilter)
	// OpenStock, when set, shows the Stock screen.
	OpenStock func()
}

// dashboard is the first screen: the headline figures for a period and
// revenue and ad spend by channel.
type dashboard struct {
	o dashboardOptions

	period   *widget.Select
	empty    *fyne.Container // the hint shown while the workspace holds nothing
	where    *fyne.Container // the way to the data when the period has none
	whereTo  *widget.Button
	dataSpan data.Period // the days the imported files cover
	from, to *widget.DateEntry
	custom   *fyne.Container
	top      *fyne.Container
	subtitle *widget.Label
	status   *widget.Label
	tiles    []*kpiTile
	chart    *chart.BarChart
	model    *widget.RadioGroup
	sections *reportSections
	content  fyne.CanvasObject

	seq     int // the latest load; older results are dropped
	current data.Period
}

func newDashboard(o dashboardOptions) *dashboard {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Report.log == nil {
		o.Report.log = slog.Default()
	}
	d := &dashboard{o: o}

	options := make([]string, 0, len(data.Presets)+1)
	for _, p := range data.Presets {
		options = append(options, string(p))
	}
	options = append(options, customPeriod)
	d.period = widget.NewSelect(options, func(string) { d.periodChanged() })
	d.from, d.to = widget.NewDateEntry(), widget.NewDateEntry()
	d.from.OnChanged = func(*time.Time) { d.customChanged() }
	d.to.OnChanged = func(*time.Time) { d.customChanged() }
	d.custom = container.NewHBox(widget.NewLabel("From"), sized(d.from, 150), widget.NewLabel("to"), sized(d.to, 150))
	d.custom.Hide()

	d.subtitle = widget.NewLabel("")
	d.subtitle.Truncation = fyne.TextTruncateEllipsis
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Hide()

	var tiles []fyne.CanvasObject
	for range (data.Dashboard{}).KPIs() {
		t := newKPITile(o.Window)
		d.tiles = append(d.tiles, t)
		tiles = append(tiles, t)
	}
	d.chart = chart.NewBarChart(chart.BarData{EmptyText: "Loading…"})
	d.model = widget.NewRadioGroup([]string{modelFirstShort, modelLastShort}, func(string) { d.modelChanged() })
	d.model.Horizontal = true
	d.model.Required = true
	d.model.Selected = modelFirstShort
	if o.Prefs != nil && o.Prefs.String(prefModel) == string(data.LastTouch) {
		d.model.Selected = modelLastShort
	}
	d.sections = newReportSections(d)

	title := widget.NewLabelWithStyle("Dashboard", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	picker := container.NewHBox(d.custom, widget.NewLabel("Period"), d.period)
	hint := widget.NewLabel("This workspace holds no data yet. Import your ad reports (Google Ads, Meta…), your sales (Shopify, Square, QuickBooks…) and your leads (HubSpot, Salesforce…) exactly as you downloaded them.")
	hint.Wrapping = fyne.TextWrapWord
	d.empty = container.NewVBox(hint)
	if o.Import != nil {
		go2 := widget.NewButtonWithIcon("Import files…", theme.UploadIcon(), o.Import)
		go2.Importance = widget.HighImportance
		d.empty.Add(container.NewHBox(go2))
	}
	d.empty.Hide()
	d.whereTo = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { d.showPeriod(d.dataSpan) })
	whereText := widget.NewLabel("Nothing was imported for this period.")
	d.where = container.NewHBox(whereText, d.whereTo)
	d.where.Hide()
	d.top = container.NewVBox(
		container.NewBorder(nil, nil, title, picker),
		container.NewHBox(widget.NewLabel("Count sales by"), d.model),
		d.empty,
		d.where,
		d.subtitle,
		d.status,
	)
	body := container.NewVBox(container.NewGridWithColumns(len(tiles), tiles...))
	d.sections.addTo(body)
	d.content = container.NewBorder(d.top, nil, nil, nil, container.NewVScroll(body))

	sel := string(data.DefaultPreset)
	if o.Prefs != nil {
		sel = o.Prefs.StringWithFallback(prefPeriod, sel)
	}
	if sel == customPeriod {
		sel = string(data.DefaultPreset)
	}
	d.period.SetSelected(sel) // triggers the first load
	return d
}

// The attribution model switch.
const (
	modelFirstShort = "First touch"
	modelLastShort  = "Last touch"
)

// currentModel is the attribution model chosen.
func (d *dashboard) currentModel() data.Model {
	if d.model.Selected == modelLastShort {
		return data.LastTouch
	}
	return data.FirstTouch
}

func (d *dashboard) modelChanged() {
	if d.o.Prefs != nil {
		d.o.Prefs.SetString(prefModel, string(d.currentModel()))
	}
	if !d.current.From.IsZero() {
		d.load(d.current)
	}
}

// sized gives an object a minimum width.
func sized(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(width, o.MinSize().Height), o)
}

// today is the current business date of the workspace.
func (d *dashboard) today() civil.Date {
	return d.o.Source.Settings().Today(d.o.Now())
}

func (d *dashboard) periodChanged() {
	sel := d.period.Selected
	if d.o.Prefs != nil {
		d.o.Prefs.SetString(prefPeriod, sel)
	}
	if sel == customPeriod {
		// Start the custom range from what is on screen.
		p := d.current
		if p.From.IsZero() {
			p = data.PeriodFor(data.DefaultPreset, d.today())
		}
		d.from.SetDate(timePtr(p.From))
		d.to.SetDate(timePtr(p.To))
		d.custom.Show()
		d.customChanged()
		return
	}
	d.custom.Hide()
	d.load(data.PeriodFor(data.Preset(sel), d.today()))
}

func (d *dashboard) customChanged() {
	if d.period.Selected != customPeriod {
		return
	}
	if d.from.Date == nil || d.to.Date == nil {
		d.showStatus("Choose both a start and an end date.")
		return
	}
	p := data.Period{From: civil.Of(*d.from.Date), To: civil.Of(*d.to.Date)}
	if p.To.Before(p.From) {
		d.showStatus("The end date is before the start date. Choose an end date on or after " + p.From.Time(time.UTC).Format("2 Jan 2006") + ".")
		return
	}
	d.load(p)
}

func timePtr(c civil.Date) *time.Time {
	t := c.Time(time.Local)
	return &t
}

// showPeriod switches to a custom period.
func (d *dashboard) showPeriod(p data.Period) {
	d.current = p
	if d.period.Selected != customPeriod {
		d.period.SetSelected(customPeriod) // starts from d.current
		return
	}
	// Move the end first when the new period starts after the old one
	// ends, so the range is never shown back to front.
	if d.to.Date != nil && p.From.After(civil.Of(*d.to.Date)) {
		d.to.SetDate(timePtr(p.To))
		d.from.SetDate(timePtr(p.From))
		return
	}
	d.from.SetDate(timePtr(p.From))
	d.to.SetDate(timePtr(p.To))
}

// load computes the figures for p in the background and shows them.
func (d *dashboard) load(p data.Period) {
	d.seq++
	seq := d.seq
	d.current = p
	src := d.o.Source
	// "Leads today" means the period's last day, so a period in the past
	// says what happened then.
	opts := data.ReportOptions{Period: p, Model: d.currentModel(), Compare: d.sections.compareNames()}
	// Three steps: the headline figures and the revenue chart come from
	// the daily totals in a few milliseconds; the channel tables and most
	// charts from those totals and the period's leads (a quick report);
	// the figures that need every order (medians, ranges of the return on
	// ad spend, the order-value gap) and the comparison follow, which
	// takes longer on a big workspace.
	d.o.Run(func() {
		ctx := context.Background()
		dash, err := src.Dashboard(ctx, p, opts.Model)
		var imported int
		var span data.Period
		if err == nil {
			imported, span, err = src.ImportedSpan(ctx)
		}
		fyne.Do(func() {
			if seq != d.seq {
				return // a newer period was chosen meanwhile
			}
			if err != nil {
				d.showError(err)
				return
			}
			if (imported == 0) != d.empty.Visible() {
				d.empty.Hidden = imported > 0
				d.top.Refresh()
			}
			d.dataSpan = span
			away := dash.Empty() && !d.dataSpan.From.IsZero() &&
				(d.dataSpan.To.Before(p.From) || p.To.Before(d.dataSpan.From))
			if away {
				d.whereTo.SetText("Show " + d.dataSpan.String() + ", the days your files cover")
			}
			if away != d.where.Visible() {
				d.where.Hidden = !away
				d.top.Refresh()
			}
			d.apply(dash)
			d.sections.working()
		})
		if err != nil {
			return
		}
		show := func(quick bool) bool {
			o := opts
			o.Quick = quick
			r, err := metrics.Compute(ctx, src, o)
			if err != nil && opts.Compare != ([2]string{}) {
				// A channel of the comparison was deleted: compare the defaults.
				opts.Compare, o.Compare = [2]string{}, [2]string{}
				r, err = metrics.Compute(ctx, src, o)
			}
			var chs []data.Channel
			if err == nil {
				chs, err = src.Channels(ctx)
			}
			fyne.Do(func() {
				if seq != d.seq {
					return
				}
				if err != nil {
					d.showError(err)
					return
				}
				d.sections.apply(r, chs)
			})
			return err == nil
		}
		if show(true) {
			show(false)
		}
	})
}

func (d *dashboard) showStatus(msg string) {
	d.status.SetText(msg)
	d.status.Show()
	d.top.Refresh() // lay out again: the line was hidden
}

func (d *dashboard) showError(err error) {
	// Figures of another period must not stay on screen under this one.
	d.subtitle.SetText("")
	for _, t := range d.tiles {
		t.clear()
	}
	d.chart.SetData(chart.BarData{EmptyText: "No figures to show"})
	d.sections.clear()
	d.showStatus(d.o.Report.text("computing the dashboard", err))
}

// apply shows a computed dashboard.
func (d *dashboard) apply(dash data.Dashboard) {
	if d.status.Visible() {
		d.status.Hide()
		d.top.Refresh()
	}
	d.subtitle.SetText(fmt.Sprintf("%s (%d days) · compared with %s · sales counted by %s (%s)",
		dash.Period, dash.Period.Days(), dash.Previous, dash.Model.Label(), modelMeaning(dash.Model)))
	for i, k := range dash.KPIs() {
		d.tiles[i].set(k, dash.Currency, "Before")
	}
	d.chart.SetData(report.RevenueSpendChart(dash))
	if d.o.OnLoaded != nil {
		d.o.OnLoaded()
	}
}

// modelMeaning says what an attribution model does, in words.
func modelMeaning(m data.Model) string {
	if m == data.LastTouch {
		return "under the channel the sale's own tags name, such as the UTM of the order, else its lead's channel"
	}
	return "under the channel of the lead a sale came from, else the channel its own tags name"
}
