package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"lastmile/data"
	"lastmile/data/money"
	"lastmile/data/stats"
)

// Summary writes the report's opening paragraph in plain words from its
// figures. It claims a difference between channels only when the
// statistics support one, and says "not enough data yet" when they do not.
func Summary(r data.Report) string {
	cur := r.Currency
	amount := func(minor int64) string { return brief(minor, cur) }
	var out []string
	t := r.Totals
	if t.Leads == 0 && t.Sales == 0 && t.Spend == 0 {
		return fmt.Sprintf("Nothing was imported for %s: no ad spend, leads or sales.", r.Period)
	}
	out = append(out, fmt.Sprintf("In %s, %s came in and %s brought %s, net of refunds.",
		r.Period, plural(t.Leads, "lead", "leads"), plural(t.Sales, "sale", "sales"), amount(t.Revenue)))

	// The channel that brought the most leads, and its traced sales.
	most := 0
	for _, c := range r.Channels {
		if c.Channel.ID != 0 {
			most = max(most, c.Leads)
		}
	}
	var best []data.ChannelReport
	for _, c := range r.Channels {
		if c.Channel.ID != 0 && most > 0 && c.Leads == most {
			best = append(best, c)
		}
	}
	switch {
	case len(best) == 1:
		out = append(out, fmt.Sprintf("%s brought the most leads (%d) and %s of traced sales.", best[0].Channel.Name, most, amount(best[0].Revenue)))
	case len(best) > 1:
		var names []string
		for _, c := range best {
			names = append(names, c.Channel.Name)
		}
		out = append(out, fmt.Sprintf("%s brought the most leads, %d each.", joinAnd(names), most))
	}

	// Whether the paid channels paid back, the biggest spenders first.
	var paid []data.ChannelReport
	for _, c := range r.Channels {
		if c.Spend > 0 {
			paid = append(paid, c)
		}
	}
	sort.SliceStable(paid, func(i, j int) bool { return paid[i].Spend > paid[j].Spend })
	for i, c := range paid {
		if i == 3 {
			break
		}
		roas, _ := c.ROAS()
		switch {
		case roas >= 1:
			out = append(out, fmt.Sprintf("%s spent %s for %s of traced sales (%.1f×): it paid back.", c.Channel.Name, amount(c.Spend), amount(c.Revenue), roas))
		default:
			out = append(out, fmt.Sprintf("%s spent %s for %s of traced sales: it did not pay back this period.", c.Channel.Name, amount(c.Spend), amount(c.Revenue)))
		}
	}

	out = append(out, comparisonSentence(r.Compare))

	// Order value by origin, only when the difference is clear.
	if s := orderValueSentence(r); s != "" {
		out = append(out, s)
	}
	for _, c := range r.Channels {
		if c.Channel.ID == 0 && c.Sales > 0 {
			out = append(out, fmt.Sprintf("%s (%s) could not be traced to a channel.", plural(c.Sales, "sale", "sales"), amount(c.Revenue)))
		}
	}
	return strings.Join(out, " ")
}

// comparisonSentence says the comparison's verdict, never more than it
// supports.
func comparisonSentence(c stats.Comparison) string {
	pct := func(i stats.Interval) string { return fmt.Sprintf("%.0f%%", 100*i.Value) }
	switch c.Verdict {
	case stats.ClearlyA:
		return fmt.Sprintf("%s turns more of its leads into buyers than %s (%s against %s), and the difference is clear.", c.A, c.B, pct(c.RateA), pct(c.RateB))
	case stats.ClearlyB:
		return fmt.Sprintf("%s turns more of its leads into buyers than %s (%s against %s), and the difference is clear.", c.B, c.A, pct(c.RateB), pct(c.RateA))
	case stats.LeaningA:
		return fmt.Sprintf("%s may turn more of its leads into buyers than %s (%s against %s), but there is not yet enough data to be sure.", c.A, c.B, pct(c.RateA), pct(c.RateB))
	case stats.LeaningB:
		return fmt.Sprintf("%s may turn more of its leads into buyers than %s (%s against %s), but there is not yet enough data to be sure.", c.B, c.A, pct(c.RateB), pct(c.RateA))
	case stats.NoDifference:
		return fmt.Sprintf("%s and %s turn their leads into buyers at about the same rate (%s and %s).", c.A, c.B, pct(c.RateA), pct(c.RateB))
	}
	if c.NA == 0 || c.NB == 0 {
		return fmt.Sprintf("%s and %s cannot be compared yet: one of them had no leads in this period.", c.A, c.B)
	}
	return fmt.Sprintf("There is not enough data yet to say whether %s or %s turns more leads into buyers.", c.A, c.B)
}

// orderValueSentence compares digital and traditional order values when
// the median's range leaves no doubt about the direction.
func orderValueSentence(r data.Report) string {
	g := r.OrderValueGap.Median
	if !g.OK {
		return ""
	}
	// A handful of sales on a side says nothing about the next ones.
	if r.Origins[0].Sales < stats.MinEach || r.Origins[1].Sales < stats.MinEach {
		return "Digital and traditional channels' order values cannot be told apart yet: one of them has too few sales in this period."
	}
	dig, trad := r.Origins[0].MedianOrder, r.Origins[1].MedianOrder
	cur := r.Currency
	f := func(v float64) string { return money.FormatWhole(int64(math.Round(v)), cur) }
	switch {
	case g.High < 0:
		return fmt.Sprintf("Sales from traditional channels (trade shows, referrals, phone, walk-ins) had the larger orders: a median of %s against %s for digital ones.", f(trad.Value), f(dig.Value))
	case g.Low > 0:
		return fmt.Sprintf("Sales from digital channels had the larger orders: a median of %s against %s for traditional ones.", f(dig.Value), f(trad.Value))
	}
	return "Digital and traditional channels' order values cannot be told apart yet."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return money.Count(int64(n)) + " " + many
}

// brief writes an amount the way people say it: "$950", "$8.4k", "$1.2M".
func brief(minor int64, cur string) string {
	major := money.ToMajor(minor, cur)
	if math.Abs(major) < 1000 {
		return money.FormatWhole(minor, cur)
	}
	return money.Compact(major, cur)
}

// HowMade says in a few sentences how the report's numbers were made: the
// attribution model, the matching rules and what each figure means.
func HowMade(r data.Report, windowDays int) string {
	m := "first touch: a sale counts under the channel of the lead it was matched to; a sale with no lead counts under its own source (such as the UTM tags of a web order), else as Unattributed"
	if r.Model == data.LastTouch {
		m = "last touch: a sale counts under its own source when it has one (such as the UTM tags of a web order), else under its lead's channel, else as Unattributed"
	}
	return fmt.Sprintf("Sales are counted by %s. Each sale was matched to a lead by, strongest first: the same order number, ad click id, email, phone, then name or company when exactly one lead has it; the lead must have come in before the sale (one day of slack) and within %d days of it. "+
		"Revenue is what customers paid, net of refunds; a refund is not a sale. Return on ad spend is revenue ÷ ad spend (in the headline figures: the revenue of paid channels ÷ all ad spend). "+
		"Lead-to-sale is the share of the period's leads that bought in it, with the range where the true rate most likely lies (95%%, Wilson). Days to close is the median for the leads that bought. "+
		"Platform claims are the conversions the ad platforms report for themselves, which usually count more than the sales that can be traced. Money is in %s.", m, windowDays, r.Currency)
}

// joinAnd writes "A, B and C".
func joinAnd(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// titleCase writes a word with a capital: "digital" → "Digital".
func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
