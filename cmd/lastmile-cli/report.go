package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"lastmile/data"
	"lastmile/data/metrics"
	"lastmile/data/reportfmt"
	"lastmile/report"
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
	r, err := metrics.Compute(ctx, w, data.ReportOptions{Period: p, Model: data.Model(*model), Compare: compare})
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

func writeReportTable(o *options, name string, r metrics.Report) error {
	cur := r.Currency
	out := o.stdout
	fmt.Fprintf(out, "%s\n%s (%d days). Sales counted by %s", name, r.Period, r.Period.Days(), r.Model.Label())
	if r.Model == data.FirstTouch {
		fmt.Fprintln(out, ": under the channel of the lead they came from (traced), else the channel their own tags name (tagged).")
	} else {
		fmt.Fprintln(out, ": under the channel their own tags name (tagged), else their lead's channel (traced).")
	}
	fmt.Fprintln(out)
	if len(r.Channels) == 0 && len(r.Unknown) == 0 {
		fmt.Fprintln(out, "Nothing in this period: no ad spend, leads or sales.")
		return nil
	}
	rows := r.Rows()
	fmt.Fprintln(out, "Money")
	keys := []string{"channel", "spend", "traced_sales", "tagged_sales", "sales", "revenue", "refunds", "aov",
		"median_order", "roas", "payback", "cost_per_sale", "cost_per_buyer"}
	if _, ok := r.Settings.Margin(); ok {
		keys = append(keys, "profit")
	}
	if err := columnTable(out, rows, cur, keys, map[string]bool{"roas": true}, func(c metrics.ChannelReport) (string, string) {
		return "Platform claims", report.ClaimsText(c, cur)
	}); err != nil {
		return err
	}
	fmt.Fprintln(out, report.TableNotes(r))
	if s := metrics.RefundWords(r); s != "" {
		fmt.Fprintln(out, s)
	}
	if s := report.HeadlineWords(r); s != "" {
		fmt.Fprintln(out, s)
	}
	for _, c := range r.Channels {
		if c.ROAS.OK {
			fmt.Fprintln(out, metrics.PaybackWords(c.Channel.Name, c.Spend, c.Revenue, c.ROAS, c.Payback, r.Headline.BreakEven, cur))
		}
	}

	fmt.Fprintln(out, "\nLeads")
	var leadRows []metrics.ChannelReport
	for _, c := range rows {
		if c.Place == "" {
			leadRows = append(leadRows, c)
		}
	}
	if err := columnTable(out, leadRows, cur, []string{"channel", "leads", "leads_maturing", "buyers", "lead_to_sale", "cost_per_lead",
		"median_days_to_close", "closed_within_30_days"}, map[string]bool{"lead_to_sale": true, "closed_within_30_days": true}, func(c metrics.ChannelReport) (string, string) {
		if c.Total {
			n := 0
			for _, v := range r.LeadsThisWeek {
				n += v
			}
			return "Leads this week", strconv.Itoa(n)
		}
		return "Leads this week", strconv.Itoa(r.LeadsThisWeek[c.Channel.ID])
	}); err != nil {
		return err
	}
	if m := metrics.MaturingWords(r); m != "" {
		fmt.Fprintln(out, m)
	}
	fmt.Fprintf(out, "Lead-to-sale counts the leads at least %d days old at %s, the last day of the imported sales: the share that bought within %d days, with its 95%% range. Too recent: younger leads, not judged yet. This week: %s to %s.\n",
		metrics.CohortDays, r.DataEnd, metrics.CohortDays, r.WeekStart, r.Today)

	fmt.Fprintln(out, "\nDigital against traditional")
	fmt.Fprintln(out, metrics.GapWords(r.Gap, cur))
	for _, g := range r.GapByPlace {
		fmt.Fprintln(out, metrics.GapWords(g, cur))
	}
	if s := metrics.MixWords(r); s != "" {
		fmt.Fprintln(out, s)
	}
	fmt.Fprintln(out, metrics.GapWords(r.GapAll, cur))

	c := r.Compare
	fmt.Fprintf(out, "\n%s against %s\n%s\n", c.A, c.B, c.Words)
	if c.MoneyWords != "" {
		fmt.Fprintln(out, c.MoneyWords)
	}
	if r.ManyPairs != "" {
		fmt.Fprintln(out, r.ManyPairs)
	}
	return nil
}

// columnTable prints rows under the channel-table columns named by keys,
// with their ranges where full says so, and one extra column.
func columnTable(out io.Writer, rows []metrics.ChannelReport, cur string, keys []string, full map[string]bool, extra func(metrics.ChannelReport) (string, string)) error {
	cols := metrics.ColumnsByKey(keys...)
	width := 0
	for _, c := range rows {
		width = max(width, utf8.RuneCountInString(c.Name()))
	}
	left := func(s string) string { return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s))) }
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for i, c := range cols {
		h := c.Header
		if i == 0 {
			h = left(h)
		}
		if c.Ranged && !full[c.Key] {
			h = strings.TrimSuffix(h, " (95% range)")
		}
		head = append(head, h)
	}
	xh, _ := extra(metrics.ChannelReport{})
	fmt.Fprintln(tw, strings.Join(append(head, xh), "\t")+"\t")
	for _, r := range rows {
		var line []string
		for i, c := range cols {
			v := c.Value(r)
			text := c.Short(v, cur)
			if full[c.Key] {
				text = c.Text(v, cur)
			}
			if i == 0 {
				text = left(text)
			}
			line = append(line, text)
		}
		_, x := extra(r)
		fmt.Fprintln(tw, strings.Join(append(line, x), "\t")+"\t")
	}
	return tw.Flush()
}
