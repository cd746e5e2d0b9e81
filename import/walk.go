package importer

// This file walks a file's table row by row and says which rows are not data.

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"lastmile/data"
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
			} else if f.isSummary(r) {
				f.noteTotal(r, p.profile.SummaryTotal, 0)
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

// isSummary says whether r is the summary row of a profile that has one
// (Profile.SummaryTotal): every SkipEmpty field it maps is empty.
func (f *File) isSummary(r Row) bool {
	p := f.plan
	if p.profile.SummaryTotal == "" {
		return false
	}
	mapped := false
	for _, fld := range p.profile.SkipEmpty {
		v, ok := p.m.get(r, fld)
		if ok && !isMissing(v) {
			return false
		}
		mapped = mapped || ok
	}
	return mapped
}

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
		if first != "" && hasPrefixFold(first, prefix) {
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

// hasPrefixFold reports whether s starts with prefix, ignoring case,
// without making lower-case copies (it runs on every row).
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
