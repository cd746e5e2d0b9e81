package stats

import (
	"fmt"
	"math"
	"testing"
)

// Published exact Poisson limits (Garwood 1936; e.g. the table in Ulm
// 1990, Am J Epidemiol 131:373–375): 0 → 0 to 3.689, 1 → 0.0253 to
// 5.572, 10 → 4.795 to 18.39; the tolerance is half a unit of the last
// printed digit.
func TestPoissonRangeAgainstPublishedTable(t *testing.T) {
	cases := []struct {
		n              int
		lo, hi, tl, th float64
	}{
		{0, 0, 3.689, 0, 0.0005},
		{1, 0.0253, 5.572, 0.00005, 0.0005},
		{10, 4.795, 18.39, 0.0005, 0.005},
	}
	for _, c := range cases {
		lo, hi := PoissonRange(c.n)
		near(t, fmt.Sprintf("low of %d", c.n), lo, c.lo, c.tl)
		near(t, fmt.Sprintf("high of %d", c.n), hi, c.hi, c.th)
	}
	// n = 0 by hand: P(0; μ) = e^−μ = 0.025 at μ = ln 40 = 3.688879.
	_, hi := PoissonRange(0)
	near(t, "high of 0 by hand", hi, math.Log(40), 1e-9)
	if lo, hi := PoissonRange(-1); lo != 0 || hi != 0 {
		t.Errorf("a negative count: %v to %v", lo, hi)
	}
}

func TestMeanInterval(t *testing.T) {
	// 1..100: mean 50.5 and plug-in variance (n²−1)/12 = 833.25, so the
	// bootstrap mean has standard error √(833.25/100) = 2.8866 and its
	// near-normal percentile interval is 50.5 ± 1.959964·2.8866 = 44.842
	// to 56.158. Monte Carlo error of a 2.5% quantile from 4,000
	// resamples is about 0.12.
	small := make([]float64, 100)
	for i := range small {
		small[i] = float64(100 - i)
	}
	m := MeanInterval(small, 4000)
	near(t, "mean of 1..100", m.Value, 50.5, 1e-12)
	near(t, "low of 1..100", m.Low, 44.842, 0.4)
	near(t, "high of 1..100", m.High, 56.158, 0.4)
	if again := MeanInterval(small, 4000); again != m {
		t.Errorf("two runs differ: %+v and %+v", m, again)
	}
	// 1..10000 takes the normal route: s² = N(N+1)/12 = 8,334,166.67,
	// s/√N = 28.868957, half-width 1.959964·28.868957 = 56.582116, so
	// 4943.917884 to 5057.082116.
	big := make([]float64, 10000)
	for i := range big {
		big[i] = float64(i + 1)
	}
	m = MeanInterval(big, 0)
	near(t, "mean of 1..10000", m.Value, 5000.5, 1e-9)
	near(t, "low of 1..10000", m.Low, 4943.917884, 1e-6)
	near(t, "high of 1..10000", m.High, 5057.082116, 1e-6)
	if m := MeanInterval(nil, 100); m.OK {
		t.Errorf("a mean of nothing: %+v", m)
	}
	if m := MeanInterval([]float64{7}, 100); !m.OK || m.Value != 7 || m.Low != 7 || m.High != 7 {
		t.Errorf("one value: %+v", m)
	}
}

func TestROASRange(t *testing.T) {
	// n orders all of size c: a Poisson bootstrap counts each a
	// Poisson(1) number of times, so the resampled sum is c·K with K ~
	// Poisson(n), mean n·c and standard deviation c·√n; the range is about
	// (n·c ± 1.96·c·√n)/spend. 400 orders of 50 on 10,000 of spend: 2 ±
	// 1.96·50·20/10,000 = 1.804 to 2.196 (Poisson(400)'s skew moves the
	// ends by about +0.0025, Monte Carlo by about 0.004).
	same := make([]float64, 400)
	for i := range same {
		same[i] = 50
	}
	r := ROASRange(same, 10000, 4000)
	near(t, "ROAS of equal orders", r.Value, 2, 1e-12)
	near(t, "low of equal orders", r.Low, 1.804, 0.015)
	near(t, "high of equal orders", r.High, 2.196, 0.015)
	// Beyond 2,000 orders the normal route, exactly: 2,500 orders of 40
	// on 50,000: √Σx² = 40·50 = 2,000, half-width 1.959964·2,000/50,000
	// = 0.078399.
	many := make([]float64, 2500)
	for i := range many {
		many[i] = 40
	}
	r = ROASRange(many, 50000, 0)
	near(t, "ROAS of many orders", r.Value, 2, 1e-12)
	near(t, "low of many orders", r.Low, 2-0.0783986, 1e-6)
	near(t, "high of many orders", r.High, 2+0.0783986, 1e-6)
	// Unequal, skewed orders: the bootstrap should agree with the compound
	// Poisson normal approximation Σx ± 1.96·√Σx², worked here in the
	// test, within a tenth of its half-width.
	var mixed []float64
	var sum, sum2 float64
	for i := range 1000 {
		x := 20 * math.Exp(float64(i%10)/3)
		mixed = append(mixed, x)
		sum += x
		sum2 += x * x
	}
	const spend = 100000.0
	half := 1.959964 * math.Sqrt(sum2) / spend
	r = ROASRange(mixed, spend, 4000)
	near(t, "ROAS of mixed orders", r.Value, sum/spend, 1e-12)
	near(t, "low of mixed orders", r.Low, sum/spend-half, half/10)
	near(t, "high of mixed orders", r.High, sum/spend+half, half/10)
	for _, c := range []struct {
		name   string
		orders []float64
		spend  float64
	}{{"no spend", same, 0}, {"negative spend", same, -5}, {"no orders", nil, 100}} {
		if r := ROASRange(c.orders, c.spend, 100); r.OK {
			t.Errorf("%s: %+v", c.name, r)
		}
	}
}

func TestPaybackOf(t *testing.T) {
	cases := []struct {
		name      string
		roas      Interval
		breakEven float64
		want      Payback
	}{
		{"surely above 1", Interval{Value: 2, Low: 1.5, High: 2.5, OK: true}, 0, PaidBack},
		{"surely below 1", Interval{Value: 0.5, Low: 0.3, High: 0.8, OK: true}, 0, NotPaidBack},
		{"straddles 1", Interval{Value: 1.2, Low: 0.8, High: 1.6, OK: true}, 0, TooEarly},
		{"touches 1", Interval{Value: 1.5, Low: 1, High: 2, OK: true}, 0, TooEarly},
		{"above 1 but below a break-even of 3", Interval{Value: 2, Low: 1.5, High: 2.5, OK: true}, 3, NotPaidBack},
		{"negative break-even means 1", Interval{Value: 2, Low: 1.5, High: 2.5, OK: true}, -1, PaidBack},
		{"nothing to go on", Interval{Value: 5, Low: 4, High: 6}, 0, TooEarly},
	}
	for _, c := range cases {
		if got := PaybackOf(c.roas, c.breakEven); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestMoreToSettle(t *testing.T) {
	// By hand:
	//  value 10 from −5 to 25, 40 and 20 sales: the near side reaches 15,
	//    (15/10)² = 2.25, so 90 and 45 sales in all: 50 and 25 more.
	//  value 10 from −2 to 40: near side 12, (12/10)² = 1.44: ⌈57.6⌉ = 58
	//    and ⌈28.8⌉ = 29: 18 and 9 more. (The half-width, 21, would ask
	//    177 and 89: far more than the side that must clear zero needs.)
	//  value −10 from −40 to 2: the mirror image, the same counts.
	//  value 10 from 2 to 18 excludes zero: 0, 0.
	cases := []struct {
		name         string
		diff         Interval
		nA, nB       int
		moreA, moreB int
		ok           bool
	}{
		{"symmetric", Interval{Value: 10, Low: -5, High: 25, OK: true}, 40, 20, 50, 25, true},
		{"lopsided", Interval{Value: 10, Low: -2, High: 40, OK: true}, 40, 20, 18, 9, true},
		{"lopsided, negative", Interval{Value: -10, Low: -40, High: 2, OK: true}, 40, 20, 18, 9, true},
		{"settled", Interval{Value: 10, Low: 2, High: 18, OK: true}, 40, 20, 0, 0, true},
		{"no difference", Interval{Value: 0, Low: -5, High: 5, OK: true}, 40, 20, 0, 0, false},
		{"no interval", Interval{Value: 10, Low: -5, High: 25}, 40, 20, 0, 0, false},
		{"no sales", Interval{Value: 10, Low: -5, High: 25, OK: true}, 0, 20, 0, 0, false},
	}
	for _, c := range cases {
		a, b, ok := MoreToSettle(c.diff, c.nA, c.nB)
		if a != c.moreA || b != c.moreB || ok != c.ok {
			t.Errorf("%s: %d, %d, %v; want %d, %d, %v", c.name, a, b, ok, c.moreA, c.moreB, c.ok)
		}
	}
}

// The same orders in another order give the same ranges: a report must
// read the same twice, whatever order the rows came in.
func TestRangesDoNotDependOnOrder(t *testing.T) {
	a := []float64{120, 40, 950, 33, 310, 78, 66, 1200, 15, 480}
	b := []float64{1200, 15, 480, 66, 78, 950, 33, 310, 40, 120}
	if x, y := ROASRange(a, 1000, 500), ROASRange(b, 1000, 500); x != y {
		t.Errorf("ROAS %v and %v", x, y)
	}
	if x, y := MeanInterval(a, 500), MeanInterval(b, 500); x != y {
		t.Errorf("mean %v and %v", x, y)
	}
	m1, d1 := DiffOfMeansAndMedians(a, a[:6], 500)
	m2, d2 := DiffOfMeansAndMedians(b, []float64{78, 310, 33, 950, 40, 120}, 500)
	if m1 != m2 || d1 != d2 {
		t.Errorf("differences %v %v and %v %v", m1, d1, m2, d2)
	}
}
