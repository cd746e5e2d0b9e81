package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// How a refund row was linked to the sale it returns (sales.refund_link).
const (
	// RefundByID: the refund carries its sale's order or transaction id
	// (a Square refund keeps its payment's Transaction ID).
	RefundByID = "id"
	// RefundByCustomer: the refund names only a customer (a QuickBooks
	// credit memo, a Xero credit note); it returns that customer's latest
	// earlier sale in the same system that still covers it.
	RefundByCustomer = "customer"
)

// refundRow is one current refund row as linkRefunds reads it.
type refundRow struct {
	id               int64
	system, ref, day string    // ref: the sale's number the refund names (normalised)
	keys             [3]string // email, name, company (normalised)
	net              int64     // negative
	oldOf            sql.NullInt64
	oldLink          string
	oldKept          int64
	oldCounted       sql.NullString
	newOf            int64
	newLink          string
	newCounted       string // the day it counts on: its sale's, else its own
}

// linkRefunds applies the one refund rule: a refund counts against the
// sale it returns, on that sale's day and in its channel. Every current
// refund row is linked to its sale, by id first, then by customer (the
// customer's latest sale in the same system on or before the refund's day
// whose money kept still covers it); a refund that links to no sale counts
// its own amount on its own day. It sets sales.kept_minor (an order's net
// less the refunds linked to it; 0 for a linked refund) and records the
// days whose totals change in lm_touched_days, and the leads of the
// orders whose kept money changes in lm_touched_leads.
//
// A refund only ever returns a sale of its own system, so when all is
// false only the refunds of the systems whose sales came or went
// (lm_touched_systems) are linked again; they are few next to orders, and
// are linked in a few set-wise reads. Only the rows whose link or kept
// money changes are written.
func linkRefunds(ctx context.Context, q querier, all bool) error {
	fail := func(err error) error { return fmt.Errorf("link refunds: %w", err) }
	scope := " AND system IN (SELECT system FROM lm_touched_systems)"
	if all {
		scope = ""
	}
	var refunds []*refundRow
	byRefund := map[int64]*refundRow{}
	err := eachRow(ctx, q, `SELECT id, system, refund_ref, day, email_norm, name_norm, company_norm, net_minor,
			refund_of, refund_link, kept_minor, counted_day
		FROM sales INDEXED BY sales_refunds WHERE kind = 'refund' AND superseded_by IS NULL`+scope+` ORDER BY day, id`, nil,
		func(rows *sql.Rows) error {
			r := &refundRow{}
			if err := rows.Scan(&r.id, &r.system, &r.ref, &r.day, &r.keys[0], &r.keys[1], &r.keys[2], &r.net,
				&r.oldOf, &r.oldLink, &r.oldKept, &r.oldCounted); err != nil {
				return err
			}
			refunds = append(refunds, r)
			byRefund[r.id] = r
			return nil
		})
	if err != nil {
		return fail(err)
	}

	// What each order linked to still keeps as refunds are linked to it.
	left := map[int64]int64{}
	keeps := func(id, net int64) int64 {
		if v, ok := left[id]; ok {
			return v
		}
		return net
	}
	link := func(r *refundRow, id, net int64, day, how string) {
		left[id] = keeps(id, net) + r.net
		r.newOf, r.newLink, r.newCounted = id, how, day
	}

	// By id: the same system's order with the number the refund names
	// (the latest, should two share it), all in one read.
	type candidate struct {
		id, net int64
		day     string
	}
	byID := map[int64]candidate{}
	err = eachRow(ctx, q, `SELECT r.id, o.id, o.day, o.net_minor
		FROM sales AS r INDEXED BY sales_refunds
		JOIN sales AS o INDEXED BY sales_order ON o.order_norm = r.refund_ref AND o.order_norm <> '' AND o.superseded_by IS NULL AND o.system = r.system AND o.kind = 'order'
		WHERE r.kind = 'refund' AND r.superseded_by IS NULL AND r.refund_ref <> ''`+strings.Replace(scope, "system", "r.system", 1), nil,
		func(rows *sql.Rows) error {
			var rid int64
			var c candidate
			if err := rows.Scan(&rid, &c.id, &c.day, &c.net); err != nil {
				return err
			}
			if old, ok := byID[rid]; !ok || c.day > old.day || (c.day == old.day && c.id > old.id) {
				byID[rid] = c
			}
			return nil
		})
	if err != nil {
		return fail(err)
	}
	for _, r := range refunds {
		if c, ok := byID[r.id]; ok {
			link(r, c.id, c.net, c.day, RefundByID)
		}
	}

	// By customer, oldest refund first, so that each takes the latest
	// earlier sale that still covers it.
	var byCustomer [3]*sql.Stmt
	for i, col := range []string{"email_norm", "name_norm", "company_norm"} {
		index := map[string]string{"email_norm": "sales_email", "name_norm": "sales_name", "company_norm": "sales_company"}[col]
		stmt, err := q.PrepareContext(ctx, `SELECT id, net_minor, day FROM sales INDEXED BY `+index+`
			WHERE `+col+` = ?1 AND `+col+` <> '' AND superseded_by IS NULL AND system = ?2 AND kind = 'order' AND net_minor > 0 AND day <= ?3
			ORDER BY day DESC, id DESC`)
		if err != nil {
			return fail(err)
		}
		defer stmt.Close()
		byCustomer[i] = stmt
	}
	for _, r := range refunds {
		if r.newOf != 0 {
			continue
		}
		for i, key := range r.keys {
			if key == "" {
				continue
			}
			found := false
			err := eachStmtRow(ctx, byCustomer[i], []any{key, r.system, r.day}, func(rows *sql.Rows) (bool, error) {
				var id, net int64
				var day string
				if err := rows.Scan(&id, &net, &day); err != nil {
					return false, err
				}
				if keeps(id, net)+r.net < 0 {
					return true, nil // already returned, or too small: look further back
				}
				link(r, id, net, day, RefundByCustomer)
				found = true
				return false, nil
			})
			if err != nil {
				return fail(err)
			}
			if found {
				break
			}
		}
	}

	touchDay, err := q.PrepareContext(ctx, `INSERT OR IGNORE INTO lm_touched_days (day) VALUES (?)`)
	if err != nil {
		return fail(err)
	}
	defer touchDay.Close()
	touchLead, err := q.PrepareContext(ctx, `INSERT OR IGNORE INTO lm_touched_leads (id) VALUES (?)`)
	if err != nil {
		return fail(err)
	}
	defer touchLead.Close()
	setRefund, err := q.PrepareContext(ctx, `UPDATE sales SET refund_of = ?, refund_link = ?, kept_minor = ?, counted_day = ? WHERE id = ?`)
	if err != nil {
		return fail(err)
	}
	defer setRefund.Close()
	// The orders whose kept money may change: those linked to now, those
	// linked to before, and any order still marked as having refunds.
	check := map[int64]bool{}
	for id := range left {
		check[id] = true
	}
	for _, r := range refunds {
		kept := r.net
		var of any
		if r.newOf != 0 {
			kept, of = 0, r.newOf
		} else {
			r.newCounted = r.day
		}
		if r.oldOf.Valid {
			check[r.oldOf.Int64] = true
		}
		if r.oldOf.Int64 == r.newOf && r.oldLink == r.newLink && r.oldKept == kept && r.oldCounted.String == r.newCounted {
			continue
		}
		if _, err := setRefund.ExecContext(ctx, of, r.newLink, kept, r.newCounted, r.id); err != nil {
			return fail(err)
		}
		if _, err := touchDay.ExecContext(ctx, r.day); err != nil {
			return fail(err)
		}
	}
	err = eachRow(ctx, q, `SELECT id FROM sales INDEXED BY sales_kept WHERE kept_minor <> net_minor AND kind = 'order'`+scope, nil,
		func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			check[id] = true
			return nil
		})
	if err != nil {
		return fail(err)
	}
	ids := make([]int64, 0, len(check))
	for id := range check {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	list, err := json.Marshal(ids)
	if err != nil {
		return fail(err)
	}
	// Read them in one go (an order deleted with its batch is not there).
	type change struct {
		id, want, lead int64
		day            string
	}
	var todo []change
	err = eachRow(ctx, q, `SELECT id, day, net_minor, kept_minor, coalesce(lead_id, 0) FROM sales
		WHERE id IN (SELECT value FROM json_each(?)) AND kind = 'order'`, []any{string(list)}, func(rows *sql.Rows) error {
		var c change
		var net, kept int64
		if err := rows.Scan(&c.id, &c.day, &net, &kept, &c.lead); err != nil {
			return err
		}
		if c.want = keeps(c.id, net); c.want != kept {
			todo = append(todo, c)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	setKept, err := q.PrepareContext(ctx, `UPDATE sales SET kept_minor = ? WHERE id = ?`)
	if err != nil {
		return fail(err)
	}
	defer setKept.Close()
	for _, c := range todo {
		id, want, day, lead := c.id, c.want, c.day, c.lead
		if _, err := setKept.ExecContext(ctx, want, id); err != nil {
			return fail(err)
		}
		if _, err := touchDay.ExecContext(ctx, day); err != nil {
			return fail(err)
		}
		if lead != 0 {
			// Whether the order still counts as a sale may have changed.
			if _, err := touchLead.ExecContext(ctx, lead); err != nil {
				return fail(err)
			}
		}
	}
	return nil
}

// eachStmtRow runs a prepared query and calls f on each row until f
// returns false.
func eachStmtRow(ctx context.Context, stmt *sql.Stmt, args []any, f func(*sql.Rows) (bool, error)) error {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		more, err := f(rows)
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	return rows.Err()
}
