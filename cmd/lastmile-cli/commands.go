package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/demo"
	"lastmile/data/money"
	"lastmile/data/reportfmt"
)

func runNew(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "new", "[--name N] [--currency C] [--time-zone Z] [--country C] PATH", "make a new, empty workspace at PATH")
	def := data.DefaultSettings()
	name := fs.String("name", "", "the business name (default: the file name)")
	cur := fs.String("currency", def.Currency, "the currency money is counted in (ISO code)")
	tz := fs.String("time-zone", def.TimeZone, "the business's time zone (IANA name, e.g. Europe/Berlin)")
	country := fs.String("country", def.Country, "the country, for phone numbers without a country code")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("new: give exactly one PATH for the new workspace")
	}
	path := fs.Arg(0)
	if !strings.HasSuffix(path, data.FileExt) {
		path += data.FileExt
	}
	s := data.Settings{BusinessName: *name, Currency: strings.ToUpper(*cur), TimeZone: *tz, Country: strings.ToUpper(*country)}
	w, err := data.Create(ctx, path, s)
	if err != nil {
		return err
	}
	defer w.Close()
	set := w.Settings()
	fmt.Fprintf(o.stdout, "Made the workspace %s (%s, %s, %s).\n", w.Path(), w.Name(), set.Currency, set.TimeZone)
	return nil
}

func runDemo(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "demo", "[--seed N] [--anchor D] PATH", "write the demo workspace (six months of an invented shop) to PATH")
	seed := fs.Uint64("seed", demo.DefaultSeed, "the generator's seed: the same seed and anchor give the same workspace")
	anchor := fs.String("anchor", "", "the last day of the demo data (default: today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("demo: give exactly one PATH for the new workspace")
	}
	path := fs.Arg(0)
	day := demo.Today(o.now())
	if *anchor != "" {
		d, err := civil.Parse(*anchor)
		if err != nil {
			return usagef("demo: --anchor: %v", err)
		}
		day = d
	}
	set := demo.Settings(day)
	set.DemoAnchor = civil.Date{}
	w, err := data.Create(ctx, path, set)
	if err != nil {
		return err
	}
	defer w.Close()
	d := demo.Generate(*seed, day)
	if err := demo.Write(ctx, w, d); err != nil {
		return err
	}
	fmt.Fprintf(o.stdout, "Wrote the demo workspace %s: %s, %s.\n", w.Path(), demo.BusinessName, d.Period())
	return nil
}

func runSummary(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "summary", "[--from D --to D] [--model first|last] [--format table|json]",
		"print the dashboard's headline figures for a period (default: the last 30 days), each with the change against the previous period of the same length")
	pf := addPeriodFlags(fs)
	model := fs.String("model", "first", "attribution model: first (the lead's channel) or last (the sale's own source)")
	format := fs.String("format", "table", "output format: table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("summary: unexpected argument %q", fs.Arg(0))
	}
	if *format != "table" && *format != "json" {
		return usagef("summary: --format must be table or json, not %q", *format)
	}
	if *model != "first" && *model != "last" {
		return usagef("summary: --model must be first or last, not %q", *model)
	}
	// Check the dates before anything is opened (or made).
	if err := pf.check("summary"); err != nil {
		return err
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := pf.period("summary", w, o)
	if err != nil {
		return err
	}
	d, err := w.Dashboard(ctx, p, data.Model(*model))
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeSummaryJSON(o, w, d)
	}
	return writeSummaryTable(o, w, d)
}

func writeSummaryTable(o *options, w *data.Workspace, d data.Dashboard) error {
	fmt.Fprintf(o.stdout, "%s\n%s (%d days), compared with %s. Sales counted by %s.\n\n",
		w.Name(), d.Period, d.Period.Days(), d.Previous, d.Model.Label())
	kpis := d.KPIs()
	var names []string
	for _, k := range kpis {
		names = append(names, k.Label)
	}
	left := leftColumn(names...)
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tThis period\tPrevious\tChange\t\n", left(""))
	for _, k := range kpis {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", left(k.Label), k.Format(k.Current, k.CurrentOK, d.Currency),
			k.Format(k.Previous, k.PreviousOK, d.Currency), k.FormatChange())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(d.Channels) == 0 {
		fmt.Fprintln(o.stdout, "\nNothing in this period: no ad spend, leads or sales.")
		return nil
	}
	fmt.Fprintln(o.stdout)
	names = []string{"Channel"}
	for _, c := range d.Channels {
		names = append(names, c.Channel.Name)
	}
	left = leftColumn(names...)
	tw = tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tAd spend\tLeads\tSales\tRevenue\t\n", left("Channel"))
	for _, c := range d.Channels {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", left(c.Channel.Name), money.FormatWhole(c.Spend, d.Currency),
			money.Count(int64(c.Leads)), money.Count(int64(c.Sales)), money.FormatWhole(c.Revenue, d.Currency))
	}
	return tw.Flush()
}

// leftColumn returns a function that pads names to one width, so a
// right-aligned tabwriter column of them reads left-aligned.
func leftColumn(names ...string) func(string) string {
	width := 0
	for _, n := range names {
		width = max(width, utf8.RuneCountInString(n))
	}
	return func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
}

// summaryJSON is the JSON form of the summary: money in major units with
// the currency's decimals, changes as fractions, null where a figure cannot
// be computed (return on ad spend with no spend).
type summaryJSON struct {
	Workspace    string                      `json:"workspace"`
	From         string                      `json:"from"`
	To           string                      `json:"to"`
	PreviousFrom string                      `json:"previous_from"`
	PreviousTo   string                      `json:"previous_to"`
	Currency     string                      `json:"currency"`
	Model        string                      `json:"model"`
	Current      map[string]reportfmt.Number `json:"current"`
	Previous     map[string]reportfmt.Number `json:"previous"`
	Change       map[string]reportfmt.Number `json:"change"`
	Channels     []channelJSON               `json:"channels"`
}

type channelJSON struct {
	Channel string           `json:"channel"`
	Origin  string           `json:"origin,omitempty"`
	Paid    bool             `json:"paid"`
	Spend   reportfmt.Number `json:"spend"`
	Leads   int              `json:"leads"`
	Sales   int              `json:"sales"`
	Revenue reportfmt.Number `json:"revenue"`
}

func writeSummaryJSON(o *options, w *data.Workspace, d data.Dashboard) error {
	out := summaryJSON{
		Workspace: w.Name(), From: d.Period.From.String(), To: d.Period.To.String(),
		PreviousFrom: d.Previous.From.String(), PreviousTo: d.Previous.To.String(),
		Currency: d.Currency, Model: string(d.Model),
		Current: map[string]reportfmt.Number{}, Previous: map[string]reportfmt.Number{}, Change: map[string]reportfmt.Number{},
		Channels: []channelJSON{},
	}
	for _, k := range d.KPIs() {
		switch k.Unit {
		case data.UnitMoney:
			out.Current[k.Key] = reportfmt.Money(int64(k.Current), d.Currency)
			out.Previous[k.Key] = reportfmt.Money(int64(k.Previous), d.Currency)
		case data.UnitCount:
			out.Current[k.Key] = reportfmt.Float(k.Current, true, 0)
			out.Previous[k.Key] = reportfmt.Float(k.Previous, true, 0)
		default:
			out.Current[k.Key] = reportfmt.Float(k.Current, k.CurrentOK, 4)
			out.Previous[k.Key] = reportfmt.Float(k.Previous, k.PreviousOK, 4)
		}
		ch, ok := k.Change()
		out.Change[k.Key] = reportfmt.Float(ch, ok, 4)
	}
	for _, c := range d.Channels {
		out.Channels = append(out.Channels, channelJSON{
			Channel: c.Channel.Name, Origin: c.Channel.Origin, Paid: c.Channel.Paid,
			Spend: reportfmt.Money(c.Spend, d.Currency), Leads: c.Leads, Sales: c.Sales,
			Revenue: reportfmt.Money(c.Revenue, d.Currency),
		})
	}
	enc := json.NewEncoder(o.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func runCheck(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "check", "", "run the full integrity and foreign-key checks on the workspace")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("check: unexpected argument %q", fs.Arg(0))
	}
	w, err := openWorkspace(ctx, o, g, false)
	if err != nil {
		return err
	}
	defer w.Close()
	problems, err := w.Check(ctx)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		fmt.Fprintf(o.stdout, "%s: ok (integrity check and foreign-key check found no problems; SQLite %s, schema %d)\n",
			w.Path(), data.SQLiteVersion(), data.SchemaVersion())
		return nil
	}
	for _, p := range problems {
		fmt.Fprintf(o.stdout, "%s: %s\n", w.Path(), p)
	}
	return data.UserErrorf("the workspace has %d problem(s). Restore it from a backup copy.", len(problems))
}

func runSettings(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "settings", settingsArgs,
		"show the workspace's settings, or change the ones given")
	name := fs.String("name", "", "the business name, shown on reports")
	tz := fs.String("time-zone", "", "the time zone days are counted in (IANA name, e.g. Europe/Berlin)")
	cur := fs.String("currency", "", "the currency money is counted in (only before the first import)")
	country := fs.String("country", "", "the country, for phone numbers without a country code")
	order := fs.String("date-order", "", "how to read a date like 3/4/2025: mdy (4 March) or dmy (3 April)")
	window := fs.Int("window", 0, "the attribution window in days")
	rates := fs.String("rates", "", `exchange rates for files in other currencies, e.g. "EUR=1.08, GBP=1.27"`)
	tagged := fs.String("tagged", "", "count sales carried only by a channel's tags in its figures: count (the default) or show (shown apart, not counted)")
	margin := fs.Float64("margin", 0, "gross margin in percent, for break-even and profit after ads (0: not set)")
	band := fs.Float64("same-band", 0, `how close, in percentage points, two lead-to-sale rates must surely be to be called "about the same" (0: 5)`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("settings: unexpected argument %q", fs.Arg(0))
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	s := w.Settings()
	changed := false
	var bad error
	fs.Visit(func(f *flag.Flag) {
		changed = changed || f.Name != "workspace"
		switch f.Name {
		case "name":
			s.BusinessName = strings.TrimSpace(*name)
		case "time-zone":
			s.TimeZone = strings.TrimSpace(*tz)
		case "currency":
			s.Currency = strings.ToUpper(strings.TrimSpace(*cur))
		case "country":
			s.Country = strings.ToUpper(strings.TrimSpace(*country))
		case "date-order":
			s.DateOrder = strings.ToLower(strings.TrimSpace(*order))
		case "window":
			s.AttributionWindowDays = *window
		case "rates":
			s.Rates = strings.TrimSpace(*rates)
		case "tagged":
			switch strings.ToLower(strings.TrimSpace(*tagged)) {
			case "count":
				s.TracedOnly = false
			case "show":
				s.TracedOnly = true
			default:
				bad = usagef("settings: --tagged must be count or show, not %q", *tagged)
			}
		case "margin":
			s.GrossMarginPct = *margin
		case "same-band":
			s.SameBandPoints = *band
		}
	})
	if bad != nil {
		return bad
	}
	if changed {
		if err := w.SaveSettings(ctx, s); err != nil {
			return err
		}
		s = w.Settings()
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	rows := [][2]string{
		{"Business name", w.Name()},
		{"Time zone", s.TimeZone},
		{"Currency", s.Currency},
		{"Country", s.Country},
		{"Dates like 3/4/2025", map[string]string{"mdy": "month first (mdy): 4 March", "dmy": "day first (dmy): 3 April"}[s.DateOrder]},
		{"Attribution window", fmt.Sprintf("%d days", s.AttributionWindowDays)},
		{"Exchange rates", s.Rates},
		{"Tagged sales", map[bool]string{false: "counted in channels' figures, shown apart", true: "shown apart, not counted"}[s.TracedOnly]},
		{"Gross margin", marginText(s)},
		{`"About the same" within`, fmt.Sprintf("%g points", 100*s.SameBand())},
		{"File", w.Path()},
	}
	for _, r := range rows {
		if r[1] == "" {
			r[1] = "(none)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if changed {
		fmt.Fprintln(o.stdout, "Saved.")
	}
	return nil
}

// periodFlags are the --from and --to flags of the commands that report on
// a period.
type periodFlags struct {
	from, to *string
	fromD    civil.Date
	toD      civil.Date
}

func addPeriodFlags(fs *flag.FlagSet) *periodFlags {
	return &periodFlags{
		from: fs.String("from", "", "first day of the period, YYYY-MM-DD (default: 30 days before --to)"),
		to:   fs.String("to", "", "last day of the period, YYYY-MM-DD (default: today)"),
	}
}

// check parses the dates, before any workspace is opened.
func (pf *periodFlags) check(cmd string) error {
	var err error
	if *pf.from != "" {
		if pf.fromD, err = civil.Parse(*pf.from); err != nil {
			return usagef("%s: --from: %v", cmd, err)
		}
	}
	if *pf.to != "" {
		if pf.toD, err = civil.Parse(*pf.to); err != nil {
			return usagef("%s: --to: %v", cmd, err)
		}
	}
	if !pf.fromD.IsZero() && !pf.toD.IsZero() && pf.toD.Before(pf.fromD) {
		return usagef("%s: --to (%s) is before --from (%s)", cmd, pf.toD, pf.fromD)
	}
	return nil
}

// period returns the period the flags give: the last 30 days by default,
// ending today in the workspace's time zone.
func (pf *periodFlags) period(cmd string, w *data.Workspace, o *options) (data.Period, error) {
	p := data.PeriodFor(data.DefaultPreset, w.Settings().Today(o.now()))
	if !pf.toD.IsZero() {
		p.To = pf.toD
		if pf.fromD.IsZero() {
			p.From = pf.toD.AddDays(-29)
		}
	}
	if !pf.fromD.IsZero() {
		p.From = pf.fromD
	}
	if p.To.Before(p.From) {
		return p, usagef("%s: --from (%s) is after the end of the period (%s); give --to as well", cmd, p.From, p.To)
	}
	return p, nil
}

const settingsArgs = "[--name N] [--time-zone Z] [--currency C] [--country C] [--date-order mdy|dmy] [--window DAYS] [--rates R] [--tagged count|show] [--margin PCT] [--same-band POINTS]"

// marginText writes the gross margin and what it makes break-even.
func marginText(s data.Settings) string {
	m, ok := s.Margin()
	if !ok {
		return "not set (break-even is 1.0×)"
	}
	return fmt.Sprintf("%g%% (break-even at %.2f×)", s.GrossMarginPct, 1/m)
}
