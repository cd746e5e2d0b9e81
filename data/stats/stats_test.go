package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f (±%g)", what, got, want, tol)
	}
}

// The worked numbers of attribution.md §4.2 (computed there by formula and
// checked by Monte Carlo), and published values.
func TestWilsonAgainstPublishedValues(t *testing.T) {
	cases := []struct {
		k, n   int
		lo, hi float64
		tol    float64
	}{
		{3, 10, 0.11, 0.60, 0.005},
		{1, 10, 0.02, 0.40, 0.005},
		{12, 80, 0.09, 0.24, 0.005},
		{7, 70, 0.05, 0.19, 0.005},
		{120, 800, 0.13, 0.18, 0.005},
		{70, 700, 0.08, 0.12, 0.005},
		// Brown, Cai & DasGupta / Newcombe: 0 of 10 is 0 to 0.2775; 1 of
		// 10 is 0.0179 to 0.4042.
		{0, 10, 0, 0.2775, 0.0001},
		{1, 10, 0.0179, 0.4042, 0.0001},
	}
	for _, c := range cases {
		w := Wilson(c.k, c.n)
		near(t, "low", w.Low, c.lo, c.tol)
		near(t, "high", w.High, c.hi, c.tol)
		if w.Value != float64(c.k)/float64(c.n) {
			t.Errorf("rate %v", w.Value)
		}
	}
	if Wilson(0, 0).OK {
		t.Error("a rate of no leads")
	}
}

func TestProbabilityAndDifference(t *testing.T) {
	// The probabilities were checked by a separate Monte Carlo run (Python,
	// 2,000,000 draws of Beta(k+1, n−k+1) pairs): 0.8446 and 0.8115.
	// attribution.md's table rounds the first to 0.85.
	cases := []struct {
		kA, nA, kB, nB int
		p              float64
		lo, hi         float64 // Newcombe, in points
	}{
		{3, 10, 1, 10, 0.8446, -16, 51},
		{12, 80, 7, 70, 0.8115, -6, 16},
		{120, 800, 70, 700, 0.998, 1.6, 8.3},
	}
	for _, c := range cases {
		near(t, "P(A better)", ProbABetter(c.kA, c.nA, c.kB, c.nB), c.p, 0.002)
		d := Difference(c.kA, c.nA, c.kB, c.nB)
		near(t, "difference low", 100*d.Low, c.lo, 0.6)
		near(t, "difference high", 100*d.High, c.hi, 0.6)
	}
	// Newcombe (1998), method 10, worked example 56/70 − 48/80.
	d := Difference(56, 70, 48, 80)
	near(t, "Newcombe low", d.Low, 0.0524, 0.0005)
	near(t, "Newcombe high", d.High, 0.3339, 0.0005)
	// Symmetry: swapping A and B complements the probability.
	near(t, "symmetry", ProbABetter(7, 70, 12, 80)+ProbABetter(12, 80, 7, 70), 1, 1e-9)
}

func TestMedianIntervals(t *testing.T) {
	m := Median([]float64{5, 1, 3}, 2000)
	if m.Value != 3 || m.Low < 1 || m.High > 5 || m.Low > m.Value || m.High < m.Value {
		t.Errorf("%+v", m)
	}
	if m := Median([]float64{4, 1, 3, 2}, 100); m.Value != 2.5 {
		t.Errorf("even median %v", m.Value)
	}
	if Median(nil, 10).OK {
		t.Error("a median of nothing")
	}
	// A large sample uses the order statistics: for 1..10001 the median is
	// 5001 and the interval its ranks 5001 ∓ 1.96·√10001/2 ≈ ±98.
	big := make([]float64, 10001)
	for i := range big {
		big[i] = float64(10001 - i)
	}
	m = Median(big, 2000)
	if m.Value != 5001 || m.Low < 4900 || m.Low > 4905 || m.High < 5097 || m.High > 5102 {
		t.Errorf("order-statistic interval %+v", m)
	}
	// Two lognormal-like samples a constant apart: the median difference is
	// that constant, and its interval holds it.
	var a, b []float64
	for i := range 40 {
		v := math.Exp(float64(i%10) / 3)
		a = append(a, v+100)
		b = append(b, v)
	}
	mean, med := DiffOfMeansAndMedians(a, b, 2000)
	near(t, "mean difference", mean.Value, 100, 1e-9)
	near(t, "median difference", med.Value, 100, 1e-9)
	if med.Low > 100 || med.High < 100 || mean.Low > 100 || mean.High < 100 {
		t.Errorf("intervals miss the true difference: %+v %+v", mean, med)
	}
}

func TestKaplanMeier(t *testing.T) {
	// Worked by hand: 6 leads. Closed after 2, 4, 4 and 10 days; open
	// after 3 and 8 days.
	//   day 2: 6 at risk, 1 closes → S = 5/6
	//   day 3: one leaves open
	//   day 4: 4 at risk, 2 close → S = 5/6 · 2/4 = 5/12 ≤ ½: median 4
	//   day 8: one leaves open
	//   day 10: 1 at risk, 1 closes → S = 0
	cs := []Closing{{2, true}, {3, false}, {4, true}, {4, true}, {8, false}, {10, true}}
	s := KaplanMeier(cs)
	if !s.MedianOK || s.MedianDays != 4 || s.Closed != 4 || s.Leads != 6 {
		t.Errorf("%+v", s)
	}
	// Dropping the open leads would claim 2, 4, 4, 10: the same median
	// here, but the 30-day share must not exist (the data ends at day 10).
	if _, ok := s.ClosedBy[30]; ok {
		t.Error("a share closed by day 30 from data that ends at day 10")
	}
	// The buyers alone: 2, 4, 4, 10 → median 4.
	if !s.BuyersMedianOK || s.BuyersMedianDays != 4 {
		t.Errorf("buyers' median = %v", s.BuyersMedianDays)
	}
	// Most leads still open: the median is not known yet.
	s = KaplanMeier([]Closing{{5, true}, {40, false}, {40, false}, {40, false}})
	if s.MedianOK {
		t.Errorf("median %d from mostly open leads", s.MedianDays)
	}
	near(t, "closed by 30", s.ClosedBy[30], 0.25, 1e-9)
	if !s.BuyersMedianOK || s.BuyersMedianDays != 5 {
		t.Errorf("buyers' median = %v, want 5", s.BuyersMedianDays)
	}
	if s := KaplanMeier(nil); s.MedianOK || s.Leads != 0 {
		t.Errorf("%+v", s)
	}
}

func TestJeffreys(t *testing.T) {
	// Brown, Cai & DasGupta: Jeffreys interval of 0 of 10 is 0 to 0.217.
	near(t, "Jeffreys upper of 0/10", JeffreysQuantile(0, 10, 0.975), 0.217, 0.001)
}

func TestSelectMedianAgreesWithSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for n := 1; n < 60; n++ {
		for range 20 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(r.IntN(10)) // many ties
			}
			want := median(slices.Sorted(slices.Values(v)))
			if got := selectMedian(slices.Clone(v)); got != want {
				t.Fatalf("median of %v = %v, want %v", v, got, want)
			}
		}
	}
}

// TestLargeSampleDifferenceCovers: beyond 2,000 orders a side, the
// differences' intervals come from normal limits, not resampling. Drawn
// 400 times from two lognormal order-value distributions (medians e^5.5
// and e^5, so the true median difference is e^5.5 − e^5 ≈ 96.2; means
// e^(μ+σ²/2)), each 95% interval must hold the true difference about 95
// times in 100: between 91% and 98.5% here (the binomial spread of 400
// draws at 95% is ±2.2 points).
func TestLargeSampleDifferenceCovers(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	const sigma = 0.8
	draw := func(mu float64, n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Exp(mu + sigma*r.NormFloat64())
		}
		return v
	}
	trueMed := math.Exp(5.5) - math.Exp(5)
	trueMean := math.Exp(5.5+sigma*sigma/2) - math.Exp(5+sigma*sigma/2)
	const reps = 400
	var medIn, meanIn int
	for range reps {
		mean, med := DiffOfMeansAndMedians(draw(5.5, 2500), draw(5, 3000), 1000)
		if med.Low <= trueMed && trueMed <= med.High {
			medIn++
		}
		if mean.Low <= trueMean && trueMean <= mean.High {
			meanIn++
		}
	}
	for what, in := range map[string]int{"median": medIn, "mean": meanIn} {
		if cover := float64(in) / reps; cover < 0.91 || cover > 0.985 {
			t.Errorf("the %s difference's interval held the truth %.1f%% of the time, want about 95%%", what, 100*cover)
		}
	}
}

// TestOrderStatMedianMatchesSorting: beyond BootstrapMax values the median
// and its interval come from selection, not a sort; they must be the very
// values a sort gives at the same ranks (n/2 ∓ 1.96·√n/2, 1-based, and the
// middle), for odd and even sizes and with ties.
func TestOrderStatMedianMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{201, 202, 999, 1000, 5001} {
		for _, ties := range []bool{false, true} {
			v := make([]float64, n)
			for i := range v {
				if ties {
					v[i] = float64(r.IntN(40))
				} else {
					v[i] = r.ExpFloat64() * 300
				}
			}
			s := slices.Sorted(slices.Values(v))
			half := 1.959963984540054 * math.Sqrt(float64(n)) / 2
			lo := int(math.Floor(float64(n)/2-half)) - 1
			hi := int(math.Ceil(float64(n)/2+half)) - 1
			want := s[n/2]
			if n%2 == 0 {
				want = (s[n/2-1] + s[n/2]) / 2
			}
			got := Median(v, 100)
			if got.Value != want || got.Low != s[lo] || got.High != s[hi] {
				t.Errorf("n=%d ties=%v: %+v, want %v (%v–%v)", n, ties, got, want, s[lo], s[hi])
			}
		}
	}
}

// TestDayGroupsCountEveryClosing: Kaplan–Meier works on the closings
// counted by day; both ways of counting (by counting, for the few days
// leads span; by sorting, for days far apart or below zero) must give each
// day's closed and open counts, in day order, as a plain tally does.
func TestDayGroupsCountEveryClosing(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	for _, spread := range []int{5, 400, 10_000_000} {
		for _, shift := range []int{0, -3} {
			cs := make([]Closing, 500)
			tally := map[int][2]int{}
			for i := range cs {
				cs[i] = Closing{Days: r.IntN(spread) + shift, Closed: r.IntN(3) == 0}
				k := tally[cs[i].Days]
				if cs[i].Closed {
					k[0]++
				} else {
					k[1]++
				}
				tally[cs[i].Days] = k
			}
			got := dayGroups(cs)
			if len(got) != len(tally) {
				t.Fatalf("spread %d shift %d: %d groups, want %d", spread, shift, len(got), len(tally))
			}
			for i, g := range got {
				if i > 0 && got[i-1].day >= g.day {
					t.Errorf("spread %d: days out of order at %d", spread, i)
				}
				if k := tally[g.day]; k != [2]int{g.closed, g.open} {
					t.Errorf("spread %d day %d: %d closed %d open, want %v", spread, g.day, g.closed, g.open, k)
				}
			}
		}
	}
}
