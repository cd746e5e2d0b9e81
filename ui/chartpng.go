package ui

import (
	"io"
	"os"
	"path/filepath"
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
			// Draw first: the save dialog empties the chosen file.
			b, err := chartPNG(fresh(), c.Size())
			if err != nil {
				rep.dialog(win, "Could not draw the chart", "drawing a chart", err)
				return
			}
			saveChartPNG(win, rep, title, b)
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

// saveChartPNG asks where to save the drawn chart, then writes it whole.
func saveChartPNG(win fyne.Window, rep reporter, title string, png []byte) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if !strings.EqualFold(filepath.Ext(path), ".png") {
			os.Remove(path) // the empty file the dialog made
			path += ".png"
		}
		if err := writePNG(path, png); err != nil {
			rep.dialog(win, "Could not save the chart", "saving a chart", err)
		}
	}, win)
	d.SetFileName(pngName(title))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
	d.Show()
	d.Resize(win.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// chartPNG draws obj at size (at least 480×240) on white.
func chartPNG(obj fyne.CanvasObject, size fyne.Size) ([]byte, error) {
	size = size.Max(fyne.NewSize(480, 240))
	return report.ChartPNG(obj, size.Width, size.Height)
}

// writePNG writes a drawn chart to path, whole or not at all.
func writePNG(path string, b []byte) error {
	return report.WriteFile(path, true, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// pngName turns a chart's title into a file name.
func pngName(title string) string {
	return fileSafe(strings.TrimSpace(title)) + ".png"
}
