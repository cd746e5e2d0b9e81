package metrics

import (
	"fmt"
	"math"
	"strings"
	"time"

	"lastmile/data"
	"lastmile/data/channel"
	"lastmile/data/money"
	"lastmile/data/stats"
)

func campaignKey(name string) string { return channel.CampaignKey(name) }

func placeRank(place string) int {
	for i, p := range channel.Places {
		if p == place {
			return i
		}
	}
	return len(channel.Places)
}

// whole writes minor units as whole money: "$1,234".
func whole(v float64, cur string) string { return money.FormatWhole(int64(math.Round(v)), cur) }

// RangeText writes a ROAS with its range: "1.3× (0.99–1.71×)".
func RangeText(i stats.Interval) string {
	if !i.OK {
		return "–"
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f×)", i.Value, i.Low, i.High)
}

// PaybackWords says whether a channel's (or the headline's) spend paid
// back, never more than the range supports.
func PaybackWords(name string, spend, revenue int64, roas stats.Interval, pb stats.Payback, breakEven float64, cur string) string {
	amount := func(v int64) string { return money.FormatWhole(v, cur) }
	be := "break-even (1.0×)"
	if breakEven != 1 {
		be = fmt.Sprintf("break-even at your gross margin (%.2f×)", breakEven)
	}
	base := fmt.Sprintf("%s spent %s for %s of sales, a return of %.2f× (likely %.2f–%.2f×)", name, amount(spend), amount(revenue), roas.Value, roas.Low, roas.High)
	switch pb {
	case stats.PaidBack:
		return base + ": it paid back, the whole range is above " + be + "."
	case stats.NotPaidBack:
		return base + ": it did not pay back, the whole range is below " + be + "."
	}
	return base + ": too early to say whether it paid back, since the range spans " + be + ". More sales would settle it."
}

// GapWords says how digital and traditional order values differ, naming a
// side only when Larger does.
func GapWords(g Gap, cur string) string {
	basis := "sales traced to a lead"
	if g.Basis == BasisAll {
		basis = "every sale with a channel"
	}
	if g.Place != "" {
		basis += ", " + channel.PlaceLabel(g.Place)
	}
	if !g.Median.OK {
		return fmt.Sprintf("Order values (%s): digital and traditional channels both need sales to be compared; digital has %d, traditional %d.",
			basis, g.Digital.Sales, g.Traditional.Sales)
	}
	d, t := g.Digital.Median.Value, g.Traditional.Median.Value
	m := g.Median
	switch g.Larger {
	case data.Traditional:
		return fmt.Sprintf("Order values (%s): traditional channels had the larger orders, a median of %s against %s for digital (%d and %d sales); the difference is %s to %s.",
			basis, whole(t, cur), whole(d, cur), g.Traditional.Sales, g.Digital.Sales, whole(-m.High, cur), whole(-m.Low, cur))
	case data.Digital:
		return fmt.Sprintf("Order values (%s): digital channels had the larger orders, a median of %s against %s for traditional (%d and %d sales); the difference is %s to %s.",
			basis, whole(d, cur), whole(t, cur), g.Digital.Sales, g.Traditional.Sales, whole(m.Low, cur), whole(m.High, cur))
	}
	out := fmt.Sprintf("Order values (%s): it cannot be told yet which side has the larger orders. Median %s digital (%d sales) against %s traditional (%d sales)",
		basis, whole(d, cur), g.Digital.Sales, whole(t, cur), g.Traditional.Sales)
	if m.Low > 0 || m.High < 0 {
		out += fmt.Sprintf(", but with fewer than %d sales on a side that difference says little yet.", MinSide)
	} else {
		out += fmt.Sprintf("; the difference could be anywhere from %s to %s.", signed(m.Low, cur), signed(m.High, cur))
	}
	var more []string
	if g.MoreOK && g.MoreDigital > 0 {
		more = append(more, fmt.Sprintf("%d more digital", g.MoreDigital))
	}
	if g.MoreOK && g.MoreTraditional > 0 {
		more = append(more, fmt.Sprintf("%d more traditional", g.MoreTraditional))
	}
	switch {
	case len(more) > 0:
		out += " About " + strings.Join(more, " and ") + " sales would settle it, if today's difference holds."
	case !g.MoreOK:
		out += " There is no sign of a difference yet."
	}
	return out
}

// signed writes a difference digital − traditional with its sign.
func signed(v float64, cur string) string {
	if v < 0 {
		return "−" + whole(-v, cur)
	}
	return "+" + whole(v, cur)
}

// MixWords says how much of the traced gap in average order is the mix of
// places (digital leads buying more often where orders are smaller) rather
// than a difference within the same kind of sale: the overall difference
// of means against the average of the within-place differences, weighted
// by the sales of each place. "" when no place has both sides.
func MixWords(r Report) string {
	g := r.Gap
	if !g.Mean.OK || len(r.GapByPlace) == 0 || g.Mean.Value == 0 {
		return ""
	}
	var within, weight float64
	var parts []string
	for _, p := range r.GapByPlace {
		n := float64(p.Digital.Sales + p.Traditional.Sales)
		within += n * p.Mean.Value
		weight += n
		parts = append(parts, fmt.Sprintf("%s %s", channel.PlaceLabel(p.Place), signed(p.Mean.Value, r.Currency)))
	}
	within /= weight
	share := 1 - within/g.Mean.Value
	out := fmt.Sprintf("Comparing like with like (%s), digital orders average %s against traditional ones, where over all traced sales they average %s",
		strings.Join(parts, ", "), signed(within, r.Currency), signed(g.Mean.Value, r.Currency))
	switch {
	case share >= 0.1 && share <= 1.5:
		out += fmt.Sprintf(": about %.0f%% of the overall gap comes from the mix of sale types, not from the orders themselves.", 100*math.Min(share, 1))
	case share < 0.1 && share > -0.1:
		out += ": the mix of sale types explains little of the gap."
	default:
		out += ": within the same kind of sale the gap is larger than overall."
	}
	return out
}

// moneyWords compares two channels' cost per lead and return on ad spend,
// with their ranges, when both have spend.
func moneyWords(c Comparison, cur string) string {
	a, b := c.A, c.B
	var out []string
	pa, pb := c.CostPerLead[0], c.CostPerLead[1]
	if pa.OK && pb.OK {
		s := fmt.Sprintf("Cost per lead: %s %s (likely %s–%s), %s %s (%s–%s)", a, whole(pa.Value, cur), whole(pa.Low, cur), whole(pa.High, cur),
			b, whole(pb.Value, cur), whole(pb.Low, cur), whole(pb.High, cur))
		switch {
		case pa.High < pb.Low:
			s += fmt.Sprintf(": leads from %s are clearly cheaper.", a)
		case pb.High < pa.Low:
			s += fmt.Sprintf(": leads from %s are clearly cheaper.", b)
		default:
			s += ": the ranges overlap, so neither is clearly cheaper yet."
		}
		out = append(out, s)
	}
	ra, rb := c.ROAS[0], c.ROAS[1]
	if ra.OK && rb.OK {
		s := fmt.Sprintf("Return on ad spend: %s %s, %s %s", a, RangeText(ra), b, RangeText(rb))
		switch {
		case ra.Low > rb.High:
			s += fmt.Sprintf(": %s clearly returns more.", a)
		case rb.Low > ra.High:
			s += fmt.Sprintf(": %s clearly returns more.", b)
		default:
			s += ": the ranges overlap, so neither clearly returns more yet."
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// MaturingWords says how many of the period's leads are too recent to
// judge, and what would let them be judged; "" when none is.
func MaturingWords(r Report) string {
	t := r.Total
	if t.Maturing == 0 {
		return ""
	}
	asOf := r.DataEnd.Time(time.UTC).Format("2 Jan 2006")
	if t.Mature == 0 {
		return fmt.Sprintf("None of this period's %d leads is %d days old yet at %s, the last day of your imported sales, so whether they buy cannot be told yet. Choose a longer period (such as the last 90 days), or one that ended at least %d days before your latest sales, to see which channels turn leads into buyers.",
			t.Leads, CohortDays, asOf, CohortDays)
	}
	return fmt.Sprintf("Still maturing: %d of this period's %d leads are less than %d days old at %s, the last day of your imported sales; they are left out of lead-to-sale until they have had the time to buy.",
		t.Maturing, t.Leads, CohortDays, asOf)
}

// RefundWords says how much was given back on the period's sales and how
// the refunds written apart from their sale (Square refunds, credit memos
// and notes) were tied to it; "" when there were no refunds.
func RefundWords(r Report) string {
	l := r.RefundLinks
	rows := l.ByID + l.ByCustomer + l.Unlinked
	if r.Total.Refunds == 0 && rows == 0 {
		return ""
	}
	out := fmt.Sprintf("Refunds: %s given back on this period's sales, each counted against the sale it returns, on that sale's day and in its channel.",
		whole(float64(r.Total.Refunds), r.Currency))
	if rows == 0 {
		return out
	}
	const byCustomer = "by customer only (the customer's latest earlier sale that covers it)"
	if rows == 1 {
		switch {
		case l.ByID == 1:
			return out + " The one refund written apart from its sale was matched to it by the sale's number."
		case l.ByCustomer == 1:
			return out + " The one refund written apart from its sale was matched to it " + byCustomer + "."
		}
		return out + fmt.Sprintf(" The one refund written apart from a sale matched no sale: %s, counted on its own day; import the file with its sale to move it there.",
			whole(float64(l.UnlinkedAmount), r.Currency))
	}
	matched := func(k int) string {
		if k == 1 {
			return "1 matched its sale"
		}
		return fmt.Sprintf("%d matched their sale", k)
	}
	var how []string
	if l.ByID > 0 {
		how = append(how, matched(l.ByID)+" by the sale's number")
	}
	if l.ByCustomer > 0 {
		how = append(how, matched(l.ByCustomer)+" "+byCustomer)
	}
	if l.Unlinked > 0 {
		how = append(how, fmt.Sprintf("%d matched no sale (%s, counted on their own day; import the files with their sales to move them there)",
			l.Unlinked, whole(float64(l.UnlinkedAmount), r.Currency)))
	}
	return out + fmt.Sprintf(" Of the %d refunds written apart from their sale, ", rows) + joinList(how) + "."
}

// joinList writes "A, B and C".
func joinList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
