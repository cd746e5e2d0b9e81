package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"lastmile/data"
	"lastmile/data/channel"
	"lastmile/data/metrics"
	"lastmile/data/money"
	"lastmile/data/stats"
)

// Summary writes the report's opening paragraph in plain words from its
// figures. It claims a difference (between channels, between digital and
// traditional orders, paid back or not) only when the figure's range
// supports it, and says what cannot be told yet otherwise.
func Summary(r metrics.Report) string {
	cur := r.Currency
	amount := func(minor int64) string { return brief(minor, cur) }
	var out []string
	t := r.Total
	if t.Leads == 0 && t.Sales == 0 && t.Spend == 0 {
		return fmt.Sprintf("Nothing was imported for %s: no ad spend, leads or sales.", r.Period)
	}
	refunds := ", net of refunds"
	if t.Refunds > 0 {
		refunds = fmt.Sprintf(" after %s of refunds", amount(t.Refunds))
	}
	out = append(out, fmt.Sprintf("In %s, %s came in and %s brought %s%s.",
		r.Period, plural(t.Leads, "lead", "leads"), plural(t.Sales, "sale", "sales"), amount(t.Revenue), refunds))

	// The channel that brought the most leads, and its sales.
	most := 0
	for _, c := range r.Channels {
		if c.Channel.ID != 0 {
			most = max(most, c.Leads)
		}
	}
	var best []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.Channel.ID != 0 && most > 0 && c.Leads == most {
			best = append(best, c)
		}
	}
	switch {
	case len(best) == 1:
		out = append(out, fmt.Sprintf("%s brought the most leads (%d) and %s of sales.", best[0].Channel.Name, most, amount(best[0].Revenue)))
	case len(best) > 1:
		var names []string
		for _, c := range best {
			names = append(names, c.Channel.Name)
		}
		out = append(out, fmt.Sprintf("%s brought the most leads, %d each.", joinAnd(names), most))
	}

	out = append(out, headlineBrief(r)...)

	out = append(out, comparisonSentence(r.Compare.Comparison))
	out = append(out, metrics.GapWords(r.Gap, cur))
	if s := unknownSentence(r); s != "" {
		out = append(out, s)
	}
	if m := metrics.MaturingWords(r); m != "" {
		out = append(out, m)
	}
	return strings.Join(out, " ")
}

// HeadlineWords says what the headline return on ad spend counts, with
// its range, and names the paid channels left out for want of an ad
// report.
func HeadlineWords(r metrics.Report) string {
	cur := r.Currency
	h := r.Headline
	var out []string
	if h.ROAS.OK {
		out = append(out, metrics.PaybackWords("Together, the paid channels with an ad report", h.Spend, h.Revenue, h.ROAS, h.Payback, h.BreakEven, cur))
	}
	for _, c := range h.NoReport {
		out = append(out, fmt.Sprintf("%s: %s of sales, no ad report imported, so not in the return on ad spend.", c.Channel.Name, money.FormatWhole(c.Revenue, cur)))
	}
	return strings.Join(out, " ")
}

// headlineBrief says the headline return on ad spend and, channel by
// channel, whether the ads paid back, in as few words as the ranges allow:
// a channel is said to have paid back (or not) only when its whole range is
// above (or below) break-even.
func headlineBrief(r metrics.Report) []string {
	cur := r.Currency
	h := r.Headline
	var out []string
	be := ""
	if h.BreakEven != 1 {
		be = fmt.Sprintf(" (break-even at your gross margin: %.2f×)", h.BreakEven)
	}
	if h.ROAS.OK {
		verdict := map[stats.Payback]string{stats.PaidBack: "they paid back", stats.NotPaidBack: "they did not pay back"}[h.Payback]
		if verdict == "" {
			verdict = "too early to say whether they paid back"
		}
		out = append(out, fmt.Sprintf("The paid channels with an ad report returned %.2f× their %s of ad spend (likely %.2f–%.2f×)%s: %s.",
			h.ROAS.Value, brief(h.Spend, cur), h.ROAS.Low, h.ROAS.High, be, verdict))
	}
	if len(h.NoReport) > 0 {
		var left []string
		for i, c := range h.NoReport {
			of := ""
			if i == 0 {
				of = " of sales"
			}
			left = append(left, fmt.Sprintf("%s (%s%s)", c.Channel.Name, money.FormatWhole(c.Revenue, cur), of))
		}
		out = append(out, "Left out for want of an ad report: "+joinAnd(left)+".")
	}
	// Each paid channel with spend, the biggest spenders first, grouped
	// by what its range allows.
	var paid []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.ROAS.OK {
			paid = append(paid, c)
		}
	}
	sort.SliceStable(paid, func(i, j int) bool { return paid[i].Spend > paid[j].Spend })
	groups := map[stats.Payback][]string{}
	for _, c := range paid {
		groups[c.Payback] = append(groups[c.Payback], fmt.Sprintf("%s (%.2f×, likely %.2f–%.2f×)", c.Channel.Name, c.ROAS.Value, c.ROAS.Low, c.ROAS.High))
	}
	if g := groups[stats.PaidBack]; len(g) > 0 {
		out = append(out, titleCase(joinAnd(g))+" paid back.")
	}
	if g := groups[stats.NotPaidBack]; len(g) > 0 {
		out = append(out, titleCase(joinAnd(g))+" did not pay back.")
	}
	if g := groups[stats.TooEarly]; len(g) > 0 {
		out = append(out, "Too early to say for "+joinAnd(g)+".")
	}
	return out
}

// unknownSentence says how many sales could not be traced to any channel,
// by place.
func unknownSentence(r metrics.Report) string {
	if len(r.Unknown) == 0 {
		return ""
	}
	var n int
	var rev int64
	var parts []string
	for _, u := range r.Unknown {
		n += u.Sales
		rev += u.Revenue
		parts = append(parts, fmt.Sprintf("%s %d (%s)", channel.PlaceLabel(u.Place), u.Sales, money.FormatWhole(u.Revenue, r.Currency)))
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%s) have no lead and no tag, so their source is unknown and they count under no channel: %s.",
		plural(n, "sale", "sales"), brief(rev, r.Currency), strings.Join(parts, ", "))
}

// TableNotes explains the channel table's money columns.
func TableNotes(r metrics.Report) string {
	tagged := "Tagged sales count in a channel's sales and revenue"
	if r.Settings.TracedOnly {
		tagged = "Tagged sales are shown but not counted in a channel's sales and revenue (Workspace settings)"
	}
	return "Traced: sales matched to one of the channel's leads. Tagged: sales with no lead that carry the channel's own tags (UTM, click id). " + tagged +
		". Source unknown: sales with neither, by where they were made. Return on ad spend is revenue ÷ ad spend, with the range from resampling the orders; in the total, the paid channels with an ad report only. “No report”: a paid channel with no imported ad report, so its spend is unknown. Cost per buyer: ad spend ÷ the different leads with a traced sale."
}

// ClaimsText says what an ad platform claims for a channel, in its own
// words: "57 results: 27 purchases, 30 leads, $4,727" where the report
// breaks its results down, "10 leads" where it reports only leads.
func ClaimsText(c metrics.ChannelReport, cur string) string {
	if !c.HasAds {
		return "–"
	}
	cl := c.Claims
	num := func(v float64, one, many string) string {
		n := strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
		if n == "1" {
			return n + " " + one
		}
		return n + " " + many
	}
	var parts []string
	if cl.Purchases > 0 {
		parts = append(parts, num(cl.Purchases, "purchase", "purchases"))
	}
	if cl.Leads > 0 {
		parts = append(parts, num(cl.Leads, "lead", "leads"))
	}
	var out string
	switch {
	case cl.Conversions > 0 && len(parts) > 0 && math.Abs(cl.Purchases+cl.Leads-cl.Conversions) > 0.05:
		out = num(cl.Conversions, "result", "results") + ": " + strings.Join(parts, ", ") + " among them"
	case cl.Conversions > 0 && len(parts) > 0:
		out = num(cl.Conversions, "result", "results") + ": " + strings.Join(parts, ", ")
	case len(parts) > 0:
		out = strings.Join(parts, ", ")
	case cl.Conversions > 0:
		out = num(cl.Conversions, "result", "results")
	case cl.Value == 0:
		return "none reported"
	}
	if cl.Value != 0 {
		if out != "" {
			out += "; "
		}
		out += money.FormatWhole(cl.Value, cur) + " claimed"
	}
	return out
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
		return fmt.Sprintf("%s may turn more of its leads into buyers than %s (%s against %s), but that could still be chance.", c.A, c.B, pct(c.RateA), pct(c.RateB))
	case stats.LeaningB:
		return fmt.Sprintf("%s may turn more of its leads into buyers than %s (%s against %s), but that could still be chance.", c.B, c.A, pct(c.RateB), pct(c.RateA))
	case stats.AboutTheSame:
		return fmt.Sprintf("%s and %s turn their leads into buyers at about the same rate (%s and %s; the true gap is within %.0f points).", c.A, c.B, pct(c.RateA), pct(c.RateB), 100*c.Tolerance)
	}
	if c.NA == 0 || c.NB == 0 {
		return fmt.Sprintf("%s and %s cannot be compared yet: one of them has no leads old enough to judge.", c.A, c.B)
	}
	return fmt.Sprintf("There is not enough data yet to say whether %s or %s turns more leads into buyers.", c.A, c.B)
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
// attribution model, the evidence, the matching rules and what each figure
// means.
func HowMade(r metrics.Report, windowDays int) string {
	m := "first touch: a sale counts under the channel of the lead it was matched to (traced); a sale with no lead under the channel its own tags name, such as the UTM tags of a web order (tagged)"
	if r.Model == data.LastTouch {
		m = "last touch: a sale counts under the channel its own tags name when it has them (tagged), else under its lead's channel (traced)"
	}
	tagged := "Tagged sales count in a channel's figures, shown apart from traced ones."
	if r.Settings.TracedOnly {
		tagged = "Only traced sales count in a channel's figures; tagged ones are shown apart (Workspace settings)."
	}
	margin := "No gross margin is set, so break-even is 1.0× (revenue equal to ad spend); set the margin in Workspace settings to judge profit."
	if mg, ok := r.Settings.Margin(); ok {
		margin = fmt.Sprintf("With the gross margin of %.0f%% (Workspace settings), break-even is %.2f× and profit after ads is revenue × margin − ad spend.", 100*mg, 1/mg)
	}
	return fmt.Sprintf("Sales are counted by %s. %s A sale with neither a lead nor a tag — a card payment at the till, an invoice, a phone order — has an unknown source: it counts in the totals and is shown by where it was made, never in a channel. "+
		"Each sale was matched to a lead by, strongest first: the same order number, ad click id, email, phone, then name or company when exactly one lead has it; the lead must have come in before the sale (one day of slack) and within %d days of it. "+
		"Revenue is what customers kept: a refund counts against the sale it returns, on that sale's day and in its channel, whether the file writes it on the order (Shopify, Stripe, WooCommerce) or apart (a Square refund, found by its transaction id; a QuickBooks credit memo or Xero credit note, which names only a customer, against that customer's latest earlier sale that covers it); a refund that matches no sale counts on its own day. So a period's revenue can fall when a later refund is imported. A refund is not a sale. Return on ad spend is revenue ÷ ad spend, with the range from resampling the orders (95%%); in the headline it covers only the paid channels with an ad report, since a channel without one would add sales without their cost. "+
		"A channel paid back only when its whole range is above break-even, and did not when the whole range is below; otherwise it is too early to say. %s "+
		"Lead-to-sale counts only the leads at least %d days old at the last day of the imported sales (%s): the share that bought within %d days, with the range where the true rate most likely lies (95%%, Wilson). Younger leads are shown as too recent to judge. "+
		"Two channels are called clearly different only when the 95%% range of the difference excludes zero and the chance one is better is at least 99 in 100; about the same when the range lies within %.0f points. "+
		"Digital and traditional order values are compared over the sales traced to a lead, by the lead's origin. "+
		"Platform claims are the results the ad platforms report for themselves, which usually count more than the sales that can be traced. Money is in %s.",
		m, tagged, windowDays, margin, metrics.CohortDays, r.DataEnd, metrics.CohortDays, 100*r.Settings.SameBand(), r.Currency)
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
