package report

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2/theme"

	"lastmile/data"
	"lastmile/data/metrics"
	"lastmile/data/money"
	"lastmile/ui/chart"
)

// The charts of a report, as the dashboard draws them: the same data for
// the window and for the PDF.

// RevenueSpendChart is revenue and ad spend per channel with either, from
// the dashboard's figures (a Report's Summary).
func RevenueSpendChart(r data.Dashboard) chart.BarData {
	cur := r.Currency
	bd := chart.BarData{
		FormatValue: func(v float64) string { return money.FormatWhole(money.FromMajor(v, cur), cur) },
		FormatTick:  func(v float64) string { return money.Compact(v, cur) },
		EmptyText:   "No sales or ad spend in this period",
	}
	revenue := chart.Series{Name: "Revenue", Color: theme.ColorNamePrimary}
	spend := chart.Series{Name: "Ad spend", Color: theme.ColorNameWarning}
	for _, c := range r.Channels {
		if c.Revenue == 0 && c.Spend == 0 {
			continue
		}
		bd.Categories = append(bd.Categories, c.Channel.Name)
		revenue.Values = append(revenue.Values, money.ToMajor(c.Revenue, cur))
		spend.Values = append(spend.Values, money.ToMajor(c.Spend, cur))
	}
	bd.Series = []chart.Series{revenue, spend}
	return bd
}

// LeadToSaleChart is lead-to-sale per channel with leads, with its range.
func LeadToSaleChart(r metrics.Report) chart.BarData {
	bd := chart.BarData{
		FormatValue: func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
		FormatTick:  func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
		EmptyText:   "No leads in this period",
	}
	s := chart.Series{Name: "Lead-to-sale", Color: theme.ColorNamePrimary}
	for _, c := range r.Channels {
		if !c.LeadToSale.OK {
			continue
		}
		bd.Categories = append(bd.Categories, fmt.Sprintf("%s (%d)", c.Name(), c.Mature))
		s.Values = append(s.Values, 100*c.LeadToSale.Value)
		s.Low = append(s.Low, 100*c.LeadToSale.Low)
		s.High = append(s.High, 100*c.LeadToSale.High)
	}
	bd.Series = []chart.Series{s}
	return bd
}

// OrderValueDots is the amount of every sale traced to a lead, by the
// lead's origin: the sales the order-value gap is measured on.
func OrderValueDots(r metrics.Report) chart.DotData {
	cur := r.Currency
	dd := chart.DotData{
		FormatValue: func(v float64) string { return money.Format(money.FromMajor(v, cur), cur) },
		FormatTick:  func(v float64) string { return money.Compact(v, cur) },
		EmptyText:   "No sales traced to digital or traditional leads in this period",
	}
	for i, o := range []metrics.Side{r.Gap.Digital, r.Gap.Traditional} {
		g := chart.DotGroup{Name: "Digital", Color: theme.ColorNamePrimary}
		if i == 1 {
			g = chart.DotGroup{Name: "Traditional", Color: theme.ColorNameSuccess}
		}
		for _, v := range o.Values {
			g.Values = append(g.Values, money.ToMajor(v, cur))
		}
		dd.Groups = append(dd.Groups, g)
	}
	return dd
}

// ClaimsChart sets what each ad platform claims against the revenue traced
// to its channel.
func ClaimsChart(r metrics.Report) chart.BarData {
	cur := r.Currency
	bd := chart.BarData{
		FormatValue: func(v float64) string { return money.FormatWhole(money.FromMajor(v, cur), cur) },
		FormatTick:  func(v float64) string { return money.Compact(v, cur) },
		EmptyText:   "No ad reports in this period",
	}
	claimed := chart.Series{Name: "Platform claims", Color: theme.ColorNameWarning}
	traced := chart.Series{Name: "Sales counted here", Color: theme.ColorNamePrimary}
	for _, c := range r.Channels {
		if !c.HasAds {
			continue
		}
		bd.Categories = append(bd.Categories, c.Channel.Name)
		claimed.Values = append(claimed.Values, money.ToMajor(c.Claims.Value, cur))
		traced.Values = append(traced.Values, money.ToMajor(c.Revenue, cur))
	}
	bd.Series = []chart.Series{claimed, traced}
	return bd
}

// WeeklyChart is revenue per week, one line per channel with revenue, and
// one for the sales of unknown source.
func WeeklyChart(r metrics.Report) chart.LineData {
	cur := r.Currency
	ld := chart.LineData{
		FormatValue: func(v float64) string { return money.FormatWhole(money.FromMajor(v, cur), cur) },
		FormatTick:  func(v float64) string { return money.Compact(v, cur) },
		EmptyText:   "No revenue in this period",
	}
	for _, w := range r.Weeks {
		ld.Labels = append(ld.Labels, w.Start.Time(time.UTC).Format("2 Jan"))
	}
	for _, c := range r.Channels {
		if c.Revenue == 0 && c.Sales == 0 {
			continue
		}
		s := chart.Series{Name: c.Channel.Name, RGB: HexColor(c.Channel.Color)}
		for _, w := range r.Weeks {
			s.Values = append(s.Values, money.ToMajor(w.Revenue[c.Channel.ID], cur))
		}
		ld.Series = append(ld.Series, s)
	}
	if len(r.Unknown) > 0 {
		s := chart.Series{Name: "Source unknown", RGB: color.NRGBA{R: 0x9c, G: 0xa3, B: 0xaf, A: 0xff}}
		for _, w := range r.Weeks {
			s.Values = append(s.Values, money.ToMajor(w.Revenue[0], cur))
		}
		ld.Series = append(ld.Series, s)
	}
	return ld
}

// HexColor reads a channel's #rrggbb colour; nil when it has none.
func HexColor(h string) color.Color {
	var r, g, b uint8
	if len(h) != 7 || h[0] != '#' {
		return nil
	}
	if _, err := fmt.Sscanf(h[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return nil
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}
}
