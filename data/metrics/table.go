package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"lastmile/data/money"
	"lastmile/data/stats"
)

// Format says how a column's values are written.
type Format int

// The formats of a column.
const (
	FormatText    Format = iota
	FormatBool           // yes or no
	FormatCount          // a whole number
	FormatMoney          // minor units, written whole in tables
	FormatCents          // minor units, written with cents (cost per click)
	FormatPercent        // a fraction, written as a percentage
	FormatRatio          // a multiple, such as return on ad spend
	FormatDays           // days, one decimal
	FormatDecimal        // a number with one decimal
)

// Value is one cell of the channel table.
type Value struct {
	Num float64
	// Low and High hold the 95% range when Ranged.
	Low, High float64
	Ranged    bool
	// OK is false when there is no figure: written "–" (or Text) for
	// people, null in JSON, empty in CSV.
	OK bool
	// Text is the value of a text column, or what to write for people
	// when !OK ("no report").
	Text string
	// Code is the value of a text column for machines (JSON, CSV) when it
	// differs from Text: "paid_back" for "paid back".
	Code string
}

// Column is one column of the channel table: every screen and file that
// shows the table reads these, so they show the same figures under the same
// names.
type Column struct {
	// Key names the column in JSON and CSV; a ranged column also writes
	// Key_low and Key_high.
	Key string
	// Header names it for people.
	Header string
	// Help says in one sentence what it counts.
	Help   string
	Format Format
	Ranged bool
	// Orders marks the columns worked out from each order's amount, which
	// a quick report (Report.Quick) leaves out.
	Orders bool
	Value  func(c ChannelReport) Value
}

func num(v float64, ok bool) Value { return Value{Num: v, OK: ok} }

func count(n int) Value { return Value{Num: float64(n), OK: true} }

func ranged(i stats.Interval) Value {
	return Value{Num: i.Value, Low: i.Low, High: i.High, Ranged: true, OK: i.OK}
}

func text(s string) Value { return Value{Text: s, OK: true} }

// channelOnly blanks a value for the rows that are not a channel.
func channelOnly(f func(c ChannelReport) Value) func(c ChannelReport) Value {
	return func(c ChannelReport) Value {
		if c.Total || c.Channel.ID == 0 {
			return Value{}
		}
		return f(c)
	}
}

// Columns are the channel table's columns, in the order files write them.
var Columns = []Column{
	{Key: "channel", Header: "Channel", Format: FormatText, Value: func(c ChannelReport) Value { return text(c.Name()) }},
	{Key: "key", Header: "Key", Format: FormatText, Value: func(c ChannelReport) Value { return text(c.Key()) }},
	{Key: "group", Header: "Group", Format: FormatText, Value: func(c ChannelReport) Value { return text(c.Channel.Group) }},
	{Key: "origin", Header: "Origin", Format: FormatText, Value: func(c ChannelReport) Value { return text(c.Origin()) }},
	{Key: "paid", Header: "Paid", Format: FormatBool, Value: func(c ChannelReport) Value {
		return Value{OK: true, Num: b2f(c.Channel.Paid && c.Channel.ID != 0)}
	}},
	{Key: "place", Header: "Place", Help: "Where the sales of unknown source in this row were made.", Format: FormatText,
		Value: func(c ChannelReport) Value { return text(c.Place) }},
	{Key: "spend", Header: "Ad spend", Help: "What the ad platforms charged; “no report” for a paid channel with no ad report imported.",
		Format: FormatMoney, Value: func(c ChannelReport) Value {
			if c.Channel.ID == 0 && !c.Total {
				return Value{}
			}
			if !c.SpendKnown() {
				return Value{Text: "no report"}
			}
			return num(float64(c.Spend), true)
		}},
	{Key: "impressions", Header: "Impressions", Format: FormatCount, Value: func(c ChannelReport) Value { return num(float64(c.Impressions), c.HasAds) }},
	{Key: "clicks", Header: "Clicks", Format: FormatCount, Value: func(c ChannelReport) Value { return num(float64(c.Clicks), c.HasAds) }},
	{Key: "ctr", Header: "CTR", Help: "Clicks ÷ impressions.", Format: FormatPercent, Value: func(c ChannelReport) Value { return num(c.CTR()) }},
	{Key: "cpc", Header: "Cost per click", Format: FormatCents, Value: func(c ChannelReport) Value { return num(c.CPC()) }},
	{Key: "leads", Header: "Leads", Help: "Leads that came in during the period.", Format: FormatCount, Value: func(c ChannelReport) Value {
		if c.Channel.ID == 0 && c.Place != "" {
			return Value{}
		}
		return count(c.Leads)
	}},
	{Key: "leads_maturing", Header: "Too recent", Help: fmt.Sprintf("Leads less than %d days old at the end of the imported sales: too recent to judge, so left out of lead-to-sale.", CohortDays),
		Format: FormatCount, Value: func(c ChannelReport) Value {
			if c.Channel.ID == 0 && c.Place != "" {
				return Value{}
			}
			return count(c.Maturing)
		}},
	{Key: "buyers", Header: "Buyers", Help: fmt.Sprintf("Of the leads old enough to judge, those that bought within %d days.", CohortDays),
		Format: FormatCount, Value: func(c ChannelReport) Value {
			if c.Channel.ID == 0 && c.Place != "" {
				return Value{}
			}
			return count(c.Buyers)
		}},
	{Key: "lead_to_sale", Header: "Lead-to-sale (95% range)", Help: fmt.Sprintf("Buyers ÷ the leads old enough to judge (at least %d days), with the range where the true rate most likely lies.", CohortDays),
		Format: FormatPercent, Ranged: true, Value: func(c ChannelReport) Value { return ranged(c.LeadToSale) }},
	{Key: "traced_sales", Header: "Traced sales", Help: "Sales matched to one of the channel's leads.", Format: FormatCount,
		Value: channelOnly(func(c ChannelReport) Value { return count(c.Traced.Sales) })},
	{Key: "traced_revenue", Header: "Traced revenue", Format: FormatMoney,
		Value: channelOnly(func(c ChannelReport) Value { return num(float64(c.Traced.Revenue), true) })},
	{Key: "tagged_sales", Header: "Tagged sales", Help: "Sales with no lead that carry the channel's own tags (UTM, click id).", Format: FormatCount,
		Value: channelOnly(func(c ChannelReport) Value { return count(c.Tagged.Sales) })},
	{Key: "tagged_revenue", Header: "Tagged revenue", Format: FormatMoney,
		Value: channelOnly(func(c ChannelReport) Value { return num(float64(c.Tagged.Revenue), true) })},
	{Key: "sales", Header: "Sales", Help: "Orders counted in this row (refunds and voided orders are not sales).", Format: FormatCount,
		Value: func(c ChannelReport) Value { return count(c.Sales) }},
	{Key: "revenue", Header: "Revenue", Help: "What customers kept: paid, less the refunds on these sales.", Format: FormatMoney,
		Value: func(c ChannelReport) Value { return num(float64(c.Revenue), true) }},
	{Key: "refunds", Header: "Refunds", Help: "Money given back on these sales, counted on the sale's day (a refund that matches no sale, on its own day).",
		Format: FormatMoney, Value: func(c ChannelReport) Value { return num(float64(c.Refunds), true) }},
	{Key: "aov", Header: "Avg order", Format: FormatMoney, Value: func(c ChannelReport) Value { return num(c.AOV()) }},
	{Key: "median_order", Orders: true, Header: "Median order (95% range)", Format: FormatMoney, Ranged: true,
		Value: func(c ChannelReport) Value { return ranged(c.MedianOrder) }},
	{Key: "roas", Orders: true, Header: "Return on ad spend (95% range)", Help: "Revenue ÷ ad spend; in the total, the paid channels that have spend only.",
		Format: FormatRatio, Ranged: true, Value: func(c ChannelReport) Value { return ranged(c.ROAS) }},
	{Key: "payback", Orders: true, Header: "Paid back?", Help: "Only when the whole range of the return is above (or below) break-even.", Format: FormatText,
		Value: func(c ChannelReport) Value {
			if !c.ROAS.OK {
				return Value{}
			}
			return Value{Text: PaybackLabel(c.Payback), Code: string(c.Payback), OK: true}
		}},
	{Key: "profit", Header: "Profit after ads", Help: "Revenue × gross margin − ad spend (needs the gross margin in Workspace settings).",
		Format: FormatMoney, Value: func(c ChannelReport) Value { return num(float64(c.Profit), c.ProfitOK) }},
	{Key: "cost_per_lead", Header: "Cost per lead (95% range)", Help: "Ad spend ÷ leads, with the range from the leads' count; in the total, the paid channels with an ad report only.", Format: FormatMoney, Ranged: true,
		Value: func(c ChannelReport) Value { return ranged(c.CostPerLead()) }},
	{Key: "cost_per_sale", Header: "Cost per sale", Help: "Ad spend ÷ every sale counted, repeat orders included; in the total, the paid channels with an ad report only.", Format: FormatMoney,
		Value: func(c ChannelReport) Value { return num(c.CostPerSale()) }},
	{Key: "new_buyers", Orders: true, Header: "New buyers", Help: "Different leads with a traced sale in the period.", Format: FormatCount,
		Value: channelOnly(func(c ChannelReport) Value {
			if c.quick {
				return Value{}
			}
			return count(c.NewBuyers)
		})},
	{Key: "cost_per_buyer", Orders: true, Header: "Cost per buyer", Help: "Ad spend ÷ new buyers: what one new customer traced to the channel cost; in the total, the paid channels with an ad report only.", Format: FormatMoney,
		Value: func(c ChannelReport) Value {
			if c.quick {
				return Value{}
			}
			return num(c.CostPerBuyer())
		}},
	{Key: "median_days_to_close", Header: "Days to close", Help: "The median days from a lead coming in to its first sale, for the leads that bought.",
		Format: FormatDays, Value: func(c ChannelReport) Value {
			return num(c.DaysToClose.BuyersMedianDays, c.DaysToClose.BuyersMedianOK)
		}},
	{Key: "closed_within_30_days", Header: "Bought within 30 days (95% range)", Help: "The share of leads that buy within 30 days, counting leads still open (Kaplan–Meier, Greenwood range).",
		Format: FormatPercent, Ranged: true, Value: func(c ChannelReport) Value { return ranged(c.DaysToClose.ClosedByRange[30]) }},
	{Key: "closed_within_90_days", Header: "Bought within 90 days (95% range)", Format: FormatPercent, Ranged: true,
		Value: func(c ChannelReport) Value { return ranged(c.DaysToClose.ClosedByRange[90]) }},
	{Key: "platform_conversions", Header: "Platform results", Help: "What the ad platform counts as results (purchases, leads or other conversions), by its own rules.",
		Format: FormatDecimal, Value: func(c ChannelReport) Value { return num(c.Claims.Conversions, c.HasAds && !c.Total) }},
	{Key: "platform_conversion_value", Header: "Platform value", Format: FormatMoney,
		Value: func(c ChannelReport) Value { return num(float64(c.Claims.Value), c.HasAds && !c.Total) }},
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// ColumnByKey returns the column named key; it panics on an unknown key,
// which is a programming error.
func ColumnByKey(key string) Column {
	for _, c := range Columns {
		if c.Key == key {
			return c
		}
	}
	panic("metrics: no column " + key)
}

// ColumnsByKey returns the columns named keys, in that order.
func ColumnsByKey(keys ...string) []Column {
	out := make([]Column, len(keys))
	for i, k := range keys {
		out[i] = ColumnByKey(k)
	}
	return out
}

// PaybackLabel names a payback verdict in a few words.
func PaybackLabel(p stats.Payback) string {
	switch p {
	case stats.PaidBack:
		return "paid back"
	case stats.NotPaidBack:
		return "did not pay back"
	}
	return "too early to say"
}

// Text writes a value for people, with its range when it has one.
func (c Column) Text(v Value, cur string) string {
	if !v.OK {
		if v.Text != "" {
			return v.Text
		}
		return "–"
	}
	main := c.one(v.Num, cur)
	if c.Format == FormatText {
		return v.Text
	}
	if v.Ranged {
		return main + " (" + c.rangeText(v, cur) + ")"
	}
	return main
}

// Short writes a value for people without its range.
func (c Column) Short(v Value, cur string) string {
	if !v.OK {
		if v.Text != "" {
			return v.Text
		}
		return "–"
	}
	if c.Format == FormatText {
		return v.Text
	}
	return c.one(v.Num, cur)
}

func (c Column) rangeText(v Value, cur string) string {
	switch c.Format {
	case FormatPercent:
		return fmt.Sprintf("%.0f–%.0f%%", 100*v.Low, 100*v.High)
	case FormatRatio:
		return fmt.Sprintf("%.2f–%.2f×", v.Low, v.High)
	}
	return c.one(v.Low, cur) + "–" + c.one(v.High, cur)
}

func (c Column) one(x float64, cur string) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	switch c.Format {
	case FormatBool:
		if x != 0 {
			return "yes"
		}
		return "no"
	case FormatCount:
		return money.Count(int64(math.Round(x)))
	case FormatMoney:
		return money.FormatWhole(int64(math.Round(x)), cur)
	case FormatCents:
		return money.Format(int64(math.Round(x)), cur)
	case FormatPercent:
		return fmt.Sprintf("%.0f%%", 100*x)
	case FormatRatio:
		return fmt.Sprintf("%.2f×", x)
	case FormatDays, FormatDecimal:
		return strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
	}
	return ""
}
