package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"lastmile/ui/uitest"
)

func sample() BarData {
	return BarData{
		Categories: []string{"Google Ads", "Meta Ads", "Trade show / events"},
		Series: []Series{
			{Name: "Revenue", Color: theme.ColorNamePrimary, Values: []float64{9938, 3515, 5731}},
			{Name: "Ad spend", Color: theme.ColorNameWarning, Values: []float64{1856, 2233, 0}},
		},
		FormatValue: func(v float64) string { return fmt.Sprintf("$%.2f", v) },
		FormatTick:  func(v float64) string { return fmt.Sprintf("$%.0fk", v/1000) },
		EmptyText:   "No sales in this period",
	}
}

func show(t *testing.T, c *BarChart) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(480, 240))
	return w
}

// texts returns every text the chart draws, in drawing order.
func texts(c fyne.Widget) []string {
	var out []string
	for _, o := range test.WidgetRenderer(c).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestBarChartMarkup(t *testing.T) {
	c := NewBarChart(sample())
	w := show(t, c)
	uitest.AssertMarkup(t, "bar.xml", w.Canvas())
}

func TestBarChartAxisAndZeroBar(t *testing.T) {
	c := NewBarChart(sample())
	show(t, c)
	got := strings.Join(texts(c), "|")
	for _, want := range []string{"$0k", "$10k", "Google Ads", "Trade show / events", "Revenue", "Ad spend"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart text %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "No sales") {
		t.Error("the empty message shows on a chart with data")
	}
	// The trade show's ad spend is zero: its bar has no width, yet the row
	// and its revenue bar are there.
	r := test.WidgetRenderer(c).(*barRenderer)
	if w := r.bars[1][2].Size().Width; w > 0.5 {
		t.Errorf("a zero value drew a bar %v wide", w)
	}
	if w := r.bars[0][2].Size().Width; w < 50 {
		t.Errorf("the trade show's revenue bar is only %v wide", w)
	}
	// Bars are in proportion: Google revenue 9938 vs Meta revenue 3515.
	g, m := r.bars[0][0].Size().Width, r.bars[0][1].Size().Width
	if ratio := float64(g / m); ratio < 2.7 || ratio > 2.95 {
		t.Errorf("bar widths %v and %v are not in proportion (ratio %.2f, want 2.83)", g, m, ratio)
	}
}

func TestBarChartEmpty(t *testing.T) {
	for name, d := range map[string]BarData{
		"no categories": {EmptyText: "No sales in this period"},
		"all zero": {Categories: []string{"Google Ads"}, EmptyText: "No sales in this period",
			Series: []Series{{Name: "Revenue", Color: theme.ColorNamePrimary, Values: []float64{0}}}},
	} {
		t.Run(name, func(t *testing.T) {
			c := NewBarChart(d)
			w := show(t, c)
			got := texts(c)
			if len(got) != 1 || got[0] != "No sales in this period" {
				t.Errorf("empty chart draws %q, want only the message", got)
			}
			if name == "all zero" {
				uitest.AssertMarkup(t, "bar_empty.xml", w.Canvas())
			}
		})
	}
}

func TestBarChartHoverAndTap(t *testing.T) {
	c := NewBarChart(sample())
	w := show(t, c)
	r := test.WidgetRenderer(c).(*barRenderer)
	meta := r.bars[0][1]
	pos := meta.Position().Add(fyne.NewPos(2, meta.Size().Height/2))

	test.MoveMouse(w.Canvas(), pos)
	if c.Hovered() != 1 {
		t.Fatalf("hovering the Meta row: Hovered() = %d", c.Hovered())
	}
	got := strings.Join(texts(c), "|")
	if !strings.Contains(got, "Revenue: $3515.00") || !strings.Contains(got, "Ad spend: $2233.00") {
		t.Errorf("hover label missing values: %q", got)
	}
	uitest.AssertMarkup(t, "bar_hover.xml", w.Canvas())

	test.MoveMouse(w.Canvas(), fyne.NewPos(479, 239))
	if c.Hovered() != -1 {
		t.Errorf("pointer left the rows but Hovered() = %d", c.Hovered())
	}
	test.TapAt(c, pos)
	if c.Hovered() != 1 {
		t.Errorf("tapping the Meta row: Hovered() = %d", c.Hovered())
	}
	test.TapAt(c, pos)
	if c.Hovered() != -1 {
		t.Errorf("tapping it again should hide the values, Hovered() = %d", c.Hovered())
	}
}

func TestBarChartNegativeValues(t *testing.T) {
	d := sample()
	d.Series[0].Values[2] = -1200 // refunds larger than sales
	c := NewBarChart(d)
	show(t, c)
	r := test.WidgetRenderer(c).(*barRenderer)
	neg, zeroX := r.bars[0][2], r.zero.Position1.X
	if right := neg.Position().X + neg.Size().Width; right > zeroX+0.5 || neg.Size().Width < 5 {
		t.Errorf("negative bar at %v width %v should end at the zero line %v", neg.Position().X, neg.Size().Width, zeroX)
	}
	if !strings.Contains(strings.Join(texts(c), "|"), "$-2k") {
		t.Errorf("axis has no negative tick: %v", texts(c))
	}
}

func TestLongCategoryIsShortened(t *testing.T) {
	d := sample()
	d.Categories[0] = strings.Repeat("A very long channel name ", 6)
	c := NewBarChart(d)
	show(t, c)
	r := test.WidgetRenderer(c).(*barRenderer)
	if txt := r.labels[0].Text; !strings.HasSuffix(txt, "…") || len(txt) >= len(d.Categories[0]) {
		t.Errorf("long label not shortened: %q", txt)
	}
}

func TestSmallNegativeKeepsTheAxisFromZero(t *testing.T) {
	d := sample()
	d.Series[0].Values[2] = -11 // one small refund, no sales
	c := NewBarChart(d)
	show(t, c)
	got := strings.Join(texts(c), "|")
	if strings.Contains(got, "-") {
		t.Errorf("a sliver below zero added a negative tick: %q", got)
	}
	r := test.WidgetRenderer(c).(*barRenderer)
	if b := r.bars[0][2]; b.Position().X+b.Size().Width > r.zero.Position1.X+0.5 {
		t.Error("the negative bar does not end at the zero line")
	}
}

func TestBarChartWhiskers(t *testing.T) {
	d := sample()
	d.Series[0].Low = []float64{8000, math.NaN(), 5000}
	d.Series[0].High = []float64{12500, math.NaN(), 6400}
	c := NewBarChart(d)
	w := show(t, c)
	r := test.WidgetRenderer(c).(*barRenderer)

	// x(v) from the drawn bars alone: the Google revenue bar runs from the
	// zero line to x(9938).
	bar, x0 := r.bars[0][0], r.zero.Position1.X
	xOf := func(v float64) float32 { return x0 + bar.Size().Width*float32(v/9938) }
	near := func(a, b float32) bool { return math.Abs(float64(a-b)) < 0.5 }

	wk := r.whiskers[0][0]
	if wk == nil {
		t.Fatal("no whisker for Google Ads revenue")
	}
	if l := wk.line; !near(l.Position1.X, xOf(8000)) || !near(l.Position2.X, xOf(12500)) {
		t.Errorf("whisker spans %v..%v, want %v..%v", l.Position1.X, l.Position2.X, xOf(8000), xOf(12500))
	}
	midY := bar.Position().Y + bar.Size().Height/2
	if l := wk.line; !near(l.Position1.Y, midY) || !near(l.Position2.Y, midY) {
		t.Errorf("whisker at y %v..%v, want through the bar's middle %v", l.Position1.Y, l.Position2.Y, midY)
	}
	for name, cp := range map[string]*canvas.Line{"low": wk.lowCap, "high": wk.highCap} {
		if cp.Position1.X != cp.Position2.X || cp.Position1.Y >= midY || cp.Position2.Y <= midY {
			t.Errorf("%s cap %v–%v is not a short vertical line across y %v", name, cp.Position1, cp.Position2, midY)
		}
	}
	if !near(wk.lowCap.Position1.X, xOf(8000)) || !near(wk.highCap.Position1.X, xOf(12500)) {
		t.Errorf("caps at %v and %v, want %v and %v", wk.lowCap.Position1.X, wk.highCap.Position1.X, xOf(8000), xOf(12500))
	}
	// The high end is past the last value: the axis reaches it.
	if last := r.grid[len(r.grid)-1].Position1.X; wk.line.Position2.X > last+0.5 {
		t.Errorf("whisker ends at %v, past the last tick at %v", wk.line.Position2.X, last)
	}
	if r.whiskers[0][1] != nil {
		t.Error("a NaN range drew a whisker")
	}
	if r.whiskers[1] != nil {
		t.Error("a series without ranges has whiskers")
	}
	if wk := r.whiskers[0][2]; wk == nil || !near(wk.line.Position1.X, xOf(5000)) {
		t.Error("the trade show's whisker is missing or misplaced")
	}

	test.MoveMouse(w.Canvas(), bar.Position().Add(fyne.NewPos(2, bar.Size().Height/2)))
	got := strings.Join(texts(c), "|")
	if !strings.Contains(got, "Revenue: $9938.00 ($8000.00–$12500.00)") {
		t.Errorf("hover label lacks the range: %q", got)
	}
	if !strings.Contains(got, "Ad spend: $1856.00|") && !strings.HasSuffix(got, "Ad spend: $1856.00") {
		t.Errorf("a series without a range shows one: %q", got)
	}
	meta := r.bars[0][1]
	test.MoveMouse(w.Canvas(), meta.Position().Add(fyne.NewPos(2, meta.Size().Height/2)))
	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "Revenue: $3515.00") || strings.Contains(got, "Revenue: $3515.00 (") {
		t.Errorf("a NaN range shows in the hover label: %q", got)
	}
}
