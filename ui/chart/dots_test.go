package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func dotSample() DotData {
	return DotData{
		Groups: []DotGroup{
			// Median 100, mean 1078: the one big invoice pulls the mean up.
			{Name: "Digital", Values: []float64{120, 80, 100, 5000, 90}},
			{Name: "Traditional", Values: []float64{200, 300}, Color: theme.ColorNameWarning},
			{Name: "Other"},
		},
		FormatValue: func(v float64) string { return fmt.Sprintf("$%.2f", v) },
		FormatTick:  func(v float64) string { return fmt.Sprintf("$%.0fk", v/1000) },
		EmptyText:   "No orders in this period",
	}
}

// dotScale returns the x of value v, worked out from the zero line and the
// dot of the largest value rather than from the plot's geometry.
func dotScale(r *dotRenderer, group int, largest float64) func(float64) float32 {
	x0 := r.zero.Position1.X
	dots := r.dots[group]
	xMax := centre(dots[len(dots)-1]).X
	return func(v float64) float32 { return x0 + (xMax-x0)*float32(v/largest) }
}

func TestDotPlotPositions(t *testing.T) {
	d := dotSample()
	c := NewDotPlot(d)
	showSized(t, c, fyne.NewSize(480, 240))
	r := test.WidgetRenderer(c).(*dotRenderer)
	x := dotScale(r, 0, 5000)

	if !slices.Equal(d.Groups[0].Values, []float64{120, 80, 100, 5000, 90}) {
		t.Errorf("the caller's values were reordered: %v", d.Groups[0].Values)
	}
	if len(r.dots[0]) != 5 || len(r.dots[1]) != 2 || len(r.dots[2]) != 0 {
		t.Fatalf("dots per group: %d, %d, %d", len(r.dots[0]), len(r.dots[1]), len(r.dots[2]))
	}
	if x(5000)-x(0) < 200 {
		t.Fatalf("the axis is only %v wide", x(5000)-x(0))
	}
	// Every dot sits at x(value), within its band; the bands do not overlap.
	for gi, want := range [][]float64{{80, 90, 100, 120, 5000}, {200, 300}} {
		name := r.names[gi]
		for j, dot := range r.dots[gi] {
			p := centre(dot)
			if !near(p.X, x(want[j])) {
				t.Errorf("%s dot %d at x %v, want x(%v) = %v", d.Groups[gi].Name, j, p.X, want[j], x(want[j]))
			}
			if lo, hi := r.means[gi].Position1.Y, r.means[gi].Position2.Y; p.Y < lo || p.Y > hi {
				t.Errorf("%s dot %d at y %v, outside its band %v–%v", d.Groups[gi].Name, j, p.Y, lo, hi)
			}
			if nameMid := name.Position().Y + name.Size().Height/2; math.Abs(float64(p.Y-nameMid)) > float64(r.means[gi].Position2.Y-r.means[gi].Position1.Y) {
				t.Errorf("%s dot %d is not level with the group's name", d.Groups[gi].Name, j)
			}
		}
	}
	if r.means[0].Position2.Y > r.means[1].Position1.Y {
		t.Error("the Digital and Traditional bands overlap")
	}
	// The dots jitter, but the same way every time.
	ys := map[float32]bool{}
	for _, dot := range r.dots[0] {
		ys[centre(dot).Y] = true
	}
	if len(ys) < 3 {
		t.Errorf("5 dots at only %d heights", len(ys))
	}
	c2 := NewDotPlot(dotSample())
	showSized(t, c2, fyne.NewSize(480, 240))
	for j, dot := range test.WidgetRenderer(c2).(*dotRenderer).dots[0] {
		if centre(dot) != centre(r.dots[0][j]) {
			t.Errorf("dot %d moved between two plots of the same data", j)
		}
	}

	// Median and mean of Digital; both at 250 for Traditional.
	for _, c := range []struct {
		name string
		got  float32
		v    float64
	}{
		{"Digital median", r.medians[0].Position1.X, 100},
		{"Digital mean", r.means[0].Position1.X, 1078},
		{"Traditional median", r.medians[1].Position1.X, 250},
		{"Traditional mean", r.means[1].Position1.X, 250},
	} {
		if !near(c.got, x(c.v)) {
			t.Errorf("%s line at x %v, want x(%v) = %v", c.name, c.got, c.v, x(c.v))
		}
	}
	if m := r.medians[0]; m.Position1.X != m.Position2.X || m.Position2.Y-m.Position1.Y < 10 {
		t.Errorf("the median line %v–%v is not vertical across the band", m.Position1, m.Position2)
	}
	if r.means[2].Visible() || r.medians[2].Visible() {
		t.Error("a group without values shows a mean or median")
	}
	if r.means[0].StrokeColor == r.medians[0].StrokeColor {
		t.Error("the mean and the median share a colour")
	}

	got := strings.Join(texts(c), "|")
	for _, want := range []string{"Digital", "Traditional", "Other", "order", "mean", "median", "$0k", "$5k"} {
		if !strings.Contains(got, want) {
			t.Errorf("plot text %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "No orders") || strings.Contains(got, "showing") {
		t.Errorf("unexpected text: %q", got)
	}
}

func TestDotPlotSubsample(t *testing.T) {
	sorted := make([]float64, 10000)
	for i := range sorted {
		sorted[i] = float64(i)
	}
	s := subsample(sorted, 2000)
	if len(s) != 2000 || s[0] != 0 || s[len(s)-1] != 9999 {
		t.Fatalf("subsample: %d values from %v to %v", len(s), s[0], s[len(s)-1])
	}
	for i := 1; i < len(s); i++ {
		if s[i] <= s[i-1] {
			t.Fatalf("subsample repeats or goes back at %d: %v, %v", i, s[i-1], s[i])
		}
		if gap := s[i] - s[i-1]; gap < 4 || gap > 6 {
			t.Fatalf("subsample is not even: gap %v at %d", gap, i)
		}
	}
	if got := subsample(sorted[:5], 10); len(got) != 5 {
		t.Errorf("a short group was cut to %d", len(got))
	}

	// Through the plot: 5000 orders, shuffled, capped at 100 dots.
	vals := make([]float64, 5000)
	for i := range vals {
		vals[i] = float64((i*7919)%5000) + 10 // 10..5009 in a scrambled order
	}
	for _, c := range []struct {
		max, want int
	}{{100, 100}, {0, 2000}, {1, 2}} {
		t.Run(fmt.Sprint(c.max), func(t *testing.T) {
			d := DotData{Groups: []DotGroup{{Name: "Digital", Values: vals}}, MaxDots: c.max}
			p := NewDotPlot(d)
			showSized(t, p, fyne.NewSize(480, 240))
			r := test.WidgetRenderer(p).(*dotRenderer)
			if len(r.dots[0]) != c.want {
				t.Fatalf("MaxDots %d drew %d dots, want %d", c.max, len(r.dots[0]), c.want)
			}
			note := fmt.Sprintf("(showing %d of 5000)", c.want)
			if got := strings.Join(texts(p), "|"); !strings.Contains(got, note) {
				t.Errorf("row label lacks %q: %q", note, got)
			}
			if s := p.stats[0].shown; s[0] != 10 || s[len(s)-1] != 5009 {
				t.Errorf("subset runs %v..%v, want 10..5009", s[0], s[len(s)-1])
			}
			// The smallest and largest dots are drawn where they belong.
			x0, xMax := r.zero.Position1.X, centre(r.dots[0][c.want-1]).X
			if xMin := centre(r.dots[0][0]).X; !near(xMin, x0+(xMax-x0)*10/5009) {
				t.Errorf("smallest dot at %v, want %v", xMin, x0+(xMax-x0)*10/5009)
			}
			for _, dot := range r.dots[0] {
				if centre(dot).X > xMax {
					t.Errorf("a dot at %v is right of the largest at %v", centre(dot).X, xMax)
				}
			}
			// The figures are of every order, not of the dots.
			test.TapAt(p, centre(r.dots[0][0]))
			if got := strings.Join(texts(p), "|"); !strings.Contains(got, "5000 orders") || !strings.Contains(got, "Largest: 5009") {
				t.Errorf("tooltip %q", got)
			}
		})
	}
	if vals[0] != 10 || vals[1] != float64(7919%5000)+10 {
		t.Errorf("the caller's values were changed: %v", vals[:3])
	}
}

func TestDotPlotHoverAndTap(t *testing.T) {
	c := NewDotPlot(dotSample())
	w := showSized(t, c, fyne.NewSize(480, 240))
	r := test.WidgetRenderer(c).(*dotRenderer)
	pos := centre(r.dots[0][2])

	test.MoveMouse(w.Canvas(), pos)
	if c.Hovered() != 0 {
		t.Fatalf("hovering Digital: Hovered() = %d", c.Hovered())
	}
	r = test.WidgetRenderer(c).(*dotRenderer)
	var tip []string
	for _, txt := range r.tipText {
		tip = append(tip, txt.Text)
	}
	want := []string{"Digital", "5 orders", "Mean: $1078.00", "Median: $100.00", "Largest: $5000.00"}
	if !slices.Equal(tip, want) {
		t.Errorf("tooltip %q, want %q", tip, want)
	}
	if !r.tipBox.Visible() || !r.highlight.Visible() {
		t.Error("tooltip box or band highlight hidden")
	}
	if b := r.tipBox; b.Position().X+b.Size().Width > 480.5 || b.Position().Y < 0 || b.Position().Y+b.Size().Height > 240.5 {
		t.Errorf("tooltip box at %v size %v leaves the plot", b.Position(), b.Size())
	}

	other := r.names[2].Position().AddXY(r.names[2].Size().Width/2, r.names[2].Size().Height/2)
	test.MoveMouse(w.Canvas(), other)
	if c.Hovered() != 2 {
		t.Fatalf("hovering Other: Hovered() = %d", c.Hovered())
	}
	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "Other|0 orders") || strings.Contains(got, "Mean:") {
		t.Errorf("tooltip for a group without orders: %q", got)
	}

	test.MoveMouse(w.Canvas(), fyne.NewPos(479, 239))
	if c.Hovered() != -1 {
		t.Errorf("pointer left the bands but Hovered() = %d", c.Hovered())
	}
	trad := centre(test.WidgetRenderer(c).(*dotRenderer).dots[1][0])
	test.TapAt(c, trad)
	if c.Hovered() != 1 {
		t.Errorf("tapping Traditional: Hovered() = %d", c.Hovered())
	}
	if got := strings.Join(texts(c), "|"); !strings.Contains(got, "Traditional|2 orders|Mean: $250.00|Median: $250.00|Largest: $300.00") {
		t.Errorf("tooltip for Traditional: %q", got)
	}
	test.TapAt(c, trad)
	if c.Hovered() != -1 {
		t.Errorf("tapping it again should hide the figures, Hovered() = %d", c.Hovered())
	}
}

func TestDotPlotEmpty(t *testing.T) {
	for name, d := range map[string]DotData{
		"no groups":        {EmptyText: "No orders in this period"},
		"groups no values": {EmptyText: "No orders in this period", Groups: []DotGroup{{Name: "Digital"}, {Name: "Traditional", Values: []float64{math.NaN()}}}},
	} {
		t.Run(name, func(t *testing.T) {
			c := NewDotPlot(d)
			w := showSized(t, c, fyne.NewSize(480, 240))
			if got := texts(c); len(got) != 1 || got[0] != "No orders in this period" {
				t.Errorf("empty plot draws %q, want only the message", got)
			}
			test.MoveMouse(w.Canvas(), fyne.NewPos(240, 120))
			if c.Hovered() != -1 {
				t.Errorf("hovering an empty plot: Hovered() = %d", c.Hovered())
			}
		})
	}
}

func TestDotPlotSetData(t *testing.T) {
	c := NewDotPlot(DotData{EmptyText: "Nothing yet"})
	showSized(t, c, fyne.NewSize(480, 240))
	c.SetData(dotSample())
	if got := strings.Join(texts(c), "|"); strings.Contains(got, "Nothing yet") || !strings.Contains(got, "Digital") {
		t.Errorf("after SetData the plot draws %q", got)
	}
	if got := len(c.Data().Groups); got != 3 {
		t.Errorf("Data() has %d groups", got)
	}
	if ms := c.MinSize(); ms.Width < 300 || ms.Height < 100 {
		t.Errorf("MinSize %v is too small", ms)
	}
}
