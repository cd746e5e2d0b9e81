package data

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
)

// rederiveAll recomputes every derived row from scratch.
func rederiveAll(t *testing.T, w *Workspace) {
	t.Helper()
	ctx := context.Background()
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := derive(ctx, tx, w.Settings().AttributionWindowDays, changes{ads: true, leads: true, sales: true, all: true}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalDeriveEqualsFull: after every write or undo in a random
// sequence, the links and daily totals kept up to date incrementally are
// exactly those a full recomputation gives.
func TestIncrementalDeriveEqualsFull(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	r := rand.New(rand.NewPCG(7, 11))
	channels := []string{"google_ads", "meta_ads", "trade_show", "phone", ""}
	var batches []int64
	for step := range 60 {
		op := r.IntN(10)
		name := fmt.Sprint("step ", step)
		switch {
		case op < 4: // leads, re-using keys and emails so that they supersede and re-match
			res := mustWrite(t, w, info(name, KindLeads), func(b *BatchWriter) error {
				for range 1 + r.IntN(6) {
					if err := b.Lead(Lead{System: "crm", RecordID: fmt.Sprint(r.IntN(12)),
						Day: d("2025-03-01").AddDays(r.IntN(40)), Email: fmt.Sprintf("p%d@x.com", r.IntN(8)),
						SourceFields: src(channels[r.IntN(len(channels))])}); err != nil && !isDuplicate(err) {
						return err
					}
				}
				return nil
			})
			batches = append(batches, res.ID)
		case op < 8: // sales
			res := mustWrite(t, w, info(name, KindSales), func(b *BatchWriter) error {
				for range 1 + r.IntN(6) {
					s := Sale{System: "shop", OrderID: fmt.Sprint(r.IntN(15)), Day: d("2025-03-01").AddDays(r.IntN(60)),
						Currency: "USD", Gross: int64(100 + r.IntN(900)), Email: fmt.Sprintf("p%d@x.com", r.IntN(10)),
						SourceFields: src(channels[r.IntN(len(channels))])}
					s.Net = s.Gross
					if r.IntN(5) == 0 {
						s.Kind, s.Gross, s.Net = SaleRefund, -s.Gross, -s.Gross
					}
					if err := b.Sale(s); err != nil && !isDuplicate(err) {
						return err
					}
				}
				return nil
			})
			batches = append(batches, res.ID)
		default: // undo a random batch
			if len(batches) == 0 {
				continue
			}
			i := r.IntN(len(batches))
			if err := w.UndoBatch(ctx, batches[i]); err != nil {
				t.Fatal(err)
			}
			batches = append(batches[:i], batches[i+1:]...)
		}
		incremental := sums(t, w)
		rederiveAll(t, w)
		if full := sums(t, w); !maps.Equal(incremental, full) {
			for k := range full {
				if full[k] != incremental[k] {
					t.Errorf("step %d (op %d): %s differs from a full recomputation", step, op, k)
				}
			}
			t.FailNow()
		}
	}
}

// isDuplicate is a repeated key inside one generated file: the generator
// skips it, as the importers will.
func isDuplicate(err error) bool {
	ue, ok := AsUserError(err)
	return ok && (strings.Contains(ue.Msg, "repeats a row") || strings.Contains(ue.Msg, "repeats order"))
}
