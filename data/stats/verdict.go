package stats

import (
	"fmt"
	"math"
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
}

// Verdict is the plain answer to "which converts better?".
type Verdict string

// The verdicts.
const (
	NotEnoughData Verdict = "not_enough_data"
	LeaningA      Verdict = "leaning_a"
	LeaningB      Verdict = "leaning_b"
	ClearlyA      Verdict = "clearly_a"
	ClearlyB      Verdict = "clearly_b"
	NoDifference  Verdict = "no_real_difference"
)

// MinEach is the least number of buyers, and of leads who did not buy, each
// channel needs before its rate is compared at all (the n·p > 5 rule of
// thumb behind normal approximations).
const MinEach = 5

// Compare compares A's kA buyers of nA leads with B's kB of nB.
func Compare(a string, kA, nA int, b string, kB, nB int) Comparison {
	c := Comparison{A: a, B: b, KA: kA, NA: nA, KB: kB, NB: nB,
		RateA: Wilson(kA, nA), RateB: Wilson(kB, nB), Diff: Difference(kA, nA, kB, nB), PABetter: ProbABetter(kA, nA, kB, nB)}
	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
	rates := fmt.Sprintf("%s turned %d of %d leads into buyers (%s), %s %d of %d (%s)", a, kA, nA, pct(c.RateA.Value), b, kB, nB, pct(c.RateB.Value))
	chance := func(p float64) string {
		switch {
		case p >= 0.99:
			return "more than 99 in 100"
		case p >= 0.95:
			return fmt.Sprintf("about %.0f in 100", math.Floor(100*p))
		default:
			return fmt.Sprintf("about %s", inWords(p))
		}
	}
	gap := func() string {
		return fmt.Sprintf("The true gap could be anything from %s to %s.", points(c.Diff.Low, a, b), points(c.Diff.High, a, b))
	}
	switch {
	case nA == 0 || nB == 0:
		c.Verdict = NotEnoughData
		c.Words = fmt.Sprintf("Not enough data yet: %s has %d leads in this period and %s has %d.", a, nA, b, nB)
	case min(kA, nA-kA, kB, nB-kB) < MinEach && !(decisive(c.PABetter) && (c.Diff.Low > 0 || c.Diff.High < 0)):
		// Few buyers on a side make rates swing, unless the gap is so wide
		// that even the rough numbers settle it (17 of 71 against 2 of 110).
		c.Verdict = NotEnoughData
		c.Words = fmt.Sprintf("Not enough data yet. %s. With so few buyers (or so few who did not buy) the rates can swing a lot from one month to the next. %s",
			rates, gap())
	case c.PABetter >= 0.95:
		c.Verdict = ClearlyA
		c.Words = fmt.Sprintf("%s converts better. %s: the chance that %s is really better is %s. %s", a, rates, a, chance(c.PABetter), gap())
	case c.PABetter <= 0.05:
		c.Verdict = ClearlyB
		c.Words = fmt.Sprintf("%s converts better. %s: the chance that %s is really better is %s. %s", b, rates, b, chance(1-c.PABetter), gap())
	case c.Diff.Low > -0.03 && c.Diff.High < 0.03:
		c.Verdict = NoDifference
		c.Words = fmt.Sprintf("No real difference. %s, and the true gap is within 3 points either way.", rates)
	case c.PABetter >= 0.8:
		c.Verdict = LeaningA
		c.Words = fmt.Sprintf("Leaning %s. %s: there is %s chance that %s is genuinely better, not yet enough to be sure. %s Keep both running.",
			a, rates, chance(c.PABetter), a, gap())
	case c.PABetter <= 0.2:
		c.Verdict = LeaningB
		c.Words = fmt.Sprintf("Leaning %s. %s: there is %s chance that %s is genuinely better, not yet enough to be sure. %s Keep both running.",
			b, rates, chance(1-c.PABetter), b, gap())
	default:
		c.Verdict = NotEnoughData
		c.Words = fmt.Sprintf("Not enough data yet to tell them apart. %s. %s", rates, gap())
	}
	return c
}

// points writes a difference in percentage points, saying who is ahead.
func points(d float64, a, b string) string {
	switch p := math.Round(100 * d); {
	case p > 0:
		return fmt.Sprintf("%s %.0f points ahead", a, p)
	case p < 0:
		return fmt.Sprintf("%s %.0f points ahead", b, -p)
	default:
		return "no gap"
	}
}

// inWords writes a probability as people say it: "a 4-in-5 chance".
func inWords(p float64) string {
	for _, f := range []struct {
		v    float64
		text string
	}{{0.9, "a 9-in-10"}, {0.8, "a 4-in-5"}, {0.75, "a 3-in-4"}, {2.0 / 3, "a 2-in-3"}, {0.6, "a 3-in-5"}, {0.5, "an even"}} {
		if p >= f.v-0.02 {
			return f.text
		}
	}
	return fmt.Sprintf("a %.0f-in-100", 100*p)
}

// decisive reports whether a probability settles a comparison even on
// small numbers: 99 in 100 either way.
func decisive(p float64) bool { return p >= 0.99 || p <= 0.01 }
