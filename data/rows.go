package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"lastmile/data/civil"
	"lastmile/data/match"
)

// RowQuery selects leads or sales for a table: a period, a channel, text
// to search for, and a page.
type RowQuery struct {
	Period Period // zero: all days
	// Channel is a channel id; 0 for every channel, Unassigned (-1) for
	// rows counted under no channel.
	Channel int64
	Model   Model  // for sales: which channel Channel refers to
	Search  string // in names, emails, companies, order and record ids
	Offset  int
	Limit   int // 0: 500
}

// Unassigned selects, in a RowQuery, the rows counted under no channel.
const Unassigned int64 = -1

func (q RowQuery) where(table string) (string, []any) {
	var conds []string
	var args []any
	conds = append(conds, table+".superseded_by IS NULL")
	if !q.Period.From.IsZero() {
		conds = append(conds, table+".day BETWEEN ? AND ?")
		args = append(args, q.Period.From.String(), q.Period.To.String())
	}
	col := table + ".channel_id"
	if table == "s" {
		col = "s.first_channel_id"
		if q.Model == LastTouch {
			col = "s.last_channel_id"
		}
	}
	switch {
	case q.Channel == Unassigned:
		conds = append(conds, col+" IS NULL")
	case q.Channel > 0:
		conds = append(conds, col+" = ?")
		args = append(args, q.Channel)
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(s)) + "%"
		cols := []string{"l.name", "l.email_norm", "l.company", "l.record_id", "l.phone"}
		if table == "s" {
			cols = []string{"s.customer", "s.email_norm", "s.company", "s.order_id", "s.phone"}
		}
		var ors []string
		for _, c := range cols {
			ors = append(ors, "lower("+c+`) LIKE ? ESCAPE '\'`)
			args = append(args, like)
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (q RowQuery) page() string {
	limit := q.Limit
	if limit <= 0 {
		limit = 500
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(0, q.Offset))
}

// LeadRow is a lead as a table shows it.
type LeadRow struct {
	ID          int64
	Key         string
	System      string
	RecordID    string
	Day         civil.Date
	Name        string
	Company     string
	Email       string
	Phone       string
	Stage       string
	Owner       string
	Channel     string // channel name; "" when none
	ChannelID   int64
	Rule        string // why the channel
	SourceValue string // the raw value no rule knew, if any
	Sales       int    // sales linked to the lead
	Revenue     int64  // their revenue, net of refunds
}

const leadSelect = `SELECT l.id, l.natural_key, l.system, l.record_id, l.day, l.name, l.company, l.email, l.phone, l.stage, l.owner,
	coalesce(c.name, ''), coalesce(l.channel_id, 0), l.channel_rule, l.source_value,
	(SELECT count(*) FROM sales AS s WHERE s.lead_id = l.id AND s.superseded_by IS NULL AND s.kind = 'order' AND s.kept_minor > 0),
	(SELECT coalesce(sum(s.kept_minor), 0) FROM sales AS s WHERE s.lead_id = l.id AND s.superseded_by IS NULL)
	FROM leads AS l LEFT JOIN channels AS c ON c.id = l.channel_id`

func scanLeadRow(rows *sql.Rows) (LeadRow, error) {
	var r LeadRow
	var day string
	err := rows.Scan(&r.ID, &r.Key, &r.System, &r.RecordID, &day, &r.Name, &r.Company, &r.Email, &r.Phone, &r.Stage, &r.Owner,
		&r.Channel, &r.ChannelID, &r.Rule, &r.SourceValue, &r.Sales, &r.Revenue)
	if err != nil {
		return r, err
	}
	r.Day, err = civil.Parse(day)
	return r, err
}

// Leads lists the leads a query selects, newest first.
func (w *Workspace) Leads(ctx context.Context, q RowQuery) ([]LeadRow, error) {
	where, args := q.where("l")
	rows, err := w.rdb.QueryContext(ctx, leadSelect+where+" ORDER BY l.day DESC, l.id DESC"+q.page(), args...)
	if err != nil {
		return nil, fmt.Errorf("list leads: %w", err)
	}
	defer rows.Close()
	var out []LeadRow
	for rows.Next() {
		r, err := scanLeadRow(rows)
		if err != nil {
			return nil, fmt.Errorf("list leads: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountLeads counts the leads a query selects (its page aside).
func (w *Workspace) CountLeads(ctx context.Context, q RowQuery) (int, error) {
	where, args := q.where("l")
	var n int
	if err := w.rdb.QueryRowContext(ctx, `SELECT count(*) FROM leads AS l`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count leads: %w", err)
	}
	return n, nil
}

// SaleRow is a sale as a table shows it.
type SaleRow struct {
	ID           int64
	Key          string
	System       string
	OrderID      string
	Kind         SaleKind
	Status       string
	Day          civil.Date
	Customer     string
	Company      string
	Email        string
	Phone        string
	Net          int64
	Currency     string
	OwnChannel   string // from the sale's own source fields
	OwnRule      string
	FirstChannel string // first touch: the lead's channel, else the own one
	LastChannel  string // last touch: the own channel, else the lead's
	LeadID       int64
	LeadName     string
	Tier         match.Tier // how the lead was found
	State        string     // auto, confirmed, manual; "" without a lead
	SourceValue  string
}

const saleSelect = `SELECT s.id, s.natural_key, s.system, s.order_id, s.kind, s.status, s.day, s.customer, s.company, s.email, s.phone,
	s.net_minor, s.currency, coalesce(oc.name, ''), s.own_channel_rule, coalesce(fc.name, ''), coalesce(lc.name, ''),
	coalesce(s.lead_id, 0), coalesce(nullif(l.name, ''), l.email, ''), s.match_tier, s.match_state, s.own_source_value
	FROM sales AS s
	LEFT JOIN channels AS oc ON oc.id = s.own_channel_id
	LEFT JOIN channels AS fc ON fc.id = s.first_channel_id
	LEFT JOIN channels AS lc ON lc.id = s.last_channel_id
	LEFT JOIN leads AS l ON l.id = s.lead_id`

func scanSaleRow(rows *sql.Rows) (SaleRow, error) {
	var r SaleRow
	var day, kind, tier string
	err := rows.Scan(&r.ID, &r.Key, &r.System, &r.OrderID, &kind, &r.Status, &day, &r.Customer, &r.Company, &r.Email, &r.Phone,
		&r.Net, &r.Currency, &r.OwnChannel, &r.OwnRule, &r.FirstChannel, &r.LastChannel, &r.LeadID, &r.LeadName, &tier, &r.State, &r.SourceValue)
	if err != nil {
		return r, err
	}
	r.Kind, r.Tier = SaleKind(kind), match.Tier(tier)
	r.Day, err = civil.Parse(day)
	return r, err
}

// Sales lists the sales a query selects, newest first.
func (w *Workspace) Sales(ctx context.Context, q RowQuery) ([]SaleRow, error) {
	where, args := q.where("s")
	rows, err := w.rdb.QueryContext(ctx, saleSelect+where+" ORDER BY s.day DESC, s.id DESC"+q.page(), args...)
	if err != nil {
		return nil, fmt.Errorf("list sales: %w", err)
	}
	defer rows.Close()
	var out []SaleRow
	for rows.Next() {
		r, err := scanSaleRow(rows)
		if err != nil {
			return nil, fmt.Errorf("list sales: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountSales counts the sales a query selects (its page aside).
func (w *Workspace) CountSales(ctx context.Context, q RowQuery) (int, error) {
	where, args := q.where("s")
	var n int
	if err := w.rdb.QueryRowContext(ctx, `SELECT count(*) FROM sales AS s`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count sales: %w", err)
	}
	return n, nil
}

// SaleDetail is one sale with everything that explains it.
type SaleDetail struct {
	SaleRow
	SourceFields SourceFields
	Lines        []SaleLine
	Lead         *LeadRow // the linked lead
	// Suggestions are the leads a person is asked to choose between.
	Suggestions []LeadRow
	// Rejected are the leads a person said the sale did not come from.
	Rejected []LeadRow
}

// Sale returns one current sale with its lines, lead and suggestions.
func (w *Workspace) Sale(ctx context.Context, id int64) (SaleDetail, error) {
	rows, err := w.rdb.QueryContext(ctx, saleSelect+" WHERE s.id = ?", id)
	if err != nil {
		return SaleDetail{}, fmt.Errorf("read sale: %w", err)
	}
	var d SaleDetail
	found := false
	for rows.Next() {
		if d.SaleRow, err = scanSaleRow(rows); err != nil {
			rows.Close()
			return SaleDetail{}, fmt.Errorf("read sale: %w", err)
		}
		found = true
	}
	if err := closeRows(rows); err != nil {
		return SaleDetail{}, fmt.Errorf("read sale: %w", err)
	}
	if !found {
		return SaleDetail{}, UserErrorf("This sale is no longer in the workspace.")
	}
	var fields string
	if err := w.rdb.QueryRowContext(ctx, `SELECT source_fields FROM sales WHERE id = ?`, id).Scan(&fields); err != nil {
		return SaleDetail{}, fmt.Errorf("read sale: %w", err)
	}
	if err := json.Unmarshal([]byte(fields), &d.SourceFields); err != nil {
		return SaleDetail{}, fmt.Errorf("read sale %d: %w", id, err)
	}
	lines, err := w.rdb.QueryContext(ctx, `SELECT sku, product, quantity, amount_minor FROM sale_lines WHERE sale_id = ? ORDER BY line_no`, id)
	if err != nil {
		return SaleDetail{}, fmt.Errorf("read sale lines: %w", err)
	}
	for lines.Next() {
		var l SaleLine
		if err := lines.Scan(&l.SKU, &l.Product, &l.Quantity, &l.Amount); err != nil {
			lines.Close()
			return SaleDetail{}, err
		}
		d.Lines = append(d.Lines, l)
	}
	if err := closeRows(lines); err != nil {
		return SaleDetail{}, err
	}
	if d.LeadID != 0 {
		ls, err := w.leadsWhere(ctx, " WHERE l.id = ?", d.LeadID)
		if err != nil {
			return SaleDetail{}, err
		}
		if len(ls) == 1 {
			d.Lead = &ls[0]
		}
	}
	if d.Suggestions, err = w.leadsWhere(ctx, ` WHERE l.superseded_by IS NULL AND l.natural_key IN
		(SELECT lead_key FROM matches WHERE sale_key = ? AND state = 'suggested') ORDER BY l.day, l.id`, d.Key); err != nil {
		return SaleDetail{}, err
	}
	if d.Rejected, err = w.leadsWhere(ctx, ` WHERE l.superseded_by IS NULL AND l.natural_key IN
		(SELECT lead_key FROM matches WHERE sale_key = ? AND state = 'rejected') ORDER BY l.day, l.id`, d.Key); err != nil {
		return SaleDetail{}, err
	}
	return d, nil
}

func (w *Workspace) leadsWhere(ctx context.Context, where string, args ...any) ([]LeadRow, error) {
	rows, err := w.rdb.QueryContext(ctx, leadSelect+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read leads: %w", err)
	}
	defer rows.Close()
	var out []LeadRow
	for rows.Next() {
		r, err := scanLeadRow(rows)
		if err != nil {
			return nil, fmt.Errorf("read leads: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReviewItem is a sale waiting for a person to choose its lead.
type ReviewItem struct {
	Sale       SaleRow
	Tier       match.Tier // the key the candidates share (name or company)
	Candidates []LeadRow
}

// Review lists the sales whose lead a person must choose, newest first.
func (w *Workspace) Review(ctx context.Context) ([]ReviewItem, error) {
	rows, err := w.rdb.QueryContext(ctx, saleSelect+` WHERE s.superseded_by IS NULL AND s.lead_id IS NULL AND s.natural_key IN
		(SELECT sale_key FROM matches WHERE state = 'suggested') ORDER BY s.day DESC, s.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	var items []ReviewItem
	for rows.Next() {
		r, err := scanSaleRow(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("review: %w", err)
		}
		items = append(items, ReviewItem{Sale: r, Tier: r.Tier})
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	for i := range items {
		if items[i].Candidates, err = w.leadsWhere(ctx, ` WHERE l.superseded_by IS NULL AND l.natural_key IN
			(SELECT lead_key FROM matches WHERE sale_key = ? AND state = 'suggested') ORDER BY l.day, l.id`, items[i].Sale.Key); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// Lead returns one current lead.
func (w *Workspace) Lead(ctx context.Context, id int64) (LeadRow, error) {
	ls, err := w.leadsWhere(ctx, " WHERE l.id = ?", id)
	if err != nil {
		return LeadRow{}, err
	}
	if len(ls) == 0 {
		return LeadRow{}, &UserError{Msg: "This lead is no longer in the workspace.", Err: errors.New("no such lead")}
	}
	return ls[0], nil
}

// AdRow is one row of an imported ad report, as the drill-down from a
// channel's spend shows it.
type AdRow struct {
	Platform    string
	Campaign    string
	AdGroup     string
	Level       string
	From, To    civil.Date
	Spend       int64 // minor units
	Impressions int64
	Clicks      int64
	Conversions *float64 // the platform's claim; nil when the report has none
	Value       *int64
	Rule        string // why the channel
}

// AdRows lists the current ad report rows of a channel (0: those with no
// channel) that overlap period p, the costliest first, at most limit.
func (w *Workspace) AdRows(ctx context.Context, p Period, channelID int64, limit int) ([]AdRow, error) {
	rows, err := w.rdb.QueryContext(ctx, `SELECT platform, campaign, ad_group, level, day_from, day_to, spend_minor, impressions, clicks,
			platform_conversions, platform_conv_value_minor, channel_rule
		FROM ad_stats WHERE superseded_by IS NULL AND coalesce(channel_id, 0) = ? AND day_to >= ? AND day_from <= ?
		ORDER BY spend_minor DESC, day_from LIMIT ?`, channelID, p.From.String(), p.To.String(), max(1, limit))
	if err != nil {
		return nil, fmt.Errorf("list ad rows: %w", err)
	}
	defer rows.Close()
	var out []AdRow
	for rows.Next() {
		var a AdRow
		var from, to string
		var conv sql.NullFloat64
		var value sql.NullInt64
		if err := rows.Scan(&a.Platform, &a.Campaign, &a.AdGroup, &a.Level, &from, &to, &a.Spend, &a.Impressions, &a.Clicks, &conv, &value, &a.Rule); err != nil {
			return nil, fmt.Errorf("list ad rows: %w", err)
		}
		if conv.Valid {
			a.Conversions = &conv.Float64
		}
		if value.Valid {
			a.Value = &value.Int64
		}
		if a.From, err = civil.Parse(from); err != nil {
			return nil, err
		}
		if a.To, err = civil.Parse(to); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
