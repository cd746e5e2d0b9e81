package importer

// This file writes a file's records into the workspace as one batch, reading and writing side by side.

import (
	"context"
	"errors"
	"sort"

	"lastmile/data"
)

// Store is where an import writes: the workspace's batch, all of a file or
// none of it. *data.Workspace is one; a test may hand in its own.
type Store interface {
	WriteBatch(ctx context.Context, info data.BatchInfo, fill func(*data.BatchWriter) error) (data.BatchResult, error)
}

// Import stores the file in w as one batch: all of its records or none.
// With skipBad, rows that have problems are left out and listed in the
// batch's report; without it, a file with problems is not imported and a
// *ProblemsError says how many and where. Reading and writing overlap: the
// rows are read and built on one goroutine while SQLite stores them on
// another.
func (f *File) Import(ctx context.Context, w Store, skipBad bool) (data.BatchResult, error) {
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

func (f *File) write(ctx context.Context, w Store, skipBad bool) (data.BatchResult, error) {
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
		recs := make(chan []data.Record, 4)
		var readErr error
		done := make(chan struct{})
		// Sales are read (source fields, keys, channel) on the reading
		// goroutine too, beside the writing.
		sales := bw.SaleReader()
		go func() {
			defer close(done)
			defer close(recs)
			batch := make([]data.Record, 0, perBatch)
			send := func() error {
				select {
				case recs <- batch:
					batch = make([]data.Record, 0, perBatch)
					return nil
				case <-pctx.Done():
					return pctx.Err()
				}
			}
			problems, readErr = f.assemble(pctx, "importing", func(rec data.Record) error {
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
