package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/money"
)

// The fields whose values are numbers or dates, for inferring how a
// column writes them.
var (
	numberFields = []Field{FSpend, FImpressions, FClicks, FConversions, FConversionValue, FPurchases, FPlatformLeads, FTotal, FRefunded,
		FQuantity, FUnitPrice, FLineTotal, FOnHand, FUnitCost}
	dateFields = []Field{FDay, FDateFrom, FDateTo, FDate, FReceived}
)

// walk reads every data row of the table, after the header, and hands it
// to visit with the group heading carried down to it. Rows that are not
// data are recorded in f.Skipped with the reason. The caller's context is
// checked between rows.
func (f *File) walk(ctx context.Context, stage string, visit func(r Row, carry string) error) error {
	p := f.plan
	src, closeFn, err := f.table(false)
	if err != nil {
		return err
	}
	defer closeFn()
	var lazyTried bool
	carry := ""
	rows := 0
	f.totals, f.salesTotal = f.totals[:0], f.salesTotal[:0]
	leftOut := map[string]int{}
	skipped := []data.Problem{}
	for {
		r, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if isQuoteError(err) {
				if !lazyTried && f.Container == Text {
					// A stray quote: read the file again leniently (the
					// quote becomes text) and say so.
					lazyTried = true
					closeFn()
					src2, close2, err2 := f.table(true)
					if err2 != nil {
						return err2
					}
					src, closeFn = src2, close2
					f.warnOnce(fmt.Sprintf("%s: a quote is out of place (%v); the file was read with the quote taken as text. Check the rows near that line in the preview.", f.Name, err))
					carry, rows, skipped, f.totals, f.salesTotal = "", 0, skipped[:0], f.totals[:0], f.salesTotal[:0]
					clear(leftOut)
					continue
				}
			}
			return explainReadError(f.Name, err)
		}
		if r.Line <= f.HeaderLine {
			continue
		}
		if rows%2000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if f.opts.Progress != nil {
				done, total := src.progress()
				frac := 0.0
				if total > 0 {
					frac = float64(done) / float64(total)
				}
				f.opts.Progress.Update(Report{Stage: stage, Rows: rows, Done: min(frac, 1)})
			}
		}
		if r.empty() || isComment(r) {
			continue
		}
		cells := nonEmptyCells(r, 3)
		if p.profile.NoData != "" && len(cells) == 1 && strings.EqualFold(strings.TrimSpace(r.Cells[cells[0]]), p.profile.NoData) {
			return data.UserErrorf("%s says %q: there is nothing to import. Check the date range in the ad manager and export again.", f.Name, p.profile.NoData)
		}
		if reason := f.skipReason(r, cells); reason != "" {
			if label, col := f.totalLabel(r, cells); label != "" {
				f.noteTotal(r, label, col)
			}
			if reason == carried {
				carry = strings.TrimSpace(r.Cells[cells[0]])
				reason = "a heading: " + carry
			}
			skipped = append(skipped, data.Problem{Line: r.Line, Message: reason, Skipped: true})
			continue
		}
		if what := f.leftOut(r); what != "" {
			leftOut[what]++
			continue
		}
		rows++
		if err := visit(r, carry); err != nil {
			return err
		}
	}
	f.Skipped = skipped
	f.rowsRead = rows
	for _, lo := range p.profile.LeaveOut {
		if n := leftOut[lo.What]; n > 0 {
			f.warnOnce(fmt.Sprintf("%s %s left out: %s.", count(n), plural(n, "row is", "rows are"), lo.What))
		}
	}
	if f.opts.Progress != nil {
		f.opts.Progress.Update(Report{Stage: stage, Rows: rows, Done: 1})
	}
	return nil
}

const carried = "\x00carry"

// skipReason says why a row is not data, or "" when it is.
func (f *File) skipReason(r Row, cells []int) string {
	p := f.plan
	first := ""
	for _, c := range cells {
		if c > 2 {
			break
		}
		if v := strings.TrimSpace(r.Cells[c]); !isMissing(v) {
			first = v
			break
		}
	}
	for _, prefix := range p.profile.SkipFirstCell {
		if first != "" && strings.HasPrefix(strings.ToLower(first), strings.ToLower(prefix)) {
			return "a total or footer row: " + clip(first, 60)
		}
	}
	if label, _ := f.totalLabel(r, cells); label != "" {
		return "a total row: " + clip(label, 60)
	}
	if p.profile.CarryDown != "" && len(cells) == 1 && cells[0] == 0 {
		return carried
	}
	if len(cells) == 1 && len(p.h.raw) >= 3 && !f.keyPresent(r) {
		return "not a data row (one cell): " + clip(strings.TrimSpace(r.Cells[cells[0]]), 60)
	}
	for _, fld := range p.profile.SkipEmpty {
		if v, mapped := p.m.get(r, fld); mapped && isMissing(v) {
			if fld == FDay {
				return "a subtotal row (no day)"
			}
			return fmt.Sprintf("a summary row (no %s)", strings.ReplaceAll(string(fld), "_", " "))
		}
	}
	return ""
}

// leftOut says what a row is when the profile leaves rows like it out
// (LeaveOut), or "".
func (f *File) leftOut(r Row) string {
rules:
	for _, lo := range f.plan.profile.LeaveOut {
		if lo.Negative != "" {
			v, _ := f.plan.m.get(r, lo.Negative)
			d, ok := parseNumber(v, f.plan.numbers[f.plan.m.cols[lo.Negative]])
			if !ok || d.float() >= 0 {
				continue
			}
			for _, fld := range lo.Fields {
				if v, _ := f.plan.m.get(r, fld); matchesAny(v, lo.Except) {
					continue rules
				}
			}
			return lo.What
		}
		for _, fld := range lo.Fields {
			v, _ := f.plan.m.get(r, fld)
			if !matchesAny(v, lo.Values) {
				continue rules
			}
		}
		return lo.What
	}
	return ""
}

// keyPresent reports whether a row has a value in a field that identifies
// a record: a one-cell row with it is data, not a title.
func (f *File) keyPresent(r Row) bool {
	for _, fld := range []Field{FOrderID, FRecordID, FCampaign, FSKU, FProduct, FEmail} {
		if v, ok := f.plan.m.get(r, fld); ok && !isMissing(v) {
			return true
		}
	}
	return false
}

// nonEmptyCells returns the indexes of the first up to limit cells that are
// not blank (limit 0: all of them).
func nonEmptyCells(r Row, limit int) []int {
	var out []int
	for i, c := range r.Cells {
		if c != "" && strings.TrimSpace(c) != "" {
			out = append(out, i)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func (f *File) warnOnce(w string) {
	for _, x := range f.Warnings {
		if x == w {
			return
		}
	}
	f.Warnings = append(f.Warnings, w)
}

// noteConversions says which currencies were converted, and at what rate,
// so the person can check the rate in the preview.
func (f *File) noteConversions() {
	rates, _ := f.opts.Settings.ExchangeRates()
	codes := make([]string, 0, len(f.plan.converted))
	for c := range f.plan.converted {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		f.warnOnce(fmt.Sprintf("Amounts in %s are converted to %s at %s, the rate in Workspace settings (Exchange rates).", c, f.plan.currency, rates[c]))
	}
}

// inferAll decides the column conventions from every value.
func (f *File) inferAll(ctx context.Context) error {
	f.inferredAll = true
	return f.infer(ctx, 0)
}

// infer reads the number and date columns to decide how they are written:
// decimal comma or point, day or month first. With limit 0 it looks at
// every value, so the one date past the 12th near the end of a file settles
// its column; a quick read looks at the first limit rows.
func (f *File) infer(ctx context.Context, limit int) error {
	p := f.plan
	if f.Container == XLSX {
		wb, err := f.workbook()
		if err != nil {
			return err
		}
		cols, err := wb.dateColumns(f.Sheet, 200)
		if err != nil {
			return damaged(f.Name, err)
		}
		p.dateCols = cols
	}
	numVotes := map[int]*numberVotes{}
	dateVote := map[int]*dateVotes{}
	for _, fld := range numberFields {
		if c, ok := p.m.cols[fld]; ok {
			numVotes[c] = &numberVotes{}
		}
	}
	for _, fld := range dateFields {
		if c, ok := p.m.cols[fld]; ok {
			dateVote[c] = &dateVotes{}
		}
	}
	errEnough := errors.New("enough rows")
	seen := 0
	err := f.walk(ctx, "checking", func(r Row, _ string) error {
		if seen++; limit > 0 && seen > limit {
			return errEnough
		}
		for c, v := range numVotes {
			if s := r.cell(c); !isMissing(s) {
				v.add(s)
			}
		}
		for c, v := range dateVote {
			if s := r.cell(c); !isMissing(s) {
				v.add(s)
			}
		}
		return nil
	})
	if err != nil && err != errEnough {
		return err
	}
	for c, v := range numVotes {
		st, conflict := v.style()
		p.numbers[c] = st
		if conflict {
			f.warnOnce(fmt.Sprintf("Column %q writes numbers both as 1,234.56 and as 1.234,56; it is read with a decimal %s. Check its figures in the preview.", p.h.raw[c], map[bool]string{true: "comma", false: "point"}[st.decimalComma]))
		}
	}
	workspace := DateOrder(f.opts.Settings.DateOrder)
	if workspace == "" {
		workspace = MonthFirst
	}
	if p.profile.DateOrder != "" {
		workspace = p.profile.DateOrder
	}
	for c, v := range dateVote {
		d := v.decide(workspace)
		if p.profile.DateOrder != "" && !d.mixed {
			d = dateColumn{order: p.profile.DateOrder}
		}
		p.dates[c] = &d
		switch {
		case d.mixed:
			f.warnOnce(fmt.Sprintf("Column %q has dates written day first and others month first; they are read %s, and the rows that cannot be are listed as problems.", p.h.raw[c], describeOrder(d.order)))
		case d.ambiguous:
			f.warnOnce(fmt.Sprintf("The dates in column %q could be read either way (no day is past the 12th); they are read %s, as this workspace's settings say. Change \"Dates like 3/4/2025\" in Workspace settings if that is wrong.", p.h.raw[c], describeOrder(d.order)))
		}
	}
	if !hasField(p.m, FCurrency) && p.m.captures[FSpend] == "" && p.fileCurrency == "" {
		switch f.Profile.Kind {
		case data.KindAdStats, data.KindSales:
			if hasField(p.m, FSpend) || hasField(p.m, FTotal) || hasField(p.m, FLineTotal) {
				f.warnOnce(fmt.Sprintf("The file does not say its currency; its amounts are taken to be in %s, this workspace's currency.", p.currency))
			}
		}
	}
	if f.Profile.Kind == data.KindStock && !hasField(p.m, FDate) {
		f.warnOnce(fmt.Sprintf("The file has no date: its stock on hand is counted as of today, %s, the day it is imported.", p.today.Time(time.UTC).Format("2 Jan 2006")))
	}
	if f.Profile.Kind == data.KindAdStats && !hasField(p.m, FSpend) {
		f.warnOnce("The report has no spend column (such as Amount spent or Cost): impressions and clicks are imported, spend is not. Add the spend column to the report and export it again to count the money.")
	}
	return nil
}

// assemble walks the rows and builds the records of the file's kind,
// grouping line items and adding up breakdown rows. emit receives each
// record (a data.AdStat, data.Lead, data.Sale or data.StockLevel) with the
// file line it starts on; rows with problems are not emitted but listed.
func (f *File) assemble(ctx context.Context, stage string, emit func(rec any) error) ([]data.Problem, error) {
	p := f.plan
	p.converted = map[string]bool{}
	p.seen = map[string]int{}
	defer f.noteConversions()
	var problems []data.Problem
	record := func(b *builder, line int) bool {
		for _, e := range b.errs {
			pr := data.Problem{Line: line, Message: e.msg}
			if e.col >= 0 {
				pr.Column = e.col + 1
				pr.Header = p.h.raw[e.col]
			}
			problems = append(problems, pr)
		}
		return len(b.errs) == 0
	}

	var group []Row
	// A group's rows are copies (the reader reuses its row); their cell
	// slices are used again for later groups once a group is built, so
	// that a million rows do not each allocate one.
	var spare [][]string
	keep := func(r Row) Row {
		var cells []string
		if n := len(spare); n > 0 {
			cells, spare = spare[n-1][:0], spare[:n-1]
		}
		return Row{Line: r.Line, Cells: append(cells, r.Cells...)}
	}
	groupKey, groupCarry := "", ""
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		b := &builder{p: p, carry: groupCarry}
		s, _ := b.sale(group)
		line := group[0].Line
		for _, r := range group {
			spare = append(spare, r.Cells)
		}
		group = group[:0]
		if record(b, line) {
			return emit(s)
		}
		return nil
	}
	ads := map[string]*data.AdStat{}
	var adOrder []string

	err := f.walk(ctx, stage, func(r Row, carry string) error {
		b := &builder{p: p, carry: carry}
		switch f.Profile.Kind {
		case data.KindAdStats:
			a, ok := b.adStat(r)
			if !record(b, r.Line) || !ok {
				return nil
			}
			k := a.NaturalKey()
			if prev, dup := ads[k]; dup {
				addStat(prev, a)
				return nil
			}
			ads[k] = &a
			adOrder = append(adOrder, k)
		case data.KindLeads:
			l, ok := b.lead(r)
			if record(b, r.Line) && ok {
				return emit(l)
			}
		case data.KindStock:
			s, ok := b.stock(r)
			if record(b, r.Line) && ok {
				return emit(s)
			}
		case data.KindSales:
			key := ""
			if p.profile.GroupBy != "" {
				key = b.key(r, []Field{p.profile.GroupBy})
			}
			if len(group) > 0 && (key == "" || key != groupKey) {
				if err := flush(); err != nil {
					return err
				}
			}
			if len(group) == 0 {
				groupKey, groupCarry = key, carry
			}
			group = append(group, keep(r))
			if key == "" {
				return flush()
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if f.Profile.Kind == data.KindAdStats {
		adOrder = f.reconcileAds(ads, adOrder)
	}
	for _, k := range adOrder {
		if err := emit(*ads[k]); err != nil {
			return nil, err
		}
	}
	return problems, nil
}

// addStat adds an ad stat row of the same key (a breakdown row) into acc.
func addStat(acc *data.AdStat, a data.AdStat) {
	acc.Spend += a.Spend
	acc.Impressions += a.Impressions
	acc.Clicks += a.Clicks
	if a.Conversions != nil {
		v := *a.Conversions
		if acc.Conversions != nil {
			v += *acc.Conversions
		}
		acc.Conversions = &v
	}
	if a.ConversionValue != nil {
		v := *a.ConversionValue
		if acc.ConversionValue != nil {
			v += *acc.ConversionValue
		}
		acc.ConversionValue = &v
	}
}

// scan reads the whole file without storing it: it decides the column
// conventions, then builds every record to count what the file holds,
// keep a preview and list the problems.
func (f *File) scan(ctx context.Context) error {
	if err := f.inferAll(ctx); err != nil {
		return err
	}
	f.scanned = true
	var st stats
	st.init(f)
	st.checkRepeats = true
	problems, err := f.assemble(ctx, "reading", func(rec any) error {
		st.add(rec)
		return nil
	})
	if err != nil {
		return err
	}
	if st.repeat != nil {
		// The import would stop here: the dry run says the same.
		return st.repeat
	}
	f.Problems = problems
	f.Summary = st.summary(f)
	f.Summary.Rows = f.rowsRead
	f.Preview = st.preview
	if f.Profile.Kind == data.KindSales {
		f.Gap = f.salesGap(f.Summary.Amount, f.Summary.Records)
	}
	if f.Summary.Records == 0 && len(f.Problems) == 0 && f.Profile.Holds != "" && len(f.Warnings) > 0 {
		return data.UserErrorf("%s holds no %s: %s Nothing was imported.", f.Name, f.Profile.Holds, strings.Join(f.Warnings, " "))
	}
	if f.Summary.Records == 0 && len(f.Problems) == 0 {
		return data.UserErrorf("%s has a %s header but no rows of data under it. Check the date range or the filters of the export and export it again.", f.Name, f.Profile.Name)
	}
	return f.unrated(f.Summary.Records, f.Problems)
}

// unrated refuses a file whose every record was left out for want of an
// exchange rate to its one currency: that is one thing to fix in the
// settings, not a list of bad rows.
func (f *File) unrated(records int, problems []data.Problem) error {
	if records > 0 || len(problems) == 0 {
		return nil
	}
	cur := ""
	for _, p := range problems {
		c, ok := unratedCurrency(p.Message)
		if !ok || cur != "" && c != cur {
			return nil
		}
		cur = c
	}
	return data.UserErrorf("%s is in %s, but this workspace counts money in %s. Add the exchange rate under Workspace settings, Exchange rates (for example %s=1.08 if one %s is worth 1.08 %s), then import the file again. Nothing was imported.",
		f.Name, cur, f.plan.currency, cur, cur, f.plan.currency)
}

// stats counts what a file holds while its records are built.
type stats struct {
	s         Summary
	days      map[civil.Date]bool
	campaigns map[string]bool
	products  map[string]bool
	preview   Preview
	noSpend   bool // an ad report without a spend column: show spend as missing
	// keys are the records' natural keys seen, hashed twice (a false
	// repeat would need both 64-bit hashes to collide); repeat is the
	// first record that repeats one, which the import would refuse.
	keys         map[[2]uint64]struct{}
	seeds        [2]maphash.Seed
	repeat       *data.UserError
	checkRepeats bool
}

// seen notes a record's natural key, and the first repeat, when the file
// is read whole (the import leaves repeats to the workspace's own check,
// and keeps its memory).
func (st *stats) seen(k data.Kind, key string, line int, id string) {
	if !st.checkRepeats {
		return
	}
	if st.keys == nil {
		st.keys = map[[2]uint64]struct{}{}
		st.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	}
	h := [2]uint64{maphash.String(st.seeds[0], key), maphash.String(st.seeds[1], key)}
	if _, dup := st.keys[h]; dup && st.repeat == nil {
		st.repeat = data.RepeatedInFile(k, line, id, nil)
	}
	st.keys[h] = struct{}{}
}

func (st *stats) init(f *File) {
	st.s = Summary{Kind: f.Profile.Kind, Currency: f.plan.currency}
	st.days, st.campaigns, st.products = map[civil.Date]bool{}, map[string]bool{}, map[string]bool{}
	st.noSpend = f.Profile.Kind == data.KindAdStats && f.plan != nil && !hasField(f.plan.m, FSpend)
	switch f.Profile.Kind {
	case data.KindAdStats:
		st.preview.Columns = []string{"Day", "Campaign", "Ad group", "Spend", "Impressions", "Clicks", "Conversions"}
	case data.KindSales:
		st.preview.Columns = []string{"Day", "Order", "Kind", "Customer", "Email", "Amount", "Lines"}
	case data.KindLeads:
		st.preview.Columns = []string{"Day", "Id", "Name", "Email", "Company", "Stage", "Where from"}
	case data.KindStock:
		st.preview.Columns = []string{"Date", "SKU", "Product", "Location", "On hand", "Unit cost"}
	}
}

func (st *stats) span(from, to civil.Date) {
	if from.IsZero() {
		return
	}
	if st.s.From.IsZero() || from.Before(st.s.From) {
		st.s.From = from
	}
	if st.s.To.IsZero() || to.After(st.s.To) {
		st.s.To = to
	}
	if from == to {
		st.days[from] = true
		return
	}
	for d := from; !d.After(to) && len(st.days) < 4000; d = d.AddDays(1) {
		st.days[d] = true
	}
}

func (st *stats) add(rec any) {
	st.s.Records++
	switch r := rec.(type) {
	case data.Sale:
		st.seen(data.KindSales, r.NaturalKey(), r.Line, r.OrderID)
	case data.Lead:
		st.seen(data.KindLeads, r.NaturalKey(), r.Line, "")
	case data.StockLevel:
		st.seen(data.KindStock, r.NaturalKey(), r.Line, "")
	}
	show := len(st.preview.Rows) < previewRows
	cur := st.s.Currency
	var row []string
	var line int
	switch r := rec.(type) {
	case data.AdStat:
		st.span(r.From, r.To)
		name := r.Campaign
		if name == "" {
			name = r.AdGroup
		}
		st.campaigns[name] = true
		st.s.Amount += r.Spend
		if show {
			day := r.From.String()
			if r.To != r.From {
				day += " – " + r.To.String()
			}
			conv := ""
			if r.Conversions != nil {
				conv = fmt.Sprintf("%.2f", *r.Conversions)
			}
			spend := money.Format(r.Spend, cur)
			if st.noSpend {
				spend = "–" // not in the file, which is not the same as zero
			}
			row, line = []string{day, r.Campaign, r.AdGroup, spend, money.Count(r.Impressions), money.Count(r.Clicks), conv}, r.Line
		}
	case data.Sale:
		st.span(r.Day, r.Day)
		st.s.Lines += len(r.Lines)
		st.s.Amount += r.Net
		switch {
		case r.Kind == data.SaleRefund:
			st.s.Refunds++
		case r.Kind == data.SaleVoid:
			st.s.Voids++
		case r.Net > 0:
			st.s.Sales++
		}
		if show {
			row, line = []string{r.Day.String(), r.OrderID, saleKindLabel(r), r.Customer, r.Email, money.Format(r.Net, cur), fmt.Sprint(len(r.Lines))}, r.Line
		}
	case data.Lead:
		st.span(r.Day, r.Day)
		if r.Email != "" {
			st.s.WithEmail++
		}
		if show {
			var src []string
			for _, f := range r.SourceFields {
				if len(src) < 3 {
					src = append(src, f.Value)
				}
			}
			row, line = []string{r.Day.String(), r.RecordID, r.Name, r.Email, r.Company, r.Stage, strings.Join(src, " · ")}, r.Line
		}
	case data.StockLevel:
		st.span(r.Day, r.Day)
		id := r.SKU + "|" + r.Product
		if r.Variant != "" {
			id = "variant|" + r.Variant
		}
		st.products[id] = true
		if show {
			cost := ""
			if r.UnitCost != nil {
				cost = money.Format(*r.UnitCost, cur)
			}
			row, line = []string{r.Day.String(), r.SKU, r.Product, r.Location, fmt.Sprint(r.OnHand), cost}, r.Line
		}
	}
	if show {
		st.preview.Rows = append(st.preview.Rows, row)
		st.preview.Lines = append(st.preview.Lines, line)
	}
}

func saleKindLabel(s data.Sale) string {
	switch {
	case s.Kind == data.SaleRefund:
		return "refund"
	case s.Kind == data.SaleVoid:
		return "void (" + s.Status + ")"
	case s.Net == 0 && s.Refunded > 0:
		return "refunded in full"
	case s.Refunded > 0:
		return "sale, part refunded"
	}
	return "sale"
}

// summary finishes the counts and writes the one-line description, e.g.
// "Google Ads campaign report, 1 Mar – 31 May 2025, 92 days × 2 campaigns, USD".
func (st *stats) summary(f *File) Summary {
	s := st.s
	s.Days = len(st.days)
	s.Campaigns = len(st.campaigns)
	s.Products = len(st.products)
	period := ""
	if !s.From.IsZero() {
		period = data.Period{From: s.From, To: s.To}.String()
	}
	var parts []string
	parts = append(parts, f.Profile.Name)
	if period != "" {
		parts = append(parts, period)
	}
	switch s.Kind {
	case data.KindAdStats:
		unit := "campaigns"
		if s.Campaigns == 1 {
			unit = "campaign"
		}
		parts = append(parts, fmt.Sprintf("%s %s × %s %s", count(s.Days), plural(s.Days, "day", "days"), count(s.Campaigns), unit),
			money.FormatWhole(s.Amount, s.Currency)+" spent")
	case data.KindSales:
		detail := fmt.Sprintf("%s %s", count(s.Sales), plural(s.Sales, "sale", "sales"))
		if s.Refunds > 0 {
			detail += fmt.Sprintf(", %s %s", count(s.Refunds), plural(s.Refunds, "refund", "refunds"))
		}
		if s.Voids > 0 {
			detail += fmt.Sprintf(", %s voided or unpaid", count(s.Voids))
		}
		parts = append(parts, detail, money.FormatWhole(s.Amount, s.Currency)+" net")
	case data.KindLeads:
		parts = append(parts, fmt.Sprintf("%s %s (%s with an email)", count(s.Records), plural(s.Records, "lead", "leads"), count(s.WithEmail)))
	case data.KindStock:
		parts = append(parts, fmt.Sprintf("%s %s", count(s.Products), plural(s.Products, "product", "products")))
	}
	parts = append(parts, s.Currency)
	s.Description = strings.Join(parts, ", ")
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Import stores the file in w as one batch: all of its records or none.
// With skipBad, rows that have problems are left out and listed in the
// batch's report; without it, a file with problems is not imported and a
// *ProblemsError says how many and where. Reading and writing overlap: the
// rows are read and built on one goroutine while SQLite stores them on
// another.
func (f *File) Import(ctx context.Context, w *data.Workspace, skipBad bool) (data.BatchResult, error) {
	defer f.Close()
	if err := f.unchanged(); err != nil {
		return data.BatchResult{}, err
	}
	if f.scanned && len(f.Problems) > 0 && !skipBad {
		return data.BatchResult{}, &ProblemsError{File: f.Name, Problems: f.Problems}
	}
	if f.Profile.Kind == data.KindAdStats && !f.scanned {
		// An ad report is small: read it whole first, so that its rows
		// are held to its totals before anything is stored.
		if err := f.scan(ctx); err != nil {
			return data.BatchResult{}, err
		}
	}
	if err := f.Held(); err != nil {
		return data.BatchResult{}, err
	}
	res, err := f.write(ctx, w, skipBad)
	var pe *ProblemsError
	if errors.As(err, &pe) && !f.inferredAll {
		// A quick read decided the columns from their first rows only:
		// decide again from all of them before calling the rows bad.
		if err := f.inferAll(ctx); err != nil {
			return data.BatchResult{}, err
		}
		res, err = f.write(ctx, w, skipBad)
	}
	return res, err
}

func (f *File) write(ctx context.Context, w *data.Workspace, skipBad bool) (data.BatchResult, error) {
	info := data.BatchInfo{
		FileName:   f.Name,
		SHA256:     f.SHA256,
		Size:       f.Size,
		Kind:       f.Profile.Kind,
		Format:     f.Profile.Name,
		ImportedAt: f.opts.Now(),
		Currency:   f.plan.currency,
	}
	var st stats
	st.init(f)
	var problems []data.Problem
	res, err := w.WriteBatch(ctx, info, func(bw *data.BatchWriter) error {
		pctx, stop := context.WithCancel(ctx)
		defer stop()
		// Records cross to the writer in batches: a hand-over per record
		// would wake the other goroutine (and a thread) for each one.
		const perBatch = 256
		recs := make(chan []any, 4)
		var readErr error
		done := make(chan struct{})
		// Sales are read (source fields, keys, channel) on the reading
		// goroutine too, beside the writing.
		sales := bw.SaleReader()
		go func() {
			defer close(done)
			defer close(recs)
			batch := make([]any, 0, perBatch)
			send := func() error {
				select {
				case recs <- batch:
					batch = make([]any, 0, perBatch)
					return nil
				case <-pctx.Done():
					return pctx.Err()
				}
			}
			problems, readErr = f.assemble(pctx, "importing", func(rec any) error {
				if s, ok := rec.(data.Sale); ok {
					rs, err := sales.ReadSale(s)
					if err != nil {
						return err
					}
					rec = rs
				}
				batch = append(batch, rec)
				if len(batch) < perBatch {
					return nil
				}
				return send()
			})
			if readErr == nil && len(batch) > 0 {
				readErr = send()
			}
		}()
		var writeErr error
		for batch := range recs {
			for _, rec := range batch {
				if writeErr != nil {
					break // drain until the reader stops
				}
				if rs, ok := rec.(data.ReadSale); ok {
					st.add(rs.Sale())
				} else {
					st.add(rec)
				}
				switch r := rec.(type) {
				case data.AdStat:
					writeErr = bw.AdStat(r)
				case data.Lead:
					writeErr = bw.Lead(r)
				case data.ReadSale:
					writeErr = bw.WriteSale(r)
				case data.StockLevel:
					writeErr = bw.StockLevel(r)
				}
				if writeErr != nil {
					stop()
				}
			}
		}
		<-done
		if writeErr != nil {
			return writeErr
		}
		if readErr != nil {
			return readErr
		}
		if err := f.unrated(st.s.Records, problems); err != nil {
			return err
		}
		// The rows read must be the file that was hashed: if it changed
		// while it was read, none of it is kept.
		if err := f.unchanged(); err != nil {
			return err
		}
		if len(problems) > 0 && !skipBad {
			return &ProblemsError{File: f.Name, Problems: problems}
		}
		summary := st.summary(f)
		// A sales file that states its total is held to it here, before
		// anything is committed (the import reads the file only once).
		if g := f.salesGap(summary.Amount, summary.Records); g != nil && len(problems) == 0 {
			f.Gap = g
			if err := f.Held(); err != nil {
				return err
			}
		}
		bw.Describe(summary.From, summary.To, f.rowsRead, len(problems), f.report(problems))
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return res, data.ErrCancelled
		}
		return res, err
	}
	f.Problems = problems
	f.Summary = st.summary(f)
	f.Summary.Rows = f.rowsRead
	if len(f.Preview.Rows) == 0 {
		f.Preview = st.preview
	}
	return res, nil
}

// report is the batch's list of rows left out: the rows that are not data
// and the rows with problems, in file order.
func (f *File) report(problems []data.Problem) []data.Problem {
	report := append([]data.Problem{}, f.Skipped...)
	for _, p := range problems {
		p.Skipped = true
		report = append(report, p)
	}
	sort.SliceStable(report, func(i, j int) bool { return report[i].Line < report[j].Line })
	return report
}

// ProblemsError is a file that was not imported because some of its rows
// have problems.
type ProblemsError struct {
	File     string
	Problems []data.Problem
}

// Error lists the first problems, each as file:line:column (header): what.
func (e *ProblemsError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "%s has %s %s, so nothing was imported. Fix %s in the file, or import the good rows and skip %s:",
		e.File, count(n), plural(n, "row with a problem", "rows with problems"), plural(n, "it", "them"), plural(n, "it", "these"))
	for _, line := range FormatProblems(e.File, e.Problems, 10) {
		b.WriteString("\n  " + line)
	}
	return b.String()
}

// FormatProblems writes the first max problems a line each (see
// FormatProblem), then how many more there are.
func FormatProblems(file string, ps []data.Problem, max int) []string {
	var out []string
	for i, p := range ps {
		if i == max {
			out = append(out, fmt.Sprintf("… and %s more", count(len(ps)-max)))
			break
		}
		out = append(out, FormatProblem(file, p))
	}
	return out
}

// FormatProblem writes a problem as "file, line N, column X (header):
// message", X being the spreadsheet column letter.
func FormatProblem(file string, p data.Problem) string {
	loc := fmt.Sprintf("%s, line %d", file, p.Line)
	if p.Column > 0 {
		col, err := excelize.ColumnNumberToName(p.Column)
		if err != nil {
			col = strconv.Itoa(p.Column)
		}
		loc += ", column " + col
	}
	if p.Header != "" {
		loc += " (" + p.Header + ")"
	}
	return loc + ": " + p.Message
}

// isQuoteError reports a CSV quote out of place, which a lenient read may
// get past.
func isQuoteError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote))
}

// explainReadError turns a reader's error into a message that names the
// file, line and column.
func explainReadError(name string, err error) error {
	if _, ok := data.AsUserError(err); ok {
		return err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			what = `a quote mark (") in the middle of a cell that does not start with one`
		case errors.Is(pe.Err, csv.ErrQuote):
			what = `a quoted cell is not closed, or its closing quote mark (") is followed by more text`
		}
		return &data.UserError{Msg: fmt.Sprintf("%s, line %d: %s. Fix that line in a spreadsheet program, save as CSV, and import again.", name, pe.Line, what), Err: err}
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// count writes a whole number with thousands separators: 297,000.
func count(n int) string { return money.Count(int64(n)) }
