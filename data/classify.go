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

func (b *BatchWriter) classify(in channel.Input) classified {
	r := b.classifier.Classify(in)
	return classified{channel: b.channel(r.Channel), rule: r.Rule, value: r.Unrecognised, generic: r.Generic}
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

	type row struct {
		id      int64
		fields  string
		click   string
		channel sql.NullInt64
		rule    string
		value   string
		generic bool
	}
	memo := map[string]channel.Result{}
	run := func(table, sel, upd, changed string) error {
		where := ""
		if genericOnly {
			where = " WHERE " + map[string]string{"leads": "channel_generic", "sales": "own_generic"}[table] + " = 1" +
				" UNION SELECT" + strings.TrimPrefix(sel, "SELECT") + " WHERE id IN (SELECT id FROM lm_restored WHERE tbl = '" + table + "')"
		}
		rows, err := q.QueryContext(ctx, sel+where)
		if err != nil {
			return fmt.Errorf("reclassify %s: %w", table, err)
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.fields, &r.click, &r.channel, &r.rule, &r.value, &r.generic); err != nil {
				rows.Close()
				return fmt.Errorf("reclassify %s: %w", table, err)
			}
			key := r.fields + "\x00" + channel.ClickSignature(r.click)
			res, ok := memo[key]
			if !ok {
				var sf SourceFields
				if err := json.Unmarshal([]byte(r.fields), &sf); err != nil {
					rows.Close()
					return fmt.Errorf("reclassify %s %d: %w", table, r.id, err)
				}
				res = cl.Classify(channelInput(sf, r.click))
				memo[key] = res
			}
			ch := idOf(res.Channel)
			if ch != r.channel || res.Rule != r.rule || res.Unrecognised != r.value || res.Generic != r.generic {
				r.channel, r.rule, r.value, r.generic = ch, res.Rule, res.Unrecognised, res.Generic
				todo = append(todo, r)
			}
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("reclassify %s: %w", table, err)
		}
		up, err := q.PrepareContext(ctx, upd)
		if err != nil {
			return err
		}
		defer up.Close()
		mark, err := q.PrepareContext(ctx, changed)
		if err != nil {
			return err
		}
		defer mark.Close()
		for _, r := range todo {
			if _, err := up.ExecContext(ctx, r.channel, r.rule, r.value, r.generic, r.id); err != nil {
				return fmt.Errorf("reclassify %s %d: %w", table, r.id, err)
			}
			if _, err := mark.ExecContext(ctx, r.id); err != nil {
				return fmt.Errorf("reclassify %s %d: %w", table, r.id, err)
			}
		}
		return nil
	}
	if err := run("leads",
		`SELECT id, source_fields, click_id, channel_id, channel_rule, source_value, channel_generic FROM leads`,
		`UPDATE leads SET channel_id = ?, channel_rule = ?, source_value = ?, channel_generic = ? WHERE id = ?`,
		`INSERT OR IGNORE INTO lm_changed_leads (id) VALUES (?)`); err != nil {
		return false, err
	}
	if err := run("sales",
		`SELECT id, source_fields, click_id, own_channel_id, own_channel_rule, own_source_value, own_generic FROM sales`,
		`UPDATE sales SET own_channel_id = ?, own_channel_rule = ?, own_source_value = ?, own_generic = ? WHERE id = ?`,
		`INSERT OR IGNORE INTO lm_touched_sales (id) VALUES (?)`); err != nil {
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
