package data

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// Schema 7 counts the leads the report reads ahead (daily_lead_outcomes):
// a workspace saved at schema 6 gets the counts from its stored columns,
// without deriving any row again, and the report reads the same leads
// as it did from the leads themselves.
func TestMigrationToSchema7CountsLeadOutcomes(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	path := w.Path()
	mustWrite(t, w, info("leads", KindLeads), func(b *BatchWriter) error {
		for i := range 12 {
			l := Lead{System: "crm", RecordID: fmt.Sprint(i), Day: d("2025-03-01").AddDays(i % 5),
				Email: fmt.Sprintf("p%d@x.com", i), SourceFields: src([]string{"google_ads", "meta_ads", "trade_show", ""}[i%4])}
			if i%3 == 0 {
				l.SourceFields = append(l.SourceFields, Field{Name: "utm_campaign", Value: "Spring"})
			}
			if err := b.Lead(l); err != nil {
				return err
			}
		}
		return nil
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for i := range 6 {
			if err := b.Sale(Sale{System: "shop", OrderID: fmt.Sprint(i), Day: d("2025-03-10").AddDays(i), Currency: "USD",
				Gross: 1000, Net: 1000, Email: fmt.Sprintf("p%d@x.com", i*2)}); err != nil {
				return err
			}
		}
		return nil
	})
	p := Period{From: d("2025-02-01"), To: d("2025-04-30")}
	before, err := w.Aggregates(ctx, ReportOptions{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	// What the report read before schema 7, straight from the leads.
	direct, err := readLeadsFromRows(ctx, w, p)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before.Leads) != fmt.Sprint(direct) {
		t.Fatalf("the counts differ from the leads:\n%v\n%v", before.Leads, direct)
	}
	bought := 0
	for _, l := range direct {
		if !l.FirstSale.IsZero() {
			bought += l.Leads()
		}
	}
	if bought != 6 {
		t.Fatalf("%d leads bought; the sales name 6", bought)
	}

	for _, q := range []string{`DROP TABLE daily_lead_outcomes`, `PRAGMA user_version = 6`,
		// A row derived again would take this channel back from its fields.
		`UPDATE sales SET first_channel_id = NULL`} {
		if _, err := w.wdb.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	w.Close()
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	after, err := w.Aggregates(ctx, ReportOptions{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after.Leads) != fmt.Sprint(before.Leads) {
		t.Errorf("after migrating:\n%v\nbefore:\n%v", after.Leads, before.Leads)
	}
	var derived int
	if err := w.rdb.QueryRow(`SELECT count(*) FROM sales WHERE first_channel_id IS NOT NULL`).Scan(&derived); err != nil {
		t.Fatal(err)
	}
	if derived != 0 {
		t.Errorf("%d sales derived again by a migration that only counts leads", derived)
	}
}

// readLeadsFromRows is how the report read the leads before schema 7.
func readLeadsFromRows(ctx context.Context, w *Workspace, p Period) ([]LeadOutcome, error) {
	var out []LeadOutcome
	err := eachRow(ctx, w.rdb, `SELECT coalesce(channel_id, 0), day, campaign, coalesce(first_sale, ''), count(*)
		FROM leads WHERE day BETWEEN ? AND ? AND superseded_by IS NULL
		GROUP BY day, channel_id, campaign, first_sale ORDER BY day, channel_id, campaign, first_sale`, []any{p.From.String(), p.To.String()},
		func(rows *sql.Rows) error {
			var x LeadOutcome
			var day, first string
			if err := rows.Scan(&x.ChannelID, &day, &x.Campaign, &first, &x.Count); err != nil {
				return err
			}
			x.Day = d(day)
			if first != "" {
				x.FirstSale = d(first)
			}
			out = append(out, x)
			return nil
		})
	return out, err
}
