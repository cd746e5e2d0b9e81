package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func lineSample() LineData {
	return LineData{
		Labels: []string{"3 Mar", "10 Mar", "17 Mar", "24 Mar"},
		Series: []Series{
			{Name: "Google Ads", Values: []float64{100, 200, 0, 400}},
			{Name: "Meta Ads", Color: theme.ColorNameWarning, Values: []float64{50, 0, 150, 0}},
			{Name: "Referral", Values: []float64{10, 300, math.NaN(), 40}},
		},
		FormatValue: func(v float64) string { return fmt.Sprintf("$%.2f", v) },
		FormatTick:  func(v float64) string { return fmt.Sprintf("$%.0f", v) },
		EmptyText:   "No sales in this period",
	}
}

// showSized puts o alone in a test window of the given size.
func showSized(t *testing.T, o fyne.CanvasObject, size fyne.Size) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, o)
	w.SetPadded(false)
	w.Resize(size)
	return w
}

func centre(c *canvas.Circle) fyne.Position {
	return fyne.NewPos((c.Position1.X+c.Position2.X)/2, (c.Position1.Y+c.Position2.Y)/2)
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 0.5 }

// lineScale returns the x of point i and the y of value v, worked out from
// the drawn zero line and tick labels rather than from the chart's geometry.
func lineScale(t *testing.T, r *lineRenderer, n int) (xAt func(int) float32, yOf func(float64) float32) {
	t.Helper()
	left, right, y0 := r.zero.Position1.X, r.zero.Position2.X, r.zero.Position1.Y
	last := len(r.grid) - 1
	var top float64
	if _, err := fmt.Sscanf(r.tickText[last].Text, "$%g", &top); err != nil || top <= 0 {
		t.Fatalf("top tick %q: %v", r.tickText[last].Text, err)
	}
	yTop := r.grid[last].Position1.Y
	step := (right - left) / float32(n)
	return func(i int) float32 { return left + (float32(i)+0.5)*step },
		func(v float64) float32 { return y0 + (yTop-y0)*float32(v/top) }
}

func TestLineChartPoints(t *testing.T) {
	d := lineSample()
	c := NewLineChart(d)
	showSized(t, c, fyne.NewSize(480, 300))
	r := test.WidgetRenderer(c).(*lineRenderer)
	xAt, yOf := lineScale(t, r, len(d.Labels))

	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "$0") || !strings.Contains(got, "$400") {
		t.Errorf("value axis lacks $0 or $400: %q", got)
	}
	for si, s := range d.Series {
		for i, v := range s.Values {
			pt := r.points[si][i]
			if math.IsNaN(v) {
				if pt != nil {
					t.Errorf("%s has a point for a missing value at %d", s.Name, i)
				}
				continue
			}
			if p := centre(pt); !near(p.X, xAt(i)) || !near(p.Y, yOf(v)) {
				t.Errorf("%s point %d (%v) at %v, want (%v, %v)", s.Name, i, v, p, xAt(i), yOf(v))
			}
		}
	}
	// Google Ads: 400 is twice as high above zero as 200.
	y0 := r.zero.Position1.Y
	if h2, h4 := y0-centre(r.points[0][1]).Y, y0-centre(r.points[0][3]).Y; !near(h4, 2*h2) || h2 < 20 {
		t.Errorf("heights %v and %v are not in proportion 1:2", h2, h4)
	}
	// Segments join the points; the gap at Referral's missing week has none.
	for i, seg := range r.segments[0] {
		if a, b := centre(r.points[0][i]), centre(r.points[0][i+1]); seg.Position1 != a || seg.Position2 != b {
			t.Errorf("Google Ads segment %d runs %v–%v, want %v–%v", i, seg.Position1, seg.Position2, a, b)
		}
	}
	if r.segments[2][0] == nil || r.segments[2][1] != nil || r.segments[2][2] != nil {
		t.Errorf("Referral segments around its gap: %v", r.segments[2])
	}
	// An empty colour picks from the palette; a theme colour is kept.
	if got := r.points[0][0].FillColor; got != PaletteColor(0) {
		t.Errorf("Google Ads colour %v, want palette 0 %v", got, PaletteColor(0))
	}
	if got := r.points[2][0].FillColor; got != PaletteColor(2) {
		t.Errorf("Referral colour %v, want palette 2 %v", got, PaletteColor(2))
	}
	if got, want := r.points[1][0].FillColor, c.Theme().Color(theme.ColorNameWarning, fyne.CurrentApp().Settings().ThemeVariant()); got != want {
		t.Errorf("Meta Ads colour %v, want the theme's warning %v", got, want)
	}
	if strings.Contains(strings.Join(texts(c), "|"), "No sales") {
		t.Error("the empty message shows on a chart with data")
	}
}

func TestLineChartHoverAndTap(t *testing.T) {
	c := NewLineChart(lineSample())
	w := showSized(t, c, fyne.NewSize(480, 300))
	r := test.WidgetRenderer(c).(*lineRenderer)
	xAt, _ := lineScale(t, r, 4)
	mid := (r.zero.Position1.Y + r.grid[len(r.grid)-1].Position1.Y) / 2

	// A little right of the second point is still nearest to it.
	test.MoveMouse(w.Canvas(), fyne.NewPos(xAt(1)+10, mid))
	if c.Hovered() != 1 {
		t.Fatalf("hovering near 10 Mar: Hovered() = %d", c.Hovered())
	}
	r = test.WidgetRenderer(c).(*lineRenderer)
	var tip []string
	for _, txt := range r.tipText {
		tip = append(tip, txt.Text)
	}
	// Zero values are left out, the rest largest first.
	if want := []string{"10 Mar", "Referral: $300.00", "Google Ads: $200.00"}; !slices.Equal(tip, want) {
		t.Errorf("tooltip %q, want %q", tip, want)
	}
	if !r.guide.Visible() || !near(r.guide.Position1.X, xAt(1)) || !near(r.guide.Position2.X, xAt(1)) {
		t.Errorf("guide at %v–%v, want at x %v", r.guide.Position1, r.guide.Position2, xAt(1))
	}
	if !r.tipBox.Visible() {
		t.Error("tooltip box hidden")
	}
	for _, txt := range r.tipText {
		p := txt.Position()
		if b := r.tipBox; p.X < b.Position().X || p.X+txt.Size().Width > b.Position().X+b.Size().Width+0.5 {
			t.Errorf("tooltip line %q sticks out of its box", txt.Text)
		}
	}

	test.MoveMouse(w.Canvas(), fyne.NewPos(xAt(3), mid))
	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "24 Mar|Google Ads: $400.00|Referral: $40.00") {
		t.Errorf("tooltip for 24 Mar: %q", got)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(2, 2)) // the legend, not the plot
	if c.Hovered() != -1 || test.WidgetRenderer(c).(*lineRenderer).guide.Visible() {
		t.Errorf("pointer left the plot but Hovered() = %d", c.Hovered())
	}

	test.TapAt(c, fyne.NewPos(xAt(2), mid))
	if c.Hovered() != 2 {
		t.Errorf("tapping 17 Mar: Hovered() = %d", c.Hovered())
	}
	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "17 Mar|Meta Ads: $150.00") || strings.Contains(got, "Google Ads: $0") {
		t.Errorf("tooltip for 17 Mar: %q", got)
	}
	test.TapAt(c, fyne.NewPos(xAt(2), mid))
	if c.Hovered() != -1 {
		t.Errorf("tapping it again should hide the values, Hovered() = %d", c.Hovered())
	}
}

func TestLineChartEmpty(t *testing.T) {
	for name, d := range map[string]LineData{
		"no labels": {EmptyText: "No sales in this period",
			Series: []Series{{Name: "Google Ads", Values: nil}}},
		"all zero": {Labels: []string{"3 Mar", "10 Mar"}, EmptyText: "No sales in this period",
			Series: []Series{{Name: "Google Ads", Values: []float64{0, 0}}, {Name: "Meta Ads", Values: []float64{0, math.NaN()}}}},
	} {
		t.Run(name, func(t *testing.T) {
			c := NewLineChart(d)
			w := showSized(t, c, fyne.NewSize(480, 300))
			if got := texts(c); len(got) != 1 || got[0] != "No sales in this period" {
				t.Errorf("empty chart draws %q, want only the message", got)
			}
			test.MoveMouse(w.Canvas(), fyne.NewPos(240, 150))
			if c.Hovered() != -1 {
				t.Errorf("hovering an empty chart: Hovered() = %d", c.Hovered())
			}
		})
	}
}

func TestLineChartSetData(t *testing.T) {
	c := NewLineChart(LineData{EmptyText: "Nothing yet"})
	showSized(t, c, fyne.NewSize(480, 300))
	c.SetData(lineSample())
	if got := strings.Join(texts(c), "|"); strings.Contains(got, "Nothing yet") || !strings.Contains(got, "Google Ads") {
		t.Errorf("after SetData the chart draws %q", got)
	}
	if got := c.Data().Labels; !slices.Equal(got, lineSample().Labels) {
		t.Errorf("Data().Labels = %q", got)
	}
	if c.MinSize().Width < 300 || c.MinSize().Height < 200 {
		t.Errorf("MinSize %v is too small", c.MinSize())
	}
}

func TestLineChartManySeriesAndWeeks(t *testing.T) {
	d := LineData{FormatTick: func(v float64) string { return fmt.Sprintf("$%.0fk", v/1000) }}
	for i := range 52 {
		d.Labels = append(d.Labels, fmt.Sprintf("%d Mar", i%28+1))
	}
	for s := range 12 {
		vals := make([]float64, 52)
		for i := range vals {
			vals[i] = float64(1000 * (s + 1) * (i%7 + 1))
		}
		d.Series = append(d.Series, Series{Name: fmt.Sprintf("Channel number %d", s+1), Values: vals})
	}
	c := NewLineChart(d)
	const width = 480
	showSized(t, c, fyne.NewSize(width, 360))
	r := test.WidgetRenderer(c).(*lineRenderer)

	// The legend wraps onto rows inside the width, above the plot.
	rows := map[float32]bool{}
	var legendBottom float32
	for _, l := range r.legend {
		rows[l.Position().Y] = true
		legendBottom = max(legendBottom, l.Position().Y+l.Size().Height)
		if l.Position().X+l.Size().Width > width {
			t.Errorf("legend %q ends at %v, past the width", l.Text, l.Position().X+l.Size().Width)
		}
	}
	if len(rows) < 2 {
		t.Errorf("12 legend entries on %d row(s) at width %d", len(rows), width)
	}
	if top := r.tickText[len(r.tickText)-1]; top.Position().Y < legendBottom {
		t.Errorf("top tick label at %v overlaps the legend ending at %v", top.Position().Y, legendBottom)
	}
	// Twelve distinct palette colours.
	seen := map[any]bool{}
	for si := range d.Series {
		seen[r.points[si][0].FillColor] = true
	}
	if len(seen) != 12 {
		t.Errorf("12 series in %d colours", len(seen))
	}

	// Only some x labels show, and they do not overlap.
	var shown []*canvas.Text
	for _, l := range r.xText {
		if l.Visible() {
			shown = append(shown, l)
		}
	}
	if len(shown) < 3 || len(shown) >= 52 {
		t.Fatalf("%d of 52 x labels show", len(shown))
	}
	if !r.xText[0].Visible() {
		t.Error("the first x label is hidden")
	}
	sort.Slice(shown, func(a, b int) bool { return shown[a].Position().X < shown[b].Position().X })
	for i := 1; i < len(shown); i++ {
		if prev := shown[i-1]; prev.Position().X+prev.Size().Width > shown[i].Position().X {
			t.Errorf("x labels %q and %q overlap", prev.Text, shown[i].Text)
		}
	}
}

func TestPalette(t *testing.T) {
	if len(Palette) < 12 {
		t.Fatalf("palette has %d colours", len(Palette))
	}
	for i, a := range Palette {
		if a.A != 0xff {
			t.Errorf("palette colour %d is not opaque", i)
		}
		for _, b := range Palette[i+1:] {
			if a == b {
				t.Errorf("palette colour %v twice", a)
			}
		}
	}
	if PaletteColor(len(Palette)) != PaletteColor(0) || PaletteColor(-1) != PaletteColor(len(Palette)-1) {
		t.Error("PaletteColor does not cycle")
	}
}

// A series with its own colour keeps it; the others take the palette.
func TestLineChartOwnColour(t *testing.T) {
	own := color.NRGBA{R: 0x12, G: 0x34, B: 0x56, A: 0xff}
	c := NewLineChart(LineData{Labels: []string{"a", "b"}, Series: []Series{
		{Name: "x", Values: []float64{1, 2}, RGB: own},
		{Name: "y", Values: []float64{2, 1}},
	}})
	th := test.NewTheme()
	if got := c.seriesColor(0, th, 0); got != own {
		t.Errorf("own colour %v, want %v", got, own)
	}
	if got := c.seriesColor(1, th, 0); got != PaletteColor(1) {
		t.Errorf("palette colour %v, want %v", got, PaletteColor(1))
	}
}
