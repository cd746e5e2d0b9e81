package stats

import (
	"fmt"
	"testing"
)

func TestKaplanMeierRanges(t *testing.T) {
	// Worked by hand. 10 leads: closed after 5, 12, 12, 20 and 45 days;
	// open after 8, 25, 50, 70 and 95.
	//   day 5:  10 at risk, 1 closes: S = 9/10 = 0.9,
	//           Greenwood term d/(n(n−d)) = 1/(10·9) = 1/90
	//   day 8:  one leaves open, 8 at risk
	//   day 12: 8 at risk, 2 close: S = 0.9·6/8 = 0.675, term 2/(8·6) = 1/24
	//   day 20: 6 at risk, 1 closes: S = 0.675·5/6 = 0.5625, term 1/30
	//   day 25: one leaves open, 4 at risk
	//   day 45: 4 at risk, 1 closes: S = 0.5625·3/4 = 0.421875, term 1/12
	// By day 30: S = 0.5625, G = 1/90 + 1/24 + 1/30 = 31/360 = 0.0861111.
	//   log S = −0.5753641, √G = 0.2934469, so
	//   e = exp(1.959964·0.2934469/0.5753641) = exp(0.9996252) = 2.7172488
	//   S from S^e = 0.5625^2.7172488 = 0.2094212 to S^(1/e) = 0.8091709;
	//   closed 1 − S = 0.4375, from 0.1908291 to 0.7905788.
	// By day 60 (and 90, no closing between): S = 0.421875,
	//   G = 31/360 + 1/12 = 61/360 = 0.1694444, log S = −0.8630462,
	//   √G = 0.4116363, e = exp(0.9348326) = 2.5467534;
	//   closed 0.578125, from 1 − 0.421875^(1/e) = 0.2874327 to
	//   1 − 0.421875^e = 0.8889712.
	cs := []Closing{{5, true}, {8, false}, {12, true}, {12, true}, {20, true}, {25, false}, {45, true}, {50, false}, {70, false}, {95, false}}
	s := KaplanMeier(cs)
	want := map[int]Interval{
		30: {Value: 0.4375, Low: 0.1908291, High: 0.7905788, OK: true},
		60: {Value: 0.578125, Low: 0.2874327, High: 0.8889712, OK: true},
		90: {Value: 0.578125, Low: 0.2874327, High: 0.8889712, OK: true},
	}
	check := func(name string, s Survival, want map[int]Interval) {
		t.Helper()
		if len(s.ClosedByRange) != len(want) {
			t.Errorf("%s: ranges for %v, want %d days", name, s.ClosedByRange, len(want))
		}
		for day, w := range want {
			got, ok := s.ClosedByRange[day]
			if !ok || !got.OK {
				t.Errorf("%s: no range for day %d", name, day)
				continue
			}
			what := fmt.Sprintf("%s by day %d", name, day)
			near(t, what+" share", got.Value, w.Value, 1e-6)
			near(t, what+" low", got.Low, w.Low, 1e-6)
			near(t, what+" high", got.High, w.High, 1e-6)
			near(t, what+" against ClosedBy", got.Value, s.ClosedBy[day], 1e-12)
		}
	}
	check("ten leads", s, want)

	// None closed by day 30 among 5 leads open at day 40: 0 of 5, whose
	// exact upper limit is 1 − 0.025^(1/5) = 1 − 0.4781762 = 0.5218238.
	s = KaplanMeier([]Closing{{40, false}, {40, false}, {40, false}, {40, false}, {40, false}})
	check("none closed", s, map[int]Interval{30: {Value: 0, Low: 0, High: 0.5218238, OK: true}})

	// All closed by day 30: 3 leads closing after 5, 10 and 30 days. S
	// goes 2/3, 1/3, 0. The low end is the one by day 10: S = 1/3, G =
	// 1/(3·2) + 1/(2·1) = 2/3, log S = −1.0986123, √G = 0.8164966, e =
	// exp(1.4566346) = 4.2915989, low = 1 − (1/3)^(1/e) = 0.2258513.
	s = KaplanMeier([]Closing{{5, true}, {10, true}, {30, true}})
	check("all closed", s, map[int]Interval{30: {Value: 1, Low: 0.2258513, High: 1, OK: true}})

	// All 4 closed on one day: 4 of 4, exact lower limit 0.025^(1/4) =
	// 0.3976354.
	s = KaplanMeier([]Closing{{31, true}, {31, true}, {31, true}, {31, true}})
	check("all at once", s, map[int]Interval{30: {Value: 0, Low: 0, High: 1 - 0.3976354, OK: true}})
	s = KaplanMeier([]Closing{{30, true}, {30, true}, {30, true}, {30, true}})
	check("all at once by day 30", s, map[int]Interval{30: {Value: 1, Low: 0.3976354, High: 1, OK: true}})

	if s := KaplanMeier(nil); len(s.ClosedByRange) != 0 {
		t.Errorf("ranges from no leads: %v", s.ClosedByRange)
	}
}
