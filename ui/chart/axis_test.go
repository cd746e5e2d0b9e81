package chart

import (
	"slices"
	"testing"
)

func TestTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   int
		ticks  []float64
	}{
		{0, 69202, 5, []float64{0, 20000, 40000, 60000, 80000}},
		{0, 100, 5, []float64{0, 20, 40, 60, 80, 100}},
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 0, 5, []float64{0, 1}},
		{0, 7, 5, []float64{0, 2, 4, 6, 8}},
		{-30, 1000, 5, []float64{-200, 0, 200, 400, 600, 800, 1000}},
		{450, 450, 5, []float64{0, 100, 200, 300, 400, 500}},
		{0, 3.3, 4, []float64{0, 1, 2, 3, 4}},
	}
	for _, c := range cases {
		got := Ticks(c.lo, c.hi, c.want)
		if !slices.Equal(got, c.ticks) {
			t.Errorf("Ticks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.want, got, c.ticks)
		}
	}
}

func TestTicksEncloseTheRangeAndHoldZero(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {0, 9.99}, {-5, 5}, {-1234, 56}, {0, 1e9}, {0.001, 0.002}, {-7, -2}} {
		ts := Ticks(r[0], r[1], 6)
		if ts[0] > r[0] || ts[len(ts)-1] < r[1] {
			t.Errorf("Ticks(%v) = %v does not enclose the range", r, ts)
		}
		if len(ts) > 12 {
			t.Errorf("Ticks(%v) gives %d ticks", r, len(ts))
		}
		if r[0] <= 0 && r[1] >= 0 && !slices.Contains(ts, 0) {
			t.Errorf("Ticks(%v) = %v misses 0", r, ts)
		}
	}
}
