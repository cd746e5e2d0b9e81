package importer

// This file builds records from rows: ad stats added up by key, sales grouped from their lines.

import (
	"context"

	"lastmile/data"
)

// assemble walks the rows and builds the records of the file's kind,
// grouping line items and adding up breakdown rows. emit receives each
// record (a data.AdStat, data.Lead, data.Sale or data.StockLevel) with the
// file line it starts on; rows with problems are not emitted but listed.
func (f *File) assemble(ctx context.Context, stage string, emit func(rec data.Record) error) ([]data.Problem, error) {
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
