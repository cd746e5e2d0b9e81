package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"lastmile/data"
	"lastmile/data/money"
	"lastmile/data/reportfmt"
	"lastmile/data/stats"
)

const reportArgs = "[--from D] [--to D] [--model first|last] [--compare A B] [--format table|json|csv]"

func runReport(ctx context.Context, o *options, g *globals, args []string) error {
	compare, rest, err := takeCompare("report", args)
	if err != nil {
		return err
	}
	fs := newFlags(o, g, "report", reportArgs,
		"print what each channel brought for a period (default: the last 30 days): ad spend, leads, buyers and lead-to-sale with its 95% range, sales, revenue, order value, return on ad spend, cost per lead and per sale, days to close, what the ad platforms claim, digital against traditional, and the comparison of two channels (--compare A B, by name or key; default Google Ads and Meta Ads)")
	pf := addPeriodFlags(fs)
	model := fs.String("model", "first", "attribution model: first (the lead's channel) or last (the sale's own source)")
	format := fs.String("format", "table", "output format: table, json or csv")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report: unexpected argument %q", fs.Arg(0))
	}
	switch *format {
	case "table", "json", "csv":
	default:
		return usagef("report: --format must be table, json or csv, not %q", *format)
	}
	if *model != "first" && *model != "last" {
		return usagef("report: --model must be first or last, not %q", *model)
	}
	if err := pf.check("report"); err != nil {
		return err
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := pf.period("report", w, o)
	if err != nil {
		return err
	}
	r, err := w.Report(ctx, data.ReportOptions{Period: p, Model: data.Model(*model), Compare: compare, Today: w.Settings().Today(o.now())})
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return reportfmt.WriteJSON(o.stdout, w.Name(), r)
	case "csv":
		return reportfmt.WriteCSV(o.stdout, r)
	}
	return writeReportTable(o, w.Name(), r)
}

func writeReportTable(o *options, name string, r data.Report) error {
	cur := r.Currency
	out := o.stdout
	fmt.Fprintf(out, "%s\n%s (%d days). Sales counted by %s", name, r.Period, r.Period.Days(), r.Model.Label())
	if r.Model == data.FirstTouch {
		fmt.Fprintln(out, ": under the channel of the lead they came from, else their own source.")
	} else {
		fmt.Fprintln(out, ": under their own source (such as the order's UTM), else their lead's channel.")
	}
	fmt.Fprintln(out)
	if len(r.Channels) == 0 {
		fmt.Fprintln(out, "Nothing in this period: no ad spend, leads or sales.")
		return nil
	}
	dash := "–"
	mon := func(v float64, ok bool) string {
		if !ok {
			return dash
		}
		return money.Format(int64(v+0.5*sign(v)), cur)
	}
	whole := func(v int64) string { return money.FormatWhole(v, cur) }
	pct := func(i stats.Interval) (string, string) {
		if !i.OK {
			return dash, dash
		}
		return fmt.Sprintf("%.0f%%", 100*i.Value), fmt.Sprintf("%.0f–%.0f%%", 100*i.Low, 100*i.High)
	}
	days := func(s stats.Survival) string {
		if !s.BuyersMedianOK {
			return dash
		}
		return strings.TrimSuffix(fmt.Sprintf("%.1f", s.BuyersMedianDays), ".0")
	}
	within := func(s stats.Survival) string {
		v, ok := s.ClosedBy[30]
		if !ok {
			return dash
		}
		return fmt.Sprintf("%.0f%%", 100*v)
	}
	names := []string{"Channel", "Total"}
	for _, c := range r.Channels {
		names = append(names, c.Channel.Name)
	}
	left := leftColumn(names...)

	fmt.Fprintln(out, "Money")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tAd spend\tSales\tRevenue\tAvg order\tMedian order\tReturn on ad spend\tCost per sale\tPlatform claims\t\n", left("Channel"))
	for _, c := range r.Channels {
		spend := whole(c.Spend)
		if !c.HasAds && c.Channel.Paid {
			spend = "no report"
		}
		aov, ok := c.AOV()
		roas, rok := c.ROAS()
		cps, cok := c.CostPerSale()
		claims := dash
		if c.HasAds {
			claims = fmt.Sprintf("%.1f sales, %s", c.PlatformConversions, whole(c.PlatformValue))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", left(c.Channel.Name), spend, c.Sales, whole(c.Revenue),
			mon(aov, ok), mon(c.MedianOrder.Value, c.MedianOrder.OK), ratio(roas, rok), mon(cps, cok), claims)
	}
	t := r.Totals
	roas, ok := t.ROAS()
	fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t\t%s\t\t\t\n", left("Total"), whole(t.Spend), t.Sales, whole(t.Revenue),
		mon(float64(t.Revenue)/float64(max(1, t.Sales)), t.Sales > 0), ratio(roas, ok))
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nLeads")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tLeads\tBuyers\tLead-to-sale\t95%% range\tCost per lead\tDays to close\tClosed in 30 days\tLeads this week\t\n", left("Channel"))
	for _, c := range r.Channels {
		rate, rng := pct(c.LeadToSale)
		cpl, ok := c.CostPerLead()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t\n", left(c.Channel.Name), c.Leads, c.Buyers, rate, rng, mon(cpl, ok),
			days(c.DaysToClose), within(c.DaysToClose), r.LeadsThisWeek[c.Channel.ID])
	}
	rate, rng := pct(stats.Wilson(t.Buyers, t.Leads))
	week := 0
	for _, n := range r.LeadsThisWeek {
		week += n
	}
	fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t\t\t\t%d\t\n", left("Total"), t.Leads, t.Buyers, rate, rng, week)
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nDigital against traditional")
	left = leftColumn("Origin", "Traditional", "Unattributed")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tSales\tRevenue\tAvg order\tMedian order\t95%% range\tLead-to-sale\tDays to close\tClosed in 30 days\t\n", left("Origin"))
	for _, org := range r.Origins {
		aov, ok := org.AOV()
		m := org.MedianOrder
		rng := dash
		if m.OK {
			rng = mon(m.Low, true) + "–" + mon(m.High, true)
		}
		rate, _ := pct(org.LeadToSale)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", left(strings.ToUpper(org.Origin[:1])+org.Origin[1:]), org.Sales, whole(org.Revenue),
			mon(aov, ok), mon(m.Value, m.OK), rng, rate, days(org.DaysToClose), within(org.DaysToClose))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if gap := r.OrderValueGap; gap.Median.OK {
		fmt.Fprintf(out, "Digital minus traditional: mean order %s (95%% range %s to %s), median order %s (%s to %s).\n",
			mon(gap.Mean.Value, true), mon(gap.Mean.Low, true), mon(gap.Mean.High, true),
			mon(gap.Median.Value, true), mon(gap.Median.Low, true), mon(gap.Median.High, true))
	}

	fmt.Fprintf(out, "\n%s against %s\n%s\n", r.Compare.A, r.Compare.B, r.Compare.Words)
	fmt.Fprintln(out, "\nLead-to-sale: of the leads that came in during the period, the share that bought in it. The 95% range is where the true rate most likely lies; a wide range means few leads.\nDays to close: the median days from a lead coming in to its first sale, for the leads that bought. Closed in 30 days: the share of all the period's leads that buy within 30 days of coming in, estimated so that leads still open count (Kaplan–Meier).")
	return nil
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func ratio(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v)
}
