package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"lastmile/data/channel"
	"lastmile/data/civil"
)

// ReportOptions choose what a report covers.
type ReportOptions struct {
	Period Period
	Model  Model
	// Compare names the two channels of the comparison card, by key
	// (google_ads) or name (Google Ads), in any case. Empty: Google Ads
	// against Meta Ads.
	Compare [2]string
	// Today is the business date of "leads today" and "this week"; zero
	// means the last day of Period.
	Today civil.Date
	// Quick leaves out the orders, which a year of a busy shop makes the
	// slow part: the figures that need each order's amount (see
	// metrics.NeedsOrders) are then not worked out. The dashboard shows a
	// quick report first and the whole one when it is ready.
	Quick bool
}

// Aggregates are what a report is computed from: the period's ad totals,
// sales totals, orders and leads, read in one snapshot and summed as far as
// SQL can without losing what the statistics need (each order's amount,
// each lead's first sale). Package metrics turns them into the report.
type Aggregates struct {
	// Options are the report's options, with Model and Today filled in.
	Options  ReportOptions
	Settings Settings
	Channels []Channel
	// Summary holds the headline totals of the period and of the period
	// before it.
	Summary Dashboard
	// DataEnd is the last day any current sale is on: leads are judged
	// against it, since sales after it are not imported yet. Zero when
	// there are no sales.
	DataEnd civil.Date
	// Ads holds the period's ad totals per channel, platform and campaign.
	Ads []CampaignAds
	// SalesDays holds sales and revenue (net of refunds) per day, channel,
	// evidence and place, under Options.Model.
	SalesDays []SalesDay
	// Orders holds every order of the period with money kept. Only an
	// order traced to a lead that names a campaign has one here;
	// CampaignOrders gives the others whose own tags name one.
	Orders []Order
	// CampaignOrders holds the period's orders whose own tags name a
	// campaign that Orders does not give them: those counted by their
	// tags, and those traced to a lead that names none (PlaceIndex is not
	// set).
	CampaignOrders []Order
	// Campaigns are the campaign names the orders index (normalised, see
	// channel.CampaignKey); the first is "", none.
	Campaigns []string
	// Refunds says how the refund rows counted in the period were tied to
	// their sales.
	Refunds RefundLinks
	// Leads holds every lead created in the period.
	Leads []LeadOutcome
	// LeadDays holds leads per day and channel from the Monday of
	// Options.Today's week to Options.Today.
	LeadDays []LeadDay
}

// CampaignAds are one campaign's ad totals for a period.
type CampaignAds struct {
	ChannelID       int64
	Platform        string
	Campaign        string // as the ad report writes it; "" for an account-level row
	Spend           int64
	Impressions     int64
	Clicks          int64
	Conversions     float64 // what the platform claims
	ConversionValue int64
	// Purchases and Leads break Conversions down where the reports do.
	Purchases, Leads float64
}

// SalesDay is the sales and revenue of one day, channel, evidence and
// place. ChannelID is 0 exactly when Evidence is EvidenceUnknown.
type SalesDay struct {
	Day       civil.Date
	ChannelID int64
	Evidence  Evidence
	Place     string
	Sales     int
	Revenue   int64 // kept: net of the refunds counted here
	// Refunds is the money returned on these sales (see linkRefunds),
	// as a positive amount.
	Refunds int64
}

// placeCode writes SQL that turns the place in column col into its index
// in channel.Places.
func placeCode(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i, p := range channel.Places[:len(channel.Places)-1] {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", p, i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(channel.Places)-1)
	return b.String()
}

// RefundLinks counts the refund rows (Square refunds, credit memos and
// notes) counted in a period, by how each was tied to the sale it returns;
// refunds written on an order's own row need no link and are not counted.
type RefundLinks struct {
	ByID       int // by the sale's order or transaction id
	ByCustomer int // by the customer's latest earlier sale that covers it
	// Unlinked refunds matched no sale: each counts on its own day.
	Unlinked       int
	UnlinkedAmount int64 // positive, minor units
}

// Order is one order with money kept. A year's report holds half a
// million of them, so it is 40 bytes with no pointers: its evidence, place
// and campaign are small numbers (see the methods).
type Order struct {
	ChannelID int64 // under the report's model; 0 for unknown
	// LeadID is the lead the order was traced to, 0 when none.
	LeadID int64
	// LeadChannelID is the channel of that lead when the order is traced
	// to a lead of a known channel, else 0: it splits the traced orders by
	// the lead's origin whatever the model.
	LeadChannelID int64
	Amount        int64 // kept (net of its refunds), minor units
	// CampaignIndex indexes Aggregates.Campaigns: the campaign the
	// evidence names, 0 for none.
	CampaignIndex uint32
	// EvidenceIndex indexes Evidences; PlaceIndex channel.Places.
	EvidenceIndex, PlaceIndex uint8
}

// Evidences lists the evidences in the order of Order.EvidenceIndex.
var Evidences = []Evidence{EvidenceLead, EvidenceTag, EvidenceUnknown}

// Evidence is what the order's channel rests on.
func (o Order) Evidence() Evidence { return Evidences[o.EvidenceIndex] }

// Place is where the order was made (see channel.Places).
func (o Order) Place() string { return channel.Places[o.PlaceIndex] }

// EvidenceIndexOf returns the index of e in Evidences.
func EvidenceIndexOf(e Evidence) uint8 {
	for i, x := range Evidences {
		if x == e {
			return uint8(i)
		}
	}
	return uint8(len(Evidences) - 1)
}

// PlaceIndexOf returns the index of place in channel.Places ("other" for
// a place it does not know).
func PlaceIndexOf(place string) uint8 {
	for i, x := range channel.Places {
		if x == place {
			return uint8(i)
		}
	}
	return uint8(len(channel.Places) - 1)
}

// campaignTable gives each campaign name its index in Campaigns.
type campaignTable struct {
	names []string
	index map[string]uint32
}

func newCampaignTable() *campaignTable {
	return &campaignTable{names: []string{""}, index: map[string]uint32{"": 0}}
}

// of returns the index of name, adding it.
func (t *campaignTable) of(name string) uint32 {
	i, ok := t.index[name]
	if !ok {
		i = uint32(len(t.names))
		t.names = append(t.names, name)
		t.index[name] = i
	}
	return i
}

// LeadOutcome is one lead and when it first bought.
type LeadOutcome struct {
	ChannelID int64 // 0: no channel
	Day       civil.Date
	// FirstSale is the day of the lead's first order, zero when it has
	// not bought (as far as the imported sales go).
	FirstSale civil.Date
	Campaign  string
	// Count is how many leads share all of the above (the report reads
	// them grouped); 0 means one.
	Count int
}

// Leads returns how many leads l stands for.
func (l LeadOutcome) Leads() int { return max(l.Count, 1) }

// LeadDay is the number of leads of one day and channel.
type LeadDay struct {
	Day       civil.Date
	ChannelID int64
	Leads     int
}

// Aggregates reads what the report for o needs, in one read snapshot.
func (w *Workspace) Aggregates(ctx context.Context, o ReportOptions) (Aggregates, error) {
	if err := o.Period.Validate(); err != nil {
		return Aggregates{}, err
	}
	if o.Model != LastTouch {
		o.Model = FirstTouch
	}
	if o.Today.IsZero() {
		o.Today = o.Period.To
	}
	// Two connections read one snapshot: the later half of the period's
	// orders is read on the second while the first reads the rest.
	txs, err := w.snapshots(ctx, 2)
	if err != nil {
		return Aggregates{}, fmt.Errorf("report: %w", err)
	}
	defer func() {
		for _, tx := range txs {
			tx.Rollback()
		}
	}()
	return aggregates(ctx, txs[0], txs[1], o, w.Settings())
}

// aggregates reads the report's aggregates on tx, and the later half of
// the period's orders on tx2, which sees the same snapshot, meanwhile.
func aggregates(ctx context.Context, tx, tx2 querier, o ReportOptions, s Settings) (Aggregates, error) {
	a := Aggregates{Options: o, Settings: s}
	p := o.Period
	var err error

	// The campaigns leads name (few leads do), so that an order traced to
	// a lead takes its lead's campaign without a look-up per order.
	campaigns := newCampaignTable()
	leadCampaign := map[int64]uint32{}
	err = eachRow(ctx, tx, `SELECT id, campaign FROM leads INDEXED BY leads_campaign WHERE campaign <> ''`, nil, func(rows *sql.Rows) error {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		leadCampaign[id] = campaigns.of(c)
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("report campaigns: %w", err)
	}
	// One slice for the orders, sized from the daily totals (which count
	// exactly these orders), each part filled on its own connection: the
	// earlier three fifths here, with the rest of the aggregates; the
	// later two fifths there, then the leads.
	mid := p.From.AddDays(p.Days() * 3 / 5)
	// A quick report reads no orders: the leads are shared out instead,
	// the earlier two fifths here.
	leadsFrom := p.From
	if o.Quick {
		leadsFrom = p.From.AddDays(p.Days() * 2 / 5)
	}
	var sizes [2]int
	for i, q := range []Period{{From: p.From, To: mid.AddDays(-1)}, {From: mid, To: p.To}} {
		if o.Quick {
			break
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(sales), 0) FROM daily_sales WHERE model = ? AND day BETWEEN ? AND ?`,
			string(o.Model), q.From.String(), q.To.String()).Scan(&sizes[i]); err != nil {
			return a, fmt.Errorf("report order values: %w", err)
		}
	}
	all := make([]Order, sizes[0]+sizes[1])
	type orders struct {
		orders []Order
		leads  []LeadOutcome
		err    error
	}
	later := make(chan orders, 1)
	go func() {
		var x orders
		if !o.Quick {
			x.orders, x.err = readOrders(ctx, tx2, o.Model, Period{From: mid, To: p.To}, leadCampaign, all[sizes[0]:sizes[0]:len(all)])
		}
		if x.err == nil {
			x.leads, x.err = readLeads(ctx, tx2, Period{From: leadsFrom, To: p.To})
		}
		later <- x
	}()
	wait := func() orders { return <-later }
	defer func() {
		if later != nil {
			wait() // the reader must be done with tx2 before it is rolled back
		}
	}()

	if a.Summary, err = dashboard(ctx, tx, p, o.Model, s); err != nil {
		return a, err
	}
	if a.Channels, err = loadChannels(ctx, tx); err != nil {
		return a, err
	}
	from, to := p.From.String(), p.To.String()
	days := map[string]civil.Date{}
	day := func(s string) (civil.Date, error) {
		if d, ok := days[s]; ok {
			return d, nil
		}
		d, err := civil.Parse(s)
		days[s] = d
		return d, err
	}

	var end sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT max(day) FROM sales WHERE superseded_by IS NULL`).Scan(&end); err != nil {
		return a, fmt.Errorf("report data end: %w", err)
	}
	if end.Valid {
		if a.DataEnd, err = civil.Parse(end.String); err != nil {
			return a, fmt.Errorf("report data end: %w", err)
		}
	}

	err = eachRow(ctx, tx, `SELECT channel_id, platform, campaign, sum(spend_minor), sum(impressions), sum(clicks),
			total(platform_conversions), sum(platform_conv_value_minor), total(platform_purchases), total(platform_leads)
		FROM daily_ads WHERE day BETWEEN ? AND ? GROUP BY 1, 2, 3`, []any{from, to}, func(rows *sql.Rows) error {
		var c CampaignAds
		if err := rows.Scan(&c.ChannelID, &c.Platform, &c.Campaign, &c.Spend, &c.Impressions, &c.Clicks, &c.Conversions, &c.ConversionValue, &c.Purchases, &c.Leads); err != nil {
			return err
		}
		a.Ads = append(a.Ads, c)
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("report ads: %w", err)
	}

	err = eachRow(ctx, tx, `SELECT day, channel_id, evidence, place, sales, revenue_minor, refunds_minor FROM daily_sales
		WHERE model = ? AND day BETWEEN ? AND ?`, []any{string(o.Model), from, to}, func(rows *sql.Rows) error {
		var x SalesDay
		var d string
		if err := rows.Scan(&d, &x.ChannelID, &x.Evidence, &x.Place, &x.Sales, &x.Revenue, &x.Refunds); err != nil {
			return err
		}
		var err error
		x.Day, err = day(d)
		a.SalesDays = append(a.SalesDays, x)
		return err
	})
	if err != nil {
		return a, fmt.Errorf("report sales: %w", err)
	}

	// The refund rows counted in the period: those linked to a sale of
	// the period, and the unlinked ones dated in it.
	err = eachRow(ctx, tx, `SELECT refund_link, count(*), -sum(net_minor) FROM sales INDEXED BY sales_refunds
		WHERE kind = 'refund' AND superseded_by IS NULL AND counted_day BETWEEN ? AND ?
		GROUP BY 1`, []any{from, to}, func(rows *sql.Rows) error {
		var how string
		var n int
		var amount int64
		if err := rows.Scan(&how, &n, &amount); err != nil {
			return err
		}
		switch how {
		case RefundByID:
			a.Refunds.ByID += n
		case RefundByCustomer:
			a.Refunds.ByCustomer += n
		default:
			a.Refunds.Unlinked += n
			a.Refunds.UnlinkedAmount += amount
		}
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("report refunds: %w", err)
	}

	// The earlier half of the orders here, and the tagged orders that
	// name a campaign.
	var first []Order
	if p.From.Before(mid) && !o.Quick {
		if first, err = readOrders(ctx, tx, o.Model, Period{From: p.From, To: mid.AddDays(-1)}, leadCampaign, all[:0:sizes[0]]); err != nil {
			return a, err
		}
	}
	if !o.Quick {
		if a.CampaignOrders, err = readCampaignOrders(ctx, tx, o.Model, p, campaigns, leadCampaign); err != nil {
			return a, err
		}
	}

	if p.From.Before(leadsFrom) {
		if a.Leads, err = readLeads(ctx, tx, Period{From: p.From, To: leadsFrom.AddDays(-1)}); err != nil {
			return a, err
		}
	}

	err = eachRow(ctx, tx, `SELECT day, channel_id, leads FROM daily_leads WHERE day BETWEEN ? AND ?`,
		[]any{WeekStart(o.Today).String(), o.Today.String()}, func(rows *sql.Rows) error {
			var x LeadDay
			var d string
			if err := rows.Scan(&d, &x.ChannelID, &x.Leads); err != nil {
				return err
			}
			var err error
			x.Day, err = day(d)
			a.LeadDays = append(a.LeadDays, x)
			return err
		})
	if err != nil {
		return a, fmt.Errorf("report leads this week: %w", err)
	}
	rest := wait()
	later = nil
	if rest.err != nil {
		return a, rest.err
	}
	a.Leads = append(a.Leads, rest.leads...)
	if len(first) == sizes[0] && len(rest.orders) == sizes[1] && (sizes[0] == 0 || &first[0] == &all[0]) &&
		(sizes[1] == 0 || &rest.orders[0] == &all[sizes[0]]) {
		a.Orders = all // each half filled its own part
	} else {
		a.Orders = append(slices.Clip(first), rest.orders...)
	}
	a.Campaigns = campaigns.names
	return a, nil
}

// readOrders reads every order of period p with money kept, under model
// m, from the covering index. Evidence and place come as one small
// number, so that reading half a million orders allocates nothing per row
// but the slice, which is sized from the daily totals.
func readOrders(ctx context.Context, tx querier, m Model, p Period, leadCampaign map[int64]uint32, out []Order) ([]Order, error) {
	model := "first"
	if m == LastTouch {
		model = "last"
	}
	from, to := p.From.String(), p.To.String()
	// The channel, the evidence and the place in one number: channel × 32
	// + evidence × 8 + place. Under first touch an order traced to a lead
	// counts under its lead's channel; under last touch that channel needs
	// a column of its own.
	var x Order
	var code int64
	cols, dest := "", []any{&code, &x.LeadID, &x.Amount}
	if m == LastTouch {
		cols, dest = ", CASE s.first_evidence WHEN 'lead' THEN s.first_channel_id ELSE 0 END", append(dest, &x.LeadChannelID)
	}
	err := eachRow(ctx, tx, `SELECT coalesce(s.`+model+`_channel_id, 0) * 32
			+ CASE s.`+model+`_evidence WHEN 'lead' THEN 0 WHEN 'tag' THEN 8 ELSE 16 END + `+placeCode("s.place")+`,
			coalesce(s.lead_id, 0), s.kept_minor`+cols+`
		FROM sales AS s INDEXED BY sales_day
		WHERE s.day BETWEEN ? AND ? AND s.kind = 'order' AND s.kept_minor > 0 AND s.superseded_by IS NULL`, []any{from, to}, func(rows *sql.Rows) error {
		x.LeadChannelID, x.CampaignIndex = 0, 0
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		x.ChannelID, x.EvidenceIndex, x.PlaceIndex = code/32, uint8(code%32/8), uint8(code%8)
		if x.EvidenceIndex == 0 { // traced to a lead
			if m == FirstTouch {
				x.LeadChannelID = x.ChannelID
			}
			x.CampaignIndex = leadCampaign[x.LeadID]
		}
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report order values: %w", err)
	}
	return out, nil
}

// readCampaignOrders reads, from their own index, the orders of period p
// whose own tags name a campaign and whose campaign readOrders does not
// give: those counted by their tags (under model m), and those traced to
// a lead that names none (leadCampaign), which take their own.
func readCampaignOrders(ctx context.Context, tx querier, m Model, p Period, campaigns *campaignTable, leadCampaign map[int64]uint32) ([]Order, error) {
	model := "first"
	if m == LastTouch {
		model = "last"
	}
	var out []Order
	err := eachRow(ctx, tx, `SELECT coalesce(s.`+model+`_channel_id, 0), s.`+model+`_evidence, coalesce(s.lead_id, 0), s.campaign, s.kept_minor
		FROM sales AS s INDEXED BY sales_campaign
		WHERE s.day BETWEEN ? AND ? AND s.kind = 'order' AND s.kept_minor > 0 AND s.superseded_by IS NULL AND s.campaign <> ''
			AND s.`+model+`_evidence <> 'unknown'`, []any{p.From.String(), p.To.String()}, func(rows *sql.Rows) error {
		var x Order
		var ev Evidence
		var c string
		if err := rows.Scan(&x.ChannelID, &ev, &x.LeadID, &c, &x.Amount); err != nil {
			return err
		}
		if ev == EvidenceLead && leadCampaign[x.LeadID] != 0 {
			return nil // it takes its lead's campaign
		}
		x.EvidenceIndex, x.CampaignIndex = EvidenceIndexOf(ev), campaigns.of(c)
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report campaign orders: %w", err)
	}
	return out, nil
}

// FindChannel finds a channel by its key or its name, in any case, ignoring
// spaces, dashes and underscores ("meta ads", "Meta-Ads" and "meta_ads" are
// all Meta Ads), or by the start of its name when only one channel starts
// so ("google" is Google Ads; "organic" is not enough).
func FindChannel(channels []Channel, name string) (Channel, bool) {
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case ' ', '-', '_', '/':
				return -1
			}
			return r
		}, strings.ToLower(strings.TrimSpace(s)))
	}
	want := squash(name)
	if want == "" {
		return Channel{}, false
	}
	for _, c := range channels {
		if squash(c.Key) == want || squash(c.Name) == want {
			return c, true
		}
	}
	// Else the one channel whose name begins so ("google", "trade show").
	var found []Channel
	for _, c := range channels {
		if strings.HasPrefix(squash(c.Name), want) || strings.HasPrefix(squash(c.Key), want) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return Channel{}, false
}

// WeekStart returns the Monday of d's week.
func WeekStart(d civil.Date) civil.Date {
	off := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDays(-off)
}

// eachRow runs query and hands each row to f.
func eachRow(ctx context.Context, q querier, query string, args []any, f func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readLeads reads the leads of period p and the day of each one's first
// order, whenever it came: a lead that has not bought by the data's end is
// still open. Leads alike are counted together, in the index's order (a
// year of a busy shop's 100,000 leads makes about 27,000 groups); their
// text is read in place and looked up, not copied.
func readLeads(ctx context.Context, tx querier, p Period) ([]LeadOutcome, error) {
	var out []LeadOutcome
	var rawDay, rawCampaign, rawFirst sql.RawBytes
	days := map[string]civil.Date{}
	dayOf := func(b []byte) (civil.Date, error) {
		if d, ok := days[string(b)]; ok {
			return d, nil
		}
		d, err := civil.Parse(string(b))
		days[string(b)] = d
		return d, err
	}
	names := map[string]string{}
	intern := func(b []byte) string {
		c, ok := names[string(b)]
		if !ok {
			c = string(b)
			names[c] = c
		}
		return c
	}
	err := eachRow(ctx, tx, `SELECT channel_id, day, campaign, nullif(first_sale, ''), leads
		FROM daily_lead_outcomes WHERE day BETWEEN ? AND ?`, []any{p.From.String(), p.To.String()},
		func(rows *sql.Rows) error {
			var x LeadOutcome
			if err := rows.Scan(&x.ChannelID, &rawDay, &rawCampaign, &rawFirst, &x.Count); err != nil {
				return err
			}
			var err error
			if x.Day, err = dayOf(rawDay); err != nil {
				return err
			}
			if rawFirst != nil {
				if x.FirstSale, err = dayOf(rawFirst); err != nil {
					return err
				}
			}
			if len(rawCampaign) > 0 {
				x.Campaign = intern(rawCampaign)
			}
			out = append(out, x)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("report leads: %w", err)
	}
	return out, nil
}
