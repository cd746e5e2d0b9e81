// Package chart holds Lastmile's native chart widgets, drawn with Fyne
// canvas primitives: they take their colours from the theme, stay crisp at
// any scale and show values on hover or tap. A chart is fed plain numbers
// and formatting functions, so it knows nothing of workspaces or money.
package chart

import "math"

// Ticks returns "nice" axis ticks (1, 2 or 5 times a power of ten apart)
// that cover the range [lo, hi] with at most about want ticks. The first and
// last tick enclose the range, and 0 is a tick whenever the range holds it.
func Ticks(lo, hi float64, want int) []float64 {
	if want < 2 {
		want = 2
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []float64{0, 1}
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		if lo == 0 {
			return []float64{0, 1}
		}
		// One value: show 0 to it (or it to 0), as bars start at zero.
		lo, hi = math.Min(0, lo), math.Max(0, hi)
	}
	step := niceNumber((hi-lo)/float64(want-1), true)
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	// Round to the step's decimals to keep 0.6000000000000001 out of labels.
	scale := math.Pow(10, math.Max(0, -math.Floor(math.Log10(step))))
	var out []float64
	for k := math.Round(start / step); k*step <= end+step/2; k++ {
		out = append(out, math.Round(k*step*scale)/scale)
	}
	return out
}

// niceNumber returns a number of the form 1, 2 or 5 × 10^k close to x,
// rounded when round is set, else the smallest such number ≥ x
// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
func niceNumber(x float64, round bool) float64 {
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	if round {
		switch {
		case f < 1.5:
			nf = 1
		case f < 3:
			nf = 2
		case f < 7:
			nf = 5
		default:
			nf = 10
		}
	} else {
		switch {
		case f <= 1:
			nf = 1
		case f <= 2:
			nf = 2
		case f <= 5:
			nf = 5
		default:
			nf = 10
		}
	}
	return nf * math.Pow(10, exp)
}
