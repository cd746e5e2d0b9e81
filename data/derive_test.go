package data

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"lastmile/data/channel"
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
	if err := beginChanges(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := derive(ctx, tx, w.Settings().AttributionWindowDays, changes{ads: true, leads: true, sales: true, all: true, channels: true}); err != nil {
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
	seed := uint64(7)
	if s := os.Getenv("LASTMILE_DERIVE_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	r := rand.New(rand.NewPCG(seed, 11))
	channels := []string{"google_ads", "meta_ads", "trade_show", "phone", ""}
	// Small pools, so that every tier finds candidates, names and companies
	// are shared (and go to review), and rows supersede each other.
	phones := []string{"", "", "(303) 555-0101", "303 555 0102", "+1 303 555 0103"}
	names := []string{"", "", "Ana Peña", "Bo Li", "Li, Bo", "Cy Tan"}
	companies := []string{"", "", "Oak LLC", "Oak", "Pine Inc."}
	orders := []string{"", "", "", "7", "#9"}
	clicks := []string{"", "", "", "Cj0KCQ1", "IwAR2"}
	genericPaid := SourceFields{{Name: "Original Source", Value: "Paid Search"}, {Name: "utm_campaign", Value: "Camp 1"}}
	pickSrc := func() SourceFields {
		if r.IntN(6) == 0 {
			return genericPaid
		}
		return src(channels[r.IntN(len(channels))])
	}
	var batches []int64
	for step := range 90 {
		op := r.IntN(14)
		name := fmt.Sprint("step ", step)
		switch {
		case op < 4: // leads, re-using keys and emails so that they supersede and re-match
			res := mustWrite(t, w, info(name, KindLeads), func(b *BatchWriter) error {
				for range 1 + r.IntN(6) {
					email := ""
					if r.IntN(2) == 0 {
						email = fmt.Sprintf("p%d@x.com", r.IntN(8))
					}
					if err := b.Lead(Lead{System: "crm", RecordID: fmt.Sprint(r.IntN(12)),
						Day: d("2025-03-01").AddDays(r.IntN(40)), Email: email, Phone: phones[r.IntN(len(phones))],
						Name: names[r.IntN(len(names))], Company: companies[r.IntN(len(companies))],
						OrderRef: orders[r.IntN(len(orders))], ClickID: clicks[r.IntN(len(clicks))],
						SourceFields: pickSrc()}); err != nil && !isDuplicate(err) {
						return err
					}
				}
				return nil
			})
			batches = append(batches, res.ID)
		case op < 8: // sales
			res := mustWrite(t, w, info(name, KindSales), func(b *BatchWriter) error {
				// A file never holds one order twice (the importer refuses
				// it, and sales are written in sets, so the refusal comes
				// when the set is written): the generator leaves repeats out.
				seen := map[string]bool{}
				for range 1 + r.IntN(6) {
					s := Sale{System: []string{"shop", "till"}[r.IntN(2)], OrderID: fmt.Sprint(r.IntN(15)), Day: d("2025-03-01").AddDays(r.IntN(60)),
						Currency: "USD", Gross: int64(100 + r.IntN(900)), Phone: phones[r.IntN(len(phones))],
						Customer: names[r.IntN(len(names))], Company: companies[r.IntN(len(companies))],
						ClickID: clicks[r.IntN(len(clicks))], SourceFields: pickSrc()}
					if r.IntN(2) == 0 {
						s.Email = fmt.Sprintf("p%d@x.com", r.IntN(10))
					}
					s.Net = s.Gross
					if r.IntN(5) == 0 {
						// A refund: half of them name the order they return,
						// the others only a customer.
						s.Kind, s.Gross, s.Net, s.OrderID = SaleRefund, -s.Gross/2, -s.Gross/2, "R"+s.OrderID
						if r.IntN(2) == 0 {
							s.RefundOf = fmt.Sprint(r.IntN(15))
						}
					}
					if seen[s.NaturalKey()] {
						continue
					}
					seen[s.NaturalKey()] = true
					if err := b.Sale(s); err != nil {
						return err
					}
				}
				return nil
			})
			batches = append(batches, res.ID)
		case op == 10 || op == 9: // an ad report whose campaign resolves the generic leads
			// Rows of one day or of a range, at the campaign or ad group
			// level, with repeated keys, so that reports supersede one
			// another and the coarsest level of a day changes.
			res := mustWrite(t, w, info(name, KindAdStats), func(b *BatchWriter) error {
				seen := map[string]bool{}
				for range 1 + r.IntN(3) {
					from := d("2025-03-01").AddDays(r.IntN(12))
					a := AdStat{Platform: []string{"google_ads", "microsoft_ads"}[r.IntN(2)], Campaign: "Camp 1",
						From: from, To: from.AddDays([]int{0, 0, 2, 6}[r.IntN(4)]), Currency: "USD", Spend: int64(100 + r.IntN(3)*37)}
					if r.IntN(3) == 0 {
						a.Level, a.AdGroup = "ad_group", []string{"G1", "G2"}[r.IntN(2)]
					}
					if seen[a.NaturalKey()] {
						continue
					}
					seen[a.NaturalKey()] = true
					if err := b.AdStat(a); err != nil {
						return err
					}
				}
				return nil
			})
			batches = append(batches, res.ID)
		case op == 11: // a person links, unlinks or confirms a sale
			var sale, lead int64
			if w.rdb.QueryRowContext(ctx, `SELECT id FROM sales WHERE superseded_by IS NULL ORDER BY random() LIMIT 1`).Scan(&sale) != nil ||
				w.rdb.QueryRowContext(ctx, `SELECT id FROM leads WHERE superseded_by IS NULL ORDER BY random() LIMIT 1`).Scan(&lead) != nil {
				continue
			}
			var err error
			switch r.IntN(3) {
			case 0:
				err = w.LinkSale(ctx, sale, lead)
			case 1:
				err = w.UnlinkSale(ctx, sale)
			default:
				if err = w.ConfirmMatch(ctx, sale); err != nil {
					if _, ok := AsUserError(err); ok {
						err = nil // the sale had no lead to confirm
					}
				}
			}
			if err != nil {
				t.Fatal(err)
			}
		case op == 12: // a person's rule
			if _, err := w.SaveRule(ctx, Rule{Field: "lead_source", Op: "equals", Value: "Phone",
				ChannelID: channelIDOf(t, w, channels[r.IntN(len(channels)-1)])}); err != nil {
				t.Fatal(err)
			}
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
		checkDerived(t, w)
		incremental := sums(t, w)
		before := dumpSales(t, w)
		rederiveAll(t, w)
		if after := dumpSales(t, w); before != after {
			t.Logf("step %d op %d\nincremental:\n%s\nfull:\n%s", step, op, before, after)
		}
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

// dumpSales writes the sales and matches, to show how an incremental
// result differs from a full one.
func dumpSales(t *testing.T, w *Workspace) string {
	return dumpQuery(t, w, `SELECT * FROM matches ORDER BY sale_key, lead_key`) +
		dumpQuery(t, w, `SELECT id, order_id, superseded_by, lead_id, match_tier, match_state, own_channel_id, first_channel_id,
			last_channel_id, own_generic, source_fields, click_id, own_channel_rule, refund_of, refund_link, kept_minor FROM sales ORDER BY id`) +
		dumpQuery(t, w, `SELECT id, first_sale FROM leads ORDER BY id`)
}

func dumpQuery(t *testing.T, w *Workspace, q string) string {
	t.Helper()
	rows, err := w.rdb.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		v := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, v...)
	}
	return b.String()
}

// Rows grouped by clickKey classify alike only if the key is at least as
// fine as channel.ClickSignature: two click ids with one key must have one
// signature.
func TestClickKeyIsFinerThanTheSignature(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmt, err := db.Prepare(`SELECT ` + clickKey + ` FROM (SELECT ? AS click_id) AS t`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	r := rand.New(rand.NewPCG(7, 8))
	alphabets := []string{"0123456789abcdef", "0123456789ABCDEFabcdef", "abcXYZ019_-.~", " \t\nab12", "é€ab\u00a0\u2003 1"}
	sigOf := map[string]string{}
	for range 20000 {
		a := []rune(alphabets[r.IntN(len(alphabets))])
		n := r.IntN(10)
		var b strings.Builder
		prefix := []string{"", "Cj0K", "IwAR", " Cj0", "abcd"}[r.IntN(5)]
		b.WriteString(prefix)
		for range n {
			b.WriteRune(a[r.IntN(len(a))])
		}
		v := b.String()
		var key string
		if err := stmt.QueryRow(v).Scan(&key); err != nil {
			t.Fatal(err)
		}
		sig := channel.ClickSignature(v)
		if prev, ok := sigOf[key]; ok && prev != sig {
			t.Fatalf("click ids of key %q have signatures %q and %q (last %q)", key, prev, sig, v)
		}
		sigOf[key] = sig
	}
}
