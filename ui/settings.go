package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
)

// SettingsStore is what the settings screen reads and writes.
type SettingsStore interface {
	Settings() data.Settings
	SaveSettings(ctx context.Context, s data.Settings) error
	Batches(ctx context.Context) ([]data.Batch, error)
	Path() string
}

type settingsOptions struct {
	Store   SettingsStore
	Window  fyne.Window
	Run     runner
	Report  reporter
	OnSaved func()
}

// Common choices offered in the pickers; any valid value can be typed.
var (
	commonTimeZones = []string{
		"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
		"America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo",
		"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
		"Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen",
		"Europe/Warsaw", "Europe/Athens", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata",
		"Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Australia/Perth", "Pacific/Auckland", "UTC",
	}
	commonCurrencies = []string{"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "INR", "ZAR", "MXN", "BRL", "SGD", "AED"}
)

const (
	monthFirst = "Month first: 3/4/2025 is 4 March (US)"
	dayFirst   = "Day first: 3/4/2025 is 3 April"
)

// settingsScreen edits the workspace's own settings.
type settingsScreen struct {
	o       settingsOptions
	content fyne.CanvasObject
}

func newSettingsScreen(o settingsOptions) *settingsScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Report.log == nil {
		o.Report.log = slog.Default()
	}
	sc := &settingsScreen{o: o}
	cur := o.Store.Settings()

	name := widget.NewEntry()
	name.SetText(cur.BusinessName)
	name.SetPlaceHolder("Shown in the window title and on reports")
	tz := widget.NewSelectEntry(commonTimeZones)
	tz.SetText(cur.TimeZone)
	currency := widget.NewSelectEntry(commonCurrencies)
	currency.SetText(cur.Currency)
	country := widget.NewEntry()
	country.SetText(cur.Country)
	order := widget.NewRadioGroup([]string{monthFirst, dayFirst}, nil)
	order.Required = true
	if cur.DateOrder == "mdy" {
		order.SetSelected(monthFirst)
	} else {
		order.SetSelected(dayFirst)
	}
	window := widget.NewEntry()
	window.SetText(strconv.Itoa(cur.AttributionWindowDays))
	rates := widget.NewEntry()
	rates.SetText(cur.Rates)
	rates.SetPlaceHolder("For example EUR=1.08, GBP=1.27")
	tagged := widget.NewCheck("Count sales carried only by tags in a channel's figures", nil)
	tagged.SetChecked(!cur.TracedOnly)
	margin := widget.NewEntry()
	margin.SetPlaceHolder("Not set")
	if cur.GrossMarginPct > 0 {
		margin.SetText(strconv.FormatFloat(cur.GrossMarginPct, 'f', -1, 64))
	}
	band := widget.NewEntry()
	band.SetPlaceHolder(strconv.Itoa(data.DefaultSameBandPoints))
	if cur.SameBandPoints > 0 {
		band.SetText(strconv.FormatFloat(cur.SameBandPoints, 'f', -1, 64))
	}

	currencyNote := widget.NewLabel("")
	currencyNote.Wrapping = fyne.TextWrapWord
	currencyNote.Hide()
	o.Run(func() {
		batches, err := o.Store.Batches(context.Background())
		fyne.Do(func() {
			if err == nil && len(batches) > 0 {
				// Amounts already stored are in this currency: changing the
				// code would relabel them, not convert them.
				currency.Disable()
				currencyNote.SetText("The currency cannot change once files are imported: the amounts already stored are in " + cur.Currency + ".")
				currencyNote.Show()
			}
		})
	})

	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), nil)
	// Shown while a save matches every sale again.
	progress := widget.NewProgressBar()
	progress.Hide()
	stop := widget.NewButtonWithIcon("Stop", theme.CancelIcon(), nil)
	stop.Hide()
	save.Importance = widget.HighImportance
	save.OnTapped = func() {
		old := o.Store.Settings()
		s := old
		s.BusinessName = strings.TrimSpace(name.Text)
		s.TimeZone = strings.TrimSpace(tz.Text)
		s.Currency = strings.ToUpper(strings.TrimSpace(currency.Text))
		s.Country = strings.ToUpper(strings.TrimSpace(country.Text))
		s.DateOrder = "dmy"
		if order.Selected == monthFirst {
			s.DateOrder = "mdy"
		}
		days, err := strconv.Atoi(strings.TrimSpace(window.Text))
		if err != nil {
			status.SetText("The attribution window must be a whole number of days, such as 180.")
			return
		}
		s.AttributionWindowDays = days
		s.Rates = strings.TrimSpace(rates.Text)
		s.TracedOnly = !tagged.Checked
		percent := func(e *widget.Entry, what string) (float64, bool) {
			t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(e.Text), "%"))
			if t == "" {
				return 0, true
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64)
			if err != nil {
				status.SetText(fmt.Sprintf("%s must be a number, such as 40, or empty; %q is not.", what, e.Text))
				return 0, false
			}
			return v, true
		}
		var ok bool
		if s.GrossMarginPct, ok = percent(margin, "The gross margin"); !ok {
			return
		}
		if s.SameBandPoints, ok = percent(band, "The band for “about the same”"); !ok {
			return
		}
		save.Disable()
		ctx, cancel := context.WithCancel(context.Background())
		if s.Rematches(old) {
			// Every sale is matched to its leads again: on a big workspace
			// that takes a while, so it shows how far it is and can stop.
			status.SetText("Matching every sale to its leads again…")
			progress.SetValue(0)
			progress.Show()
			stop.OnTapped = func() {
				stop.Disable()
				status.SetText("Stopping…")
				cancel()
			}
			stop.Enable()
			stop.Show()
			ctx = data.Watch(ctx, func(done, total int) {
				fyne.Do(func() {
					progress.SetValue(float64(done) / float64(max(total, 1)))
					if done >= total {
						// What is left (the daily totals) is quick and
						// cannot stop half-way.
						stop.Disable()
						status.SetText("Adding up the days again…")
					}
				})
			})
		}
		o.Run(func() {
			err := o.Store.SaveSettings(ctx, s)
			cancel()
			fyne.Do(func() {
				save.Enable()
				progress.Hide()
				stop.Hide()
				if errors.Is(err, data.ErrStopped) {
					status.SetText("Stopped: nothing was changed, and the settings are as they were.")
					return
				}
				if err != nil {
					status.SetText("Not saved: " + o.Report.text("saving settings", err))
					return
				}
				status.SetText("Saved.")
				if o.OnSaved != nil {
					o.OnSaved()
				}
			})
		})
	}

	form := widget.NewForm(
		widget.NewFormItem("Business name", name),
		&widget.FormItem{Text: "Time zone", Widget: tz, HintText: "Leads, sales and ad spend are counted on the dates of this zone."},
		&widget.FormItem{Text: "Currency", Widget: currency, HintText: "Three-letter code, such as USD or EUR."},
		&widget.FormItem{Text: "Country", Widget: country, HintText: "Two-letter code, for phone numbers written without a country code."},
		&widget.FormItem{Text: "Dates like 3/4/2025", Widget: order, HintText: "How to read a date when a file could mean either."},
		&widget.FormItem{Text: "Attribution window", Widget: window, HintText: "Days after a lead during which a sale still counts as coming from it."},
		&widget.FormItem{Text: "Exchange rates", Widget: rates, HintText: "For files in other currencies: what one unit is worth in the workspace currency."},
		&widget.FormItem{Text: "Tagged sales", Widget: tagged, HintText: "A web order with no lead but with a channel's UTM tags or click id. Off: channels count only sales traced to their leads; tagged ones are still shown apart."},
		&widget.FormItem{Text: "Gross margin (%)", Widget: margin, HintText: "What is left of revenue after the cost of the goods. With it, reports give break-even (100 ÷ margin) and profit after ad spend."},
		&widget.FormItem{Text: "“About the same” within (points)", Widget: band, HintText: "How close two channels' lead-to-sale rates must surely be to be called about the same. Empty: 5 points."},
	)
	title := widget.NewLabelWithStyle("Workspace settings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("These settings belong to this workspace and travel with its file.")
	intro.Wrapping = fyne.TextWrapWord
	sc.content = container.NewVScroll(container.NewVBox(
		title, intro, form, currencyNote,
		container.NewBorder(nil, nil, container.NewHBox(save, stop), nil, progress), status,
		widget.NewLabel("File: "+o.Store.Path()),
	))
	return sc
}
