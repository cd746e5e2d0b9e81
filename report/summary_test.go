package report

import (
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/stats"
)

func summaryReport(kA, nA, kB, nB int) data.Report {
	g := data.Channel{ID: 1, Name: "Google Ads", Paid: true, Origin: "digital"}
	m := data.Channel{ID: 3, Name: "Meta Ads", Paid: true, Origin: "digital"}
	r := data.Report{
		Period:   data.Period{From: civil.MustParse("2026-01-01"), To: civil.MustParse("2026-03-31")},
		Currency: "USD",
		Channels: []data.ChannelReport{
			{Channel: g, Spend: 310000, Leads: nA, Buyers: kA, Sales: kA, Revenue: 220000},
			{Channel: m, Spend: 150000, Leads: nB, Buyers: kB, Sales: kB, Revenue: 840000},
			{Channel: data.Channel{Name: data.Unattributed}, Sales: 4, Revenue: 51000},
		},
		Totals:  data.ReportTotals{Spend: 460000, Leads: nA + nB, Buyers: kA + kB, Sales: kA + kB + 4, Revenue: 1111000},
		Compare: stats.Compare("Google Ads", kA, nA, "Meta Ads", kB, nB),
	}
	return r
}

func TestSummaryFollowsTheVerdict(t *testing.T) {
	cases := []struct {
		name           string
		kA, nA, kB, nB int
		want, notWant  []string
	}{
		{"clear winner", 120, 800, 40, 700,
			[]string{"Google Ads turns more of its leads into buyers than Meta Ads (15% against 6%), and the difference is clear."},
			[]string{"not enough data", "may turn"}},
		{"tie", 1000, 10000, 1010, 10000,
			[]string{"turn their leads into buyers at about the same rate"},
			[]string{"turns more", "not enough data"}},
		{"too little data", 3, 10, 1, 10,
			[]string{"There is not enough data yet to say whether Google Ads or Meta Ads turns more leads into buyers."},
			[]string{"turns more of its leads", "the difference is clear"}},
	}
	for _, c := range cases {
		s := Summary(summaryReport(c.kA, c.nA, c.kB, c.nB))
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: summary lacks %q:\n%s", c.name, w, s)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(s, w) {
				t.Errorf("%s: summary claims %q:\n%s", c.name, w, s)
			}
		}
	}
	// Pay-back follows return on ad spend: Google $3.1k for $2.2k did not,
	// Meta $1.5k for $8.4k did.
	s := Summary(summaryReport(3, 10, 1, 10))
	for _, w := range []string{"Google Ads spent $3.1k for $2.2k of traced sales: it did not pay back this period.",
		"Meta Ads spent $1.5k for $8.4k of traced sales (5.6×): it paid back.",
		"4 sales ($510) could not be traced to a channel.",
		"In 1 Jan – 31 Mar 2026, 20 leads came in and 8 sales brought $11k, net of refunds."} {
		if !strings.Contains(s, w) {
			t.Errorf("summary lacks %q:\n%s", w, s)
		}
	}
	if s := Summary(data.Report{Period: summaryReport(1, 1, 1, 1).Period, Currency: "USD"}); !strings.Contains(s, "Nothing was imported") {
		t.Errorf("empty: %s", s)
	}
}

func TestSampleKeepsTheEnds(t *testing.T) {
	v := make([]int64, 12345)
	for i := range v {
		v[i] = int64(i)
	}
	s := sample(v, 100)
	if len(s) != 100 || s[0] != 0 || s[99] != 12344 {
		t.Errorf("sample %d values from %d to %d", len(s), s[0], s[len(s)-1])
	}
	if got := sample(v[:50], 100); len(got) != 50 {
		t.Errorf("a short list was changed: %d", len(got))
	}
}

func TestSummaryNeedsEnoughOrdersAndNamesTies(t *testing.T) {
	r := summaryReport(3, 10, 1, 10)
	r.Channels[1].Leads = 10
	r.Origins[0] = data.OriginReport{Origin: data.Digital, Sales: 1, OrderValues: []int64{10000}}
	r.Origins[1] = data.OriginReport{Origin: data.Traditional, Sales: 1, OrderValues: []int64{40000}}
	r.OrderValueGap.Median = stats.Interval{Value: -30000, Low: -30000, High: -30000, OK: true}
	s := Summary(r)
	if strings.Contains(s, "had the larger orders") || !strings.Contains(s, "cannot be told apart yet") {
		t.Errorf("one sale a side: %s", s)
	}
	if !strings.Contains(s, "Google Ads and Meta Ads brought the most leads, 10 each.") {
		t.Errorf("tie: %s", s)
	}
}
