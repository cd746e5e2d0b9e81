package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
)

// kpiTile shows one headline figure: its name, its value in the period and
// the change against the previous period, coloured when the change is good
// or bad news.
type kpiTile struct {
	widget.BaseWidget

	label  *widget.Label
	value  *canvas.Text
	change *canvas.Text
	prev   *widget.Label
	info   *widget.Button
	help   string
	title  string
	tone   fyne.ThemeColorName // colour of the change line
	win    fyne.Window
}

func newKPITile(win fyne.Window) *kpiTile {
	t := &kpiTile{
		label:  widget.NewLabel(""),
		value:  canvas.NewText("–", theme.Color(theme.ColorNameForeground)),
		change: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		prev:   widget.NewLabel(""),
		tone:   theme.ColorNamePlaceHolder,
		win:    win,
	}
	t.label.TextStyle.Bold = true
	t.label.Wrapping = fyne.TextWrapWord
	t.prev.Truncation = fyne.TextTruncateEllipsis
	t.prev.SizeName = theme.SizeNameCaptionText
	t.value.TextSize = theme.Size(theme.SizeNameHeadingText) * 1.2
	t.value.TextStyle.Bold = true
	t.change.TextSize = theme.Size(theme.SizeNameText)
	t.info = widget.NewButtonWithIcon("", theme.InfoIcon(), func() {
		dialog.ShowInformation(t.title, t.help, t.win)
	})
	t.info.Importance = widget.LowImportance
	t.ExtendBaseWidget(t)
	return t
}

// set shows k; currency is the workspace currency and prevLabel names the
// comparison period.
func (t *kpiTile) set(k data.KPI, currency string, prevLabel string) {
	t.title, t.help = k.Label, k.Help
	t.label.SetText(k.Label)
	t.value.Text = k.Format(k.Current, k.CurrentOK, currency)
	t.change.Text = k.FormatChange()
	t.prev.SetText(prevLabel + ": " + k.Format(k.Previous, k.PreviousOK, currency))
	t.tone = changeColor(k)
	t.Refresh()
}

// clear shows that the tile has no figure.
func (t *kpiTile) clear() {
	t.value.Text = "–"
	t.change.Text = ""
	t.prev.SetText("")
	t.tone = theme.ColorNamePlaceHolder
	t.Refresh()
}

// changeColor is green for good news, red for bad news and grey otherwise.
// More ad spend is neither: it is what the figures beside it judge.
func changeColor(k data.KPI) fyne.ThemeColorName {
	ch, ok := k.Change()
	if !ok || k.Key == "spend" || ch > -0.005 && ch < 0.005 {
		return theme.ColorNamePlaceHolder
	}
	if ch > 0 {
		return theme.ColorNameSuccess
	}
	return theme.ColorNameError
}

func (t *kpiTile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	// The ⓘ sits on the last line, so the name has the tile's full width.
	foot := container.NewBorder(nil, nil, nil, t.info, t.prev)
	body := container.NewVBox(t.label, container.NewPadded(t.value), t.change, foot)
	return &kpiRenderer{tile: t, bg: bg, content: container.NewPadded(body)}
}

type kpiRenderer struct {
	tile    *kpiTile
	bg      *canvas.Rectangle
	content *fyne.Container
}

func (r *kpiRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.content.Resize(s)
}

func (r *kpiRenderer) MinSize() fyne.Size {
	m := r.content.MinSize()
	return fyne.NewSize(max(m.Width, 150), m.Height)
}

func (r *kpiRenderer) Refresh() {
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bg.Refresh()
	r.tile.value.Color = theme.Color(theme.ColorNameForeground)
	r.tile.change.Color = theme.Color(r.tile.tone)
	r.content.Refresh()
}

func (r *kpiRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.content}
}

func (r *kpiRenderer) Destroy() {}
