package chart

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Palette holds colours that tell a dozen lines apart on a light or a dark
// background (Tableau 10 and two more). PaletteColor cycles through it.
var Palette = []color.NRGBA{
	{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff}, // blue
	{R: 0xf2, G: 0x8e, B: 0x2b, A: 0xff}, // orange
	{R: 0xe1, G: 0x57, B: 0x59, A: 0xff}, // red
	{R: 0x76, G: 0xb7, B: 0xb2, A: 0xff}, // teal
	{R: 0x59, G: 0xa1, B: 0x4f, A: 0xff}, // green
	{R: 0xed, G: 0xc9, B: 0x48, A: 0xff}, // yellow
	{R: 0xb0, G: 0x7a, B: 0xa1, A: 0xff}, // purple
	{R: 0xff, G: 0x9d, B: 0xa7, A: 0xff}, // pink
	{R: 0x9c, G: 0x75, B: 0x5f, A: 0xff}, // brown
	{R: 0xba, G: 0xb0, B: 0xac, A: 0xff}, // grey
	{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, // cyan
	{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}, // olive
}

// PaletteColor returns colour i of Palette, starting over past its end.
func PaletteColor(i int) color.Color {
	n := len(Palette)
	if n == 0 {
		return color.NRGBA{A: 0xff}
	}
	return Palette[(i%n+n)%n]
}

// LineData is what a line chart shows: one value per point on the x axis for each series.
type LineData struct {
	Labels []string // x axis labels, one per point (e.g. "3 Mar")
	// Series are the lines. Values has len(Labels); a NaN (or missing) value
	// leaves a gap in the line. An empty Color picks PaletteColor(index);
	// Low and High are ignored.
	Series []Series
	// FormatValue writes a value in full, for the hover label.
	FormatValue func(float64) string
	// FormatTick writes an axis tick briefly ("$12k").
	FormatTick func(float64) string
	// EmptyText is shown instead of an empty frame when there is nothing to
	// draw: no labels, or every value zero.
	EmptyText string
}

// empty reports whether there is nothing to draw.
func (d LineData) empty() bool { return len(d.Labels) == 0 || allZero(d.Series) }

// value returns the value of series s at point i, NaN for none.
func (d LineData) value(s, i int) float64 {
	if vs := d.Series[s].Values; i < len(vs) && !math.IsInf(vs[i], 0) {
		return vs[i]
	}
	return math.NaN()
}

// LineChart draws one line per series across points on the x axis (weeks,
// say), with a value axis with nice ticks on the left, the point labels
// below and a legend above that wraps onto more rows when it must. Hovering
// a point column (or tapping it, on touch screens) shows its values.
type LineChart struct {
	widget.BaseWidget

	// OnContextMenu, when set, is called with the pointer's absolute
	// position on a right click (the chart's context menu).
	OnContextMenu func(at fyne.Position)

	data    LineData
	hovered int // point column under the pointer or last tapped; -1 for none
}

// NewLineChart returns a line chart showing d.
func NewLineChart(d LineData) *LineChart {
	c := &LineChart{data: d, hovered: -1}
	c.ExtendBaseWidget(c)
	return c
}

// SetData replaces what the chart shows.
func (c *LineChart) SetData(d LineData) {
	c.data = d
	c.hovered = -1
	c.Refresh()
}

// Data returns what the chart shows.
func (c *LineChart) Data() LineData { return c.data }

// Hovered returns the index of the point column under the pointer (or last
// tapped), or -1 for none.
func (c *LineChart) Hovered() int { return c.hovered }

// MouseIn shows the values of the point column nearest the pointer.
func (c *LineChart) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

// MouseMoved shows the values of the point column nearest the pointer.
func (c *LineChart) MouseMoved(e *desktop.MouseEvent) { c.setHovered(c.columnAt(e.Position)) }

// MouseOut hides the values.
func (c *LineChart) MouseOut() { c.setHovered(-1) }

// Tapped shows the values of the point column nearest the tap, or hides them
// when it is tapped again.
func (c *LineChart) Tapped(e *fyne.PointEvent) {
	col := c.columnAt(e.Position)
	if col == c.hovered {
		col = -1
	}
	c.setHovered(col)
}

func (c *LineChart) setHovered(col int) {
	if col != c.hovered {
		c.hovered = col
		c.Refresh()
	}
}

// columnAt returns the point column nearest pos in the plot, or -1.
func (c *LineChart) columnAt(pos fyne.Position) int {
	if c.data.empty() {
		return -1
	}
	g := c.geometry(c.Size())
	p := g.plot
	if pos.X < p.Position.X || pos.X > p.Position.X+p.Size.Width || pos.Y < p.Position.Y || pos.Y > p.Position.Y+p.Size.Height {
		return -1
	}
	return max(0, min(int((pos.X-p.Position.X)/g.step), len(c.data.Labels)-1))
}

// lineGeometry is where the parts of a line chart go for a given size.
type lineGeometry struct {
	textSize, pad, lineH float32
	swatch               float32         // side of a legend swatch
	legendPos            []fyne.Position // top left of each legend entry
	legendH              float32         // height of the legend rows
	plot                 rect
	step                 float32 // distance between points
	every                int     // label every this many points
	ticks                []float64
	lo, hi               float64
}

func (c *LineChart) geometry(size fyne.Size) lineGeometry {
	th := c.Theme()
	var g lineGeometry
	g.textSize = th.Size(theme.SizeNameCaptionText)
	g.pad = th.Size(theme.SizeNamePadding)
	g.lineH = fyne.MeasureText("Mg", g.textSize, fyne.TextStyle{}).Height
	g.swatch = g.lineH * 0.7

	// Legend entries left to right, starting a new row when one would not fit.
	x, y := g.pad, g.pad
	for i, s := range c.data.Series {
		w := g.swatch + g.pad + fyne.MeasureText(s.Name, g.textSize, fyne.TextStyle{}).Width
		if i > 0 && x+w > size.Width-g.pad {
			x, y = g.pad, y+g.lineH+g.pad/2
		}
		g.legendPos = append(g.legendPos, fyne.NewPos(x, y))
		x += w + 3*g.pad
	}
	g.legendH = g.pad
	if len(g.legendPos) > 0 {
		g.legendH = y + g.lineH + g.pad
	}

	lo, hi := 0.0, 0.0
	for s := range c.data.Series {
		for i := range c.data.Labels {
			if v := c.data.value(s, i); !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	// Half a tick label sticks out above the plot and the x labels go below.
	top := g.legendH + g.lineH/2
	h := max(size.Height-top-g.lineH-2*g.pad, 1)
	g.ticks = Ticks(lo, hi, max(2, min(6, int(h/40))))
	g.lo, g.hi = g.ticks[0], g.ticks[len(g.ticks)-1]

	var axisW float32
	for _, t := range g.ticks {
		axisW = max(axisW, fyne.MeasureText(c.formatTick(t), g.textSize, fyne.TextStyle{}).Width)
	}
	left := g.pad + axisW + g.pad
	w := max(size.Width-left-g.pad, 1)
	g.plot = rect{Position: fyne.NewPos(left, top), Size: fyne.NewSize(w, h)}

	g.every = 1
	if n := len(c.data.Labels); n > 0 {
		g.step = w / float32(n)
		var labelW float32
		for _, l := range c.data.Labels {
			labelW = max(labelW, fyne.MeasureText(l, g.textSize, fyne.TextStyle{}).Width)
		}
		g.every = max(1, int(math.Ceil(float64((labelW+2*g.pad)/g.step))))
	}
	return g
}

// xAt returns the x position of point i: points sit in the middle of equal
// columns across the plot.
func (g lineGeometry) xAt(i int) float32 {
	return g.plot.Position.X + (float32(i)+0.5)*g.step
}

// yOf maps a value to a y position in the plot.
func (g lineGeometry) yOf(v float64) float32 {
	bottom := g.plot.Position.Y + g.plot.Size.Height
	if g.hi == g.lo {
		return bottom
	}
	return bottom - float32((v-g.lo)/(g.hi-g.lo))*g.plot.Size.Height
}

func (c *LineChart) formatTick(v float64) string {
	if c.data.FormatTick != nil {
		return c.data.FormatTick(v)
	}
	return trimFloat(v)
}

func (c *LineChart) formatValue(v float64) string {
	if c.data.FormatValue != nil {
		return c.data.FormatValue(v)
	}
	return trimFloat(v)
}

// seriesColor is the colour of series i: its own, its theme colour, or the
// palette's.
func (c *LineChart) seriesColor(i int, th fyne.Theme, v fyne.ThemeVariant) color.Color {
	if rgb := c.data.Series[i].RGB; rgb != nil {
		return rgb
	}
	if n := c.data.Series[i].Color; n != "" {
		return th.Color(n, v)
	}
	return PaletteColor(i)
}

// CreateRenderer builds the chart's canvas objects.
func (c *LineChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &lineRenderer{chart: c}
	r.rebuild()
	return r
}

type lineRenderer struct {
	chart *LineChart

	empty       *canvas.Text
	grid        []*canvas.Line
	tickText    []*canvas.Text
	zero        *canvas.Line
	xText       []*canvas.Text
	guide       *canvas.Line
	segments    [][]*canvas.Line   // [series][i] joins points i and i+1; nil across a gap
	points      [][]*canvas.Circle // [series][i]; nil for a missing value
	swatches    []*canvas.Rectangle
	legend      []*canvas.Text
	tipBox      *canvas.Rectangle
	tipText     []*canvas.Text      // the label, then one line per series shown
	tipSwatches []*canvas.Rectangle // one per series line of the tip

	objects []fyne.CanvasObject
}

// rebuild makes the canvas objects for the current data, hover and theme.
func (r *lineRenderer) rebuild() {
	c := r.chart
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	size := th.Size(theme.SizeNameCaptionText)
	d := c.data

	r.objects = r.objects[:0]
	r.empty = canvas.NewText(d.EmptyText, col(theme.ColorNamePlaceHolder))
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.TextSize = th.Size(theme.SizeNameText)
	if !d.empty() {
		r.empty.Hide()
	}
	r.objects = append(r.objects, r.empty)

	r.grid, r.tickText, r.xText, r.segments, r.points = nil, nil, nil, nil, nil
	r.swatches, r.legend, r.tipText, r.tipSwatches = nil, nil, nil, nil
	r.zero = canvas.NewLine(col(theme.ColorNameForeground))
	r.zero.StrokeWidth = 1
	r.guide = canvas.NewLine(col(theme.ColorNamePlaceHolder))
	r.guide.StrokeWidth = 1
	r.guide.Hide()
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
		txt := canvas.NewText(c.formatTick(t), col(theme.ColorNamePlaceHolder))
		txt.TextSize = size
		txt.Alignment = fyne.TextAlignTrailing
		r.grid = append(r.grid, l)
		r.tickText = append(r.tickText, txt)
		r.objects = append(r.objects, l, txt)
	}
	r.objects = append(r.objects, r.zero)
	for _, l := range d.Labels {
		txt := canvas.NewText(l, col(theme.ColorNamePlaceHolder))
		txt.TextSize = size
		r.xText = append(r.xText, txt)
		r.objects = append(r.objects, txt)
	}
	r.objects = append(r.objects, r.guide)

	n := len(d.Labels)
	for si, s := range d.Series {
		sc := c.seriesColor(si, th, v)
		segs := make([]*canvas.Line, max(n-1, 0))
		pts := make([]*canvas.Circle, n)
		for i := range segs {
			if !math.IsNaN(d.value(si, i)) && !math.IsNaN(d.value(si, i+1)) {
				segs[i] = canvas.NewLine(sc)
				segs[i].StrokeWidth = 2
				r.objects = append(r.objects, segs[i])
			}
		}
		for i := range pts {
			if !math.IsNaN(d.value(si, i)) {
				pts[i] = canvas.NewCircle(sc)
				r.objects = append(r.objects, pts[i])
			}
		}
		r.segments = append(r.segments, segs)
		r.points = append(r.points, pts)

		sw := canvas.NewRectangle(sc)
		sw.CornerRadius = 2
		lt := canvas.NewText(s.Name, col(theme.ColorNameForeground))
		lt.TextSize = size
		r.swatches = append(r.swatches, sw)
		r.legend = append(r.legend, lt)
		r.objects = append(r.objects, sw, lt)
	}

	r.objects = append(r.objects, r.tipBox)
	i := c.hovered
	if i < 0 || i >= n {
		return
	}
	// The label, then each series with a value here, largest first.
	type entry struct {
		series int
		value  float64
	}
	var entries []entry
	for si := range d.Series {
		if val := d.value(si, i); val != 0 && !math.IsNaN(val) {
			entries = append(entries, entry{si, val})
		}
	}
	sort.SliceStable(entries, func(a, b int) bool { return entries[a].value > entries[b].value })
	head := canvas.NewText(d.Labels[i], col(theme.ColorNameForeground))
	head.TextSize = size
	head.TextStyle.Bold = true
	r.tipText = append(r.tipText, head)
	r.objects = append(r.objects, head)
	for _, e := range entries {
		sw := canvas.NewRectangle(c.seriesColor(e.series, th, v))
		sw.CornerRadius = 2
		txt := canvas.NewText(d.Series[e.series].Name+": "+c.formatValue(e.value), col(theme.ColorNameForeground))
		txt.TextSize = size
		r.tipSwatches = append(r.tipSwatches, sw)
		r.tipText = append(r.tipText, txt)
		r.objects = append(r.objects, sw, txt)
	}
	r.tipBox.Show()
	r.guide.Show()
}

// Layout places every object for the given size.
func (r *lineRenderer) Layout(size fyne.Size) {
	c := r.chart
	d := c.data
	r.empty.Resize(fyne.NewSize(size.Width, r.empty.MinSize().Height))
	r.empty.Move(fyne.NewPos(0, (size.Height-r.empty.MinSize().Height)/2))
	if d.empty() {
		return
	}
	g := c.geometry(size)
	if len(g.ticks) != len(r.grid) {
		// The tick count depends on the height: rebuild for the new size.
		r.rebuild()
	}
	p := g.plot
	left, right := p.Position.X, p.Position.X+p.Size.Width
	bottom := p.Position.Y + p.Size.Height
	for i, t := range g.ticks {
		y := g.yOf(t)
		r.grid[i].Position1 = fyne.NewPos(left, y)
		r.grid[i].Position2 = fyne.NewPos(right, y)
		ts := r.tickText[i].MinSize()
		r.tickText[i].Move(fyne.NewPos(left-g.pad-ts.Width, y-ts.Height/2))
		r.tickText[i].Resize(ts)
	}
	y0 := g.yOf(0)
	r.zero.Position1 = fyne.NewPos(left, y0)
	r.zero.Position2 = fyne.NewPos(right, y0)

	for i, txt := range r.xText {
		if i%g.every != 0 {
			txt.Hide()
			continue
		}
		txt.Show()
		ts := txt.MinSize()
		x := max(0, min(g.xAt(i)-ts.Width/2, size.Width-ts.Width))
		txt.Move(fyne.NewPos(x, bottom+g.pad/2))
		txt.Resize(ts)
	}

	radius := min(max(g.step/4, 1.5), 3.5)
	for si := range r.points {
		for i, pt := range r.points[si] {
			if pt == nil {
				continue
			}
			x, y := g.xAt(i), g.yOf(d.value(si, i))
			pt.Position1 = fyne.NewPos(x-radius, y-radius)
			pt.Position2 = fyne.NewPos(x+radius, y+radius)
		}
		for i, seg := range r.segments[si] {
			if seg == nil {
				continue
			}
			seg.Position1 = fyne.NewPos(g.xAt(i), g.yOf(d.value(si, i)))
			seg.Position2 = fyne.NewPos(g.xAt(i+1), g.yOf(d.value(si, i+1)))
		}
	}

	for i, sw := range r.swatches {
		pos := g.legendPos[i]
		ts := r.legend[i].MinSize()
		sw.Move(pos.AddXY(0, (ts.Height-g.swatch)/2))
		sw.Resize(fyne.NewSize(g.swatch, g.swatch))
		r.legend[i].Move(pos.AddXY(g.swatch+g.pad, 0))
		r.legend[i].Resize(ts)
	}

	i := c.hovered
	if i < 0 || i >= len(d.Labels) || len(r.tipText) == 0 {
		return
	}
	x := g.xAt(i)
	r.guide.Position1 = fyne.NewPos(x, p.Position.Y)
	r.guide.Position2 = fyne.NewPos(x, bottom)

	var tipW, tipH float32
	for j, t := range r.tipText {
		ts := t.MinSize()
		w := ts.Width
		if j > 0 {
			w += g.swatch + g.pad
		}
		tipW, tipH = max(tipW, w), tipH+ts.Height
	}
	tipW += 2 * g.pad
	tipH += 2 * g.pad
	// Right of the guide when it fits, else left of it.
	tx := x + 2*g.pad
	if tx+tipW > size.Width {
		tx = max(0, x-2*g.pad-tipW)
	}
	ty := max(0, min(p.Position.Y, size.Height-tipH))
	r.tipBox.Move(fyne.NewPos(tx, ty))
	r.tipBox.Resize(fyne.NewSize(tipW, tipH))
	y := ty + g.pad
	for j, t := range r.tipText {
		ts := t.MinSize()
		tx := tx + g.pad
		if j > 0 {
			sw := r.tipSwatches[j-1]
			sw.Move(fyne.NewPos(tx, y+(ts.Height-g.swatch)/2))
			sw.Resize(fyne.NewSize(g.swatch, g.swatch))
			tx += g.swatch + g.pad
		}
		t.Move(fyne.NewPos(tx, y))
		t.Resize(ts)
		y += ts.Height
	}
}

// MinSize leaves room for the legend, the axes and a readable plot.
func (r *lineRenderer) MinSize() fyne.Size { return fyne.NewSize(300, 200) }

// Refresh rebuilds the objects (data, hover or theme changed) and lays them
// out again.
func (r *lineRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

// Objects returns the canvas objects, drawn in order.
func (r *lineRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy has nothing to release.
func (r *lineRenderer) Destroy() {}

// SecondaryTapped opens the chart's context menu, if it has one.
func (c *LineChart) SecondaryTapped(e *fyne.PointEvent) {
	if c.OnContextMenu != nil {
		c.OnContextMenu(e.AbsolutePosition)
	}
}
