package stats

import (
	"fmt"
	"math"
	"strconv"
)

// Comparison compares two channels' conversion rates.
type Comparison struct {
	A, B         string // the channels' names
	KA, NA       int    // A's buyers of A's leads
	KB, NB       int
	RateA, RateB Interval // Wilson intervals
	Diff         Interval // A − B, Newcombe's interval
	PABetter     float64  // probability that A's true rate is higher
	Verdict      Verdict
	Words        string // the verdict for people
	// Tolerance is the "about the same" band in rate units that was used
	// (0.05 is ±5 percentage points).
	Tolerance float64
	// MoreA and MoreB are how many more leads each side needs before the
	// question is likely settled, if the observed rates hold. MoreOK is
	// false when they could not be estimated (a side has no leads); for a
	// settled verdict they are 0 and MoreOK is true.
	MoreA, MoreB int
	MoreOK       bool
	// Weeks is how long those leads take at today's pace: the slower of
	// the two sides. WeeksOK is false when no more leads are needed or a
	// side that needs them has no known pace.
	Weeks   float64
	WeeksOK bool
}

// CompareOptions tunes CompareWith.
type CompareOptions struct {
	// Tolerance is the "about the same" band in rate units: 0.05 means
	// AboutTheSame needs the 95% interval of the gap within 5 percentage
	// points either way. 0 (or less) means DefaultTolerance.
	Tolerance float64
	// PaceA and PaceB are each channel's leads per week at today's pace,
	// used to say how long settling the question would take; 0 means
	// unknown.
	PaceA, PaceB float64
}

// DefaultTolerance is the "about the same" band CompareWith uses when
// none is given: ±5 percentage points.
const DefaultTolerance = 0.05

// Verdict is the plain answer to "which converts better?".
type Verdict string

// The verdicts.
const (
	NotEnoughData Verdict = "not_enough_data"
	LeaningA      Verdict = "leaning_a"
	LeaningB      Verdict = "leaning_b"
	ClearlyA      Verdict = "clearly_a"
	ClearlyB      Verdict = "clearly_b"
	AboutTheSame  Verdict = "about_the_same"
)

// clearlyProb is the probability one side must reach before a verdict
// says "clearly". 0.975 looks like the natural one-sided 2.5%, but with
// the Newcombe interval it lets through about 5% false "clearly"s in all
// (2.85% in one direction) when two channels convert alike at 36 and 40
// leads; 0.99 keeps both directions together under 2.5%, which
// TestFalseClearlyRate checks by exact enumeration.
const clearlyProb = 0.99

// leaningProb is the probability from which a verdict leans to one side.
const leaningProb = 0.9

// Compare compares A's kA buyers of nA leads with B's kB of nB, with the
// default tolerance and no known pace.
func Compare(a string, kA, nA int, b string, kB, nB int) Comparison {
	return CompareWith(a, kA, nA, b, kB, nB, CompareOptions{})
}

// CompareWith compares A's kA buyers of nA leads with B's kB of nB. The
// rules, in order:
//
//  1. a side with no leads: NotEnoughData;
//  2. ClearlyA when the 95% Newcombe interval of A − B lies wholly above
//     zero and the probability that A is better is at least 0.99
//     (ClearlyB the mirror image);
//  3. AboutTheSame when that interval lies within ±Tolerance;
//  4. LeaningA when the probability exceeds 0.9, LeaningB when it is
//     below 0.1: a hunch, and the words say so;
//  5. otherwise NotEnoughData.
//
// When both channels convert alike, rule 2 calls one of them "clearly"
// better less than 2.5% of the time, both directions together, for every
// true rate from 5% to 95% (exact enumeration at 36 against 40 leads,
// and at 5 against 5, 10 against 30 and 100 against 120; see
// TestFalseClearlyRate). The old small-count guard (five buyers and
// non-buyers a side) is dropped: it changed that rate by less than 0.1
// point, and it hid gaps wide enough to settle on few buyers (17 of 71
// against 2 of 110).
func CompareWith(a string, kA, nA int, b string, kB, nB int, o CompareOptions) Comparison {
	tol := o.Tolerance
	if tol <= 0 {
		tol = DefaultTolerance
	}
	c := Comparison{A: a, B: b, KA: kA, NA: nA, KB: kB, NB: nB,
		RateA: Wilson(kA, nA), RateB: Wilson(kB, nB), Diff: Difference(kA, nA, kB, nB), PABetter: ProbABetter(kA, nA, kB, nB),
		Tolerance: tol}
	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
	rates := fmt.Sprintf("%s turned %d of %d leads into buyers (%s), %s %d of %d (%s)", a, kA, nA, pct(c.RateA.Value), b, kB, nB, pct(c.RateB.Value))
	gap := fmt.Sprintf("The true gap could be anything from %s to %s.", points(c.Diff.Low, a, b), points(c.Diff.High, a, b))
	ahead, pAhead := a, c.PABetter
	if c.PABetter < 0.5 {
		ahead, pAhead = b, 1-c.PABetter
	}
	if nA > 0 && nB > 0 {
		c.MoreOK = true
	}
	switch {
	case nA <= 0 || nB <= 0:
		c.Verdict = NotEnoughData
		c.Words = fmt.Sprintf("Not enough data yet: %s has %d leads in this period and %s has %d.", a, max(nA, 0), b, max(nB, 0))
		return c
	case c.Diff.Low > 0 && c.PABetter >= clearlyProb:
		c.Verdict = ClearlyA
	case c.Diff.High < 0 && c.PABetter <= 1-clearlyProb:
		c.Verdict = ClearlyB
	case c.Diff.Low >= -tol && c.Diff.High <= tol:
		c.Verdict = AboutTheSame
	case c.PABetter > leaningProb:
		c.Verdict = LeaningA
	case c.PABetter < 1-leaningProb:
		c.Verdict = LeaningB
	default:
		c.Verdict = NotEnoughData
	}
	switch c.Verdict {
	case ClearlyA, ClearlyB:
		c.Words = fmt.Sprintf("%s converts better. %s: the chance that %s is really better is %s. %s", ahead, rates, ahead, chance(pAhead), gap)
		return c
	case AboutTheSame:
		c.Words = fmt.Sprintf("About the same. %s, and the true gap is within %s points either way: it could be anything from %s to %s.",
			rates, pointsOf(tol), points(c.Diff.Low, a, b), points(c.Diff.High, a, b))
		return c
	}
	capped := c.fillMore(tol, o)
	settle := c.settleWords(capped)
	if c.Verdict == NotEnoughData {
		odds := fmt.Sprintf("The chance that %s is really better is %s.", ahead, chance(pAhead))
		if pAhead < 0.51 {
			odds = "Either could be the better one: the chance is about even."
		}
		c.Words = fmt.Sprintf("Not enough data yet to tell them apart. %s. %s %s%s", rates, odds, gap, settle)
		return c
	}
	c.Words = fmt.Sprintf("%s may be ahead, but this could still be chance: %s. The chance that %s is really better is %s, short of the 99 in 100 needed to call it. %s Keep both running.%s",
		ahead, rates, ahead, chance(pAhead), gap, settle)
	return c
}

// The normal quantiles behind the lead counts: the clearly rule asks 99
// in 100, which for a normal posterior is the gap at 2.326 standard
// errors from zero (the 95% interval then excludes zero too); the about
// the same rule asks the 95% interval inside the band.
const (
	z99 = 2.3263478740408408
	// varFloor keeps 0 of n on both sides from claiming no spread: it is
	// pA(1−pA)+pB(1−pB) at rates of about ½% each.
	varFloor = 0.01
	// moreCap caps the leads a side is said to need; beyond it the
	// question will in practice not be settled.
	moreCap = 100_000
)

// fillMore estimates how many more leads each side needs, if the observed
// rates hold, before a rule settles the question: n* leads a side, with
// Var(p̂A − p̂B) = v/n*, v = pA(1−pA)+pB(1−pB). The gap d = |pA − pB|
// becomes clear at n* = z99²·v/d², and the interval fits inside the band
// at n* = z²·v/(Tolerance−d)²; n* is whichever comes first. It reports
// whether n* hit moreCap.
func (c *Comparison) fillMore(tol float64, o CompareOptions) (capped bool) {
	pA, pB := c.RateA.Value, c.RateB.Value
	d := math.Abs(pA - pB)
	v := max(pA*(1-pA)+pB*(1-pB), varFloor)
	need := math.Inf(1)
	if d > 0 {
		need = z99 * z99 * v / (d * d)
	}
	if d < tol {
		need = min(need, Z95*Z95*v/((tol-d)*(tol-d)))
	}
	n := moreCap
	if need < moreCap {
		n = int(math.Ceil(need))
	} else {
		capped = true
	}
	c.MoreA, c.MoreB = max(0, n-c.NA), max(0, n-c.NB)
	c.Weeks, c.WeeksOK = 0, c.MoreA > 0 || c.MoreB > 0
	for _, s := range []struct {
		more int
		pace float64
	}{{c.MoreA, o.PaceA}, {c.MoreB, o.PaceB}} {
		switch {
		case s.more == 0:
		case s.pace > 0:
			c.Weeks = max(c.Weeks, float64(s.more)/s.pace)
		default:
			c.WeeksOK = false
		}
	}
	if !c.WeeksOK {
		c.Weeks = 0
	}
	return capped
}

// settleWords says how many more leads would settle the question, and how
// long they take; empty when that is unknown.
func (c Comparison) settleWords(capped bool) string {
	if !c.MoreOK {
		return ""
	}
	if c.MoreA == 0 && c.MoreB == 0 {
		return " If the rates stay as they are, a few more leads should settle it."
	}
	a, b := roughly(c.MoreA), roughly(c.MoreB)
	var who string
	switch {
	case a == b:
		who = a + " more leads on each side"
	case c.MoreB == 0:
		who = a + " more leads for " + c.A
	case c.MoreA == 0:
		who = b + " more leads for " + c.B
	default:
		who = a + " more leads for " + c.A + " and " + b + " for " + c.B
	}
	weeks := ""
	if c.WeeksOK {
		weeks = " (" + inWeeks(c.Weeks) + " at today's pace)"
	}
	if capped {
		return " Even if the rates stay as they are, it would take more than " + who + " to settle it" + weeks + "."
	}
	return " If the rates stay as they are, about " + who + " would settle it" + weeks + "."
}

// roughly writes a count to two significant figures, with thousands
// separated: an estimate should not look more precise than it is.
func roughly(n int) string {
	if n >= 100 {
		scale := math.Pow(10, math.Floor(math.Log10(float64(n)))-1)
		n = int(math.Round(float64(n)/scale) * scale)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// inWeeks writes a duration in weeks as people say it.
func inWeeks(w float64) string {
	switch {
	case w < 1:
		return "less than a week"
	case w < 1.5:
		return "about a week"
	case w < 104:
		return fmt.Sprintf("about %.0f weeks", w)
	default:
		return fmt.Sprintf("about %.0f years", w/52)
	}
}

// chance writes the probability of the side ahead (at least ½) as "about
// N in 100", rounded down so that it never claims more than it is.
func chance(p float64) string {
	if p > 0.99 {
		return "more than 99 in 100"
	}
	return fmt.Sprintf("about %.0f in 100", math.Floor(100*p+1e-9))
}

// pointsOf writes a rate band in percentage points: 0.05 is "5".
func pointsOf(tol float64) string {
	return strconv.FormatFloat(math.Round(1000*tol)/10, 'f', -1, 64)
}

// points writes a difference in percentage points, saying who is ahead.
func points(d float64, a, b string) string {
	p := math.Round(100 * d)
	ahead := a
	if p < 0 {
		ahead, p = b, -p
	}
	switch p {
	case 0:
		return "no gap"
	case 1:
		return ahead + " 1 point ahead"
	}
	return fmt.Sprintf("%s %.0f points ahead", ahead, p)
}

// falseClearlyMax is the most often, both directions together, that
// CompareWith calls one of two channels that convert alike "clearly"
// better: one comparison in 40.
const falseClearlyMax = 0.025

// ManyPairs warns about comparing many channels two by two: each pair
// has up to a 1-in-40 chance of a false "clearly", so among many pairs
// one is likely. It returns "" for fewer than 3 channels.
func ManyPairs(channels int) string {
	if channels < 3 {
		return ""
	}
	pairs := channels * (channels - 1) / 2
	// The expected number of false "clearly"s is at most pairs/40 however
	// the pairs depend on each other (they share channels), and so is the
	// chance of at least one.
	expected := float64(pairs) * falseClearlyMax
	var odds string
	if expected >= 0.5 {
		odds = fmt.Sprintf("up to about %.0f of the %d on average", max(1, math.Round(expected)), pairs)
	} else {
		odds = fmt.Sprintf("a chance of up to about 1 in %.0f that at least one of the %d does", math.Round(1/expected), pairs)
	}
	return fmt.Sprintf("With %d channels there are %d pairs to compare: even if all converted alike, up to about one pair in %.0f could look clearly different by chance (%s), so treat a single \"clearly\" among many with care.",
		channels, pairs, 1/falseClearlyMax, odds)
}
