package data

import (
	"context"
	"path/filepath"
	"testing"
)

// keptOf returns the money each current sale keeps, by order id, and how
// each refund row is linked ("" when it is not).
func keptOf(t *testing.T, w *Workspace) (map[string]int64, map[string]string) {
	t.Helper()
	kept, link := map[string]int64{}, map[string]string{}
	rows, err := w.rdb.Query(`SELECT s.order_id, s.kind, s.kept_minor, s.refund_link, coalesce(o.order_id, '')
		FROM sales AS s LEFT JOIN sales AS o ON o.id = s.refund_of WHERE s.superseded_by IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, how, of string
		var k int64
		if err := rows.Scan(&id, &kind, &k, &how, &of); err != nil {
			t.Fatal(err)
		}
		kept[id] = k
		if kind == string(SaleRefund) && how != "" {
			link[id] = how + " " + of
		} else if kind == string(SaleRefund) {
			link[id] = ""
		}
	}
	return kept, link
}

// TestRefundsFindTheirSales works through the linking rule on one
// customer's invoices and credit memos (money in cents):
//
//	I1  1 Mar  $300   Ann
//	I2 10 Mar  $100   Ann
//	C1 12 Mar −$150   Ann: I2 ($100) cannot cover it, so it returns I1 → I1 keeps $150
//	C2 14 Mar  −$60   Ann: I2 covers it → I2 keeps $40
//	C3 15 Mar  −$50   Ann: I2 has $40 left, I1 $150 → I1 keeps $100
//	C4 16 Mar −$500   Ann: nothing left covers it → unlinked, counts −$500 on 16 Mar
//	I3 20 Mar  $200   Ann: after every credit memo, so none returns it
//	C5  9 Mar  −$20   Bob: Bob has no sale → unlinked
//	C6 12 Mar  −$10   Ann, other system → unlinked (a refund returns a sale of its own system)
//
// Undoing the credit memos gives every invoice its whole amount back.
func TestRefundsFindTheirSales(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	mustWrite(t, w, info("invoices", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "I1", Day: d("2025-03-01"), Net: 30000},
			{OrderID: "I2", Day: d("2025-03-10"), Net: 10000},
			{OrderID: "I3", Day: d("2025-03-20"), Net: 20000},
		} {
			s.System, s.Currency, s.Customer, s.Gross = "books", "USD", "Ann Lee", s.Net
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	memos := mustWrite(t, w, info("memos", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "C1", Day: d("2025-03-12"), Net: -15000, Customer: "Ann Lee"},
			{OrderID: "C2", Day: d("2025-03-14"), Net: -6000, Customer: "ann  LEE"},
			{OrderID: "C3", Day: d("2025-03-15"), Net: -5000, Customer: "Ann Lee"},
			{OrderID: "C4", Day: d("2025-03-16"), Net: -50000, Customer: "Ann Lee"},
			{OrderID: "C5", Day: d("2025-03-09"), Net: -2000, Customer: "Bob Day"},
		} {
			s.System, s.Currency, s.Kind, s.Gross = "books", "USD", SaleRefund, s.Net
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return b.Sale(Sale{System: "till", OrderID: "C6", Day: d("2025-03-12"), Net: -1000, Gross: -1000, Kind: SaleRefund,
			Currency: "USD", Customer: "Ann Lee"})
	})
	kept, link := keptOf(t, w)
	wantKept := map[string]int64{"I1": 10000, "I2": 4000, "I3": 20000, "C1": 0, "C2": 0, "C3": 0, "C4": -50000, "C5": -2000, "C6": -1000}
	wantLink := map[string]string{"C1": "customer I1", "C2": "customer I2", "C3": "customer I1", "C4": "", "C5": "", "C6": ""}
	for id, v := range wantKept {
		if kept[id] != v {
			t.Errorf("%s keeps %d, want %d", id, kept[id], v)
		}
	}
	for id, v := range wantLink {
		if link[id] != v {
			t.Errorf("%s linked %q, want %q", id, link[id], v)
		}
	}
	// March: 3 sales kept money; revenue 100+40+200 −500 −20 −10 = −190
	// dollars; refunds 150+60+50 (linked) + 500+20+10 (unlinked) = 790.
	dash, err := w.Dashboard(ctx, Period{d("2025-03-01"), d("2025-03-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if c := dash.Current; c.Sales != 3 || c.Revenue != -19000 || c.Refunds != 79000 {
		t.Errorf("March: %d sales, revenue %d, refunds %d", c.Sales, c.Revenue, c.Refunds)
	}
	// 1 March alone carries I1 and the two memos that return it.
	dash, err = w.Dashboard(ctx, Period{d("2025-03-01"), d("2025-03-01")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if c := dash.Current; c.Sales != 1 || c.Revenue != 10000 || c.Refunds != 20000 {
		t.Errorf("1 March: %d sales, revenue %d, refunds %d", c.Sales, c.Revenue, c.Refunds)
	}

	if err := w.UndoBatch(ctx, memos.ID); err != nil {
		t.Fatal(err)
	}
	kept, _ = keptOf(t, w)
	for id, v := range map[string]int64{"I1": 30000, "I2": 10000, "I3": 20000} {
		if kept[id] != v {
			t.Errorf("after undo %s keeps %d, want %d", id, kept[id], v)
		}
	}
	dash, err = w.Dashboard(ctx, Period{d("2025-03-01"), d("2025-03-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if c := dash.Current; c.Sales != 3 || c.Revenue != 60000 || c.Refunds != 0 {
		t.Errorf("after undo: %d sales, revenue %d, refunds %d", c.Sales, c.Revenue, c.Refunds)
	}
}

// TestRefundFollowsItsSaleWhenTheSaleIsImportedAgain: importing a newer
// export of the same payments replaces the payment's row; the refund must
// follow the new row, and the old one must not keep the refund.
func TestRefundFollowsItsSaleWhenTheSaleIsImportedAgain(t *testing.T) {
	w := newWorkspace(t)
	pay := func(name string) BatchResult {
		return mustWrite(t, w, info(name, KindSales), func(b *BatchWriter) error {
			return b.Sale(Sale{System: "square", OrderID: "Payment TX1", Ref: "TX1", Day: d("2025-03-04"), Net: 50000, Gross: 50000, Currency: "USD"})
		})
	}
	pay("march")
	mustWrite(t, w, info("refunds", KindSales), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "square", OrderID: "Refund TX1", Ref: "TX1", RefundOf: "TX1", Kind: SaleRefund,
			Day: d("2025-03-20"), Net: -10000, Gross: -10000, Currency: "USD"})
	})
	second := pay("march again")
	kept, link := keptOf(t, w)
	if kept["Payment TX1"] != 40000 || link["Refund TX1"] != "id Payment TX1" {
		t.Errorf("after the second import: payment keeps %d, refund %q", kept["Payment TX1"], link["Refund TX1"])
	}
	var stale int
	if err := w.rdb.QueryRow(`SELECT count(*) FROM sales WHERE superseded_by IS NOT NULL AND kept_minor <> net_minor`).Scan(&stale); err != nil {
		t.Fatal(err)
	}
	if stale != 0 {
		t.Errorf("%d replaced rows still carry a refund", stale)
	}
	if err := w.UndoBatch(context.Background(), second.ID); err != nil {
		t.Fatal(err)
	}
	if kept, link = keptOf(t, w); kept["Payment TX1"] != 40000 || link["Refund TX1"] != "id Payment TX1" {
		t.Errorf("after undoing it: payment keeps %d, refund %q", kept["Payment TX1"], link["Refund TX1"])
	}
}

// TestMigrationToSchema5LinksOldSquareRefunds: a workspace of schema 4 kept
// Square's rows under keys that join the row's type to the transaction id;
// opening it with schema 5 reads the id back out and links the refund.
func TestMigrationToSchema5LinksOldSquareRefunds(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.lastmile")
	w, err := Create(ctx, path, Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, w, info("square", KindSales), func(b *BatchWriter) error {
		if err := b.Sale(Sale{System: "square", OrderID: "Payment TX1", Day: d("2025-03-04"), Net: 50000, Gross: 50000, Currency: "USD"}); err != nil {
			return err
		}
		return b.Sale(Sale{System: "square", OrderID: "Refund TX1", Kind: SaleRefund, Day: d("2025-03-20"), Net: -10000, Gross: -10000, Currency: "USD"})
	})
	// Make it look like schema 4.
	for _, q := range []string{
		`DROP TABLE daily_lead_outcomes`,
		`DROP INDEX leads_day`, `ALTER TABLE leads DROP COLUMN first_sale`,
		`CREATE INDEX leads_day ON leads (day, channel_id, superseded_by) WHERE superseded_by IS NULL`,
		`DROP INDEX sales_day`, `DROP INDEX sales_campaign`, `DROP INDEX sales_refunds`, `DROP INDEX sales_kept`,
		`ALTER TABLE sales DROP COLUMN refund_of`, `ALTER TABLE sales DROP COLUMN counted_day`, `ALTER TABLE sales DROP COLUMN refund_link`, `ALTER TABLE sales DROP COLUMN kept_minor`,
		`ALTER TABLE sales DROP COLUMN order_ref`, `ALTER TABLE sales DROP COLUMN refund_ref`,
		`CREATE INDEX sales_day ON sales (day, kind, net_minor, first_channel_id, first_evidence, last_channel_id, last_evidence, place,
			lead_id, campaign, superseded_by) WHERE superseded_by IS NULL`,
		`DROP TABLE daily_sales`,
		`CREATE TABLE daily_sales (day TEXT NOT NULL, model TEXT NOT NULL, channel_id INTEGER NOT NULL, evidence TEXT NOT NULL,
			place TEXT NOT NULL, sales INTEGER NOT NULL, revenue_minor INTEGER NOT NULL,
			PRIMARY KEY (model, day, channel_id, evidence, place)) STRICT, WITHOUT ROWID`,
		`PRAGMA user_version = 4`,
	} {
		if _, err := w.wdb.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	w.Close()
	if w, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	kept, link := keptOf(t, w)
	if kept["Payment TX1"] != 40000 || link["Refund TX1"] != "id Payment TX1" {
		t.Errorf("after migrating: payment keeps %d, refund %q", kept["Payment TX1"], link["Refund TX1"])
	}
	dash, err := w.Dashboard(ctx, Period{d("2025-03-04"), d("2025-03-04")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if c := dash.Current; c.Sales != 1 || c.Revenue != 40000 || c.Refunds != 10000 {
		t.Errorf("4 March after migrating: %d sales, revenue %d, refunds %d", c.Sales, c.Revenue, c.Refunds)
	}
}
