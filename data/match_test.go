package data

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"lastmile/data/civil"
	"lastmile/data/match"
)

// linkOf returns the lead record id and tier a sale is linked by.
func linkOf(t *testing.T, w *Workspace, order string) (string, match.Tier) {
	t.Helper()
	var rec sql.NullString
	var tier string
	err := w.rdb.QueryRowContext(context.Background(), `SELECT l.record_id, s.match_tier FROM sales AS s
		LEFT JOIN leads AS l ON l.id = s.lead_id WHERE s.order_id = ? AND s.superseded_by IS NULL`, order).Scan(&rec, &tier)
	if err != nil {
		t.Fatalf("sale %s: %v", order, err)
	}
	return rec.String, match.Tier(tier)
}

func saleID(t *testing.T, w *Workspace, order string) int64 {
	t.Helper()
	var id int64
	if err := w.rdb.QueryRowContext(context.Background(), `SELECT id FROM sales WHERE order_id = ? AND superseded_by IS NULL`, order).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func leadID(t *testing.T, w *Workspace, rec string) int64 {
	t.Helper()
	var id int64
	if err := w.rdb.QueryRowContext(context.Background(), `SELECT id FROM leads WHERE record_id = ? AND superseded_by IS NULL`, rec).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// matchWorkspace holds leads and sales that exercise every tier. The
// workspace is in the US, so "(303) 555-0101" is +13035550101.
func matchWorkspace(t *testing.T, leadsFile string) *Workspace {
	t.Helper()
	w := newWorkspace(t)
	s := w.Settings()
	s.Country = "US"
	if err := w.SaveSettings(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	writeLeads(t, w, leadsFile, []Lead{
		{RecordID: "L1", Day: d("2025-03-01"), Name: "Ana Peña", Email: "ana@example.com", SourceFields: src("google_ads")},
		{RecordID: "L2", Day: d("2025-03-02"), Name: "Bo Li", Phone: "(303) 555-0101", SourceFields: src("trade_show")},
		{RecordID: "L3", Day: d("2025-03-03"), Name: "Cy Tan", OrderRef: "Q-17", SourceFields: src("phone")},
		{RecordID: "L4", Day: d("2025-03-04"), Name: "Di Ross", ClickID: "Cj0KCQabc", SourceFields: src("google_ads")},
		{RecordID: "L5", Day: d("2025-03-05"), Name: "Ed Moss", SourceFields: src("word_of_mouth")},
		{RecordID: "L6", Day: d("2025-03-05"), Name: "Jo Smith", SourceFields: src("walk_in")},
		{RecordID: "L7", Day: d("2025-03-06"), Name: "Jo Smith", SourceFields: src("partner")},
		{RecordID: "L8", Day: d("2025-03-06"), Name: "Fay Wu", Company: "Oak Interiors LLC", SourceFields: src("trade_show")},
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "S1", Day: d("2025-03-10"), Email: "ANA@example.com", Net: 100},
			{OrderID: "S2", Day: d("2025-03-10"), Phone: "+1 303-555-0101", Net: 200},
			{OrderID: "Q-17", Day: d("2025-03-10"), Email: "ana@example.com", Net: 300}, // order id beats email
			{OrderID: "S4", Day: d("2025-03-10"), ClickID: "Cj0KCQabc", Net: 400},
			{OrderID: "S5", Day: d("2025-03-10"), Customer: "Moss, Ed", Net: 500},
			{OrderID: "S6", Day: d("2025-03-10"), Customer: "jo smith", Net: 600}, // two leads: review
			{OrderID: "S7", Day: d("2025-03-10"), Customer: "Someone Else", Company: "OAK INTERIORS", Net: 700},
			{OrderID: "S8", Day: d("2025-02-27"), Email: "ana@example.com", Net: 800}, // before the lead
			{OrderID: "S9", Day: d("2025-03-11"), Customer: "Nobody Known", Net: 900},
		} {
			s.System, s.Gross, s.Currency = "shop", s.Net, "USD"
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

func writeLeads(t *testing.T, w *Workspace, file string, ls []Lead) {
	t.Helper()
	mustWrite(t, w, BatchInfo{FileName: file, SHA256: file, Kind: KindLeads, Format: "test"}, func(b *BatchWriter) error {
		for _, l := range ls {
			l.System = "crm"
			if err := b.Lead(l); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestEveryTierLinksItsSale(t *testing.T) {
	w := matchWorkspace(t, "leads.csv")
	cases := []struct {
		order string
		lead  string
		tier  match.Tier
	}{
		{"S1", "L1", match.TierEmail},
		{"S2", "L2", match.TierPhone},
		{"Q-17", "L3", match.TierOrder},
		{"S4", "L4", match.TierClick},
		{"S5", "L5", match.TierName},
		{"S6", "", match.TierName}, // waits for review
		{"S7", "L8", match.TierCompany},
		{"S8", "", ""},
		{"S9", "", ""},
	}
	for _, c := range cases {
		if lead, tier := linkOf(t, w, c.order); lead != c.lead || tier != c.tier {
			t.Errorf("%s: linked to %q by %q, want %q by %q", c.order, lead, tier, c.lead, c.tier)
		}
	}
	review, err := w.Review(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(review) != 1 || review[0].Sale.OrderID != "S6" || len(review[0].Candidates) != 2 || review[0].Tier != match.TierName {
		t.Fatalf("review %+v", review)
	}
	// First touch follows the lead: S4 came from the Google Ads lead.
	d, err := w.Sale(context.Background(), saleID(t, w, "S4"))
	if err != nil {
		t.Fatal(err)
	}
	if d.FirstChannel != "Google Ads" || d.Lead == nil || d.Lead.RecordID != "L4" || d.State != "auto" {
		t.Errorf("S4 detail %+v", d.SaleRow)
	}
}

func TestDecisionsSurviveReimport(t *testing.T) {
	ctx := context.Background()
	w := matchWorkspace(t, "leads.csv")
	// A person chooses L7 for S6, rejects L1 for S1 and links S9 by hand.
	if err := w.LinkSale(ctx, saleID(t, w, "S6"), leadID(t, w, "L7")); err != nil {
		t.Fatal(err)
	}
	if err := w.UnlinkSale(ctx, saleID(t, w, "S1")); err != nil {
		t.Fatal(err)
	}
	if err := w.LinkSale(ctx, saleID(t, w, "S9"), leadID(t, w, "L2")); err != nil {
		t.Fatal(err)
	}
	if err := w.ConfirmMatch(ctx, saleID(t, w, "S5")); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, c := range []struct {
			order, lead string
			tier        match.Tier
		}{{"S6", "L7", match.TierManual}, {"S1", "", ""}, {"S9", "L2", match.TierManual}, {"S5", "L5", match.TierName}} {
			if lead, tier := linkOf(t, w, c.order); lead != c.lead || tier != c.tier {
				t.Errorf("%s: %s linked to %q by %q, want %q by %q", when, c.order, lead, tier, c.lead, c.tier)
			}
		}
		if r, _ := w.Review(ctx); len(r) != 0 {
			t.Errorf("%s: review still lists %d sales", when, len(r))
		}
	}
	check("after deciding")

	// The same leads arrive again in a newer export: the new rows replace
	// the old ones, and the decisions still hold.
	writeLeads(t, w, "leads-again.csv", []Lead{
		{RecordID: "L1", Day: d("2025-03-01"), Name: "Ana Peña", Email: "ana@example.com", SourceFields: src("google_ads")},
		{RecordID: "L2", Day: d("2025-03-02"), Name: "Bo Li", Phone: "(303) 555-0101", SourceFields: src("trade_show")},
		{RecordID: "L5", Day: d("2025-03-05"), Name: "Ed Moss", SourceFields: src("word_of_mouth")},
		{RecordID: "L6", Day: d("2025-03-05"), Name: "Jo Smith", SourceFields: src("walk_in")},
		{RecordID: "L7", Day: d("2025-03-06"), Name: "Jo Smith", SourceFields: src("partner")},
	})
	check("after importing the leads again")
	var n int
	if err := w.rdb.QueryRowContext(ctx, `SELECT count(*) FROM sales WHERE superseded_by IS NULL AND lead_id IS NOT NULL
		AND lead_id NOT IN (SELECT id FROM leads WHERE superseded_by IS NULL)`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d sales linked to replaced leads (%v)", n, err)
	}

	// Forgetting the decisions goes back to the automatic match.
	if err := w.ForgetDecisions(ctx, saleID(t, w, "S1")); err != nil {
		t.Fatal(err)
	}
	if lead, _ := linkOf(t, w, "S1"); lead != "L1" {
		t.Errorf("after forgetting, S1 is linked to %q", lead)
	}
}

func TestLeadImportLinksEarlierSales(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "shop", OrderID: "A1", Day: d("2025-03-10"), Customer: "Gus Harlow", Company: "Harlow & Sons Ltd",
			Currency: "USD", Gross: 5000, Net: 5000})
	})
	if lead, _ := linkOf(t, w, "A1"); lead != "" {
		t.Fatal("linked with no leads")
	}
	writeLeads(t, w, "later.csv", []Lead{{RecordID: "X", Day: d("2025-03-01"), Company: "HARLOW AND SONS", SourceFields: src("trade_show")}})
	if lead, tier := linkOf(t, w, "A1"); lead != "X" || tier != match.TierCompany {
		t.Fatalf("after the lead import: %q by %q", lead, tier)
	}
	got, err := w.Dashboard(ctx, Period{d("2025-03-01"), d("2025-03-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got.Channels {
		if c.Channel.Key == "trade_show" && c.Revenue != 5000 {
			t.Errorf("trade show revenue %d", c.Revenue)
		}
	}
	// Undoing the lead import unlinks the sale again.
	batches, _ := w.Batches(ctx)
	if err := w.UndoBatch(ctx, batches[0].ID); err != nil {
		t.Fatal(err)
	}
	if lead, _ := linkOf(t, w, "A1"); lead != "" {
		t.Errorf("still linked to %q after undo", lead)
	}
}

func TestRulesApplyToAllDataAtOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	writeLeads(t, w, "leads.csv", []Lead{
		{RecordID: "1", Day: d("2025-03-01"), Email: "a@x.com", SourceFields: SourceFields{{Name: "Lead Source", Value: "Gelbe Seiten"}}},
		{RecordID: "2", Day: d("2025-03-02"), SourceFields: SourceFields{{Name: "Lead Source", Value: "Gelbe Seiten"}}},
		{RecordID: "3", Day: d("2025-03-02"), SourceFields: SourceFields{{Name: "Lead Source", Value: "Web"}}},
	})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "shop", OrderID: "A1", Day: d("2025-03-10"), Email: "a@x.com", Currency: "USD", Gross: 7000, Net: 7000})
	})
	queue, err := w.UnrecognisedSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []SourceValue{{Value: "Lead Source: Gelbe Seiten", Leads: 2, Sales: 1, Revenue: 7000}, {Value: "Lead Source: Web", Leads: 1}}
	if len(queue) != 2 || queue[0] != want[0] || queue[1] != want[1] {
		t.Fatalf("queue %+v", queue)
	}
	// One click: a new channel for the directory, and the value assigned.
	ch, err := w.SaveChannel(ctx, Channel{Name: "Yellow pages", Origin: "traditional"})
	if err != nil {
		t.Fatal(err)
	}
	rule, err := w.AssignSource(ctx, queue[0].Value, ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rule.Field != "lead_source" || rule.Value != "Gelbe Seiten" {
		t.Errorf("rule %+v", rule)
	}
	queue, _ = w.UnrecognisedSources(ctx)
	if len(queue) != 1 || queue[0].Value != "Lead Source: Web" {
		t.Errorf("queue after assigning %+v", queue)
	}
	p := Period{d("2025-03-01"), d("2025-03-31")}
	got, _ := w.Dashboard(ctx, p, FirstTouch)
	revenueOf := func(got Dashboard, name string) int64 {
		for _, c := range got.Channels {
			if c.Channel.Name == name {
				return c.Revenue
			}
		}
		return 0
	}
	if r := revenueOf(got, "Yellow pages"); r != 7000 {
		t.Errorf("the new channel's revenue %d, want 7000", r)
	}
	// A second rule above it sends all leads with "seiten" elsewhere.
	if _, err := w.SaveRule(ctx, Rule{Field: "any", Op: "contains", Value: "seiten", ChannelID: channelIDOf(t, w, "print_mail")}); err != nil {
		t.Fatal(err)
	}
	got, _ = w.Dashboard(ctx, p, FirstTouch)
	if revenueOf(got, "Print and direct mail") != 7000 || revenueOf(got, "Yellow pages") != 0 {
		t.Errorf("the newer rule did not take over: %+v", got.Channels)
	}
	rules, _ := w.Rules(ctx)
	if len(rules) != 2 || rules[0].ChannelName != "Print and direct mail" {
		t.Fatalf("rules %+v", rules)
	}
	// Moving the first rule down gives the directory back.
	if err := w.MoveRule(ctx, rules[0].ID, 2); err != nil {
		t.Fatal(err)
	}
	checkDerived(t, w)
	got, _ = w.Dashboard(ctx, p, FirstTouch)
	if revenueOf(got, "Yellow pages") != 7000 {
		t.Errorf("after moving the rule: %+v", got.Channels)
	}
	// Deleting the channel takes its rule with it; the leads are
	// unrecognised again.
	if err := w.DeleteChannel(ctx, ch.ID); err != nil {
		t.Fatal(err)
	}
	checkDerived(t, w)
	got, _ = w.Dashboard(ctx, p, FirstTouch)
	if revenueOf(got, "Print and direct mail") != 7000 {
		t.Errorf("after deleting the channel: %+v", got.Channels)
	}
	if err := w.DeleteChannel(ctx, channelIDOf(t, w, "phone")); err == nil {
		t.Error("a built-in channel was deleted")
	}
	if _, err := w.SaveRule(ctx, Rule{Field: "any", Op: "regex", Value: "(", ChannelID: ch.ID}); err == nil {
		t.Error("a broken rule was saved")
	}
}

func channelIDOf(t *testing.T, w *Workspace, key string) int64 {
	t.Helper()
	ids, err := channelIDs(context.Background(), w.rdb)
	if err != nil {
		t.Fatal(err)
	}
	return ids[key]
}

func TestAdReportResolvesGenericPaidLeads(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	writeLeads(t, w, "leads.csv", []Lead{{RecordID: "1", Day: d("2025-03-01"), SourceFields: SourceFields{
		{Name: "Original Source", Value: "Paid Social"}, {Name: "Original Source Drill-Down 2", Value: "Spring Sale"}}}})
	row := func() (string, bool) {
		var key string
		var generic bool
		if err := w.rdb.QueryRowContext(ctx, `SELECT c.key, l.channel_generic FROM leads AS l JOIN channels AS c ON c.id = l.channel_id`).Scan(&key, &generic); err != nil {
			t.Fatal(err)
		}
		return key, generic
	}
	if k, g := row(); k != "other_paid" || !g {
		t.Fatalf("before the ad report: %s generic=%v", k, g)
	}
	mustWrite(t, w, info("meta.csv", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Platform: "meta_ads", Campaign: "Spring Sale", From: d("2025-03-01"), Currency: "USD", Spend: 100})
	})
	if k, _ := row(); k != "meta_ads" {
		t.Errorf("after the Meta report: %s", k)
	}
}

func TestMigrationToSchema2KeysAndClassifiesOldRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.lastmile")
	w, err := Create(ctx, path, Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	writeLeads(t, w, "leads.csv", []Lead{{RecordID: "1", Day: d("2025-03-01"), Phone: "303 555 0199", SourceFields: src("trade_show")}})
	mustWrite(t, w, info("sales", KindSales), func(b *BatchWriter) error {
		return b.Sale(Sale{System: "shop", OrderID: "A1", Day: d("2025-03-10"), Phone: "(303) 555-0199", Currency: "USD", Gross: 100, Net: 100})
	})
	// Make it look like a workspace of schema 1: no keys, no channels.
	for _, q := range []string{
		`DROP TABLE daily_lead_outcomes`,
		`UPDATE leads SET phone_e164 = '', channel_id = NULL, channel_rule = ''`,
		`UPDATE sales SET phone_e164 = '', lead_id = NULL, match_tier = '', first_channel_id = NULL, last_channel_id = NULL`,
		`DROP INDEX leads_order`, `DROP INDEX leads_click`, `DROP INDEX leads_name`, `DROP INDEX leads_company`,
		`DROP INDEX sales_order`, `DROP INDEX sales_click`, `DROP INDEX sales_phone`, `DROP INDEX sales_name`, `DROP INDEX sales_company`,
		`DROP INDEX leads_source_value`, `DROP INDEX sales_source_value`, `DROP INDEX leads_generic`, `DROP INDEX sales_generic`,
		`DROP INDEX matches_state`,
		`ALTER TABLE leads DROP COLUMN order_norm`, `ALTER TABLE leads DROP COLUMN name_norm`, `ALTER TABLE leads DROP COLUMN company_norm`,
		`ALTER TABLE leads DROP COLUMN source_value`, `ALTER TABLE leads DROP COLUMN channel_generic`,
		`ALTER TABLE sales DROP COLUMN order_norm`, `ALTER TABLE sales DROP COLUMN name_norm`, `ALTER TABLE sales DROP COLUMN company_norm`,
		`ALTER TABLE sales DROP COLUMN own_source_value`, `ALTER TABLE sales DROP COLUMN own_generic`, `ALTER TABLE sales DROP COLUMN match_state`,
		`DROP INDEX leads_day`, `ALTER TABLE leads DROP COLUMN first_sale`,
		`CREATE INDEX leads_day ON leads (day, channel_id, superseded_by) WHERE superseded_by IS NULL`,
		`DROP INDEX sales_day`, `DROP INDEX sales_campaign`, `DROP INDEX sales_refunds`, `DROP INDEX sales_kept`, `ALTER TABLE sales DROP COLUMN refund_of`, `ALTER TABLE sales DROP COLUMN counted_day`,
		`ALTER TABLE sales DROP COLUMN refund_link`, `ALTER TABLE sales DROP COLUMN kept_minor`, `ALTER TABLE sales DROP COLUMN order_ref`,
		`ALTER TABLE sales DROP COLUMN refund_ref`, `ALTER TABLE sales DROP COLUMN place`, `ALTER TABLE sales DROP COLUMN first_evidence`,
		`ALTER TABLE sales DROP COLUMN last_evidence`, `ALTER TABLE sales DROP COLUMN campaign`, `DROP INDEX leads_campaign`, `ALTER TABLE leads DROP COLUMN campaign`,
		`CREATE INDEX sales_day ON sales (day, first_channel_id, last_channel_id, kind, net_minor, superseded_by) WHERE superseded_by IS NULL`,
		`DROP TABLE daily_sales`,
		`CREATE TABLE daily_sales (day TEXT NOT NULL, model TEXT NOT NULL, channel_id INTEGER NOT NULL, sales INTEGER NOT NULL,
			revenue_minor INTEGER NOT NULL, PRIMARY KEY (model, day, channel_id)) STRICT, WITHOUT ROWID`,
		`ALTER TABLE ad_stats DROP COLUMN platform_purchases`, `ALTER TABLE ad_stats DROP COLUMN platform_leads`,
		`DROP TABLE daily_ads`,
		`CREATE TABLE daily_ads (day TEXT NOT NULL, channel_id INTEGER NOT NULL, spend_minor INTEGER NOT NULL, impressions INTEGER NOT NULL,
			clicks INTEGER NOT NULL, platform_conversions REAL NOT NULL, platform_conv_value_minor INTEGER NOT NULL,
			PRIMARY KEY (day, channel_id)) STRICT, WITHOUT ROWID`,
		`PRAGMA user_version = 1`,
	} {
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
	if lead, tier := linkOf(t, w, "A1"); lead != "1" || tier != match.TierPhone {
		t.Errorf("after migrating: %q by %q", lead, tier)
	}
	got, err := w.Dashboard(ctx, Period{civil.MustParse("2025-03-01"), civil.MustParse("2025-03-31")}, FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got.Channels {
		if c.Revenue != 0 && c.Channel.Key != "trade_show" {
			t.Errorf("revenue under %s", c.Channel.Name)
		}
	}
}

// An invoice made out to a business names it in the customer column only;
// the company tier still finds the lead who works there.
func TestInvoiceCustomerMatchesLeadCompany(t *testing.T) {
	w := newWorkspace(t)
	writeLeads(t, w, "leads.csv", []Lead{
		{RecordID: "L1", Day: d("2025-04-01"), Name: "Hana Prescott", Company: "Summit Leadership Retreats LLC", SourceFields: src("trade_show")},
		{RecordID: "L2", Day: d("2025-04-01"), Name: "Casey Young", Company: "Redstone Church Youth Group", SourceFields: src("phone")},
		{RecordID: "L3", Day: d("2025-04-02"), Name: "Drew Young", Company: "Redstone Church Youth Group", SourceFields: src("walk_in")},
	})
	mustWrite(t, w, info("invoices", KindSales), func(b *BatchWriter) error {
		for _, s := range []Sale{
			{OrderID: "1001", Day: d("2025-04-20"), Customer: "Summit Leadership Retreats, Inc.", Net: 500000},
			{OrderID: "1002", Day: d("2025-04-21"), Customer: "Redstone Church Youth Group", Net: 90000}, // two leads: review
		} {
			s.System, s.Gross, s.Currency = "qb", s.Net, "USD"
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	if rec, tier := linkOf(t, w, "1001"); rec != "L1" || tier != match.TierCompany {
		t.Errorf("invoice 1001 linked to %q by %q, want L1 by company", rec, tier)
	}
	if rec, _ := linkOf(t, w, "1002"); rec != "" {
		t.Errorf("invoice 1002 linked to %q, though two leads work there", rec)
	}
	review, err := w.Review(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(review) != 1 || len(review[0].Candidates) != 2 {
		t.Errorf("review = %+v, want invoice 1002 with two candidates", review)
	}
}
