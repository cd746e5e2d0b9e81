// Package stats holds the statistics Lastmile uses to be honest about small
// numbers: the Wilson interval of a conversion rate, the probability that
// one channel's true rate beats another's and an interval for their
// difference, a plain verdict in words, intervals for a median and a
// mean, ranges for cost per lead and return on ad spend, and the
// Kaplan–Meier estimate of days to close, with Greenwood ranges, that
// does not drop the leads still open. Special functions come from gonum.
package stats

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Z95 is the normal quantile of a two-sided 95% interval.
const Z95 = 1.959963984540054

// Interval is an estimate with its 95% interval.
type Interval struct {
	Value, Low, High float64
	// OK is false when there is nothing to estimate from (no leads, no
	// orders).
	OK bool
}

// Wilson returns the rate k/n with its Wilson score interval, which keeps
// close to its nominal coverage even for a handful of trials (Brown, Cai &
// DasGupta 2001).
func Wilson(k, n int) Interval {
	if n <= 0 {
		return Interval{}
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := Z95 * Z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := Z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	return Interval{Value: p, Low: max(0, centre-half), High: min(1, centre+half), OK: true}
}

// ProbABetter returns the probability that A's true rate is higher than
// B's, given kA of nA and kB of nB and a uniform prior on each rate: each
// rate is Beta(k+1, n−k+1) and the probability is a finite sum of beta
// functions (Evan Miller, "Formulas for Bayesian A/B testing").
func ProbABetter(kA, nA, kB, nB int) float64 {
	if nA <= 0 || nB <= 0 {
		return 0.5
	}
	aA, bA := float64(kA+1), float64(nA-kA+1)
	aB, bB := float64(kB+1), float64(nB-kB+1)
	// P(pB > pA) = Σ_{i=0}^{aB−1} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA))
	var total float64
	for i := 0.0; i < aB; i++ {
		total += math.Exp(mathext.Lbeta(aA+i, bA+bB) - math.Log(bB+i) - mathext.Lbeta(1+i, bB) - mathext.Lbeta(aA, bA))
	}
	return min(1, max(0, 1-total))
}

// Difference returns pA − pB with Newcombe's hybrid score interval, built
// from the two Wilson intervals (Newcombe 1998, method 10).
func Difference(kA, nA, kB, nB int) Interval {
	a, b := Wilson(kA, nA), Wilson(kB, nB)
	if !a.OK || !b.OK {
		return Interval{}
	}
	d := a.Value - b.Value
	return Interval{
		Value: d,
		Low:   d - math.Sqrt(sq(a.Value-a.Low)+sq(b.High-b.Value)),
		High:  d + math.Sqrt(sq(a.High-a.Value)+sq(b.Value-b.Low)),
		OK:    true,
	}
}

func sq(x float64) float64 { return x * x }

// JeffreysQuantile returns the q quantile of the Jeffreys posterior of a
// rate, Beta(k+½, n−k+½): an interval that stays sensible at 0 of n.
func JeffreysQuantile(k, n int, q float64) float64 {
	return distuv.Beta{Alpha: float64(k) + 0.5, Beta: float64(n-k) + 0.5}.Quantile(q)
}

// Median returns the median of values (which it reorders), with a 95%
// interval: a percentile bootstrap (resamples draws, from a fixed seed so
// that a report reads the same twice) for up to BootstrapMax values, and
// beyond that the distribution-free interval from the order statistics,
// which the bootstrap approaches and which costs nothing but three
// selections (no sort).
func Median(values []float64, resamples int) Interval {
	n := len(values)
	if n == 0 {
		return Interval{}
	}
	if n > BootstrapMax {
		return orderStatMedian(values)
	}
	slices.Sort(values)
	m := median(values)
	if n == 1 {
		return Interval{Value: m, Low: m, High: m, OK: true}
	}
	r := rand.New(rand.NewPCG(uint64(n), 0x1a57))
	meds := make([]float64, resamples)
	sample := make([]float64, n)
	for i := range meds {
		for j := range sample {
			sample[j] = values[r.IntN(n)]
		}
		slices.Sort(sample)
		meds[i] = median(sample)
	}
	slices.Sort(meds)
	return Interval{Value: m, Low: percentile(meds, 0.025), High: percentile(meds, 0.975), OK: true}
}

// BootstrapMax is the number of values up to which Median bootstraps;
// beyond it the order-statistic interval is as good and costs nothing.
const BootstrapMax = 200

// diffSampleMax caps the size of each bootstrap draw in
// DiffOfMeansAndMedians; larger samples are drawn m out of n and the
// spread is scaled back by √(m/n).
const diffSampleMax = 1000

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// percentile of sorted values, by linear interpolation between ranks.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	x := p * float64(len(sorted)-1)
	i := int(math.Floor(x))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	f := x - float64(i)
	return sorted[i]*(1-f) + sorted[i+1]*f
}

// Mean returns the mean of values; ok is false for none.
func Mean(values []float64) (float64, bool) {
	if len(values) == 0 {
		return 0, false
	}
	var s float64
	for _, v := range values {
		s += v
	}
	return s / float64(len(values)), true
}

// DiffOfMeansAndMedians returns the differences a − b of the means and of
// the medians of two samples, each with a percentile bootstrap interval:
// revenue is heavy-tailed, so the two can disagree, and both are shown.
// Samples larger than diffSampleMax are drawn m out of n, and the
// interval's spread around the estimate scaled by √(m/n) to the full size
// (the spread of a mean or median shrinks as 1/√n). When both samples
// have more than 2,000 values, the bootstrap's normal limits are used
// instead: Welch's interval for the means, and for the medians each
// median's standard error read off its order-statistic interval (as
// Median gives it), combined as for independent estimates (Price and
// Bonett, 2002).
func DiffOfMeansAndMedians(a, b []float64, resamples int) (mean, med Interval) {
	if len(a) > normalBeyond && len(b) > normalBeyond {
		return diffNormal(a, b)
	}
	return DiffOfSorted(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)), resamples)
}

// diffNormal is DiffOfMeansAndMedians of two large samples, from the
// normal limits; it does not change a or b.
func diffNormal(a, b []float64) (mean, med Interval) {
	ma, _ := Mean(a)
	mb, _ := Mean(b)
	mean = Interval{Value: ma - mb, OK: true}
	half := Z95 * math.Sqrt(variance(a, ma)/float64(len(a))+variance(b, mb)/float64(len(b)))
	mean.Low, mean.High = mean.Value-half, mean.Value+half
	mA, mB := orderStatMedian(slices.Clone(a)), orderStatMedian(slices.Clone(b))
	med = Interval{Value: mA.Value - mB.Value, OK: true}
	half = Z95 * math.Hypot(medianSE(mA), medianSE(mB))
	med.Low, med.High = med.Value-half, med.Value+half
	return mean, med
}

// DiffOfSorted is DiffOfMeansAndMedians of two samples already sorted
// ascending.
func DiffOfSorted(sa, sb []float64, resamples int) (mean, med Interval) {
	if len(sa) == 0 || len(sb) == 0 {
		return Interval{}, Interval{}
	}
	if len(sa) > normalBeyond && len(sb) > normalBeyond {
		return diffNormal(sa, sb)
	}
	ma, _ := Mean(sa)
	mb, _ := Mean(sb)
	mean = Interval{Value: ma - mb, OK: true}
	med = Interval{Value: median(sa) - median(sb), OK: true}
	r := rand.New(rand.NewPCG(uint64(len(sa))<<32|uint64(len(sb)), 0xd1ff))
	draw := func(src []float64, buf []float64) []float64 {
		for j := range buf {
			buf[j] = src[r.IntN(len(src))]
		}
		return buf
	}
	ba := make([]float64, min(len(sa), diffSampleMax))
	bb := make([]float64, min(len(sb), diffSampleMax))
	means := make([]float64, resamples)
	meds := make([]float64, resamples)
	for i := range resamples {
		// From the sorted samples: the same values in any order give the
		// same intervals.
		x, y := draw(sa, ba), draw(sb, bb)
		mx, _ := Mean(x)
		my, _ := Mean(y)
		means[i], meds[i] = mx-my, selectMedian(x)-selectMedian(y)
	}
	slices.Sort(means)
	slices.Sort(meds)
	// Var(x̄a − x̄b) = σa²/na + σb²/nb: with draws of ma and mb the
	// variance is σa²/ma + σb²/mb, so scale by the ratio of the two,
	// approximated with equal spreads.
	scale := 1.0
	if len(ba) < len(sa) || len(bb) < len(sb) {
		full := 1/float64(len(sa)) + 1/float64(len(sb))
		drawn := 1/float64(len(ba)) + 1/float64(len(bb))
		scale = math.Sqrt(full / drawn)
	}
	shrink := func(x, centre float64) float64 { return centre + (x-centre)*scale }
	mean.Low, mean.High = shrink(percentile(means, 0.025), mean.Value), shrink(percentile(means, 0.975), mean.Value)
	med.Low, med.High = shrink(percentile(meds, 0.025), med.Value), shrink(percentile(meds, 0.975), med.Value)
	return mean, med
}

// variance is the sample variance of v around its mean m.
func variance(v []float64, m float64) float64 {
	var ss float64
	for _, x := range v {
		ss += sq(x - m)
	}
	return ss / float64(len(v)-1)
}

// orderStatMedian returns the median of v (which it reorders) with its
// distribution-free 95% interval: the order statistics of ranks
// n/2 ∓ z·√n/2, found by selection.
func orderStatMedian(v []float64) Interval {
	n := len(v)
	half := Z95 * math.Sqrt(float64(n)) / 2
	lo := max(0, int(math.Floor(float64(n)/2-half))-1)
	hi := min(n-1, int(math.Ceil(float64(n)/2+half))-1)
	mid := nth(v, n/2)
	m := mid
	if n%2 == 0 {
		// The lower middle is the largest value left of n/2.
		lower := v[0]
		for _, x := range v[1 : n/2] {
			lower = max(lower, x)
		}
		m = (lower + mid) / 2
	}
	// v[:n/2] holds the smaller values and v[n/2+1:] the larger ones.
	low, high := mid, mid
	if lo < n/2 {
		low = nth(v[:n/2], lo)
	}
	if hi > n/2 {
		high = nth(v[n/2+1:], hi-n/2-1)
	}
	return Interval{Value: m, Low: low, High: high, OK: true}
}

// medianSE is the standard error of a median, read off its
// distribution-free 95% interval: its width ÷ (2 × 1.96).
func medianSE(i Interval) float64 { return (i.High - i.Low) / (2 * Z95) }

// selectMedian returns the median of v, reordering v: a quickselect, which
// costs O(n) where a sort costs O(n log n).
func selectMedian(v []float64) float64 {
	n := len(v)
	hi := nth(v, n/2)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest value left of n/2.
	lo := v[0]
	for _, x := range v[1 : n/2] {
		lo = max(lo, x)
	}
	return (lo + hi) / 2
}

// nth puts the k-th smallest value of v at v[k], smaller ones before it and
// larger ones after, and returns it (Hoare's selection).
func nth(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		pivot := v[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}
