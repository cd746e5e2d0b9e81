package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"

	"lastmile/data/civil"
	"lastmile/data/match"
)

// tierColumns are the lead columns holding each tier's key; the sale
// columns have the same names.
var tierColumns = map[match.Tier]string{
	match.TierOrder: "order_norm", match.TierClick: "click_id", match.TierEmail: "email_norm",
	match.TierPhone: "phone_e164", match.TierName: "name_norm", match.TierCompany: "company_norm",
}

// bulkMatch is the number of sales to match above which every current
// lead is read into memory once, rather than looked up sale by sale.
const bulkMatch = 2000

// saleToMatch is what matching reads of a sale.
type saleToMatch struct {
	id       int64
	key      string
	day      civil.Date
	void     bool
	keys     match.Keys
	lead     sql.NullInt64
	tier     string
	state    string
	newLead  int64
	newTier  string
	newState string
}

// decision is a person's decision about a sale, by natural keys.
type decision struct {
	lead, tier, state string
}

// attribute links sales to the leads they came from: every current sale,
// or those recorded by touch. A person's decisions come first (a link made
// or confirmed by hand; leads rejected for the sale); then the tiers of
// package match. A sale whose first tier with candidates has several
// different people gets suggestions for a person to review instead of a
// link. Only sales whose link changes are written; their days are
// recorded for the roll-up.
//
// The sales are read, decided and written a chunk at a time (each sale's
// link depends only on the leads, which do not change here), so memory
// stays the same however many sales there are.
func attribute(ctx context.Context, q querier, windowDays int, all bool) error {
	scope := ""
	if !all {
		scope = " AND id IN (SELECT id FROM lm_touched_sales)"
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sales WHERE superseded_by IS NULL`+scope).Scan(&n); err != nil {
		return fmt.Errorf("attribute: count sales: %w", err)
	}
	if n == 0 {
		return nil
	}
	// With no lead to match to, no decision made and no sale linked or
	// waiting for review (sales imported before any leads), every sale
	// stays as it is: nothing to read.
	var nothing bool
	if err := q.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM leads WHERE superseded_by IS NULL)
		AND NOT EXISTS (SELECT 1 FROM matches)
		AND NOT EXISTS (SELECT 1 FROM sales WHERE lead_id IS NOT NULL OR match_tier <> '' OR match_state <> '')`).Scan(&nothing); err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	if nothing {
		return step(ctx, n, n)
	}
	var finder match.Finder
	if n > bulkMatch {
		var err error
		if finder, err = leadsInMemory(ctx, q); err != nil {
			return err
		}
	} else {
		sf := &sqlFinder{ctx: ctx, q: q, stmts: map[match.Tier]*sql.Stmt{}}
		defer sf.close()
		finder = sf
	}
	keyToLead := map[string]int64{}
	leadByKey := func(key string) (int64, error) {
		if id, ok := keyToLead[key]; ok {
			return id, nil
		}
		var id int64
		err := q.QueryRowContext(ctx, `SELECT id FROM leads WHERE natural_key = ? AND superseded_by IS NULL`, key).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		keyToLead[key] = id
		return id, err
	}
	suggest, err := newSuggestions(ctx, q)
	if err != nil {
		return err
	}
	defer suggest.close()
	// decide links s as a person decided (ds) or by the tiers, and says
	// which leads await review.
	decide := func(s *saleToMatch, ds []decision) ([]match.Lead, error) {
		s.newLead, s.newTier, s.newState = 0, "", ""
		if s.void {
			return nil, nil
		}
		rejected := map[string]bool{}
		for _, d := range ds {
			switch d.state {
			case "rejected":
				rejected[d.lead] = true
			case "manual", "confirmed":
				id, err := leadByKey(d.lead)
				if err != nil {
					return nil, fmt.Errorf("attribute: %w", err)
				}
				if id != 0 && s.newLead == 0 {
					s.newLead, s.newTier, s.newState = id, d.tier, d.state
				}
			}
		}
		if s.newLead != 0 {
			return nil, nil
		}
		r, err := match.Decide(s.day, s.keys, windowDays, rejected, finder)
		if err != nil {
			return nil, fmt.Errorf("attribute: %w", err)
		}
		if r.Linked() {
			s.newLead, s.newTier, s.newState = r.Lead.ID, string(r.Tier), "auto"
		}
		if len(r.Review) > 0 {
			s.newTier = string(r.Tier)
		}
		return r.Review, nil
	}
	done := 0
	for after := int64(0); ; {
		if err := step(ctx, done, n); err != nil {
			return err
		}
		sales, err := salesToMatch(ctx, q, all, after, matchChunk)
		if err != nil {
			return err
		}
		if len(sales) == 0 {
			return nil
		}
		done += len(sales)
		after = sales[len(sales)-1].id
		decisions, err := suggest.load(sales)
		if err != nil {
			return err
		}
		for i := range sales {
			review, err := decide(&sales[i], decisions[sales[i].key])
			if err != nil {
				return err
			}
			if err := suggest.set(sales[i].key, sales[i].newTier, review); err != nil {
				return err
			}
		}
		if err := writeMatches(ctx, q, sales); err != nil {
			return err
		}
	}
}

// matchChunk is how many sales attribute reads, decides and writes at a
// time.
const matchChunk = 4096

// salesToMatch reads up to limit current sales with ids above after, in id
// order: every one, or those recorded by touch.
func salesToMatch(ctx context.Context, q querier, all bool, after int64, limit int) ([]saleToMatch, error) {
	// Not all: the touched ids lead (from after on); an IN list scanned
	// from its start for every chunk would cost the square of the sales.
	from, order := "sales AS s WHERE s.id > ?1", "s.id"
	if !all {
		from, order = "lm_touched_sales AS t CROSS JOIN sales AS s ON s.id = t.id WHERE t.id > ?1", "t.id"
	}
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.natural_key, s.day, s.kind, s.order_norm, s.click_id, s.email_norm, s.phone_e164,
		s.name_norm, s.company_norm, s.lead_id, s.match_tier, s.match_state FROM `+from+`
		AND s.superseded_by IS NULL ORDER BY `+order+` LIMIT ?2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("attribute: read sales: %w", err)
	}
	defer rows.Close()
	out := make([]saleToMatch, 0, limit)
	days := map[string]civil.Date{}
	for rows.Next() {
		var s saleToMatch
		var day, kind, order, click, email, phone, name, company string
		if err := rows.Scan(&s.id, &s.key, &day, &kind, &order, &click, &email, &phone, &name, &company, &s.lead, &s.tier, &s.state); err != nil {
			return nil, fmt.Errorf("attribute: read sales: %w", err)
		}
		d, ok := days[day]
		if !ok {
			if d, err = civil.Parse(day); err != nil {
				return nil, fmt.Errorf("attribute: sale %d: %w", s.id, err)
			}
			days[day] = d
		}
		s.day = d
		s.void = kind == string(SaleVoid)
		s.keys = match.Keys{match.TierOrder: order, match.TierClick: click, match.TierEmail: email,
			match.TierPhone: phone, match.TierName: name, match.TierCompany: company}
		out = append(out, s)
	}
	return out, rows.Err()
}

// writeMatches stores the links that changed and records their days.
func writeMatches(ctx context.Context, q querier, sales []saleToMatch) error {
	stmt, err := q.PrepareContext(ctx, `UPDATE sales SET lead_id = ?, match_tier = ?, match_state = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	defer stmt.Close()
	day, err := q.PrepareContext(ctx, `INSERT OR IGNORE INTO lm_touched_days (day) VALUES (?)`)
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	defer day.Close()
	touchLead, err := q.PrepareContext(ctx, `INSERT OR IGNORE INTO lm_touched_leads (id) VALUES (?)`)
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	defer touchLead.Close()
	for _, s := range sales {
		old := int64(0)
		if s.lead.Valid {
			old = s.lead.Int64
		}
		if old == s.newLead && s.tier == s.newTier && s.state == s.newState {
			continue
		}
		var lead any
		if s.newLead != 0 {
			lead = s.newLead
		}
		if _, err := stmt.ExecContext(ctx, lead, s.newTier, s.newState, s.id); err != nil {
			return fmt.Errorf("attribute: link sale %d: %w", s.id, err)
		}
		if _, err := day.ExecContext(ctx, s.day.String()); err != nil {
			return fmt.Errorf("attribute: %w", err)
		}
		// Both leads' first sales may change.
		for _, id := range []int64{old, s.newLead} {
			if id == 0 {
				continue
			}
			if _, err := touchLead.ExecContext(ctx, id); err != nil {
				return fmt.Errorf("attribute: %w", err)
			}
		}
	}
	return nil
}

// suggestions keeps the review list: the candidate leads of sales that
// wait for a person. Only what changes is written.
type suggestions struct {
	ctx      context.Context
	q        querier
	del, ins *sql.Stmt
	existing map[string]map[string]string // sale key → lead key → tier
}

func newSuggestions(ctx context.Context, q querier) (*suggestions, error) {
	s := &suggestions{ctx: ctx, q: q}
	var err error
	if s.del, err = q.PrepareContext(ctx, `DELETE FROM matches WHERE sale_key = ? AND lead_key = ? AND state = 'suggested'`); err != nil {
		return nil, err
	}
	if s.ins, err = q.PrepareContext(ctx, `INSERT INTO matches (sale_key, lead_key, tier, state) VALUES (?, ?, ?, 'suggested')
		ON CONFLICT (sale_key, lead_key) DO UPDATE SET tier = excluded.tier WHERE state = 'suggested'`); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// load reads what the matches table holds for these sales (the chunk
// about to be decided) in one pass: the suggestions kept, which set then
// changes, and the decisions a person made, by sale key, the ones that win
// first.
func (s *suggestions) load(sales []saleToMatch) (map[string][]decision, error) {
	keys := make([]string, len(sales))
	for i, x := range sales {
		keys[i] = x.key
	}
	list, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(s.ctx, `SELECT sale_key, lead_key, tier, state FROM matches
		WHERE sale_key IN (SELECT value FROM json_each(?)) AND state IN ('suggested', 'manual', 'confirmed', 'rejected')
		ORDER BY state = 'confirmed', decided_at DESC, id DESC`, string(list))
	if err != nil {
		return nil, fmt.Errorf("attribute: read matches: %w", err)
	}
	defer rows.Close()
	s.existing = map[string]map[string]string{}
	decisions := map[string][]decision{}
	for rows.Next() {
		var sale string
		var d decision
		if err := rows.Scan(&sale, &d.lead, &d.tier, &d.state); err != nil {
			return nil, err
		}
		if d.state != "suggested" {
			decisions[sale] = append(decisions[sale], d)
			continue
		}
		if s.existing[sale] == nil {
			s.existing[sale] = map[string]string{}
		}
		s.existing[sale][d.lead] = d.tier
	}
	return decisions, rows.Err()
}

// set makes the suggestions of a sale exactly review (none when empty).
func (s *suggestions) set(sale, tier string, review []match.Lead) error {
	now := s.existing[sale]
	want := map[string]bool{}
	for _, l := range review {
		want[l.Key] = true
		if t, ok := now[l.Key]; ok && t == tier {
			continue
		}
		if _, err := s.ins.ExecContext(s.ctx, sale, l.Key, tier); err != nil {
			return fmt.Errorf("attribute: suggestions: %w", err)
		}
	}
	for lead := range now {
		if !want[lead] {
			if _, err := s.del.ExecContext(s.ctx, sale, lead); err != nil {
				return fmt.Errorf("attribute: suggestions: %w", err)
			}
		}
	}
	delete(s.existing, sale)
	return nil
}

func (s *suggestions) close() {
	for _, st := range []*sql.Stmt{s.del, s.ins} {
		if st != nil {
			_ = st.Close()
		}
	}
}

// sqlFinder looks candidates up one sale at a time, through the indexes.
type sqlFinder struct {
	ctx   context.Context
	q     querier
	stmts map[match.Tier]*sql.Stmt
}

func (f *sqlFinder) Leads(t match.Tier, v string) ([]match.Lead, error) {
	st, ok := f.stmts[t]
	if !ok {
		col := tierColumns[t]
		var err error
		st, err = f.q.PrepareContext(f.ctx, `SELECT id, natural_key, day FROM leads
			WHERE superseded_by IS NULL AND `+col+` <> '' AND `+col+` = ?`)
		if err != nil {
			return nil, err
		}
		f.stmts[t] = st
	}
	rows, err := st.QueryContext(f.ctx, v)
	if err != nil {
		return nil, err
	}
	return scanLeads(rows)
}

func (f *sqlFinder) close() {
	for _, s := range f.stmts {
		_ = s.Close()
	}
}

func scanLeads(rows *sql.Rows) ([]match.Lead, error) {
	defer rows.Close()
	var out []match.Lead
	for rows.Next() {
		var l match.Lead
		var day string
		if err := rows.Scan(&l.ID, &l.Key, &day); err != nil {
			return nil, err
		}
		d, err := civil.Parse(day)
		if err != nil {
			return nil, err
		}
		l.Day = d
		out = append(out, l)
	}
	return out, rows.Err()
}

// memFinder holds every current lead by each tier's key.
type memFinder map[match.Tier]map[string][]match.Lead

func (m memFinder) Leads(t match.Tier, v string) ([]match.Lead, error) { return m[t][v], nil }

func leadsInMemory(ctx context.Context, q querier) (memFinder, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, natural_key, day, order_norm, click_id, email_norm, phone_e164, name_norm, company_norm
		FROM leads WHERE superseded_by IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("attribute: read leads: %w", err)
	}
	defer rows.Close()
	m := memFinder{}
	for _, t := range match.Tiers {
		m[t] = map[string][]match.Lead{}
	}
	days := map[string]civil.Date{}
	for rows.Next() {
		var l match.Lead
		var day string
		var keys [6]string
		if err := rows.Scan(&l.ID, &l.Key, &day, &keys[0], &keys[1], &keys[2], &keys[3], &keys[4], &keys[5]); err != nil {
			return nil, err
		}
		d, ok := days[day]
		if !ok {
			if d, err = civil.Parse(day); err != nil {
				return nil, err
			}
			days[day] = d
		}
		l.Day = d
		for i, t := range match.Tiers {
			if keys[i] != "" {
				m[t][keys[i]] = append(m[t][keys[i]], l)
			}
		}
	}
	return m, rows.Err()
}

// spreadChannels sets each sale's first-touch channel (its lead's, else
// its own) and last-touch channel (its own, else its lead's), with the
// evidence each rests on (lead, tag or unknown): every current sale, or
// those recorded by touch. A sale matched to a lead of no known channel
// takes its own channel, if any, as a tag.
func spreadChannels(ctx context.Context, q querier, all bool) error {
	scope := ""
	if !all {
		scope = " AND s.id IN (SELECT id FROM lm_touched_sales)"
	}
	_, err := q.ExecContext(ctx, `UPDATE sales SET
			first_channel_id = x.f, first_evidence = x.fe, last_channel_id = x.l, last_evidence = x.le
		FROM (SELECT s.id,
				coalesce(l.channel_id, s.own_channel_id) AS f,
				CASE WHEN l.channel_id IS NOT NULL THEN 'lead' WHEN s.own_channel_id IS NOT NULL THEN 'tag' ELSE 'unknown' END AS fe,
				coalesce(s.own_channel_id, l.channel_id) AS l,
				CASE WHEN s.own_channel_id IS NOT NULL THEN 'tag' WHEN l.channel_id IS NOT NULL THEN 'lead' ELSE 'unknown' END AS le
			FROM sales AS s LEFT JOIN leads AS l ON l.id = s.lead_id
			WHERE s.superseded_by IS NULL`+scope+`) AS x
		WHERE sales.id = x.id AND (sales.first_channel_id IS NOT x.f OR sales.first_evidence <> x.fe
			OR sales.last_channel_id IS NOT x.l OR sales.last_evidence <> x.le)`)
	if err != nil {
		return fmt.Errorf("spread channels: %w", err)
	}
	return nil
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}
