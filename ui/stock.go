package ui

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/money"
	"lastmile/report"
	"lastmile/ui/chart"
)

// StockSource is what the Stock screen reads and keeps: *data.Workspace.
type StockSource interface {
	Name() string
	Settings() data.Settings
	StockReport(ctx context.Context, o data.StockOptions) (data.StockReport, error)
	SaveStockThresholds(ctx context.Context, t data.StockThresholds) error
	PushList(ctx context.Context) ([]string, error)
	SavePushList(ctx context.Context, keys []string) error
}

// stockOptions is what the Stock screen needs.
type stockOptions struct {
	Source StockSource
	Window fyne.Window
	Report reporter
	Run    runner
	Now    func() time.Time
	Folder string // where the ads team's files go unless a person chooses
}

// stockScreen shows what sits on the shelf: the slow movers first, stock
// value by age, each product's sales, and a way to ask the ads team to
// push the ones chosen.
type stockScreen struct {
	o stockOptions

	summary  *widget.Label
	status   *widget.Label
	doh      *widget.Entry
	dss      *widget.Entry
	onlySlow *widget.Check
	sortBy   *widget.Select
	ages     *chart.BarChart
	table    *widget.Table
	push     *widget.Button
	unknown  *widget.Label
	content  fyne.CanvasObject

	r        data.StockReport
	rows     []data.StockItem
	selected map[string]bool
}

// The orders the list can be sorted in.
const (
	sortValue = "Value tied up"
	sortDays  = "Days of stock on hand"
	sortSince = "Days since the last sale"
)

var stockCols = []column{{"Push", 62, false}, {"Product", 220, false}, {"SKU", 110, false}, {"On hand", 84, true}, {"Value", 90, true},
	{"Sold", 60, true}, {"Days on hand", 100, true}, {"Sell-through", 96, true}, {"Last sale", 110, true}, {"Age", 90, false},
	{"Channels that sold it", 260, false}}

func newStockScreen(o stockOptions) *stockScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Folder == "" {
		o.Folder = defaultFolder()
	}
	s := &stockScreen{o: o, selected: map[string]bool{}}
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.summary.Wrapping = fyne.TextWrapWord
	s.status = wrapLabel("")
	s.status.Hide()
	s.doh, s.dss = widget.NewEntry(), widget.NewEntry()
	apply := widget.NewButton("Apply", s.saveThresholds)
	s.onlySlow = widget.NewCheck("Slow movers only", func(bool) { s.showRows() })
	s.onlySlow.Checked = true
	s.sortBy = widget.NewSelect([]string{sortValue, sortDays, sortSince}, func(string) { s.showRows() })
	s.sortBy.Selected = sortValue
	s.ages = chart.NewBarChart(chart.BarData{EmptyText: "Loading…"})
	s.table = newTextTable(stockCols, func() int { return len(s.rows) }, s.cell, s.tapped)
	s.push = widget.NewButtonWithIcon("Ask the ads team to push these…", theme.MailSendIcon(), s.askAds)
	s.push.Importance = widget.HighImportance
	s.unknown = wrapLabel("")
	s.unknown.Hide()
	help := wrapLabel("Stock on hand from the latest stock count, and how each product sold in the 90 days before it. Slow: more days of stock than the first threshold at this pace, or no sale for longer than the second. Tap Push to choose products, then ask the ads team to push them: Lastmile writes a list and a Google Merchant Center feed, and adds them to the meeting pack.")
	thresholds := container.NewHBox(widget.NewLabel("Slow after"), sized(s.doh, 70), widget.NewLabel("days of stock, or"),
		sized(s.dss, 70), widget.NewLabel("days without a sale"), apply)
	top := container.NewVBox(screenTitle("Stock"), help, s.summary, thresholds,
		container.NewHBox(s.onlySlow, widget.NewLabel("Sort by"), s.sortBy, s.push), s.status)
	left := container.NewBorder(nil, s.unknown, nil, nil, s.table)
	right := container.NewBorder(heading("Stock value by age"), wrapLabel("Age: days since the last sale, else since the stock arrived."), nil, nil, s.ages)
	split := container.NewHSplit(left, right)
	split.Offset = 0.72
	s.content = container.NewBorder(top, nil, nil, nil, split)
	s.load()
	return s
}

// load reads the stock report and the push list.
func (s *stockScreen) load() {
	s.o.Run(func() {
		ctx := context.Background()
		r, err := s.o.Source.StockReport(ctx, data.StockOptions{})
		var push []string
		if err == nil {
			push, err = s.o.Source.PushList(ctx)
		}
		fyne.Do(func() {
			if err != nil {
				s.showStatus(s.o.Report.text("reading the stock", err))
				return
			}
			s.r = r
			s.selected = map[string]bool{}
			for _, k := range push {
				s.selected[k] = true
			}
			s.doh.SetText(strconv.Itoa(r.Thresholds.DaysOnHand))
			s.dss.SetText(strconv.Itoa(r.Thresholds.DaysSinceSale))
			s.apply()
		})
	})
}

func (s *stockScreen) showStatus(msg string) {
	s.status.SetText(msg)
	s.status.Show()
}

// apply shows a computed report.
func (s *stockScreen) apply() {
	r := s.r
	cur := r.Currency
	if len(r.Items) == 0 {
		s.summary.SetText("No stock counts are imported yet. Import a stock or inventory export (SKU, product, quantity on hand and the date of the count) on the Import screen.")
	} else {
		verb := "tie"
		if r.SlowCount == 1 {
			verb = "ties"
		}
		s.summary.SetText(fmt.Sprintf("%s %s up %s. Stock counted on %s; sales %s.", countOf(r.SlowCount, "slow mover", "slow movers"), verb,
			money.FormatWhole(r.SlowValue, cur), shortDate(r.AsOf), r.Period))
	}
	// Stock value by age bucket, and the part of it that is slow.
	bd := chart.BarData{
		Categories:  data.AgeBuckets,
		FormatValue: func(v float64) string { return money.FormatWhole(money.FromMajor(v, cur), cur) },
		FormatTick:  func(v float64) string { return money.Compact(v, cur) },
		EmptyText:   "No stock with a unit cost",
	}
	all := chart.Series{Name: "Stock value", Color: theme.ColorNamePrimary, Values: make([]float64, len(data.AgeBuckets))}
	slow := chart.Series{Name: "Of which slow", Color: theme.ColorNameWarning, Values: make([]float64, len(data.AgeBuckets))}
	for _, it := range r.Items {
		for i, b := range data.AgeBuckets {
			if it.AgeBucket == b {
				all.Values[i] += money.ToMajor(it.Value, cur)
				if it.Slow {
					slow.Values[i] += money.ToMajor(it.Value, cur)
				}
			}
		}
	}
	bd.Series = []chart.Series{all, slow}
	s.ages.SetData(bd)
	if len(r.Unmatched) > 0 {
		var parts []string
		for i, u := range r.Unmatched {
			if i == 8 {
				parts = append(parts, fmt.Sprintf("and %d more", len(r.Unmatched)-8))
				break
			}
			parts = append(parts, strings.TrimSpace(u.SKU+" "+u.Product))
		}
		s.unknown.SetText(fmt.Sprintf("Sold in the period but in no stock count (check the SKU or the name in the stock file): %s.", strings.Join(parts, ", ")))
		s.unknown.Show()
	} else {
		s.unknown.Hide()
	}
	s.showRows()
}

// showRows filters and sorts the list.
func (s *stockScreen) showRows() {
	s.rows = nil
	for _, it := range s.r.Items {
		if !s.onlySlow.Checked || it.Slow {
			s.rows = append(s.rows, it)
		}
	}
	by := s.sortBy.Selected
	sort.SliceStable(s.rows, func(i, j int) bool {
		a, b := s.rows[i], s.rows[j]
		switch by {
		case sortDays:
			if a.DaysOnHand != b.DaysOnHand {
				return a.DaysOnHand > b.DaysOnHand
			}
		case sortSince:
			if a.Age != b.Age {
				return a.Age > b.Age
			}
		}
		return a.Value > b.Value
	})
	s.table.Refresh()
	s.updatePush()
}

func (s *stockScreen) updatePush() {
	n := 0
	for _, it := range s.r.Items {
		if s.selected[it.Key()] {
			n++
		}
	}
	s.push.SetText(fmt.Sprintf("Ask the ads team to push these (%d)…", n))
	if n == 0 {
		s.push.Disable()
	} else {
		s.push.Enable()
	}
}

// cell writes one cell of the list.
func (s *stockScreen) cell(row, col int) string {
	if row >= len(s.rows) {
		return ""
	}
	it := s.rows[row]
	cur := s.r.Currency
	switch col {
	case 0:
		if s.selected[it.Key()] {
			return "☑"
		}
		return "☐"
	case 1:
		return it.Product
	case 2:
		return it.SKU
	case 3:
		return strconv.FormatFloat(it.OnHand, 'f', -1, 64)
	case 4:
		if it.UnitCost == nil {
			return "–"
		}
		return money.FormatWhole(it.Value, cur)
	case 5:
		return strconv.FormatFloat(it.Sold, 'f', -1, 64)
	case 6:
		if math.IsInf(it.DaysOnHand, 1) {
			return "no sales"
		}
		return strconv.FormatFloat(math.Round(it.DaysOnHand), 'f', 0, 64)
	case 7:
		if !it.SellThroughOK {
			return "–"
		}
		return fmt.Sprintf("%.0f%%", 100*it.SellThrough)
	case 8:
		if it.LastSold.IsZero() {
			return "never"
		}
		return fmt.Sprintf("%d days ago", it.DaysSinceSale)
	case 9:
		return it.AgeBucket
	default:
		return report.ChannelList(it)
	}
}

// tapped toggles Push, or opens a product.
func (s *stockScreen) tapped(row, col int) {
	if row >= len(s.rows) {
		return
	}
	it := s.rows[row]
	if col == 0 {
		s.selected[it.Key()] = !s.selected[it.Key()]
		s.table.Refresh()
		s.updatePush()
		return
	}
	s.showProduct(it)
}

// showProduct shows a product's sales week by week and who sold it.
func (s *stockScreen) showProduct(it data.StockItem) {
	cur := s.r.Currency
	ld := chart.LineData{EmptyText: "No sales in the period", FormatValue: func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + " sold" }}
	for _, w := range s.r.Weeks {
		ld.Labels = append(ld.Labels, w.Time(time.UTC).Format("2 Jan"))
	}
	ld.Series = []chart.Series{{Name: "Units sold", Values: it.Weekly}}
	lc := chart.NewLineChart(ld)
	value := "unknown (no unit cost in the stock file)"
	if it.UnitCost != nil {
		value = money.FormatWhole(it.Value, cur)
	}
	arrived := "not in the stock file"
	if !it.ReceivedOn.IsZero() {
		arrived = longDate(it.ReceivedOn)
	}
	channels := report.ChannelList(it)
	if channels == "" {
		channels = "none in the period"
	}
	form := widget.NewForm(
		textItem("On hand", fmt.Sprintf("%s on %s, worth %s", strconv.FormatFloat(it.OnHand, 'f', -1, 64), shortDate(it.AsOf), value)),
		textItem("Sold", fmt.Sprintf("%s in %s, %s", strconv.FormatFloat(it.Sold, 'f', -1, 64), s.r.Period, money.FormatWhole(it.Revenue, cur))),
		textItem("Days on hand", s.cell(indexOf(s.rows, it), 6)),
		textItem("Last sale", s.cell(indexOf(s.rows, it), 8)),
		textItem("Arrived", arrived),
		textItem("Channels that sold it", channels),
	)
	body := container.NewBorder(form, nil, nil, nil, container.New(fixedHeight(220), lc))
	showCustomSized(s.o.Window, strings.TrimSpace(it.Product+" "+it.SKU), body, fyne.NewSize(640, 520))
}

func indexOf(rows []data.StockItem, it data.StockItem) int {
	for i, r := range rows {
		if r.Key() == it.Key() {
			return i
		}
	}
	return 0
}

// saveThresholds keeps new thresholds and reads the stock again.
func (s *stockScreen) saveThresholds() {
	doh, err1 := strconv.Atoi(strings.TrimSpace(s.doh.Text))
	dss, err2 := strconv.Atoi(strings.TrimSpace(s.dss.Text))
	if err1 != nil || err2 != nil {
		s.showStatus("Thresholds are whole numbers of days, such as 90 and 60.")
		return
	}
	s.o.Run(func() {
		err := s.o.Source.SaveStockThresholds(context.Background(), data.StockThresholds{DaysOnHand: doh, DaysSinceSale: dss})
		fyne.Do(func() {
			if err != nil {
				s.showStatus(s.o.Report.text("saving the thresholds", err))
				return
			}
			s.status.Hide()
			s.load()
		})
	})
}

// chosen are the selected products.
func (s *stockScreen) chosen() []data.StockItem {
	var out []data.StockItem
	for _, it := range s.r.Items {
		if s.selected[it.Key()] {
			out = append(out, it)
		}
	}
	return out
}

// askAds writes the list and the Merchant Center feed for the chosen
// products into a folder, and adds them to the meeting pack.
func (s *stockScreen) askAds() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		s.o.Folder = u.Path()
		s.writeForAds(u.Path())
	}, s.o.Window)
	if l, err := storage.ListerForURI(storage.NewFileURI(s.o.Folder)); err == nil {
		d.SetLocation(l)
	}
	d.SetConfirmText("Save here")
	d.Show()
	d.Resize(s.o.Window.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// writeForAds writes the files into dir and keeps the push list.
func (s *stockScreen) writeForAds(dir string) {
	items := s.chosen()
	r := s.r
	name := s.o.Source.Name()
	s.o.Run(func() {
		day := r.AsOf.String()
		list := filepath.Join(dir, fileSafe(fmt.Sprintf("%s products to push %s.csv", name, day)))
		feed := filepath.Join(dir, fileSafe(fmt.Sprintf("%s Merchant Center feed %s.csv", name, day)))
		err := report.WriteFile(list, true, func(w io.Writer) error { return report.WriteStockCSV(w, r, items) })
		var skipped []data.StockItem
		if err == nil {
			err = report.WriteFile(feed, true, func(w io.Writer) error {
				var err error
				skipped, err = report.WriteFeed(w, items, report.SlowLabel)
				return err
			})
		}
		if err == nil {
			var keys []string
			for _, it := range items {
				keys = append(keys, it.Key())
			}
			err = s.o.Source.SavePushList(context.Background(), keys)
		}
		fyne.Do(func() {
			if err != nil {
				s.showStatus(s.o.Report.text("writing the files for the ads team", err))
				return
			}
			msg := fmt.Sprintf("Wrote %s and %s in %s, and added %s to the meeting pack.", filepath.Base(list), filepath.Base(feed), dir,
				countOf(len(items), "product", "products"))
			if len(skipped) > 0 {
				msg += fmt.Sprintf(" %s without a SKU could not go into the feed.", countOf(len(skipped), "product", "products"))
			}
			s.showStatus(msg)
		})
	})
}

// fileSafe replaces the characters file names cannot hold.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|':
			return '-'
		}
		return r
	}, name)
}
