package report

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"lastmile/data/metrics"
	"lastmile/ui/chart"
)

// printTheme is Fyne's light theme on white paper, whatever the app shows.
type printTheme struct{ fyne.Theme }

// Color returns the light variant's colours, with a white background.
func (t printTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameBackground {
		return color.White
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// chartImage is one chart of a report drawn for print.
type chartImage struct {
	title, note string
	png         []byte
	w, h        float32 // the chart's logical size; the PNG is scale times that
}

// printScale is how many pixels a chart has per logical pixel in the PDF.
const printScale = 3

// renderChart draws a chart widget off-screen on white, at print scale.
func renderChart(obj fyne.CanvasObject, w, h float32) ([]byte, error) {
	c := software.NewCanvas()
	c.SetScale(printScale)
	c.SetPadded(false)
	bg := canvas.NewRectangle(color.White)
	c.SetContent(container.NewThemeOverride(container.NewStack(bg, obj), printTheme{theme.DefaultTheme()}))
	c.Resize(fyne.NewSize(w, h))
	img := c.Capture()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("draw a chart: %w", err)
	}
	return buf.Bytes(), nil
}

// ChartPNG draws a chart widget off-screen on white at twice its logical
// size, for "Save chart as PNG…".
func ChartPNG(obj fyne.CanvasObject, w, h float32) ([]byte, error) {
	ensureApp()
	c := software.NewCanvas()
	c.SetScale(2)
	c.SetPadded(false)
	c.SetContent(container.NewThemeOverride(container.NewStack(canvas.NewRectangle(color.White), obj), printTheme{theme.DefaultTheme()}))
	c.Resize(fyne.NewSize(w, h))
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.Capture()); err != nil {
		return nil, fmt.Errorf("draw the chart: %w", err)
	}
	return buf.Bytes(), nil
}

// ensureApp makes an off-screen Fyne app when none runs (the CLI), so the
// chart widgets can measure their text.
func ensureApp() {
	if fyne.CurrentApp() == nil {
		test.NewApp()
	}
}

// chartImages draws the report's charts, as the dashboard shows them. run
// runs a function on the UI goroutine when an app window is open
// (fyne.DoAndWait); nil runs it here.
func chartImages(r metrics.Report, run func(func())) ([]chartImage, error) {
	if run == nil {
		run = func(f func()) { f() }
	}
	type spec struct {
		title, note string
		obj         func() fyne.CanvasObject
		h           float32
	}
	specs := []spec{
		{"Revenue and ad spend by channel", "", func() fyne.CanvasObject { return chart.NewBarChart(RevenueSpendChart(r.Summary)) }, 300},
		{"Lead-to-sale by channel", fmt.Sprintf("Bars are the share of the leads at least %d days old that bought within %d days; whiskers the 95%% range where the true rate most likely lies. The number after each channel is the leads judged.", metrics.CohortDays, metrics.CohortDays),
			func() fyne.CanvasObject { return chart.NewBarChart(LeadToSaleChart(r)) }, 300},
		{"Order value: digital against traditional leads", "Every dot is one sale traced to a lead, by the lead's origin, so one big invoice shows. The lines are the mean and the median.",
			func() fyne.CanvasObject { return chart.NewDotPlot(OrderValueDots(r)) }, 220},
		{"What the ad platforms claim, against the sales counted here", "Platforms count results their own way (purchases, leads, other conversions); the sales counted here are those traced to the channel's leads or carrying its tags.",
			func() fyne.CanvasObject { return chart.NewBarChart(ClaimsChart(r)) }, 220},
		{"Revenue by week and channel", "", func() fyne.CanvasObject { return chart.NewLineChart(WeeklyChart(r)) }, 300},
	}
	var out []chartImage
	var err error
	run(func() {
		ensureApp()
		for _, s := range specs {
			var b []byte
			if b, err = renderChart(s.obj(), 720, s.h); err != nil {
				return
			}
			out = append(out, chartImage{title: s.title, note: s.note, png: b, w: 720, h: s.h})
		}
	})
	return out, err
}
