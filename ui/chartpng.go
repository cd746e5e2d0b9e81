package ui

import (
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"lastmile/report"
	"lastmile/ui/chart"
)

// chartMenu gives a chart a context menu with "Save chart as PNG…": the
// chart drawn again off-screen on white at twice its size on screen.
func chartMenu(win fyne.Window, rep reporter, title string, c fyne.CanvasObject) {
	fresh := func() fyne.CanvasObject {
		switch x := c.(type) {
		case *chart.BarChart:
			return chart.NewBarChart(x.Data())
		case *chart.LineChart:
			return chart.NewLineChart(x.Data())
		case *chart.DotPlot:
			return chart.NewDotPlot(x.Data())
		}
		return nil
	}
	open := func(at fyne.Position) {
		menu := fyne.NewMenu("", fyne.NewMenuItem("Save chart as PNG…", func() {
			saveChartPNG(win, rep, title, fresh(), c.Size())
		}))
		widget.ShowPopUpMenuAtPosition(menu, win.Canvas(), at)
	}
	switch x := c.(type) {
	case *chart.BarChart:
		x.OnContextMenu = open
	case *chart.LineChart:
		x.OnContextMenu = open
	case *chart.DotPlot:
		x.OnContextMenu = open
	}
}

// saveChartPNG asks where to save, then writes the chart's PNG whole.
func saveChartPNG(win fyne.Window, rep reporter, title string, obj fyne.CanvasObject, size fyne.Size) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := writeChartPNG(path, obj, size); err != nil {
			rep.dialog(win, "Could not save the chart", "saving a chart", err)
		}
	}, win)
	d.SetFileName(pngName(title))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
	d.Show()
	d.Resize(win.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// writeChartPNG draws obj at size on white and writes it to path.
func writeChartPNG(path string, obj fyne.CanvasObject, size fyne.Size) error {
	size = size.Max(fyne.NewSize(480, 240))
	b, err := report.ChartPNG(obj, size.Width, size.Height)
	if err != nil {
		return err
	}
	return report.WriteFile(path, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// pngName turns a chart's title into a file name.
func pngName(title string) string {
	name := strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', ',':
			return -1
		}
		return r
	}, title)
	return strings.TrimSpace(name) + ".png"
}
