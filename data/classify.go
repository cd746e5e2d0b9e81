package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"lastmile/data/channel"
	"lastmile/data/match"
)

// loadClassifier makes the channel classifier of the workspace: the
// person's rules, in their order, and the campaign names of the current ad
// stats (which resolve "paid search" to a platform).
func loadClassifier(ctx context.Context, q querier) (*channel.Classifier, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.field, r.op, r.value, c.key, c.name
		FROM rules AS r JOIN channels AS c ON c.id = r.channel_id ORDER BY r.position, r.id`)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	var rules []channel.Rule
	for rows.Next() {
		var r channel.Rule
		if err := rows.Scan(&r.ID, &r.Field, &r.Op, &r.Value, &r.Channel, &r.ChannelName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read rules: %w", err)
		}
		rules = append(rules, r)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	campaigns, err := adCampaigns(ctx, q)
	if err != nil {
		return nil, err
	}
	c, err := channel.New(rules, campaigns)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return c, nil
}

// adCampaigns maps the campaigns of the current ad stats to their
// platform. A campaign name used on two platforms says nothing about which
// one a lead came from, and is left out.
func adCampaigns(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT campaign, min(platform) FROM ad_stats
		WHERE superseded_by IS NULL AND campaign <> '' GROUP BY campaign HAVING count(DISTINCT platform) = 1`)
	if err != nil {
		return nil, fmt.Errorf("read campaigns: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, p string
		if err := rows.Scan(&c, &p); err != nil {
			return nil, err
		}
		out[c] = p
	}
	return out, rows.Err()
}

// channelInput is what the classifier reads of a row's source fields.
func channelInput(fields SourceFields, clickID string) channel.Input {
	in := channel.Input{ClickID: clickID}
	for _, f := range fields {
		in.Fields = append(in.Fields, channel.Field{Name: f.Name, Value: f.Value})
	}
	return in
}

// classified is a classification as stored on a row.
type classified struct {
	channel any // the channel id, or nil for Unattributed
	rule    string
	value   string // the unrecognised value, for the queue
	generic bool
}

func (r *SaleReader) classify(in channel.Input) classified {
	c := r.classifier.Classify(in)
	var id any
	if v, ok := r.channels[c.Channel]; ok {
		id = v
	}
	return classified{channel: id, rule: c.Rule, value: c.Unrecognised, generic: c.Generic}
}

// rowReading is what a row's source fields say: its classification, and
// for a sale where it was made and the campaign it names.
type rowReading struct {
	classified
	place, campaign string
}

// readingMemoSize bounds the readings a batch remembers: most files repeat
// a few hundred combinations of source fields, but a file whose every row
// is different must not grow the memory with its length.
const readingMemoSize = 4096

// read reads a row's source fields (fields is their JSON), remembering
// the reading for the rows that repeat them: rows with the same fields,
// the same kind of click id and the same system read alike.
func (r *SaleReader) read(system, fields string, in channel.Input) rowReading {
	key := system + "\x00" + fields + "\x00" + channel.ClickSignature(in.ClickID)
	if x, ok := r.readings[key]; ok {
		return x
	}
	x := rowReading{classified: r.classify(in), place: channel.Place(system, in), campaign: channel.Campaign(in)}
	if r.readings == nil || len(r.readings) >= readingMemoSize {
		r.readings = map[string]rowReading{}
	}
	r.readings[key] = x
	return x
}

// rowKeys are the match keys of a lead or sale.
type rowKeys struct {
	order, phone, name, company string
}

// saleKeysOf is keysOf for a sale. An invoice made out to "Summit
// Leadership Retreats LLC" names a company in its customer column and has
// no company column, so the customer stands in for the company.
func saleKeysOf(order, phone, phoneE164, customer, company, country string) rowKeys {
	if strings.TrimSpace(company) == "" {
		company = customer
	}
	return keysOf(order, phone, phoneE164, customer, company, country)
}

func keysOf(order, phone, phoneE164, name, company, country string) rowKeys {
	k := rowKeys{order: match.OrderKey(order), phone: phoneE164, name: match.NameKey(name), company: match.CompanyKey(company)}
	if k.phone == "" {
		k.phone = match.PhoneKey(phone, country)
	}
	return k
}

// reclassify classifies rows again, and writes those whose channel, rule or
// queue value changed: every row (current or superseded, which may come
// back), or only the current rows whose channel was generic and those an
// undo brought back (recorded in lm_restored). It records the sales to spread channels to (their own channel
// changed, or their lead's did) in lm_touched_sales and their days in
// lm_touched_days. It reports whether any ad stat's channel changed.
func reclassify(ctx context.Context, q querier, genericOnly bool) (adsChanged bool, err error) {
	cl, err := loadClassifier(ctx, q)
	if err != nil {
		return false, err
	}
	ids, err := channelIDs(ctx, q)
	if err != nil {
		return false, err
	}
	idOf := func(key string) sql.NullInt64 {
		id, ok := ids[key]
		return sql.NullInt64{Int64: id, Valid: ok}
	}

	// Rows are classified by group, not one by one: rows with the same
	// source fields and the same kind of click id classify alike, and a
	// workspace of a million sales has a few hundred groups. The group's
	// click key is finer than channel.ClickSignature (plain click ids by
	// prefix, length and hex-ness, as the signature; any other exactly), so
	// one member's click stands for the group.
	type group struct {
		fields, key, click string
		channel            sql.NullInt64
		rule, value        string
		generic            bool
	}
	memo := map[string]channel.Result{}
	run := func(table, chCol, ruleCol, valueCol, genCol, changed string) error {
		// The rows to read: all, or the generic ones and those an undo
		// brought back, each through its own index (an OR of the two
		// would read every row).
		src := table
		if genericOnly {
			src = "(SELECT * FROM " + table + " WHERE " + genCol + " = 1 UNION ALL SELECT * FROM " + table +
				" WHERE id IN (SELECT id FROM lm_restored WHERE tbl = '" + table + "') AND " + genCol + " <> 1)"
		}
		// The groups are collected into a small keyed table rather than
		// with GROUP BY, which sorts every row first (2.9 s against 0.8 s
		// for a million sales, measured). Every column is NOT NULL (a
		// missing channel is 0), so OR IGNORE skips only the rows of a
		// group already there; any member's click id stands for its group.
		for _, st := range []string{
			`DROP TABLE IF EXISTS temp.lm_groups`,
			`CREATE TEMP TABLE lm_groups (fields TEXT NOT NULL, k TEXT NOT NULL, click TEXT NOT NULL, channel INTEGER NOT NULL,
				rule TEXT NOT NULL, value TEXT NOT NULL, generic INTEGER NOT NULL,
				PRIMARY KEY (fields, k, channel, rule, value, generic)) WITHOUT ROWID`,
			`INSERT OR IGNORE INTO lm_groups SELECT t.source_fields, ` + clickKey + `, t.click_id, coalesce(t.` + chCol + `, 0), t.` +
				ruleCol + `, t.` + valueCol + `, t.` + genCol + ` FROM ` + src + ` AS t`,
		} {
			if _, err := q.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("reclassify %s: %w", table, err)
			}
		}
		rows, err := q.QueryContext(ctx, `SELECT fields, k, click, nullif(channel, 0), rule, value, generic FROM lm_groups`)
		if err != nil {
			return fmt.Errorf("reclassify %s: %w", table, err)
		}
		var todo []group
		for rows.Next() {
			var g group
			if err := rows.Scan(&g.fields, &g.key, &g.click, &g.channel, &g.rule, &g.value, &g.generic); err != nil {
				rows.Close()
				return fmt.Errorf("reclassify %s: %w", table, err)
			}
			memoKey := g.fields + "\x00" + channel.ClickSignature(g.click)
			res, ok := memo[memoKey]
			if !ok {
				var sf SourceFields
				if err := json.Unmarshal([]byte(g.fields), &sf); err != nil {
					rows.Close()
					return fmt.Errorf("reclassify %s: %w", table, err)
				}
				res = cl.Classify(channelInput(sf, g.click))
				memo[memoKey] = res
			}
			ch := idOf(res.Channel)
			if ch != g.channel || res.Rule != g.rule || res.Unrecognised != g.value || res.Generic != g.generic {
				todo = append(todo, group{fields: g.fields, key: g.key, channel: ch, rule: res.Rule, value: res.Unrecognised, generic: res.Generic})
			}
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("reclassify %s: %w", table, err)
		}
		if _, err := q.ExecContext(ctx, `DROP TABLE temp.lm_groups`); err != nil {
			return fmt.Errorf("reclassify %s: %w", table, err)
		}
		if len(todo) == 0 {
			return nil
		}
		// The groups that change go into a temporary table, and one pass
		// over the rows marks and updates theirs.
		list, err := json.Marshal(func() [][]any {
			out := make([][]any, len(todo))
			for i, g := range todo {
				var ch any
				if g.channel.Valid {
					ch = g.channel.Int64
				}
				out[i] = []any{g.fields, g.key, ch, g.rule, g.value, g.generic}
			}
			return out
		}())
		if err != nil {
			return err
		}
		steps := []struct {
			sql  string
			args []any
		}{
			{`DROP TABLE IF EXISTS temp.lm_regroup`, nil},
			{`CREATE TEMP TABLE lm_regroup (fields TEXT, k TEXT, channel INTEGER, rule TEXT, value TEXT, generic INTEGER, PRIMARY KEY (fields, k))`, nil},
			{`INSERT OR IGNORE INTO lm_regroup SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?)`, []any{string(list)}},
			{`DROP TABLE IF EXISTS temp.lm_reclassed`, nil},
			{`CREATE TEMP TABLE lm_reclassed AS SELECT t.id, g.channel, g.rule, g.value, g.generic
				FROM ` + src + ` AS t JOIN lm_regroup AS g ON g.fields = t.source_fields AND g.k = ` + clickKey, nil},
			{`UPDATE ` + table + ` SET ` + chCol + ` = r.channel, ` + ruleCol + ` = r.rule, ` + valueCol + ` = r.value, ` + genCol + ` = r.generic
				FROM lm_reclassed AS r WHERE ` + table + `.id = r.id`, nil},
			{changed, nil},
			{`DROP TABLE temp.lm_regroup`, nil},
			{`DROP TABLE temp.lm_reclassed`, nil},
		}
		for _, st := range steps {
			if _, err := q.ExecContext(ctx, st.sql, st.args...); err != nil {
				return fmt.Errorf("reclassify %s: %w", table, err)
			}
		}
		return nil
	}
	if err := run("leads", "channel_id", "channel_rule", "source_value", "channel_generic",
		`INSERT OR IGNORE INTO lm_changed_leads (id) SELECT id FROM lm_reclassed`); err != nil {
		return false, err
	}
	if err := run("sales", "own_channel_id", "own_channel_rule", "own_source_value", "own_generic",
		`INSERT OR IGNORE INTO lm_touched_sales (id) SELECT id FROM lm_reclassed`); err != nil {
		return false, err
	}
	if _, err := q.ExecContext(ctx, `INSERT OR IGNORE INTO lm_touched_sales (id)
		SELECT id FROM sales WHERE superseded_by IS NULL AND lead_id IN (SELECT id FROM lm_changed_leads)`); err != nil {
		return false, fmt.Errorf("reclassify: %w", err)
	}
	if genericOnly {
		return false, nil
	}
	return reclassifyAds(ctx, q, cl, idOf)
}

// clickKey groups rows by their click id as finely as classification
// needs (see reclassify).
const clickKey = `(CASE WHEN length(t.click_id) > 4 AND t.click_id NOT GLOB '*[^0-9A-Za-z._~-]*'
	THEN substr(t.click_id, 1, 4) || ':' || length(t.click_id) || ':' || (t.click_id NOT GLOB '*[^0-9A-Fa-f]*')
	ELSE '=' || t.click_id END)`

// reclassifyAds classifies the current ad stats again.
func reclassifyAds(ctx context.Context, q querier, cl *channel.Classifier, idOf func(string) sql.NullInt64) (bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT platform, campaign, channel_id, channel_rule FROM ad_stats WHERE superseded_by IS NULL`)
	if err != nil {
		return false, fmt.Errorf("reclassify ad stats: %w", err)
	}
	type change struct {
		platform, campaign string
		channel            sql.NullInt64
		rule               string
	}
	var todo []change
	for rows.Next() {
		var c change
		var old sql.NullInt64
		var oldRule string
		if err := rows.Scan(&c.platform, &c.campaign, &old, &oldRule); err != nil {
			rows.Close()
			return false, err
		}
		r := cl.Classify(channel.Input{Platform: c.platform, Campaign: c.campaign})
		c.channel, c.rule = idOf(r.Channel), r.Rule
		if c.channel != old || c.rule != oldRule {
			todo = append(todo, c)
		}
	}
	if err := closeRows(rows); err != nil {
		return false, fmt.Errorf("reclassify ad stats: %w", err)
	}
	for _, c := range todo {
		if _, err := q.ExecContext(ctx, `UPDATE ad_stats SET channel_id = ?, channel_rule = ?
			WHERE superseded_by IS NULL AND platform = ? AND campaign = ?`, c.channel, c.rule, c.platform, c.campaign); err != nil {
			return false, fmt.Errorf("reclassify ad stats: %w", err)
		}
	}
	return len(todo) > 0, nil
}

// rekey computes the match keys of every lead and sale again (after the
// country changes, which decides how phone numbers without a country code
// read, and when the keys were added to the schema). It writes only the
// rows whose keys change.
func rekey(ctx context.Context, q querier, country string) error {
	for _, t := range []struct{ table, order, name string }{
		{"leads", "order_ref", "name"}, {"sales", "CASE order_ref WHEN '' THEN order_id ELSE order_ref END", "customer"},
	} {
		rows, err := q.QueryContext(ctx, `SELECT id, `+t.order+`, phone, `+t.name+`, company, order_norm, phone_e164, name_norm, company_norm FROM `+t.table)
		if err != nil {
			return fmt.Errorf("rekey %s: %w", t.table, err)
		}
		type change struct {
			id int64
			k  rowKeys
		}
		var todo []change
		for rows.Next() {
			var id int64
			var order, phone, name, company string
			var old rowKeys
			if err := rows.Scan(&id, &order, &phone, &name, &company, &old.order, &old.phone, &old.name, &old.company); err != nil {
				rows.Close()
				return fmt.Errorf("rekey %s: %w", t.table, err)
			}
			k := keysOf(order, phone, "", name, company, country)
			if t.table == "sales" {
				k = saleKeysOf(order, phone, "", name, company, country)
			}
			if k != old {
				todo = append(todo, change{id, k})
			}
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("rekey %s: %w", t.table, err)
		}
		stmt, err := q.PrepareContext(ctx, `UPDATE `+t.table+` SET order_norm = ?, phone_e164 = ?, name_norm = ?, company_norm = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		for _, c := range todo {
			if _, err := stmt.ExecContext(ctx, c.k.order, c.k.phone, c.k.name, c.k.company, c.id); err != nil {
				stmt.Close()
				return fmt.Errorf("rekey %s: %w", t.table, err)
			}
		}
		stmt.Close()
	}
	return nil
}
