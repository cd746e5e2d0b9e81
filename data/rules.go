package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"lastmile/data/channel"
)

// Rule is a person's rule: rows whose Field compares to Value by Op count
// under the channel ChannelID. Rules apply in Position order, before the
// built-in ones (see package channel).
type Rule struct {
	ID          int64
	Position    int
	Field       string // channel.FieldLeadSource, channel.FieldSource…
	Op          string // channel.OpEquals, channel.OpContains…
	Value       string
	ChannelID   int64
	ChannelName string
}

// Rules lists the person's rules in the order they apply.
func (w *Workspace) Rules(ctx context.Context) ([]Rule, error) {
	rows, err := w.rdb.QueryContext(ctx, `SELECT r.id, r.position, r.field, r.op, r.value, r.channel_id, c.name
		FROM rules AS r JOIN channels AS c ON c.id = r.channel_id ORDER BY r.position, r.id`)
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.ID, &r.Position, &r.Field, &r.Op, &r.Value, &r.ChannelID, &r.ChannelName); err != nil {
			return nil, fmt.Errorf("list rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveRule adds a rule (ID 0, at the top: a person's newest rule usually
// refines the others) or changes one, and classifies every row again in
// the same transaction.
func (w *Workspace) SaveRule(ctx context.Context, r Rule) (Rule, error) {
	r.Value = strings.TrimSpace(r.Value)
	cr := channel.Rule{Field: r.Field, Op: r.Op, Value: r.Value, Channel: fmt.Sprint(r.ChannelID)}
	if err := cr.Validate(); err != nil {
		return Rule{}, UserErrorf("This rule cannot be saved: %v.", err)
	}
	err := w.reclassifyAfter(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM channels WHERE id = ?`, r.ChannelID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return UserErrorf("The channel of this rule no longer exists. Choose another.")
		}
		if r.ID == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE rules SET position = position + 1`); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO rules (position, field, op, value, channel_id, created_at) VALUES (1, ?, ?, ?, ?, ?)`,
				r.Field, r.Op, r.Value, r.ChannelID, formatInstant(time.Now()))
			if err != nil {
				return err
			}
			r.ID, err = res.LastInsertId()
			r.Position = 1
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE rules SET field = ?, op = ?, value = ?, channel_id = ? WHERE id = ?`,
			r.Field, r.Op, r.Value, r.ChannelID, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return UserErrorf("This rule was deleted meanwhile.")
		}
		return nil
	})
	return r, err
}

// DeleteRule removes a rule and classifies every row again.
func (w *Workspace) DeleteRule(ctx context.Context, id int64) error {
	return w.reclassifyAfter(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rules WHERE id = ?`, id); err != nil {
			return err
		}
		return renumberRules(ctx, tx)
	})
}

// MoveRule moves a rule to position to (1 = applies first) and classifies
// every row again.
func (w *Workspace) MoveRule(ctx context.Context, id int64, to int) error {
	return w.reclassifyAfter(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM rules ORDER BY position, id`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var x int64
			if err := rows.Scan(&x); err != nil {
				rows.Close()
				return err
			}
			if x != id {
				ids = append(ids, x)
			}
		}
		if err := closeRows(rows); err != nil {
			return err
		}
		to = max(1, min(to, len(ids)+1))
		ids = append(ids[:to-1], append([]int64{id}, ids[to-1:]...)...)
		for i, x := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE rules SET position = ? WHERE id = ?`, i+1, x); err != nil {
				return err
			}
		}
		return nil
	})
}

func renumberRules(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE rules SET position = (SELECT count(*) FROM rules AS o
		WHERE o.position < rules.position OR (o.position = rules.position AND o.id <= rules.id))`)
	return err
}

// reclassifyAfter runs change and then classifies every row again, all in
// one transaction: a rule either applies to all the data or to none. Only
// the sales whose channel changes are spread and rolled up again.
func (w *Workspace) reclassifyAfter(ctx context.Context, change func(tx *sql.Tx) error) error {
	return w.rederiveAfter(ctx, changes{channels: true}, change)
}

// rederiveAfter runs change and then derive with c, in one transaction.
func (w *Workspace) rederiveAfter(ctx context.Context, c changes, change func(tx *sql.Tx) error) error {
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("change channels: %w", err)
	}
	defer tx.Rollback()
	if err := beginChanges(ctx, tx); err != nil {
		return err
	}
	if err := change(tx); err != nil {
		if _, ok := AsUserError(err); ok {
			return err
		}
		return fmt.Errorf("change channels: %w", err)
	}
	if err := derive(ctx, tx, w.Settings().AttributionWindowDays, c); err != nil {
		return err
	}
	if err := w.commit(tx); err != nil {
		return fmt.Errorf("change channels: %w", err)
	}
	return nil
}

// SaveChannel adds a channel (ID 0) or changes one: its name, group,
// origin, paid flag and colour. A channel's key never changes.
func (w *Workspace) SaveChannel(ctx context.Context, c Channel) (Channel, error) {
	c.Name = strings.TrimSpace(c.Name)
	c.Group = strings.TrimSpace(c.Group)
	switch {
	case c.Name == "":
		return Channel{}, UserErrorf("Give the channel a name.")
	case strings.EqualFold(c.Name, Unattributed):
		return Channel{}, UserErrorf("“%s” is what Lastmile calls sales with no known origin; choose another name.", Unattributed)
	case c.Origin != "digital" && c.Origin != "traditional":
		return Channel{}, UserErrorf("A channel is digital or traditional, not %q.", c.Origin)
	case c.Color != "" && !colorRe.MatchString(c.Color):
		return Channel{}, UserErrorf("Colours are written like #1f77b4, not %q.", c.Color)
	}
	if c.Group == "" {
		c.Group = c.Name
	}
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return Channel{}, fmt.Errorf("save channel: %w", err)
	}
	defer tx.Rollback()
	var clash int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM channels WHERE lower(name) = lower(?) AND id <> ?`, c.Name, c.ID).Scan(&clash); {
	case err == nil:
		return Channel{}, UserErrorf("There is already a channel called “%s”.", c.Name)
	case !errors.Is(err, sql.ErrNoRows):
		return Channel{}, fmt.Errorf("save channel: %w", err)
	}
	if c.ID == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM channels`).Scan(&c.Position); err != nil {
			return Channel{}, fmt.Errorf("save channel: %w", err)
		}
		c.Key = channelKey(c.Name)
		for n := 2; ; n++ {
			var taken bool
			if err := tx.QueryRowContext(ctx, `SELECT count(*) > 0 FROM channels WHERE key = ?`, c.Key).Scan(&taken); err != nil {
				return Channel{}, fmt.Errorf("save channel: %w", err)
			}
			if !taken {
				break
			}
			c.Key = fmt.Sprintf("%s_%d", channelKey(c.Name), n)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO channels (key, name, grp, origin, paid, color, position, builtin) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
			c.Key, c.Name, c.Group, c.Origin, c.Paid, c.Color, c.Position)
		if err != nil {
			return Channel{}, fmt.Errorf("save channel: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return Channel{}, err
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE channels SET name = ?, grp = ?, origin = ?, paid = ?, color = ? WHERE id = ?`,
			c.Name, c.Group, c.Origin, c.Paid, c.Color, c.ID)
		if err != nil {
			return Channel{}, fmt.Errorf("save channel: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Channel{}, UserErrorf("This channel was deleted meanwhile.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT key, position FROM channels WHERE id = ?`, c.ID).Scan(&c.Key, &c.Position); err != nil {
			return Channel{}, fmt.Errorf("save channel: %w", err)
		}
	}
	if err := w.commit(tx); err != nil {
		return Channel{}, fmt.Errorf("save channel: %w", err)
	}
	return c, nil
}

// DeleteChannel removes a channel a person added, with its rules; its rows
// are classified again by the remaining rules. Built-in channels stay.
func (w *Workspace) DeleteChannel(ctx context.Context, id int64) error {
	// The rows that name the channel lose it when it goes, without being
	// classified again: every sale and day is spread and rolled up again
	// (deleting a channel is rare; a rule change is not).
	return w.rederiveAfter(ctx, changes{channels: true, everySale: true}, func(tx *sql.Tx) error {
		var builtin bool
		switch err := tx.QueryRowContext(ctx, `SELECT builtin FROM channels WHERE id = ?`, id).Scan(&builtin); {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return err
		case builtin:
			return UserErrorf("The built-in channels cannot be deleted; rename one if its name does not fit.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM channels WHERE id = ?`, id); err != nil {
			return err
		}
		return renumberRules(ctx, tx)
	})
}

var (
	colorRe    = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	nonKeyChar = regexp.MustCompile(`[^a-z0-9]+`)
)

// channelKey makes the key of a new channel from its name.
func channelKey(name string) string {
	k := strings.Trim(nonKeyChar.ReplaceAllString(strings.ToLower(name), "_"), "_")
	if k == "" {
		k = "channel"
	}
	return "custom_" + k
}

// SourceValue is a raw source value no rule knows, with what hangs on it.
type SourceValue struct {
	Value   string // as shown: "Lead Source: Messe München"
	Leads   int    // current leads with it
	Sales   int    // sales whose lead has it, or (without a lead) that have it themselves
	Revenue int64  // their revenue, net of refunds, minor units
}

// UnrecognisedSources lists the raw source values no rule knows, the one
// with the most revenue, then the most leads, first.
func (w *Workspace) UnrecognisedSources(ctx context.Context) ([]SourceValue, error) {
	rows, err := w.rdb.QueryContext(ctx, `WITH v AS (
			SELECT source_value AS value, count(*) AS leads, 0 AS sales, 0 AS revenue
			FROM leads WHERE superseded_by IS NULL AND source_value <> '' GROUP BY 1
			UNION ALL
			SELECT l.source_value, 0, sum(s.kind = 'order' AND s.kept_minor > 0), sum(s.kept_minor)
			FROM sales AS s JOIN leads AS l ON l.id = s.lead_id
			WHERE s.superseded_by IS NULL AND l.source_value <> '' GROUP BY 1
			UNION ALL
			SELECT own_source_value, 0, sum(kind = 'order' AND kept_minor > 0), sum(kept_minor)
			FROM sales WHERE superseded_by IS NULL AND lead_id IS NULL AND own_source_value <> '' GROUP BY 1)
		SELECT value, sum(leads), sum(sales), sum(revenue) FROM v GROUP BY value ORDER BY 4 DESC, 2 DESC, 1`)
	if err != nil {
		return nil, fmt.Errorf("unrecognised sources: %w", err)
	}
	defer rows.Close()
	var out []SourceValue
	for rows.Next() {
		var v SourceValue
		if err := rows.Scan(&v.Value, &v.Leads, &v.Sales, &v.Revenue); err != nil {
			return nil, fmt.Errorf("unrecognised sources: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AssignSource counts every row with an unrecognised value under a
// channel, by adding the rule that recognises it.
func (w *Workspace) AssignSource(ctx context.Context, value string, channelID int64) (Rule, error) {
	cr, ok := channel.RuleFor(value)
	if !ok {
		return Rule{}, UserErrorf("Lastmile cannot make a rule from “%s”; add one by hand.", value)
	}
	return w.SaveRule(ctx, Rule{Field: cr.Field, Op: cr.Op, Value: cr.Value, ChannelID: channelID})
}
