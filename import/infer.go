package importer

// This file decides how each column writes its numbers and dates, and keeps the notes for people.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"lastmile/data"
)

// The fields whose values are numbers or dates, for inferring how a
// column writes them.
var (
	numberFields = []Field{FSpend, FImpressions, FClicks, FConversions, FConversionValue, FPurchases, FPlatformLeads, FTotal, FRefunded,
		FQuantity, FUnitPrice, FLineTotal, FOnHand, FUnitCost}
	dateFields = []Field{FDay, FDateFrom, FDateTo, FDate, FReceived}
)

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
