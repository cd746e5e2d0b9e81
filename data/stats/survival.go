package stats

import "sort"

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
	s := Survival{Leads: len(cs), ClosedBy: map[int]float64{}}
	if len(cs) == 0 {
		return s
	}
	sorted := append([]Closing(nil), cs...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].Days != sorted[j].Days {
			return sorted[i].Days < sorted[j].Days
		}
		return sorted[i].Closed && !sorted[j].Closed // events before censoring on the same day
	})
	atRisk := len(sorted)
	surv := 1.0
	maxDay := 0
	type step struct {
		day  int
		surv float64
	}
	var steps []step
	for i := 0; i < len(sorted); {
		day := sorted[i].Days
		events, leaving := 0, 0
		for i < len(sorted) && sorted[i].Days == day {
			if sorted[i].Closed {
				events++
			}
			leaving++
			i++
		}
		if events > 0 && atRisk > 0 {
			surv *= 1 - float64(events)/float64(atRisk)
			steps = append(steps, step{day, surv})
			s.Closed += events
		}
		atRisk -= leaving
		maxDay = max(maxDay, day)
	}
	var closed []float64
	for _, c := range sorted {
		if c.Closed {
			closed = append(closed, float64(c.Days))
		}
	}
	if len(closed) > 0 {
		s.BuyersMedianDays, s.BuyersMedianOK = median(closed), true
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
		sv := 1.0
		for _, st := range steps {
			if st.day <= h {
				sv = st.surv
			}
		}
		s.ClosedBy[h] = 1 - sv
	}
	return s
}
