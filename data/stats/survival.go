package stats

import (
	"math"
	"slices"
)

// Closing is one lead's time to its first sale: Days after the lead was
// made, and whether it closed then (Closed) or was still open after Days
// when the data ends (censored).
type Closing struct {
	Days   int
	Closed bool
}

// Survival is the Kaplan–Meier estimate of how long leads take to close.
type Survival struct {
	Leads, Closed int
	// MedianDays is the first day by which half the leads are estimated
	// to have closed; OK is false when fewer than half are estimated to
	// close within the data (the median is not known yet).
	MedianDays int
	MedianOK   bool
	// ClosedBy maps 30, 60 and 90 days to the estimated share of leads
	// closed by then (0 to 1), where the data reaches that far.
	ClosedBy map[int]float64
	// ClosedByRange holds the same shares with 95% intervals from
	// Greenwood's variance on the log(−log S) scale, which keeps them
	// within 0 and 1. Where none had closed by then (S = 1) the share is
	// 0, Low is 0 and High is the exact upper limit for 0 closings among
	// the n leads followed to that day, 1 − 0.025^(1/n) (the two-sided
	// counterpart of the rule of three); where all had (S = 0) the share
	// is 1, High is 1 and Low is the lower limit at the last closing
	// before, or the exact 0.025^(1/n) when all n at risk closed at once.
	ClosedByRange map[int]Interval
	// BuyersMedianDays is the median days to close of the leads that did
	// close: what "how fast do they close" means to most owners, since
	// the Kaplan–Meier median is not known while fewer than half of all
	// leads ever buy. BuyersMedianOK is false when none closed.
	BuyersMedianDays float64
	BuyersMedianOK   bool
}

// KaplanMeier estimates time to close from leads that closed and leads
// still open, without dropping the open ones (which would make deals look
// faster than they are).
func KaplanMeier(cs []Closing) Survival {
	s := Survival{Leads: len(cs), ClosedBy: map[int]float64{}, ClosedByRange: map[int]Interval{}}
	if len(cs) == 0 {
		return s
	}
	groups := dayGroups(cs)
	atRisk := len(cs)
	surv := 1.0
	maxDay := 0
	// Each step keeps Greenwood's running sum Σ d/(n(n−d)) and how many
	// were at risk, for the intervals.
	type step struct {
		day       int
		surv      float64
		greenwood float64
		atRisk    int
	}
	greenwood := 0.0
	var steps []step
	for _, g := range groups {
		events := g.closed
		if events > 0 && atRisk > 0 {
			surv *= 1 - float64(events)/float64(atRisk)
			if events < atRisk {
				greenwood += float64(events) / float64(atRisk*(atRisk-events))
			} else {
				greenwood = math.Inf(1) // S reaches 0
			}
			steps = append(steps, step{g.day, surv, greenwood, atRisk})
			s.Closed += events
		}
		atRisk -= g.closed + g.open
		maxDay = max(maxDay, g.day)
	}
	if s.Closed > 0 {
		// The median of the closed leads' days, from the groups in order.
		at := func(k int) float64 { // the k-th (0-based) closed lead's days
			for _, g := range groups {
				if k < g.closed {
					return float64(g.day)
				}
				k -= g.closed
			}
			return math.NaN()
		}
		n := s.Closed
		s.BuyersMedianDays, s.BuyersMedianOK = at(n/2), true
		if n%2 == 0 {
			s.BuyersMedianDays = (at(n/2-1) + at(n/2)) / 2
		}
	}
	for _, st := range steps {
		if st.surv <= 0.5 {
			s.MedianDays, s.MedianOK = st.day, true
			break
		}
	}
	for _, h := range []int{30, 60, 90} {
		if h > maxDay {
			continue
		}
		last := -1
		for i, st := range steps {
			if st.day <= h {
				last = i
			}
		}
		sv := 1.0
		if last >= 0 {
			sv = steps[last].surv
		}
		s.ClosedBy[h] = 1 - sv
		switch {
		case last < 0:
			// None closed by h: 0 of the n still open at h.
			n := 0
			for _, g := range groups {
				if g.day >= h {
					n += g.closed + g.open
				}
			}
			s.ClosedByRange[h] = Interval{Value: 0, Low: 0, High: 1 - math.Pow(0.025, 1/float64(n)), OK: true}
		case sv <= 0:
			// All closed by h: the share by the last closing before
			// can only have grown since.
			low := math.Pow(0.025, 1/float64(steps[last].atRisk))
			if last > 0 {
				low = closedLogLog(steps[last-1].surv, steps[last-1].greenwood).Low
			}
			s.ClosedByRange[h] = Interval{Value: 1, Low: low, High: 1, OK: true}
		default:
			s.ClosedByRange[h] = closedLogLog(sv, steps[last].greenwood)
		}
	}
	return s
}

// closedLogLog returns the share closed 1 − S with the 95% interval of S
// on the log(−log S) scale: log(−log S) ± z·√G/|log S|, with G Greenwood's
// Σ d/(n(n−d)), maps back to S^exp(∓z·√G/|log S|) (Kalbfleisch &
// Prentice). S must be strictly between 0 and 1.
func closedLogLog(surv, greenwood float64) Interval {
	e := math.Exp(Z95 * math.Sqrt(greenwood) / math.Abs(math.Log(surv)))
	return Interval{Value: 1 - surv, Low: 1 - math.Pow(surv, 1/e), High: 1 - math.Pow(surv, e), OK: true}
}

// dayGroup counts the leads that closed, and those that left still open,
// on one day.
type dayGroup struct {
	day          int
	closed, open int
}

// dayGroups counts the closings by day, in day order: by counting when the
// days are few next to the leads (as days since a lead came in are), else
// by sorting.
func dayGroups(cs []Closing) []dayGroup {
	maxDay, minDay := cs[0].Days, cs[0].Days
	for _, c := range cs {
		maxDay, minDay = max(maxDay, c.Days), min(minDay, c.Days)
	}
	var out []dayGroup
	if minDay >= 0 && maxDay <= 4*len(cs)+4096 {
		counts := make([]dayGroup, maxDay+1)
		for _, c := range cs {
			if c.Closed {
				counts[c.Days].closed++
			} else {
				counts[c.Days].open++
			}
		}
		for d, g := range counts {
			if g.closed+g.open > 0 {
				g.day = d
				out = append(out, g)
			}
		}
		return out
	}
	sorted := slices.SortedFunc(slices.Values(cs), func(a, b Closing) int { return a.Days - b.Days })
	for _, c := range sorted {
		if len(out) == 0 || out[len(out)-1].day != c.Days {
			out = append(out, dayGroup{day: c.Days})
		}
		if c.Closed {
			out[len(out)-1].closed++
		} else {
			out[len(out)-1].open++
		}
	}
	return out
}
