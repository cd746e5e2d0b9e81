// Package metrics turns a period's aggregates (data.Aggregates, read by the
// workspace in one snapshot) into the report model that the dashboard, the
// CLI, the JSON and CSV files, the workbook and the PDF all read: per
// channel spend, leads, buyers, lead-to-sale, sales and revenue by the
// evidence they rest on, order values, return on ad spend, days to close;
// sales of unknown source by place; digital against traditional order
// values; the comparison of two channels; and how sure each figure is.
//
// Every function here is pure: no SQL, no clock, no window. A figure
// counts only what its evidence supports: a sale traced to a lead counts
// under the lead's channel, a sale carrying its own tags under the channel
// they name (unless the workspace counts traced sales only), and a sale
// with neither is shown by where it was made, never folded into a channel.
package metrics

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/stats"
)

// Resamples is the number of bootstrap draws behind an interval.
const Resamples = 1000

// CohortDays is how long a lead is given to buy before it is judged: the
// lead-to-sale rate counts the leads at least this old at the end of the
// imported sales, and a buyer is one that bought within this many days.
const CohortDays = 30

// MinSide is the least number of sales each side needs before words name
// the side with the larger orders.
const MinSide = 5

// Part is the sales and revenue of one kind of evidence.
type Part struct {
	Sales   int
	Revenue int64
}

// ChannelReport is one row of the channel table: a channel, the sales of
// unknown source at one place (Channel.ID 0, Place set), the leads of no
// channel (Channel.ID 0, Place ""), or the period's total. Money is in minor
// units.
type ChannelReport struct {
	Channel data.Channel
	// Place is where the sales of unknown source in this row were made.
	Place string
	// Total marks the row of the whole period.
	Total bool
	// HasAds is true when ad reports cover the channel in the period; the
	// ad figures are zero and meaningless otherwise.
	HasAds              bool
	Spend               int64
	Impressions, Clicks int64
	Claims              Claims
	// Leads counts the leads created in the period. Mature are those that
	// have had CohortDays to buy by the end of the imported sales;
	// Maturing the rest, too recent to judge.
	Leads, Mature, Maturing int
	// Buyers are the mature leads that bought within CohortDays.
	Buyers     int
	LeadToSale stats.Interval // Buyers ÷ Mature
	// Traced are the period's sales traced to one of the channel's leads;
	// Tagged those carried by their own tags only.
	Traced, Tagged Part
	// Sales and Revenue are what the headline counts: Traced plus Tagged,
	// or Traced alone when the workspace counts traced sales only.
	Sales   int
	Revenue int64
	// Refunds is the money given back on the row's sales (counted like
	// Revenue): refunded on the order's own row or by a refund linked to
	// it, or a refund that matched no sale, on its own day.
	Refunds int64
	// NewBuyers is the number of different leads with a traced sale in
	// the period: the customers the channel brought, for cost per buyer.
	NewBuyers int
	// CostSpend, CostLeads, CostSales and CostBuyers are what cost per
	// lead, per sale and per buyer divide: the row's own spend, sales and new buyers; in the
	// total, those of the paid channels with spend, as in the headline
	// return on ad spend (a sale of unknown source has no cost to divide).
	CostSpend                        int64
	CostLeads, CostSales, CostBuyers int
	// quick marks a row of a quick report, whose new buyers are unknown.
	quick bool
	// OrderValues are the counted sales' amounts, in no set order.
	OrderValues []int64
	MedianOrder stats.Interval
	// ROAS is revenue ÷ spend with a bootstrap range over the orders; not
	// OK without spend. Payback says whether the range lies above or
	// below break-even. In the total row it is the headline figure (see
	// Headline).
	ROAS    stats.Interval
	Payback stats.Payback
	// Profit is revenue × gross margin − spend; ProfitOK is false without
	// a margin or without spend.
	Profit      int64
	ProfitOK    bool
	DaysToClose stats.Survival
	// Campaigns are the ad campaigns of the channel, with what leads and
	// sales that name them brought.
	Campaigns []CampaignReport
}

// Claims are the results an ad platform reports for itself: its
// conversions, their value, and where the report breaks them down, the
// purchases and lead-form leads among them.
type Claims struct {
	Conversions      float64
	Value            int64
	Purchases, Leads float64
}

func (c *Claims) add(x data.CampaignAds) {
	c.Conversions += x.Conversions
	c.Value += x.ConversionValue
	c.Purchases += x.Purchases
	c.Leads += x.Leads
}

// CampaignReport is one ad campaign's figures.
type CampaignReport struct {
	Platform, Campaign  string
	Spend               int64
	Impressions, Clicks int64
	Claims              Claims
	Leads               int
	Sales               int
	Revenue             int64
	ROAS                stats.Interval
}

// OriginReport sums the channels of one origin (digital or traditional),
// as the headline counts their sales.
type OriginReport struct {
	Origin      string
	Leads       int
	Mature      int
	Buyers      int
	LeadToSale  stats.Interval
	Sales       int
	Revenue     int64
	OrderValues []int64 // in no set order
	MedianOrder stats.Interval
	DaysToClose stats.Survival
}

// Side is one side of an order-value comparison.
type Side struct {
	Sales int
	// Mean is the average order (0 with no sales); Median the median
	// with its 95% range.
	Mean   float64
	Median stats.Interval
	// Values are the sales' amounts in minor units, ascending: only on
	// the traced gap over every place, the one the report draws.
	Values []int64
}

// The bases of an order-value gap.
const (
	// BasisTraced counts the sales traced to a lead, split by the lead's
	// origin: what a consultancy would measure.
	BasisTraced = "traced"
	// BasisAll counts every sale with a channel, traced or tagged, split
	// by its channel's origin.
	BasisAll = "all"
)

// Gap is digital − traditional order value.
type Gap struct {
	Basis string
	// Place limits the gap to the sales made at one place; "" for all.
	Place                string
	Digital, Traditional Side
	// Mean and Median are the differences (digital − traditional) with
	// bootstrap intervals; not OK when a side has no sales.
	Mean, Median stats.Interval
	// Larger names the side with the larger orders, "digital" or
	// "traditional", only when each side has MinSide sales and the
	// median difference's 95% range excludes zero; "" otherwise.
	Larger string
	// MoreDigital and MoreTraditional are how many more sales each side
	// would need to settle it at today's difference (MoreOK false when it
	// cannot be estimated: no difference at all, or a side with none).
	MoreDigital, MoreTraditional int
	MoreOK                       bool
}

// Headline is the period's return on ad spend: the revenue of the paid
// channels that have spend, over that spend.
type Headline struct {
	Spend   int64
	Revenue int64
	// Leads, Sales and NewBuyers are those of the same channels, for the
	// total's cost per lead, per sale and per buyer.
	Leads, Sales, NewBuyers int
	ROAS                    stats.Interval
	// BreakEven is the ROAS at which ads pay for themselves: 1 ÷ gross
	// margin, or 1 when no margin is set.
	BreakEven float64
	Payback   stats.Payback
	Profit    int64
	ProfitOK  bool
	// NoReport are the paid channels with sales but no ad spend in the
	// period: their revenue is left out, since their cost is unknown.
	NoReport []ChannelReport
}

// Comparison compares two channels: lead-to-sale (the verdict), cost per
// lead and return on ad spend, each with its range.
type Comparison struct {
	stats.Comparison
	IDs [2]int64
	// CostPerLead is spend ÷ leads with the range from the exact Poisson
	// interval of the leads; not OK without spend or leads.
	CostPerLead [2]stats.Interval
	ROAS        [2]stats.Interval
	// MoneyWords compares cost per lead and return on ad spend when both
	// channels have spend; "" otherwise.
	MoneyWords string
}

// WeekRevenue is one week's revenue per channel id (0: unknown source).
type WeekRevenue struct {
	Start   civil.Date // the Monday, or the period's first day
	Revenue map[int64]int64
}

// Report answers the owner's questions for one period.
type Report struct {
	Period   data.Period
	Currency string
	Model    data.Model
	Settings data.Settings
	// Summary holds the headline totals of the period and the one before.
	Summary data.Dashboard
	// DataEnd is the last day of the imported sales, against which leads
	// are judged.
	DataEnd civil.Date
	// Channels holds every channel with spend, leads or sales, in channel
	// order, then the leads of no channel (Channel.ID 0) if any.
	Channels []ChannelReport
	// Unknown holds the sales of unknown source, one row per place.
	Unknown []ChannelReport
	// Total is the whole period: every lead and every sale.
	Total    ChannelReport
	Origins  [2]OriginReport // digital, traditional
	Headline Headline
	// Gap is digital − traditional over sales traced to a lead; GapAll
	// over every sale with a channel; GapByPlace the traced gap within
	// each place where both sides sold.
	Gap, GapAll Gap
	GapByPlace  []Gap
	Compare     Comparison
	// ManyPairs warns about comparing many pairs; "" with few channels.
	ManyPairs string
	Weeks     []WeekRevenue
	// RefundLinks says how the refund rows counted in the period were
	// tied to their sales.
	RefundLinks data.RefundLinks
	// Quick marks a report worked out without the orders
	// (data.ReportOptions.Quick): the columns NeedsOrders names, the
	// headline return on ad spend, the campaigns, the order-value gaps, the
	// comparison card and the weeks are left out.
	Quick bool
	// Today and WeekStart are the days of LeadsToday and LeadsThisWeek
	// (leads per channel id, 0 for none): the period's last day unless
	// asked otherwise.
	Today, WeekStart civil.Date
	LeadsToday       map[int64]int
	LeadsThisWeek    map[int64]int
}

// Rows returns the channel table's rows: the channels, the sales of
// unknown source, then the total.
func (r Report) Rows() []ChannelReport {
	out := make([]ChannelReport, 0, len(r.Channels)+len(r.Unknown)+1)
	out = append(out, r.Channels...)
	out = append(out, r.Unknown...)
	return append(out, r.Total)
}

// Channel returns the figures of channel id, and false when the channel had
// nothing in the period.
func (r Report) Channel(id int64) (ChannelReport, bool) {
	for _, c := range r.Channels {
		if c.Channel.ID == id {
			return c, true
		}
	}
	return ChannelReport{}, false
}

// Name returns the row's name for people.
func (c ChannelReport) Name() string {
	switch {
	case c.Total:
		return "Total"
	case c.Channel.ID == 0 && c.Place != "":
		return data.UnknownName(c.Place)
	case c.Channel.ID == 0:
		return data.Unattributed
	}
	return c.Channel.Name
}

// Key returns the row's stable key: the channel's, "unknown_<place>",
// "unattributed" or "total".
func (c ChannelReport) Key() string {
	switch {
	case c.Total:
		return "total"
	case c.Channel.ID == 0 && c.Place != "":
		return "unknown_" + c.Place
	case c.Channel.ID == 0:
		return "unattributed"
	}
	return c.Channel.Key
}

// Origin returns the row's origin: digital, traditional, or "" for rows
// that are not a channel.
func (c ChannelReport) Origin() string {
	if c.Channel.ID == 0 || c.Total {
		return ""
	}
	return c.Channel.Origin
}

// SpendKnown reports whether the row's spend is known: a paid channel with
// no ad report has unknown spend, not zero.
func (c ChannelReport) SpendKnown() bool { return c.HasAds || c.Total || !c.Channel.Paid }

func ratio(num, den float64) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

// AOV returns the average order value in minor units: revenue ÷ sales.
func (c ChannelReport) AOV() (float64, bool) { return ratio(float64(c.Revenue), float64(c.Sales)) }

// CostPerLead returns spend ÷ leads in minor units with its range (from the
// exact Poisson interval of the number of leads); not OK without spend or
// leads.
func (c ChannelReport) CostPerLead() stats.Interval { return costPer(c.CostSpend, c.CostLeads) }

// CostPerSale returns spend ÷ counted sales, minor units.
func (c ChannelReport) CostPerSale() (float64, bool) {
	if c.CostSpend == 0 {
		return 0, false
	}
	return ratio(float64(c.CostSpend), float64(c.CostSales))
}

// CostPerBuyer returns spend ÷ the different leads with a traced sale in
// the period: what one new customer cost.
func (c ChannelReport) CostPerBuyer() (float64, bool) {
	if c.CostSpend == 0 || c.quick {
		return 0, false
	}
	return ratio(float64(c.CostSpend), float64(c.CostBuyers))
}

// CTR returns clicks ÷ impressions.
func (c ChannelReport) CTR() (float64, bool) {
	if !c.HasAds {
		return 0, false
	}
	return ratio(float64(c.Clicks), float64(c.Impressions))
}

// CPC returns spend ÷ clicks in minor units.
func (c ChannelReport) CPC() (float64, bool) {
	if !c.HasAds {
		return 0, false
	}
	return ratio(float64(c.Spend), float64(c.Clicks))
}

// AOV returns the origin's average order value in minor units.
func (o OriginReport) AOV() (float64, bool) { return ratio(float64(o.Revenue), float64(o.Sales)) }

func costPer(spend int64, n int) stats.Interval {
	if spend <= 0 || n <= 0 {
		return stats.Interval{}
	}
	lo, hi := stats.PoissonRange(n)
	s := float64(spend)
	return stats.Interval{Value: s / float64(n), Low: s / hi, High: s / lo, OK: true}
}

// Build computes the report from a.
func Build(a data.Aggregates) (Report, error) {
	o := a.Options
	p := o.Period
	set := a.Settings
	r := Report{Period: p, Currency: set.Currency, Model: o.Model, Settings: set, Summary: a.Summary,
		DataEnd: a.DataEnd, Today: o.Today, WeekStart: data.WeekStart(o.Today), RefundLinks: a.Refunds, Quick: o.Quick}
	chans := map[int64]data.Channel{}
	for _, c := range a.Channels {
		chans[c.ID] = c
	}
	pair, err := resolvePair(a.Channels, o.Compare)
	if err != nil {
		return r, err
	}
	comparable := pair[0].ID != 0 && pair[1].ID != 0

	byID := map[int64]*ChannelReport{}
	row := func(id int64) *ChannelReport {
		if c, ok := byID[id]; ok {
			return c
		}
		c := &ChannelReport{Channel: chans[id]}
		byID[id] = c
		return c
	}
	byPlace := map[string]*ChannelReport{}
	unknown := func(place string) *ChannelReport {
		if c, ok := byPlace[place]; ok {
			return c
		}
		c := &ChannelReport{Place: place}
		byPlace[place] = c
		return c
	}
	total := &r.Total
	total.Total = true
	counts := func(e data.Evidence) bool {
		return e == data.EvidenceLead || (e == data.EvidenceTag && !set.TracedOnly)
	}

	// Ads, and each channel's campaigns.
	campaigns := map[int64]map[string]*CampaignReport{}
	for _, x := range a.Ads {
		c := row(x.ChannelID)
		c.HasAds = true
		c.Spend += x.Spend
		c.Impressions += x.Impressions
		c.Clicks += x.Clicks
		c.Claims.add(x)
		total.Spend += x.Spend
		total.Impressions += x.Impressions
		total.Clicks += x.Clicks
		total.Claims.add(x)
		if x.Campaign == "" {
			continue
		}
		if campaigns[x.ChannelID] == nil {
			campaigns[x.ChannelID] = map[string]*CampaignReport{}
		}
		k := campaignKey(x.Campaign)
		cr := campaigns[x.ChannelID][k]
		if cr == nil {
			cr = &CampaignReport{Platform: x.Platform, Campaign: x.Campaign}
			campaigns[x.ChannelID][k] = cr
		}
		cr.Spend += x.Spend
		cr.Impressions += x.Impressions
		cr.Clicks += x.Clicks
		cr.Claims.add(x)
	}
	total.HasAds = len(a.Ads) > 0

	// Sales and revenue by evidence, and the weeks.
	weeks := map[civil.Date]*WeekRevenue{}
	for _, x := range a.SalesDays {
		total.Sales += x.Sales
		total.Revenue += x.Revenue
		total.Refunds += x.Refunds
		var c *ChannelReport
		switch x.Evidence {
		case data.EvidenceLead:
			c = row(x.ChannelID)
			c.Traced.Sales += x.Sales
			c.Traced.Revenue += x.Revenue
		case data.EvidenceTag:
			c = row(x.ChannelID)
			c.Tagged.Sales += x.Sales
			c.Tagged.Revenue += x.Revenue
		default:
			c = unknown(x.Place)
		}
		id := x.ChannelID
		if counts(x.Evidence) || x.Evidence == data.EvidenceUnknown {
			c.Sales += x.Sales
			c.Revenue += x.Revenue
			c.Refunds += x.Refunds
		} else {
			id = 0
		}
		start := data.WeekStart(x.Day)
		if start.Before(p.From) {
			start = p.From
		}
		wk := weeks[start]
		if wk == nil {
			wk = &WeekRevenue{Start: start, Revenue: map[int64]int64{}}
			weeks[start] = wk
		}
		wk.Revenue[id] += x.Revenue
	}
	for d := p.From; !d.After(p.To); d = data.WeekStart(d).AddDays(7) {
		wk := weeks[d]
		if wk == nil {
			wk = &WeekRevenue{Start: d, Revenue: map[int64]int64{}}
		}
		r.Weeks = append(r.Weeks, *wk)
	}

	// Orders: order values, new buyers, campaigns, and the gaps' samples.
	buyers := map[int64]map[int64]bool{}
	var traced, all [2][]float64
	tracedAt := map[string]*[2][]float64{}
	side := func(id int64) int {
		switch chans[id].Origin {
		case data.Digital:
			return 0
		case data.Traditional:
			return 1
		}
		return -1
	}
	type campaignSales struct {
		sales   int
		revenue int64
		orders  []float64
	}
	campaignOrders := map[int64]map[string]*campaignSales{}
	addCampaign := func(x data.Order) {
		name := campaignKey(a.Campaigns[x.CampaignIndex])
		if campaignOrders[x.ChannelID] == nil {
			campaignOrders[x.ChannelID] = map[string]*campaignSales{}
		}
		cs := campaignOrders[x.ChannelID][name]
		if cs == nil {
			cs = &campaignSales{}
			campaignOrders[x.ChannelID][name] = cs
		}
		cs.sales++
		cs.revenue += x.Amount
		cs.orders = append(cs.orders, float64(x.Amount))
	}
	total.OrderValues = make([]int64, 0, len(a.Orders))
	for _, x := range a.Orders {
		ev := x.Evidence()
		total.OrderValues = append(total.OrderValues, x.Amount)
		if x.LeadChannelID != 0 {
			if s := side(x.LeadChannelID); s >= 0 {
				traced[s] = append(traced[s], float64(x.Amount))
				t := tracedAt[x.Place()]
				if t == nil {
					t = &[2][]float64{}
					tracedAt[x.Place()] = t
				}
				t[s] = append(t[s], float64(x.Amount))
			}
		}
		if ev == data.EvidenceUnknown || x.ChannelID == 0 {
			u := unknown(x.Place())
			u.OrderValues = append(u.OrderValues, x.Amount)
			continue
		}
		c := row(x.ChannelID)
		if ev == data.EvidenceLead && x.LeadID != 0 {
			if buyers[x.ChannelID] == nil {
				buyers[x.ChannelID] = map[int64]bool{}
			}
			buyers[x.ChannelID][x.LeadID] = true
		}
		if !counts(ev) {
			continue
		}
		c.OrderValues = append(c.OrderValues, x.Amount)
		if s := side(x.ChannelID); s >= 0 {
			all[s] = append(all[s], float64(x.Amount))
		}
		if x.CampaignIndex != 0 {
			addCampaign(x)
		}
	}

	// The orders whose own tags name their campaign (Orders leaves it out).
	for _, x := range a.CampaignOrders {
		if x.ChannelID != 0 && x.CampaignIndex != 0 && counts(x.Evidence()) {
			addCampaign(x)
		}
	}

	// Leads: cohorts that have had time, and days to close.
	asOf := a.DataEnd
	if asOf.IsZero() {
		asOf = p.To
	}
	closings := map[int64][]stats.Closing{}
	var allClosings []stats.Closing
	campaignLeads := map[int64]map[string]int{}
	for _, l := range a.Leads {
		n := l.Leads()
		c := row(l.ChannelID)
		c.Leads += n
		total.Leads += n
		mature := !l.Day.AddDays(CohortDays).After(asOf)
		bought := !l.FirstSale.IsZero() && l.FirstSale.DaysSince(l.Day) <= CohortDays
		if mature {
			c.Mature += n
			total.Mature += n
			if bought {
				c.Buyers += n
				total.Buyers += n
			}
		} else {
			c.Maturing += n
			total.Maturing += n
		}
		cl := stats.Closing{Days: max(0, asOf.DaysSince(l.Day))}
		if !l.FirstSale.IsZero() && !l.FirstSale.After(asOf) {
			cl = stats.Closing{Days: max(0, l.FirstSale.DaysSince(l.Day)), Closed: true}
		}
		for range n {
			closings[l.ChannelID] = append(closings[l.ChannelID], cl)
			allClosings = append(allClosings, cl)
		}
		if l.Campaign != "" {
			if campaignLeads[l.ChannelID] == nil {
				campaignLeads[l.ChannelID] = map[string]int{}
			}
			campaignLeads[l.ChannelID][campaignKey(l.Campaign)] += n
		}
	}

	// Digital against traditional: the gaps' bootstraps need only the
	// order values gathered above, so they run on another core while the
	// channels are finished here.
	type gapSet struct {
		traced, all Gap
		byPlace     []Gap
	}
	gaps := make(chan gapSet, 1)
	if !o.Quick {
		go func() {
			var g gapSet
			g.traced = gap(BasisTraced, "", traced)
			g.all = gap(BasisAll, "", all)
			// Within each place, when the traced sales were made at more
			// than one (else the overall gap is the only one).
			if len(tracedAt) > 1 {
				for _, place := range placesOf(tracedAt) {
					t := tracedAt[place]
					if len(t[0]) > 0 && len(t[1]) > 0 {
						g.byPlace = append(g.byPlace, gap(BasisTraced, place, *t))
					}
				}
			}
			gaps <- g
		}()
	}

	// Per channel.
	margin, hasMargin := set.Margin()
	breakEven := 1.0
	if hasMargin {
		breakEven = 1 / margin
	}
	r.Headline.BreakEven = breakEven
	finish := func(c *ChannelReport, cls []stats.Closing) {
		c.quick = o.Quick
		c.LeadToSale = stats.Wilson(c.Buyers, c.Mature)
		c.DaysToClose = stats.KaplanMeier(cls)
		if c.Spend > 0 && !c.Total && hasMargin {
			c.Profit, c.ProfitOK = int64(float64(c.Revenue)*margin)-c.Spend, true
		}
		if o.Quick {
			return // the figures of the orders follow in the whole report
		}
		v := floats(c.OrderValues)
		c.MedianOrder = stats.Median(v, Resamples)
		if c.Spend > 0 && !c.Total {
			c.ROAS = stats.ROASRange(v, float64(c.Spend), Resamples)
			c.Payback = stats.PaybackOf(c.ROAS, breakEven)
		}
	}
	var origins [2]struct {
		closings []stats.Closing
	}
	for i, name := range []string{data.Digital, data.Traditional} {
		r.Origins[i].Origin = name
	}
	var paidOrders []float64
	for id, c := range byID {
		c.NewBuyers = len(buyers[id])
		c.CostSpend, c.CostLeads, c.CostSales, c.CostBuyers = c.Spend, c.Leads, c.Sales, c.NewBuyers
		finish(c, closings[id])
		if !o.Quick {
			c.Campaigns = campaignRows(campaigns[id], campaignLeads[id], func(k string) (int, int64, []float64) {
				if cs := campaignOrders[id][k]; cs != nil {
					return cs.sales, cs.revenue, cs.orders
				}
				return 0, 0, nil
			})
		}
		if id != 0 {
			if s := side(id); s >= 0 {
				org := &r.Origins[s]
				org.Leads += c.Leads
				org.Mature += c.Mature
				org.Buyers += c.Buyers
				org.Sales += c.Sales
				org.Revenue += c.Revenue
				org.OrderValues = append(org.OrderValues, c.OrderValues...)
				origins[s].closings = append(origins[s].closings, closings[id]...)
			}
			if c.Channel.Paid {
				switch {
				case c.Spend > 0:
					r.Headline.Spend += c.Spend
					r.Headline.Revenue += c.Revenue
					r.Headline.Leads += c.Leads
					r.Headline.Sales += c.Sales
					r.Headline.NewBuyers += c.NewBuyers
					paidOrders = append(paidOrders, floats(c.OrderValues)...)
				case c.Sales > 0:
					r.Headline.NoReport = append(r.Headline.NoReport, *c)
				}
			}
		}
		r.Channels = append(r.Channels, *c)
	}
	data.SortFigures(r.Channels, func(c ChannelReport) (data.Channel, string) { return c.Channel, c.Place })
	data.SortFigures(r.Headline.NoReport, func(c ChannelReport) (data.Channel, string) { return c.Channel, c.Place })
	for _, c := range byPlace {
		finish(c, nil)
		r.Unknown = append(r.Unknown, *c)
	}
	data.SortFigures(r.Unknown, func(c ChannelReport) (data.Channel, string) { return c.Channel, c.Place })
	for i := range r.Origins {
		org := &r.Origins[i]
		v := floats(org.OrderValues)
		org.LeadToSale = stats.Wilson(org.Buyers, org.Mature)
		if !o.Quick {
			org.MedianOrder = stats.Median(v, Resamples)
		}
		org.DaysToClose = stats.KaplanMeier(origins[i].closings)
	}

	// The total, and the headline return on ad spend.
	finish(total, allClosings)
	h := &r.Headline
	if h.Spend > 0 {
		if !o.Quick {
			h.ROAS = stats.ROASRange(paidOrders, float64(h.Spend), Resamples)
			h.Payback = stats.PaybackOf(h.ROAS, breakEven)
		}
		if hasMargin {
			h.Profit, h.ProfitOK = int64(float64(h.Revenue)*margin)-h.Spend, true
		}
	}
	total.ROAS, total.Payback, total.Profit, total.ProfitOK = h.ROAS, h.Payback, h.Profit, h.ProfitOK
	total.CostSpend, total.CostLeads, total.CostSales, total.CostBuyers = h.Spend, h.Leads, h.Sales, h.NewBuyers

	// Digital against traditional, worked out meanwhile.
	if o.Quick {
		r.Gap, r.GapAll = Gap{Basis: BasisTraced}, Gap{Basis: BasisAll}
	} else {
		g := <-gaps
		r.Gap, r.GapAll, r.GapByPlace = g.traced, g.all, g.byPlace
	}

	// The comparison card.
	if comparable {
		weeksLong := float64(p.Days()) / 7
		ca, cb := byID[pair[0].ID], byID[pair[1].ID]
		if ca == nil {
			ca = &ChannelReport{Channel: pair[0]}
		}
		if cb == nil {
			cb = &ChannelReport{Channel: pair[1]}
		}
		r.Compare = compare(ca, cb, set.SameBand(), weeksLong, r.Currency)
	} else {
		r.Compare.Verdict = stats.NotEnoughData
		r.Compare.Words = "There are no channels to compare yet."
	}
	judged := 0
	for _, c := range r.Channels {
		if c.Channel.ID != 0 && c.Mature > 0 {
			judged++
		}
	}
	r.ManyPairs = stats.ManyPairs(judged)

	// Leads today and this week.
	r.LeadsToday, r.LeadsThisWeek = map[int64]int{}, map[int64]int{}
	for _, x := range a.LeadDays {
		r.LeadsThisWeek[x.ChannelID] += x.Leads
		if x.Day == o.Today {
			r.LeadsToday[x.ChannelID] += x.Leads
		}
	}
	return r, nil
}

// campaignRows lists a channel's ad campaigns with the leads and counted
// sales that name them, the costliest first.
func campaignRows(ads map[string]*CampaignReport, leads map[string]int, sales func(string) (int, int64, []float64)) []CampaignReport {
	var out []CampaignReport
	for k, c := range ads {
		c.Leads = leads[k]
		var orders []float64
		c.Sales, c.Revenue, orders = sales(k)
		if c.Spend > 0 {
			c.ROAS = stats.ROASRange(orders, float64(c.Spend), Resamples)
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CampaignReport) int {
		if a.Spend != b.Spend {
			return int(b.Spend - a.Spend)
		}
		return strings.Compare(a.Campaign, b.Campaign)
	})
	return out
}

// gap compares the order values of the two sides (digital, traditional).
func gap(basis, place string, sides [2][]float64) Gap {
	g := Gap{Basis: basis, Place: place}
	drawn := basis == BasisTraced && place == ""
	mk := func(v []float64) Side {
		m, _ := stats.Mean(v)
		s := Side{Sales: len(v), Mean: m, Median: stats.Median(slices.Clone(v), Resamples)}
		if drawn {
			sorted := slices.Sorted(slices.Values(v))
			s.Values = make([]int64, len(sorted))
			for i, x := range sorted {
				s.Values[i] = int64(x)
			}
		}
		return s
	}
	g.Digital, g.Traditional = mk(sides[0]), mk(sides[1])
	g.Mean, g.Median = stats.DiffOfMeansAndMedians(sides[0], sides[1], Resamples)
	m := g.Median
	if m.OK && g.Digital.Sales >= MinSide && g.Traditional.Sales >= MinSide {
		switch {
		case m.Low > 0:
			g.Larger = data.Digital
		case m.High < 0:
			g.Larger = data.Traditional
		}
	}
	if g.Larger == "" {
		g.MoreDigital, g.MoreTraditional, g.MoreOK = stats.MoreToSettle(m, g.Digital.Sales, g.Traditional.Sales)
		if g.MoreOK {
			// Words name a side only with MinSide sales on each.
			g.MoreDigital = max(g.MoreDigital, MinSide-g.Digital.Sales)
			g.MoreTraditional = max(g.MoreTraditional, MinSide-g.Traditional.Sales)
		}
	}
	return g
}

// placesOf returns the places of m in the order of channel.Places.
func placesOf[T any](m map[string]T) []string {
	var out []string
	for p := range m {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b string) int { return placeRank(a) - placeRank(b) })
	return out
}

// compare fills the comparison card of channels a and b.
func compare(a, b *ChannelReport, band, weeks float64, cur string) Comparison {
	pace := func(c *ChannelReport) float64 {
		if weeks <= 0 {
			return 0
		}
		return float64(c.Leads) / weeks
	}
	c := Comparison{IDs: [2]int64{a.Channel.ID, b.Channel.ID}}
	c.Comparison = stats.CompareWith(a.Channel.Name, a.Buyers, a.Mature, b.Channel.Name, b.Buyers, b.Mature,
		stats.CompareOptions{Tolerance: band, PaceA: pace(a), PaceB: pace(b)})
	for i, x := range []*ChannelReport{a, b} {
		c.CostPerLead[i] = x.CostPerLead()
		c.ROAS[i] = x.ROAS
	}
	if a.Mature == 0 || b.Mature == 0 {
		var young []string
		for _, x := range []*ChannelReport{a, b} {
			if x.Mature == 0 && x.Maturing > 0 {
				young = append(young, fmt.Sprintf("%s's %d leads are all less than %d days old", x.Channel.Name, x.Maturing, CohortDays))
			}
		}
		if len(young) > 0 {
			c.Words = "Not enough data yet: " + strings.Join(young, " and ") + ", too recent to tell whether they buy. A longer period, or one that ended at least " +
				fmt.Sprint(CohortDays) + " days before your latest sales, can be compared."
		}
	}
	c.MoneyWords = moneyWords(c, cur)
	return c
}

// resolvePair finds the channels of a comparison by key or name. Without
// names it is Google Ads against Meta Ads, or nothing (zero channels) in a
// workspace that lacks them.
func resolvePair(channels []data.Channel, names [2]string) ([2]data.Channel, error) {
	if names[0] == "" && names[1] == "" {
		var out [2]data.Channel
		for i, k := range []string{"google_ads", "meta_ads"} {
			c, ok := data.FindChannel(channels, k)
			if !ok {
				return [2]data.Channel{}, nil
			}
			out[i] = c
		}
		return out, nil
	}
	var out [2]data.Channel
	for i, n := range names {
		c, ok := data.FindChannel(channels, n)
		if !ok {
			var known []string
			for _, ch := range channels {
				known = append(known, ch.Name)
			}
			return out, fmt.Errorf("%q does not name one channel to compare; the channels are: %s", n, strings.Join(known, ", "))
		}
		out[i] = c
	}
	return out, nil
}

func floats(v []int64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// Source reads the aggregates of a report: *data.Workspace.
type Source interface {
	Aggregates(ctx context.Context, o data.ReportOptions) (data.Aggregates, error)
}

// Compute reads the aggregates for o from src and builds the report.
func Compute(ctx context.Context, src Source, o data.ReportOptions) (Report, error) {
	a, err := src.Aggregates(ctx, o)
	if err != nil {
		return Report{}, err
	}
	return Build(a)
}
