package stats

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// PoissonRange returns the exact (Garwood) 95% interval of the mean of a
// Poisson count n: from half the 2.5% quantile of χ² with 2n degrees of
// freedom (0 for n = 0) to half the 97.5% quantile with 2n+2. Spend
// divided by this range is the range of the cost per lead. A negative n
// gives 0, 0.
func PoissonRange(n int) (low, high float64) {
	if n < 0 {
		return 0, 0
	}
	if n > 0 {
		low = distuv.ChiSquared{K: float64(2 * n)}.Quantile(0.025) / 2
	}
	high = distuv.ChiSquared{K: float64(2*n + 2)}.Quantile(0.975) / 2
	return low, high
}

// normalBeyond is the number of values beyond which MeanInterval and
// ROASRange use the normal approximation instead of resampling: the
// bootstrap approaches it and would cost a draw per value per resample.
const normalBeyond = 2000

// defaultResamples is the number of bootstrap resamples when none is
// given.
const defaultResamples = 2000

// MeanInterval returns the mean of values with a 95% percentile bootstrap
// interval (resamples draws, 2,000 if not positive, from a seed derived
// from len(values) so that a report reads the same twice). Beyond 2,000
// values it uses mean ± z·s/√n instead, which the bootstrap approaches.
// OK is false for no values.
func MeanInterval(values []float64, resamples int) Interval {
	n := len(values)
	m, ok := Mean(values)
	if !ok {
		return Interval{}
	}
	if n == 1 {
		return Interval{Value: m, Low: m, High: m, OK: true}
	}
	if n > normalBeyond {
		var ss float64
		for _, v := range values {
			ss += sq(v - m)
		}
		half := Z95 * math.Sqrt(ss/float64(n-1)/float64(n))
		return Interval{Value: m, Low: m - half, High: m + half, OK: true}
	}
	if resamples <= 0 {
		resamples = defaultResamples
	}
	// Drawn from the values in order, so that the same values give the
	// same interval whatever order they came in.
	values = slices.Sorted(slices.Values(values))
	r := rand.New(rand.NewPCG(uint64(n), 0x3ea7))
	means := make([]float64, resamples)
	for i := range means {
		var s float64
		for range n {
			s += values[r.IntN(n)]
		}
		means[i] = s / float64(n)
	}
	slices.Sort(means)
	return Interval{Value: m, Low: percentile(means, 0.025), High: percentile(means, 0.975), OK: true}
}

// poisson1CDF is the cumulative distribution of Poisson(1), for drawing
// bootstrap weights by inversion: P(W ≤ k) = e⁻¹ Σ_{j≤k} 1/j!.
var poisson1CDF = func() []float64 {
	cdf := make([]float64, 20)
	term, sum := math.Exp(-1), 0.0
	for k := range cdf {
		if k > 0 {
			term /= float64(k)
		}
		sum += term
		cdf[k] = sum
	}
	cdf[len(cdf)-1] = 1 // the tail beyond 19 is below 1e-17
	return cdf
}()

// ROASRange returns the return on ad spend, sum(orders)/spend, with a 95%
// interval from a Poisson bootstrap: each order is counted a Poisson(1)
// number of times, so that both how many orders came and how large they
// were vary, as they would in another period at the same spend
// (resamples draws, 2,000 if not positive, from a seed derived from
// len(orders), over the orders sorted, so that the same orders in any order
// give the same range). Beyond 2,000 orders it uses the normal approximation of
// that compound Poisson sum, mean Σx and variance Σx², instead of
// resampling. OK is false when spend ≤ 0 or there are no orders (nothing
// to say how large the next ones would be); Value is then 0.
func ROASRange(orders []float64, spend float64, resamples int) Interval {
	if spend <= 0 || len(orders) == 0 {
		return Interval{}
	}
	var sum, sum2 float64
	for _, x := range orders {
		sum += x
		sum2 += x * x
	}
	value := sum / spend
	if len(orders) > normalBeyond {
		half := Z95 * math.Sqrt(sum2) / spend
		return Interval{Value: value, Low: value - half, High: value + half, OK: true}
	}
	if resamples <= 0 {
		resamples = defaultResamples
	}
	orders = slices.Sorted(slices.Values(orders)) // the same orders, the same range
	r := rand.New(rand.NewPCG(uint64(len(orders)), 0x40a5))
	totals := make([]float64, resamples)
	for i := range totals {
		var s float64
		for _, x := range orders {
			u, k := r.Float64(), 0
			for u > poisson1CDF[k] {
				k++
			}
			s += float64(k) * x
		}
		totals[i] = s / spend
	}
	slices.Sort(totals)
	return Interval{Value: value, Low: percentile(totals, 0.025), High: percentile(totals, 0.975), OK: true}
}

// Payback is the plain answer to "did this channel's spend pay back?".
type Payback string

// The answers.
const (
	PaidBack    Payback = "paid_back"
	NotPaidBack Payback = "did_not_pay_back"
	TooEarly    Payback = "too_early"
)

// PaybackOf says whether a return on ad spend surely paid back: PaidBack
// only when the whole 95% interval is above breakEven, NotPaidBack only
// when it is wholly below, TooEarly otherwise and when the interval is
// not OK. A breakEven of 0 or less means 1.0 (sales equal to spend).
func PaybackOf(roas Interval, breakEven float64) Payback {
	if breakEven <= 0 {
		breakEven = 1
	}
	switch {
	case !roas.OK:
		return TooEarly
	case roas.Low > breakEven:
		return PaidBack
	case roas.High < breakEven:
		return NotPaidBack
	}
	return TooEarly
}

// moreToSettleMax caps the sales MoreToSettle says a side needs.
const moreToSettleMax = 1_000_000_000

// MoreToSettle estimates how many more sales each side needs before the
// 95% interval of a difference (of order values, say, from
// DiffOfMeansAndMedians) excludes zero, if the difference holds. The
// interval's reach from the estimate towards zero, h, shrinks as 1/√n when
// both sides grow by the same factor, so each side needs n·(h/|Value|)²
// sales in all (rounded up, at most a billion); it returns the extra
// beyond nA and nB. The near side is used rather than the half-width
// because bootstrap intervals of skewed values are lopsided, and it is
// the near side that must clear zero. It returns 0, 0, true when the
// interval already excludes zero, and ok false when diff is not OK, its
// Value is 0 (no amount of data would settle it) or a count is not
// positive.
func MoreToSettle(diff Interval, nA, nB int) (moreA, moreB int, ok bool) {
	if !diff.OK || diff.Value == 0 || nA <= 0 || nB <= 0 {
		return 0, 0, false
	}
	if diff.Low > 0 || diff.High < 0 {
		return 0, 0, true
	}
	h := diff.Value - diff.Low
	if diff.Value < 0 {
		h = diff.High - diff.Value
	}
	f := sq(h / diff.Value)
	need := func(n int) int {
		// Less a hair, so that floating-point noise in f does not add a
		// sale.
		return max(0, int(min(moreToSettleMax, math.Ceil(float64(n)*f-1e-9)))-n)
	}
	return need(nA), need(nB), true
}
