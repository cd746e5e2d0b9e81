package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// mcPABetter estimates P(pA > pB) for pA ~ Beta(kA+1, nA−kA+1) and pB ~
// Beta(kB+1, nB−kB+1) from draws: a different method from the finite sum
// of beta functions in ProbABetter. With 200,000 draws its standard error
// is at most √(¼/200,000) ≈ 0.0011, so 0.005 is over four of them.
func mcPABetter(kA, nA, kB, nB int) float64 {
	const draws = 200_000
	src := rand.NewPCG(2026, uint64(kA*1_000_003+nA*1009+kB*31+nB))
	a := distuv.Beta{Alpha: float64(kA + 1), Beta: float64(nA - kA + 1), Src: src}
	b := distuv.Beta{Alpha: float64(kB + 1), Beta: float64(nB - kB + 1), Src: src}
	wins := 0
	for range draws {
		if a.Rand() > b.Rand() {
			wins++
		}
	}
	return float64(wins) / draws
}

// wilsonByRoot finds the Wilson limits as the two roots of the score
// equation (p̂ − p)² = z²·p(1−p)/n by bisection, not by the closed form
// Wilson uses.
func wilsonByRoot(k, n int) (lo, hi float64) {
	ph := float64(k) / float64(n)
	f := func(p float64) float64 { return sq(ph-p) - Z95*Z95*p*(1-p)/float64(n) }
	// f ≥ 0 at 0 and at 1 and ≤ 0 at p̂: one root on each side.
	root := func(a, b float64, positiveAtA bool) float64 {
		for range 200 {
			m := (a + b) / 2
			if (f(m) > 0) == positiveAtA {
				a = m
			} else {
				b = m
			}
		}
		return (a + b) / 2
	}
	return root(0, ph, true), root(ph, 1, false)
}

// newcombeByRoot is Newcombe's method 10 built from wilsonByRoot.
func newcombeByRoot(kA, nA, kB, nB int) (d, lo, hi float64) {
	pA, pB := float64(kA)/float64(nA), float64(kB)/float64(nB)
	lA, uA := wilsonByRoot(kA, nA)
	lB, uB := wilsonByRoot(kB, nB)
	d = pA - pB
	return d, d - math.Hypot(pA-lA, uB-pB), d + math.Hypot(uA-pA, pB-lB)
}

// Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10
// (hybrid score, no continuity correction), examples (a) and (b): 56/70 −
// 48/80 = 0.2000 with interval 0.0524 to 0.3339, and 9/10 − 3/10 = 0.6000
// with 0.1705 to 0.8090 (the same figures are the propint R package's
// regression tests). The published figures are rounded to 4 places.
func TestNewcombeAgainstPublishedTable(t *testing.T) {
	cases := []struct {
		kA, nA, kB, nB int
		d, lo, hi      float64
	}{
		{56, 70, 48, 80, 0.2000, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.6000, 0.1705, 0.8090},
	}
	for _, c := range cases {
		got := Difference(c.kA, c.nA, c.kB, c.nB)
		name := fmt.Sprintf("%d/%d − %d/%d", c.kA, c.nA, c.kB, c.nB)
		near(t, name+" difference", got.Value, c.d, 5e-5)
		near(t, name+" low", got.Low, c.lo, 5e-5)
		near(t, name+" high", got.High, c.hi, 5e-5)
		// The bisection route agrees with the closed form to rounding.
		_, lo, hi := newcombeByRoot(c.kA, c.nA, c.kB, c.nB)
		near(t, name+" low by root", lo, c.lo, 5e-5)
		near(t, name+" high by root", hi, c.hi, 5e-5)
	}
}

// regionOf says which verdict the independently computed probability
// (Monte Carlo, so ± margin) and interval (by root finding) call for,
// under the rules CompareWith documents; "" when the case lies too near a
// threshold for the Monte Carlo estimate to tell.
func regionOf(mc, lo, hi, tol float64) Verdict {
	const margin = 0.005
	near := func(x, threshold float64) bool { return math.Abs(x-threshold) < margin }
	if near(mc, 0.99) || near(mc, 0.01) || near(mc, 0.9) || near(mc, 0.1) {
		return ""
	}
	switch {
	case lo > 0 && mc > 0.99:
		return ClearlyA
	case hi < 0 && mc < 0.01:
		return ClearlyB
	case lo >= -tol && hi <= tol:
		return AboutTheSame
	case mc > 0.9:
		return LeaningA
	case mc < 0.1:
		return LeaningB
	}
	return NotEnoughData
}

func TestVerdicts(t *testing.T) {
	// The probabilities in the comments and the words are from a separate
	// Monte Carlo run (Python, 400,000 Beta draws a case), the limits from
	// newcombeByRoot; the test recomputes both.
	cases := []struct {
		name           string
		kA, nA, kB, nB int
		tol            float64 // 0: the default 0.05
		want           Verdict
		words          []string
	}{
		{"no leads on a side", 0, 0, 5, 40, 0, NotEnoughData,
			[]string{"Not enough data yet: Google Ads has 0 leads in this period and Meta Ads has 40."}},
		// P = 0.998; the gap 1.6 to 8.3 points.
		{"clear, large samples", 120, 800, 70, 700, 0, ClearlyA,
			[]string{"Google Ads converts better.", "120 of 800", "(15%)", "70 of 700", "(10%)", "more than 99 in 100",
				"anything from Google Ads 2 points ahead to Google Ads 8 points ahead"}},
		{"clear, the other way", 70, 700, 120, 800, 0, ClearlyB,
			[]string{"Meta Ads converts better.", "the chance that Meta Ads is really better is more than 99 in 100"}},
		// Few buyers on one side, but P > 0.9999 and the gap 13 to 33
		// points: the old small-count guard is gone.
		{"clear on few buyers", 17, 71, 2, 110, 0, ClearlyA,
			[]string{"Google Ads converts better.", "more than 99 in 100"}},
		// 10.0% against 9.0% of 20,000 each: P ≈ 0.9997 and the gap 0.4 to
		// 1.6 points, inside ±5 too; clearly comes first.
		{"clear though small", 2000, 20000, 1800, 20000, 0, ClearlyA, []string{"Google Ads converts better."}},
		// P ≈ 0.41; the gap −0.93 to +0.73 points, inside ±5.
		{"about the same", 1000, 10000, 1010, 10000, 0, AboutTheSame,
			[]string{"About the same.", "within 5 points either way", "from Meta Ads 1 point ahead to Google Ads 1 point ahead"}},
		// The same counts with a ±½-point band: not inside it.
		{"narrow band", 1000, 10000, 1010, 10000, 0.005, NotEnoughData,
			[]string{"Not enough data yet to tell them apart.", "The chance that Meta Ads is really better is about 59 in 100."}},
		// P ≈ 0.95; the gap −2 to +22 points includes zero.
		{"leaning", 30, 100, 20, 100, 0, LeaningA,
			[]string{"Google Ads may be ahead, but this could still be chance: Google Ads turned 30 of 100 leads into buyers (30%), Meta Ads 20 of 100 (20%).",
				"about 94 in 100", "Meta Ads 2 points ahead to Google Ads 22 points ahead", "Keep both running."}},
		{"leaning the other way", 20, 100, 30, 100, 0, LeaningB, []string{"Meta Ads may be ahead, but this could still be chance"}},
		// P ≈ 0.981 and the gap 1.2 to 38 points excludes zero: "clearly"
		// under a 0.975 rule, only leaning under 0.99.
		{"interval clear, probability short", 23, 50, 13, 50, 0, LeaningA,
			[]string{"Google Ads may be ahead", "in 100, short of the 99 in 100"}},
		// P ≈ 0.84: the gap −16 to +51 points.
		{"too few", 3, 10, 1, 10, 0, NotEnoughData, []string{"Not enough data yet to tell them apart.", "about 84 in 100"}},
		{"no gap to speak of", 10, 50, 11, 50, 0, NotEnoughData, []string{"Not enough data yet to tell them apart."}},
	}
	for _, c := range cases {
		got := CompareWith("Google Ads", c.kA, c.nA, "Meta Ads", c.kB, c.nB, CompareOptions{Tolerance: c.tol})
		if got.Verdict != c.want {
			t.Errorf("%s: verdict %s, want %s: %s", c.name, got.Verdict, c.want, got.Words)
		}
		for _, w := range c.words {
			if !strings.Contains(got.Words, w) {
				t.Errorf("%s: the words lack %q: %s", c.name, w, got.Words)
			}
		}
		if c.nA == 0 || c.nB == 0 {
			continue
		}
		// Justify the expected verdict from independent numbers.
		mc := mcPABetter(c.kA, c.nA, c.kB, c.nB)
		near(t, c.name+": P(A better) against Monte Carlo", got.PABetter, mc, 0.005)
		_, lo, hi := newcombeByRoot(c.kA, c.nA, c.kB, c.nB)
		near(t, c.name+": low against root finding", got.Diff.Low, lo, 1e-9)
		near(t, c.name+": high against root finding", got.Diff.High, hi, 1e-9)
		tol := c.tol
		if tol == 0 {
			tol = 0.05
		}
		if r := regionOf(mc, lo, hi, tol); r != c.want {
			t.Errorf("%s: the independent numbers (P %.4f, gap %.4f to %.4f) call for %q, the table says %s", c.name, mc, lo, hi, r, c.want)
		}
	}
	if got := Compare("Google Ads", 1000, 10000, "Meta Ads", 1010, 10000); got.Tolerance != 0.05 || got.Verdict != AboutTheSame {
		t.Errorf("Compare does not use the default band: %+v", got)
	}
}

// binomialPMF is P(K = k) for K ~ Binomial(n, p), from log-gamma.
func binomialPMF(k, n int, p float64) float64 {
	lf := func(x int) float64 { v, _ := math.Lgamma(float64(x + 1)); return v }
	return math.Exp(lf(n) - lf(k) - lf(n-k) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

// oldClearly is the rule Compare used before: P ≥ 0.95 either way, unless
// a side had fewer than 5 buyers or non-buyers and the result was not
// decisive (P ≥ 0.99 or ≤ 0.01 with the interval clear of zero).
func oldClearly(kA, nA, kB, nB int) bool {
	p := ProbABetter(kA, nA, kB, nB)
	d := Difference(kA, nA, kB, nB)
	decisive := (p >= 0.99 || p <= 0.01) && (d.Low > 0 || d.High < 0)
	if min(kA, nA-kA, kB, nB-kB) < 5 && !decisive {
		return false
	}
	return p >= 0.95 || p <= 0.05
}

// TestFalseClearlyRate computes, by exact enumeration over every outcome
// (kA, kB) weighted by its binomial probability, how often two channels
// with the same true rate p are called "clearly" different, in either
// direction. The issue asks for less than 2.5% per comparison; the test
// holds the two directions together to that, which is what "per
// comparison" means to someone who reads whichever verdict comes up (one
// direction alone would allow 5%).
func TestFalseClearlyRate(t *testing.T) {
	sizes := [][2]int{{36, 40}, {5, 5}, {10, 30}, {100, 120}}
	for _, s := range sizes {
		nA, nB := s[0], s[1]
		newRule := make([][]bool, nA+1)
		oldRule := make([][]bool, nA+1)
		for kA := range newRule {
			newRule[kA] = make([]bool, nB+1)
			oldRule[kA] = make([]bool, nB+1)
			for kB := range newRule[kA] {
				v := CompareWith("a", kA, nA, "b", kB, nB, CompareOptions{}).Verdict
				newRule[kA][kB] = v == ClearlyA || v == ClearlyB
				oldRule[kA][kB] = oldClearly(kA, nA, kB, nB)
			}
		}
		var worstNew, worstOld, worstNewP, worstOldP float64
		for i := 1; i <= 19; i++ {
			p := float64(i) / 20
			var rateNew, rateOld, total float64
			for kA := 0; kA <= nA; kA++ {
				for kB := 0; kB <= nB; kB++ {
					w := binomialPMF(kA, nA, p) * binomialPMF(kB, nB, p)
					total += w
					if newRule[kA][kB] {
						rateNew += w
					}
					if oldRule[kA][kB] {
						rateOld += w
					}
				}
			}
			// The enumeration covers every outcome once.
			near(t, "total probability", total, 1, 1e-9)
			if rateNew >= falseClearlyMax {
				t.Errorf("%d vs %d leads at p = %.2f: false \"clearly\" %.4f, want below %.3f", nA, nB, p, rateNew, falseClearlyMax)
			}
			if rateNew > worstNew {
				worstNew, worstNewP = rateNew, p
			}
			if rateOld > worstOld {
				worstOld, worstOldP = rateOld, p
			}
		}
		t.Logf("%d vs %d leads: false \"clearly\" at most %.4f (p = %.2f) under the new rule, %.4f (p = %.2f) under the old",
			nA, nB, worstNew, worstNewP, worstOld, worstOldP)
		// At 36 against 40 the old rule was measured above 5%: the test
		// must be able to see that.
		if nA == 36 && worstOld < 0.05 {
			t.Errorf("the old rule's false \"clearly\" rate %.4f; it was near 10%%", worstOld)
		}
	}
}

func TestMoreLeadsToSettle(t *testing.T) {
	// Hand-worked, with z99 = 2.326348 (z99² = 5.411894), z95 = 1.959964
	// (z95² = 3.841459):
	//  30/100 vs 20/100: d = 0.10 > 0.05, v = 0.21 + 0.16 = 0.37,
	//    n* = ⌈5.411894 · 0.37 / 0.01⌉ = ⌈200.24⌉ = 201 → 101 more a
	//    side; at 10 and 20 a week the slower side takes 101/10 = 10.1
	//    weeks.
	//  20/200 vs 20/200: d = 0, v = 0.09 + 0.09 = 0.18, only the band can
	//    settle it: n* = ⌈3.841459 · 0.18 / 0.05²⌉ = ⌈276.59⌉ = 277 → 77
	//    more a side.
	//  12/80 vs 7/70: d = 0.05 (a hair under the band in floating point,
	//    so the band is the slower route), v = 0.1275 + 0.09 = 0.2175,
	//    n* = ⌈5.411894 · 0.2175 / 0.0025⌉ = ⌈470.83⌉ = 471 → 391 for A,
	//    401 for B.
	//  100/1000 vs 100/1000 with a ±0.1-point band: 3.841459 · 0.18 /
	//    0.001² = 691,463 leads, capped at 100,000 → 99,000 more a side.
	cases := []struct {
		name           string
		kA, nA, kB, nB int
		o              CompareOptions
		moreA, moreB   int
		moreOK         bool
		weeks          float64
		weeksOK        bool
		words, notWord string
	}{
		{"leaning", 30, 100, 20, 100, CompareOptions{PaceA: 10, PaceB: 20}, 101, 101, true, 10.1, true,
			"If the rates stay as they are, about 100 more leads on each side would settle it (about 10 weeks at today's pace).", ""},
		{"alike", 20, 200, 20, 200, CompareOptions{}, 77, 77, true, 0, false,
			"about 77 more leads on each side would settle it.", "pace"},
		{"unequal", 12, 80, 7, 70, CompareOptions{PaceB: 50}, 391, 401, true, 0, false,
			"about 390 more leads for Google Ads and 400 for Meta Ads would settle it.", "weeks"},
		{"capped", 100, 1000, 100, 1000, CompareOptions{Tolerance: 0.001, PaceA: 1000, PaceB: 1000}, 99000, 99000, true, 99, true,
			"it would take more than 99,000 more leads on each side to settle it (about 99 weeks at today's pace).", ""},
		{"settled", 120, 800, 70, 700, CompareOptions{PaceA: 10, PaceB: 10}, 0, 0, true, 0, false, "", "settle"},
		{"no leads", 0, 0, 5, 40, CompareOptions{PaceA: 10, PaceB: 10}, 0, 0, false, 0, false, "", "settle"},
	}
	for _, c := range cases {
		got := CompareWith("Google Ads", c.kA, c.nA, "Meta Ads", c.kB, c.nB, c.o)
		if got.MoreA != c.moreA || got.MoreB != c.moreB || got.MoreOK != c.moreOK || got.WeeksOK != c.weeksOK {
			t.Errorf("%s: more %d, %d (%v), weeks ok %v; want %d, %d (%v), %v", c.name, got.MoreA, got.MoreB, got.MoreOK, got.WeeksOK,
				c.moreA, c.moreB, c.moreOK, c.weeksOK)
		}
		near(t, c.name+": weeks", got.Weeks, c.weeks, 1e-9)
		if c.words != "" && !strings.Contains(got.Words, c.words) {
			t.Errorf("%s: the words lack %q: %s", c.name, c.words, got.Words)
		}
		if c.notWord != "" && strings.Contains(got.Words, c.notWord) {
			t.Errorf("%s: the words say %q: %s", c.name, c.notWord, got.Words)
		}
	}
}

func TestManyPairs(t *testing.T) {
	cases := []struct {
		channels int
		want     []string
	}{
		{0, nil},
		{2, nil},
		// 3·2/2 = 3 pairs; 3/40 = 0.075, about 1 in 13.
		{3, []string{"With 3 channels there are 3 pairs", "1 in 13"}},
		// 12·11/2 = 66 pairs; 66/40 = 1.65, about 2.
		{12, []string{"With 12 channels there are 66 pairs to compare", "one pair in 40", "about 2 of the 66", "with care"}},
	}
	for _, c := range cases {
		got := ManyPairs(c.channels)
		if (got == "") != (c.want == nil) {
			t.Errorf("%d channels: %q", c.channels, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%d channels: lacks %q: %s", c.channels, w, got)
			}
		}
	}
}
