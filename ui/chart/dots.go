package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// defaultMaxDots is how many dots a group draws at most when
// DotData.MaxDots is not set.
const defaultMaxDots = 2000

// DotGroup is one row of dots: every order's value.
type DotGroup struct {
	Name   string
	Values []float64           // NaN values are left out
	Color  fyne.ThemeColorName // empty: theme.ColorNamePrimary
}

// DotData is what a dot plot shows.
type DotData struct {
	Groups []DotGroup
	// FormatValue writes a value in full, for the hover label.
	FormatValue func(float64) string
	// FormatTick writes an axis tick briefly ("$12k").
	FormatTick func(float64) string
	// EmptyText is shown instead of an empty frame when no group has values.
	EmptyText string
	// MaxDots caps the dots drawn per group (0: 2000); when a group has more, draw an evenly spaced subset of the sorted values that always includes the smallest and the largest, and say "(showing N of M)" in the row label.
	// A cap below 2 counts as 2, for the smallest and the largest.
	MaxDots int
}

// maxDots returns the cap on dots per group.
func (d DotData) maxDots() int {
	if d.MaxDots <= 0 {
		return defaultMaxDots
	}
	return max(d.MaxDots, 2)
}

// dotStats is what a group's values come to, computed once per SetData.
type dotStats struct {
	n                      int // values, NaN left out
	mean, median, smallest float64
	largest                float64
	shown                  []float64 // the sorted values drawn: all, or a subset
}

func newDotStats(values []float64, maxDots int) dotStats {
	sorted := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	s := dotStats{n: len(sorted)}
	if s.n == 0 {
		return s
	}
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	s.mean = sum / float64(s.n)
	if s.n%2 == 1 {
		s.median = sorted[s.n/2]
	} else {
		s.median = (sorted[s.n/2-1] + sorted[s.n/2]) / 2
	}
	s.smallest, s.largest = sorted[0], sorted[s.n-1]
	s.shown = subsample(sorted, maxDots)
	return s
}

// subsample returns n evenly spaced values of sorted, the first and the
// last among them, or sorted itself when it holds no more than n (n ≥ 2).
func subsample(sorted []float64, n int) []float64 {
	m := len(sorted)
	if m <= n {
		return sorted
	}
	out := make([]float64, n)
	for k := range out {
		out[k] = sorted[int(math.Round(float64(k)*float64(m-1)/float64(n-1)))]
	}
	return out
}

// jitter returns a fraction in [0, 1) that looks random but is the same
// for the same i every time (the SplitMix64 finaliser).
func jitter(i int) float32 {
	x := uint64(i) + 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	return float32(x>>40) / (1 << 24)
}

// DotPlot shows every value of each group as a dot on a horizontal value
// axis, one band per group, with the group's mean and median marked, so a
// single large order stands out from the crowd. Hovering a band (or tapping
// it, on touch screens) shows the group's figures.
type DotPlot struct {
	widget.BaseWidget

	// OnContextMenu, when set, is called with the pointer's absolute
	// position on a right click (the chart's context menu).
	OnContextMenu func(at fyne.Position)

	data    DotData
	stats   []dotStats // one per group
	hovered int        // band under the pointer or last tapped; -1 for none
}

// NewDotPlot returns a dot plot showing d.
func NewDotPlot(d DotData) *DotPlot {
	c := &DotPlot{hovered: -1}
	c.ExtendBaseWidget(c)
	c.setData(d)
	return c
}

// SetData replaces what the plot shows. The plot works out each group's
// figures (mean, median, the dots to draw) here, from copies: change values
// by calling SetData again.
func (c *DotPlot) SetData(d DotData) {
	c.setData(d)
	c.hovered = -1
	c.Refresh()
}

func (c *DotPlot) setData(d DotData) {
	c.data = d
	c.stats = make([]dotStats, len(d.Groups))
	for i, g := range d.Groups {
		c.stats[i] = newDotStats(g.Values, d.maxDots())
	}
}

// Data returns what the plot shows.
func (c *DotPlot) Data() DotData { return c.data }

// Hovered returns the index of the group whose figures are shown, or -1.
func (c *DotPlot) Hovered() int { return c.hovered }

// MouseIn shows the figures of the band under the pointer.
func (c *DotPlot) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

// MouseMoved shows the figures of the band under the pointer.
func (c *DotPlot) MouseMoved(e *desktop.MouseEvent) { c.setHovered(c.bandAt(e.Position)) }

// MouseOut hides the figures.
func (c *DotPlot) MouseOut() { c.setHovered(-1) }

// Tapped shows the figures of the tapped band, or hides them when it is
// tapped again.
func (c *DotPlot) Tapped(e *fyne.PointEvent) {
	b := c.bandAt(e.Position)
	if b == c.hovered {
		b = -1
	}
	c.setHovered(b)
}

func (c *DotPlot) setHovered(b int) {
	if b != c.hovered {
		c.hovered = b
		c.Refresh()
	}
}

// empty reports whether no group has a value.
func (c *DotPlot) empty() bool {
	for _, s := range c.stats {
		if s.n > 0 {
			return false
		}
	}
	return true
}

// bandAt returns the band at pos, or -1.
func (c *DotPlot) bandAt(pos fyne.Position) int {
	if c.empty() {
		return -1
	}
	g := c.geometry(c.Size())
	if pos.Y < g.plot.Position.Y || pos.Y >= g.plot.Position.Y+g.plot.Size.Height {
		return -1
	}
	b := int((pos.Y - g.plot.Position.Y) / g.band)
	if b < 0 || b >= len(c.data.Groups) {
		return -1
	}
	return b
}

// shownNote returns "(showing N of M)" for a group drawn in part, else "".
func (c *DotPlot) shownNote(i int) string {
	if s := c.stats[i]; len(s.shown) < s.n {
		return fmt.Sprintf("(showing %d of %d)", len(s.shown), s.n)
	}
	return ""
}

// geometry is where the parts of the plot go for a given size; it reuses
// the bar chart's, with a band per group.
func (c *DotPlot) geometry(size fyne.Size) geometry {
	th := c.Theme()
	var g geometry
	g.textSize = th.Size(theme.SizeNameCaptionText)
	g.pad = th.Size(theme.SizeNamePadding)
	lineH := fyne.MeasureText("Mg", g.textSize, fyne.TextStyle{}).Height
	g.legend = lineH + 2*g.pad
	g.tickLabelH = lineH + g.pad

	for i, grp := range c.data.Groups {
		g.categoryTextWidth = max(g.categoryTextWidth,
			fyne.MeasureText(grp.Name, g.textSize, fyne.TextStyle{}).Width,
			fyne.MeasureText(c.shownNote(i), g.textSize, fyne.TextStyle{}).Width)
	}
	g.labelW = min(g.categoryTextWidth+2*g.pad, size.Width*0.35)

	lo, hi := 0.0, 0.0
	for _, s := range c.stats {
		if s.n > 0 {
			lo, hi = math.Min(lo, s.smallest), math.Max(hi, s.largest)
		}
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 0
	}
	g.ticks = Ticks(lo, hi, max(2, min(6, int(size.Width/90))))
	g.lo, g.hi = g.ticks[0], g.ticks[len(g.ticks)-1]

	// Leave half a tick label of room on the right so the last one fits.
	lastLabel := fyne.MeasureText(c.formatTick(g.hi), g.textSize, fyne.TextStyle{}).Width
	x := g.labelW + g.pad
	w := max(size.Width-x-lastLabel/2-g.pad, 1)
	h := max(size.Height-g.legend-g.tickLabelH-g.pad, 1)
	g.plot = rect{Position: fyne.NewPos(x, g.legend), Size: fyne.NewSize(w, h)}
	if n := len(c.data.Groups); n > 0 {
		g.band = h / float32(n)
	}
	return g
}

func (c *DotPlot) formatTick(v float64) string {
	if c.data.FormatTick != nil {
		return c.data.FormatTick(v)
	}
	return trimFloat(v)
}

func (c *DotPlot) formatValue(v float64) string {
	if c.data.FormatValue != nil {
		return c.data.FormatValue(v)
	}
	return trimFloat(v)
}

// CreateRenderer builds the plot's canvas objects.
func (c *DotPlot) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &dotRenderer{plot: c}
	r.rebuild()
	return r
}

// Colours of the mean and median lines.
const (
	meanColor   = theme.ColorNameForeground
	medianColor = theme.ColorNameError
)

// dotAlpha is how opaque a dot is, so that piles of dots show darker.
const dotAlpha = 0x70

// translucent returns c with alpha a.
func translucent(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

type dotRenderer struct {
	plot *DotPlot

	highlight *canvas.Rectangle
	empty     *canvas.Text
	grid      []*canvas.Line
	tickText  []*canvas.Text
	zero      *canvas.Line
	separator []*canvas.Line // between bands
	names     []*canvas.Text // one per group
	notes     []*canvas.Text // one per group: "(showing N of M)" or nil
	dots      [][]*canvas.Circle
	means     []*canvas.Line // one per group; hidden when it has no values
	medians   []*canvas.Line
	legendDot *canvas.Circle
	legendBar [2]*canvas.Line // mean, median
	legend    [3]*canvas.Text // order, mean, median
	tipBox    *canvas.Rectangle
	tipText   []*canvas.Text

	objects []fyne.CanvasObject
}

// rebuild makes the canvas objects for the current data, hover and theme.
func (r *dotRenderer) rebuild() {
	c := r.plot
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	size := th.Size(theme.SizeNameCaptionText)
	d := c.data
	text := func(s string, n fyne.ThemeColorName) *canvas.Text {
		t := canvas.NewText(s, col(n))
		t.TextSize = size
		return t
	}
	vline := func(n fyne.ThemeColorName) *canvas.Line {
		l := canvas.NewLine(col(n))
		l.StrokeWidth = 2
		return l
	}

	r.objects = r.objects[:0]
	r.highlight = canvas.NewRectangle(col(theme.ColorNameHover))
	r.highlight.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	r.highlight.Hide()
	r.objects = append(r.objects, r.highlight)

	r.empty = canvas.NewText(d.EmptyText, col(theme.ColorNamePlaceHolder))
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.TextSize = th.Size(theme.SizeNameText)
	if !c.empty() {
		r.empty.Hide()
	}
	r.objects = append(r.objects, r.empty)

	r.grid, r.tickText, r.separator, r.names, r.notes, r.dots, r.means, r.medians, r.tipText = nil, nil, nil, nil, nil, nil, nil, nil, nil
	r.zero = canvas.NewLine(col(theme.ColorNameForeground))
	r.zero.StrokeWidth = 1
	r.tipBox = canvas.NewRectangle(col(theme.ColorNameOverlayBackground))
	r.tipBox.StrokeColor = col(theme.ColorNameInputBorder)
	r.tipBox.StrokeWidth = 1
	r.tipBox.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.tipBox.Hide()
	if c.empty() {
		return
	}

	g := c.geometry(c.Size())
	for _, t := range g.ticks {
		l := canvas.NewLine(col(theme.ColorNameSeparator))
		l.StrokeWidth = 1
		txt := text(c.formatTick(t), theme.ColorNamePlaceHolder)
		txt.Alignment = fyne.TextAlignCenter
		r.grid = append(r.grid, l)
		r.tickText = append(r.tickText, txt)
		r.objects = append(r.objects, l, txt)
	}
	for range max(len(d.Groups)-1, 0) {
		l := canvas.NewLine(col(theme.ColorNameSeparator))
		l.StrokeWidth = 1
		r.separator = append(r.separator, l)
		r.objects = append(r.objects, l)
	}
	r.objects = append(r.objects, r.zero)

	for i, grp := range d.Groups {
		name := text(grp.Name, theme.ColorNameForeground)
		name.Alignment = fyne.TextAlignTrailing
		r.names = append(r.names, name)
		r.objects = append(r.objects, name)
		var note *canvas.Text
		if s := c.shownNote(i); s != "" {
			note = text(s, theme.ColorNamePlaceHolder)
			note.Alignment = fyne.TextAlignTrailing
			r.objects = append(r.objects, note)
		}
		r.notes = append(r.notes, note)

		cn := grp.Color
		if cn == "" {
			cn = theme.ColorNamePrimary
		}
		fill := translucent(col(cn), dotAlpha)
		dots := make([]*canvas.Circle, len(c.stats[i].shown))
		for j := range dots {
			dots[j] = canvas.NewCircle(fill)
			r.objects = append(r.objects, dots[j])
		}
		r.dots = append(r.dots, dots)
	}
	// Mean and median lines over all the dots.
	for i := range d.Groups {
		mean, median := vline(meanColor), vline(medianColor)
		if c.stats[i].n == 0 {
			mean.Hide()
			median.Hide()
		}
		r.means = append(r.means, mean)
		r.medians = append(r.medians, median)
		r.objects = append(r.objects, mean, median)
	}

	r.legendDot = canvas.NewCircle(translucent(col(theme.ColorNameForeground), dotAlpha))
	r.legendBar = [2]*canvas.Line{vline(meanColor), vline(medianColor)}
	r.legend = [3]*canvas.Text{
		text("order", theme.ColorNameForeground),
		text("mean", theme.ColorNameForeground),
		text("median", theme.ColorNameForeground),
	}
	r.objects = append(r.objects, r.legendDot, r.legend[0], r.legendBar[0], r.legend[1], r.legendBar[1], r.legend[2])

	r.objects = append(r.objects, r.tipBox)
	b := c.hovered
	if b < 0 || b >= len(d.Groups) {
		return
	}
	s := c.stats[b]
	lines := []string{d.Groups[b].Name, orders(s.n)}
	if s.n > 0 {
		lines = append(lines,
			"Mean: "+c.formatValue(s.mean),
			"Median: "+c.formatValue(s.median),
			"Largest: "+c.formatValue(s.largest))
	}
	for i, line := range lines {
		txt := text(line, theme.ColorNameForeground)
		txt.TextStyle.Bold = i == 0
		r.tipText = append(r.tipText, txt)
		r.objects = append(r.objects, txt)
	}
	r.tipBox.Show()
	r.highlight.Show()
}

// orders returns "1 order" or "N orders".
func orders(n int) string {
	if n == 1 {
		return "1 order"
	}
	return fmt.Sprintf("%d orders", n)
}

// Layout places every object for the given size.
func (r *dotRenderer) Layout(size fyne.Size) {
	c := r.plot
	d := c.data
	r.empty.Resize(fyne.NewSize(size.Width, r.empty.MinSize().Height))
	r.empty.Move(fyne.NewPos(0, (size.Height-r.empty.MinSize().Height)/2))
	if c.empty() {
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
		ts := r.tickText[i].MinSize()
		r.tickText[i].Move(fyne.NewPos(x-ts.Width/2, bottom+g.pad/2))
		r.tickText[i].Resize(ts)
	}
	x0 := g.xOf(0)
	r.zero.Position1 = fyne.NewPos(x0, top)
	r.zero.Position2 = fyne.NewPos(x0, bottom)
	for i, l := range r.separator {
		y := top + float32(i+1)*g.band
		l.Position1 = fyne.NewPos(0, y)
		l.Position2 = fyne.NewPos(g.plot.Position.X+g.plot.Size.Width, y)
	}

	radius := min(max(g.band/8, 1.5), 3.5)
	for i := range d.Groups {
		bandTop := top + float32(i)*g.band
		// The name, and the note below it, centred in the band.
		name, note := r.names[i], r.notes[i]
		name.Text = ellipsize(d.Groups[i].Name, g.labelW-g.pad, g.textSize)
		h := name.MinSize().Height
		block := h
		if note != nil {
			block += h
		}
		name.Move(fyne.NewPos(0, bandTop+(g.band-block)/2))
		name.Resize(fyne.NewSize(g.labelW-g.pad, h))
		if note != nil {
			note.Text = ellipsize(c.shownNote(i), g.labelW-g.pad, g.textSize)
			note.Move(fyne.NewPos(0, bandTop+(g.band-block)/2+h))
			note.Resize(fyne.NewSize(g.labelW-g.pad, h))
		}

		// Dots jitter in the middle 70% of the band, lines span 80% of it.
		s := c.stats[i]
		spread := max(g.band*0.7-2*radius, 0)
		for j, dot := range r.dots[i] {
			x := g.xOf(s.shown[j])
			y := bandTop + g.band*0.15 + radius + jitter(j)*spread
			dot.Position1 = fyne.NewPos(x-radius, y-radius)
			dot.Position2 = fyne.NewPos(x+radius, y+radius)
		}
		y1, y2 := bandTop+g.band*0.1, bandTop+g.band*0.9
		xm, xd := g.xOf(s.mean), g.xOf(s.median)
		r.means[i].Position1, r.means[i].Position2 = fyne.NewPos(xm, y1), fyne.NewPos(xm, y2)
		r.medians[i].Position1, r.medians[i].Position2 = fyne.NewPos(xd, y1), fyne.NewPos(xd, y2)
	}

	// Legend: ● order  | mean  | median, above the plot.
	lx := g.plot.Position.X
	ts := r.legend[0].MinSize()
	mark := ts.Height * 0.6
	r.legendDot.Position1 = fyne.NewPos(lx, g.pad+(ts.Height-mark)/2)
	r.legendDot.Position2 = r.legendDot.Position1.AddXY(mark, mark)
	for i, t := range r.legend {
		if i > 0 {
			bar := r.legendBar[i-1]
			bar.Position1 = fyne.NewPos(lx+mark/2, g.pad+ts.Height*0.1)
			bar.Position2 = fyne.NewPos(lx+mark/2, g.pad+ts.Height*0.9)
		}
		t.Move(fyne.NewPos(lx+mark+g.pad, g.pad))
		t.Resize(t.MinSize())
		lx += mark + g.pad + t.MinSize().Width + 3*g.pad
	}

	b := c.hovered
	if b < 0 || b >= len(d.Groups) || len(r.tipText) == 0 {
		return
	}
	r.highlight.Move(fyne.NewPos(0, top+float32(b)*g.band))
	r.highlight.Resize(fyne.NewSize(size.Width, g.band))
	var tipW, tipH float32
	for _, t := range r.tipText {
		s := t.MinSize()
		tipW, tipH = max(tipW, s.Width), tipH+s.Height
	}
	tipW += 2 * g.pad
	tipH += 2 * g.pad
	// Just right of the mean and median lines, which it speaks of.
	tx := g.plot.Position.X
	if s := c.stats[b]; s.n > 0 {
		tx = max(g.xOf(s.mean), g.xOf(s.median))
	}
	tx = max(0, min(tx+2*g.pad, size.Width-tipW))
	ty := top + float32(b)*g.band + g.band/2 - tipH/2
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

// MinSize leaves room for the legend, the axis and a band per group.
func (r *dotRenderer) MinSize() fyne.Size {
	th := r.plot.Theme()
	line := fyne.MeasureText("Mg", th.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Height
	rows := max(len(r.plot.data.Groups), 2)
	return fyne.NewSize(300, line*3+float32(rows)*max(line*2.5, 36))
}

// Refresh rebuilds the objects (data, hover or theme changed) and lays them
// out again.
func (r *dotRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.plot.Size())
	canvas.Refresh(r.plot)
}

// Objects returns the canvas objects, drawn in order.
func (r *dotRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy has nothing to release.
func (r *dotRenderer) Destroy() {}

// SecondaryTapped opens the chart's context menu, if it has one.
func (c *DotPlot) SecondaryTapped(e *fyne.PointEvent) {
	if c.OnContextMenu != nil {
		c.OnContextMenu(e.AbsolutePosition)
	}
}
