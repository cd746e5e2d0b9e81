package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Series is one set of bars (or one line of a LineChart): one value per
// category.
type Series struct {
	Name  string
	Color fyne.ThemeColorName
	// RGB, when set, is the series' own colour (a channel's chosen
	// colour); LineChart uses it before Color.
	RGB    color.Color
	Values []float64
	// Low and High, when set, hold a range for each category (an interval
	// around the value, say), drawn as a whisker across the bar. They have
	// the length of Values; NaN in either means no whisker for that category.
	// A LineChart ignores them.
	Low, High []float64
}

// rangeAt returns the range of category i, and whether it has one.
func (s Series) rangeAt(i int) (lo, hi float64, ok bool) {
	if i < 0 || i >= len(s.Low) || i >= len(s.High) || math.IsNaN(s.Low[i]) || math.IsNaN(s.High[i]) {
		return 0, 0, false
	}
	return s.Low[i], s.High[i], true
}

// hasRanges reports whether any category of s has a range.
func (s Series) hasRanges() bool {
	for i := range s.Low {
		if _, _, ok := s.rangeAt(i); ok {
			return true
		}
	}
	return false
}

// allZero reports whether every value of every series is zero or NaN.
func allZero(series []Series) bool {
	for _, s := range series {
		for _, v := range s.Values {
			if v != 0 && !math.IsNaN(v) {
				return false
			}
		}
	}
	return true
}

// BarData is what a bar chart shows.
type BarData struct {
	// Categories label the rows (channels, for example).
	Categories []string
	Series     []Series
	// FormatValue writes a value in full, for the hover label.
	FormatValue func(float64) string
	// FormatTick writes an axis tick briefly ("$12k").
	FormatTick func(float64) string
	// EmptyText is shown instead of an empty frame when there is nothing to
	// draw: no categories, or every value zero.
	EmptyText string
}

// empty reports whether there is nothing to draw.
func (d BarData) empty() bool { return allZero(d.Series) }

// BarChart is a horizontal grouped bar chart: one row per category, one bar
// per series in each row, a value axis with nice ticks below and a legend
// above. A series with Low and High draws a whisker across each bar.
// Hovering a row (or tapping it, on touch screens) shows its values.
type BarChart struct {
	widget.BaseWidget

	// OnContextMenu, when set, is called with the pointer's absolute
	// position on a right click (the chart's context menu).
	OnContextMenu func(at fyne.Position)

	data    BarData
	hovered int // row under the pointer or last tapped; -1 for none
}

// NewBarChart returns a bar chart showing d.
func NewBarChart(d BarData) *BarChart {
	c := &BarChart{data: d, hovered: -1}
	c.ExtendBaseWidget(c)
	return c
}

// SetData replaces what the chart shows.
func (c *BarChart) SetData(d BarData) {
	c.data = d
	c.hovered = -1
	c.Refresh()
}

// Data returns what the chart shows.
func (c *BarChart) Data() BarData { return c.data }

// Hovered returns the index of the row whose values are shown, or -1.
func (c *BarChart) Hovered() int { return c.hovered }

// MouseIn shows the values of the row under the pointer.
func (c *BarChart) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

// MouseMoved shows the values of the row under the pointer.
func (c *BarChart) MouseMoved(e *desktop.MouseEvent) { c.setHovered(c.rowAt(e.Position)) }

// MouseOut hides the values.
func (c *BarChart) MouseOut() { c.setHovered(-1) }

// Tapped shows the values of the tapped row, or hides them when it is
// tapped again.
func (c *BarChart) Tapped(e *fyne.PointEvent) {
	row := c.rowAt(e.Position)
	if row == c.hovered {
		row = -1
	}
	c.setHovered(row)
}

func (c *BarChart) setHovered(row int) {
	if row != c.hovered {
		c.hovered = row
		c.Refresh()
	}
}

// rowAt returns the row at pos, or -1.
func (c *BarChart) rowAt(pos fyne.Position) int {
	g := c.geometry(c.Size())
	if len(c.data.Categories) == 0 || c.data.empty() || pos.Y < g.plot.Position.Y || pos.Y >= g.plot.Position.Y+g.plot.Size.Height {
		return -1
	}
	row := int((pos.Y - g.plot.Position.Y) / g.band)
	if row < 0 || row >= len(c.data.Categories) {
		return -1
	}
	return row
}

// CreateRenderer builds the chart's canvas objects.
func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &barRenderer{chart: c}
	r.rebuild()
	return r
}

// rect is a position and a size.
type rect struct {
	Position fyne.Position
	Size     fyne.Size
}

// geometry is where the parts of the chart go for a given size.
type geometry struct {
	textSize, pad     float32
	legend            float32 // height of the legend row
	labelW            float32 // width of the category label column
	plot              rect
	band              float32 // height of one category row
	ticks             []float64
	lo, hi            float64
	tickLabelH        float32
	categoryTextWidth float32
}

func (c *BarChart) geometry(size fyne.Size) geometry {
	th := c.Theme()
	var g geometry
	g.textSize = th.Size(theme.SizeNameCaptionText)
	g.pad = th.Size(theme.SizeNamePadding)
	lineH := fyne.MeasureText("Mg", g.textSize, fyne.TextStyle{}).Height
	g.legend = lineH + 2*g.pad
	g.tickLabelH = lineH + g.pad

	for _, cat := range c.data.Categories {
		g.categoryTextWidth = max(g.categoryTextWidth, fyne.MeasureText(cat, g.textSize, fyne.TextStyle{}).Width)
	}
	g.labelW = min(g.categoryTextWidth+2*g.pad, size.Width*0.35)

	lo, hi := 0.0, 0.0
	for _, s := range c.data.Series {
		for _, vs := range [][]float64{s.Values, s.Low, s.High} {
			for _, v := range vs {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	want := max(2, min(6, int(size.Width/90)))
	if lo < 0 && hi > 0 && -lo < 0.05*(hi-lo) {
		// A sliver below zero (a small refund) should not cost a whole
		// tick of width: keep the ticks from zero and leave a little room.
		g.ticks = Ticks(0, hi, want)
		g.hi = g.ticks[len(g.ticks)-1]
		g.lo = lo - 0.01*g.hi
	} else {
		g.ticks = Ticks(lo, hi, want)
		g.lo, g.hi = g.ticks[0], g.ticks[len(g.ticks)-1]
	}

	// Leave half a tick label of room on the right so the last one fits.
	lastLabel := fyne.MeasureText(c.formatTick(g.hi), g.textSize, fyne.TextStyle{}).Width
	x := g.labelW + g.pad
	w := max(size.Width-x-lastLabel/2-g.pad, 1)
	h := max(size.Height-g.legend-g.tickLabelH-g.pad, 1)
	g.plot = rect{Position: fyne.NewPos(x, g.legend), Size: fyne.NewSize(w, h)}
	if n := len(c.data.Categories); n > 0 {
		g.band = h / float32(n)
	}
	return g
}

// xOf maps a value to an x position in the plot.
func (g geometry) xOf(v float64) float32 {
	if g.hi == g.lo {
		return g.plot.Position.X
	}
	return g.plot.Position.X + float32((v-g.lo)/(g.hi-g.lo))*g.plot.Size.Width
}

func (c *BarChart) formatTick(v float64) string {
	if c.data.FormatTick != nil {
		return c.data.FormatTick(v)
	}
	return trimFloat(v)
}

func (c *BarChart) formatValue(v float64) string {
	if c.data.FormatValue != nil {
		return c.data.FormatValue(v)
	}
	return trimFloat(v)
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

type barRenderer struct {
	chart *BarChart

	highlight *canvas.Rectangle
	grid      []*canvas.Line
	tickText  []*canvas.Text
	zero      *canvas.Line
	labels    []*canvas.Text
	bars      [][]*canvas.Rectangle // [series][category]
	whiskers  [][]*whisker          // [series][category]; nil where there is no range
	swatches  []*canvas.Rectangle
	legend    []*canvas.Text
	empty     *canvas.Text
	tipBox    *canvas.Rectangle
	tipText   []*canvas.Text

	objects []fyne.CanvasObject
}

// whisker is a range drawn across a bar: a line from low to high with a
// short cap at each end.
type whisker struct {
	line, lowCap, highCap *canvas.Line
}

func newWhisker(c color.Color) *whisker {
	w := &whisker{canvas.NewLine(c), canvas.NewLine(c), canvas.NewLine(c)}
	w.line.StrokeWidth, w.lowCap.StrokeWidth, w.highCap.StrokeWidth = 1, 1, 1
	return w
}

// place draws the whisker from x1 to x2 at height y, with caps capH tall.
func (w *whisker) place(x1, x2, y, capH float32) {
	x1, x2 = min(x1, x2), max(x1, x2)
	w.line.Position1, w.line.Position2 = fyne.NewPos(x1, y), fyne.NewPos(x2, y)
	w.lowCap.Position1, w.lowCap.Position2 = fyne.NewPos(x1, y-capH/2), fyne.NewPos(x1, y+capH/2)
	w.highCap.Position1, w.highCap.Position2 = fyne.NewPos(x2, y-capH/2), fyne.NewPos(x2, y+capH/2)
}

// rebuild makes the canvas objects for the current data and theme.
func (r *barRenderer) rebuild() {
	c := r.chart
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	size := th.Size(theme.SizeNameCaptionText)
	d := c.data

	r.objects = r.objects[:0]
	r.highlight = canvas.NewRectangle(col(theme.ColorNameHover))
	r.highlight.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	r.highlight.Hide()
	r.objects = append(r.objects, r.highlight)

	r.empty = canvas.NewText(d.EmptyText, col(theme.ColorNamePlaceHolder))
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.TextSize = th.Size(theme.SizeNameText)
	if !d.empty() || len(d.Categories) == 0 && d.EmptyText == "" {
		r.empty.Hide()
	}
	r.objects = append(r.objects, r.empty)

	r.grid, r.tickText, r.labels, r.bars, r.whiskers, r.swatches, r.legend, r.tipText = nil, nil, nil, nil, nil, nil, nil, nil
	r.zero = canvas.NewLine(col(theme.ColorNameForeground))
	r.zero.StrokeWidth = 1
	r.tipBox = canvas.NewRectangle(col(theme.ColorNameOverlayBackground))
	r.tipBox.StrokeColor = col(theme.ColorNameInputBorder)
	r.tipBox.StrokeWidth = 1
	r.tipBox.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.tipBox.Hide()
	if d.empty() {
		return
	}

	g := c.geometry(c.Size())
	for _, t := range g.ticks {
		l := canvas.NewLine(col(theme.ColorNameSeparator))
		l.StrokeWidth = 1
		r.grid = append(r.grid, l)
		txt := canvas.NewText(c.formatTick(t), col(theme.ColorNamePlaceHolder))
		txt.TextSize = size
		txt.Alignment = fyne.TextAlignCenter
		r.tickText = append(r.tickText, txt)
		r.objects = append(r.objects, l, txt)
	}
	r.objects = append(r.objects, r.zero)
	for _, cat := range d.Categories {
		txt := canvas.NewText(cat, col(theme.ColorNameForeground))
		txt.TextSize = size
		txt.Alignment = fyne.TextAlignTrailing
		r.labels = append(r.labels, txt)
		r.objects = append(r.objects, txt)
	}
	for _, s := range d.Series {
		var bars []*canvas.Rectangle
		for range d.Categories {
			b := canvas.NewRectangle(col(s.Color))
			b.CornerRadius = 2
			bars = append(bars, b)
			r.objects = append(r.objects, b)
		}
		r.bars = append(r.bars, bars)
		sw := canvas.NewRectangle(col(s.Color))
		sw.CornerRadius = 2
		lt := canvas.NewText(s.Name, col(theme.ColorNameForeground))
		lt.TextSize = size
		r.swatches = append(r.swatches, sw)
		r.legend = append(r.legend, lt)
		r.objects = append(r.objects, sw, lt)
	}
	// Whiskers go over every bar, in the foreground colour to show on them.
	for _, s := range d.Series {
		var ws []*whisker
		if s.hasRanges() {
			ws = make([]*whisker, len(d.Categories))
			for ci := range d.Categories {
				if _, _, ok := s.rangeAt(ci); ok {
					ws[ci] = newWhisker(col(theme.ColorNameForeground))
					r.objects = append(r.objects, ws[ci].line, ws[ci].lowCap, ws[ci].highCap)
				}
			}
		}
		r.whiskers = append(r.whiskers, ws)
	}
	r.objects = append(r.objects, r.tipBox)
	if row := c.hovered; row >= 0 && row < len(d.Categories) {
		lines := []string{d.Categories[row]}
		for _, s := range d.Series {
			val := 0.0
			if row < len(s.Values) {
				val = s.Values[row]
			}
			line := s.Name + ": " + c.formatValue(val)
			if lo, hi, ok := s.rangeAt(row); ok {
				line += fmt.Sprintf(" (%s–%s)", c.formatValue(lo), c.formatValue(hi))
			}
			lines = append(lines, line)
		}
		for i, line := range lines {
			txt := canvas.NewText(line, col(theme.ColorNameForeground))
			txt.TextSize = size
			txt.TextStyle.Bold = i == 0
			r.tipText = append(r.tipText, txt)
			r.objects = append(r.objects, txt)
		}
		r.tipBox.Show()
		r.highlight.Show()
	}
}

// Layout places every object for the given size.
func (r *barRenderer) Layout(size fyne.Size) {
	c := r.chart
	d := c.data
	r.empty.Resize(fyne.NewSize(size.Width, r.empty.MinSize().Height))
	r.empty.Move(fyne.NewPos(0, (size.Height-r.empty.MinSize().Height)/2))
	if d.empty() {
		return
	}
	g := c.geometry(size)
	if len(g.ticks) != len(r.grid) {
		// The tick count depends on the width: rebuild for the new size.
		r.rebuild()
	}
	top, bottom := g.plot.Position.Y, g.plot.Position.Y+g.plot.Size.Height
	for i, t := range g.ticks {
		x := g.xOf(t)
		r.grid[i].Position1 = fyne.NewPos(x, top)
		r.grid[i].Position2 = fyne.NewPos(x, bottom)
		tw := r.tickText[i].MinSize()
		r.tickText[i].Move(fyne.NewPos(x-tw.Width/2, bottom+g.pad/2))
		r.tickText[i].Resize(tw)
	}
	x0 := g.xOf(0)
	r.zero.Position1 = fyne.NewPos(x0, top)
	r.zero.Position2 = fyne.NewPos(x0, bottom)

	for i, txt := range r.labels {
		txt.Text = ellipsize(d.Categories[i], g.labelW-g.pad, g.textSize)
		h := txt.MinSize().Height
		txt.Move(fyne.NewPos(0, top+float32(i)*g.band+(g.band-h)/2))
		txt.Resize(fyne.NewSize(g.labelW-g.pad, h))
	}
	n := len(d.Series)
	group := g.band * 0.72
	barH := group / float32(max(n, 1))
	for si, bars := range r.bars {
		for ci, b := range bars {
			v := 0.0
			if ci < len(d.Series[si].Values) {
				v = d.Series[si].Values[ci]
			}
			if math.IsNaN(v) {
				v = 0
			}
			x := g.xOf(v)
			left, right := min(x, x0), max(x, x0)
			y := top + float32(ci)*g.band + (g.band-group)/2 + float32(si)*barH
			b.Move(fyne.NewPos(left, y))
			b.Resize(fyne.NewSize(right-left, max(barH-1, 1)))
			if ci < len(r.whiskers[si]) && r.whiskers[si][ci] != nil {
				lo, hi, _ := d.Series[si].rangeAt(ci)
				capH := min(max(barH*0.5, 4), 10)
				r.whiskers[si][ci].place(g.xOf(lo), g.xOf(hi), y+max(barH-1, 1)/2, capH)
			}
		}
	}

	// Legend: swatch and name per series, left to right above the plot.
	lx := g.plot.Position.X
	for i, sw := range r.swatches {
		ts := r.legend[i].MinSize()
		sw.Move(fyne.NewPos(lx, g.pad+(ts.Height-ts.Height*0.7)/2))
		sw.Resize(fyne.NewSize(ts.Height*0.7, ts.Height*0.7))
		r.legend[i].Move(fyne.NewPos(lx+ts.Height*0.7+g.pad, g.pad))
		r.legend[i].Resize(ts)
		lx += ts.Height*0.7 + g.pad + ts.Width + 3*g.pad
	}

	row := c.hovered
	if row < 0 || row >= len(d.Categories) || len(r.tipText) == 0 {
		return
	}
	r.highlight.Move(fyne.NewPos(0, top+float32(row)*g.band))
	r.highlight.Resize(fyne.NewSize(size.Width, g.band))
	var tipW, tipH float32
	for _, t := range r.tipText {
		s := t.MinSize()
		tipW, tipH = max(tipW, s.Width), tipH+s.Height
	}
	tipW += 2 * g.pad
	tipH += 2 * g.pad
	// Beside the longest bar of the row, inside the chart.
	end := x0
	for si, bars := range r.bars {
		end = max(end, bars[row].Position().X+bars[row].Size().Width)
		if row < len(r.whiskers[si]) && r.whiskers[si][row] != nil {
			end = max(end, r.whiskers[si][row].line.Position2.X)
		}
	}
	tx := min(end+2*g.pad, size.Width-tipW)
	ty := top + float32(row)*g.band + g.band/2 - tipH/2
	ty = max(0, min(ty, size.Height-tipH))
	r.tipBox.Move(fyne.NewPos(tx, ty))
	r.tipBox.Resize(fyne.NewSize(tipW, tipH))
	y := ty + g.pad
	for _, t := range r.tipText {
		s := t.MinSize()
		t.Move(fyne.NewPos(tx+g.pad, y))
		t.Resize(s)
		y += s.Height
	}
}

// ellipsize shortens s with "…" until it fits in width.
func ellipsize(s string, width, size float32) string {
	if fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; fyne.MeasureText(t, size, fyne.TextStyle{}).Width <= width {
			return t
		}
	}
	return "…"
}

// MinSize leaves room for the legend, the axis and rows of text.
func (r *barRenderer) MinSize() fyne.Size {
	th := r.chart.Theme()
	line := fyne.MeasureText("Mg", th.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Height
	rows := max(len(r.chart.data.Categories), 3)
	return fyne.NewSize(260, line*3+float32(rows)*(line+2))
}

// Refresh rebuilds the objects (data, hover or theme changed) and lays them
// out again.
func (r *barRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

// Objects returns the canvas objects, drawn in order.
func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy has nothing to release.
func (r *barRenderer) Destroy() {}

// SecondaryTapped opens the chart's context menu, if it has one.
func (c *BarChart) SecondaryTapped(e *fyne.PointEvent) {
	if c.OnContextMenu != nil {
		c.OnContextMenu(e.AbsolutePosition)
	}
}
