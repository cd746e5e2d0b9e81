package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// Model is the attribution model: which channel a sale is counted under.
type Model string

// The attribution models.
const (
	// FirstTouch counts a sale under the channel of the lead it came from,
	// else under the sale's own source.
	FirstTouch Model = "first"
	// LastTouch counts a sale under its own source (e.g. the UTM of the
	// order), else under its lead's channel.
	LastTouch Model = "last"
)

// Label returns the model's name for people.
func (m Model) Label() string {
	if m == LastTouch {
		return "last touch"
	}
	return "first touch"
}

// Channel is where a lead or sale came from, as an owner says it.
type Channel struct {
	ID       int64
	Key      string
	Name     string
	Group    string
	Origin   string // digital or traditional
	Paid     bool
	Color    string // #rrggbb, empty for automatic
	Position int
	Builtin  bool // one of Lastmile's default channels, which stay
}

// Unattributed is the name shown for sales with no known origin.
const Unattributed = "Unattributed"

// Totals are the headline figures of one period.
type Totals struct {
	Spend       int64 // ad spend, minor units
	Leads       int   // leads created in the period
	Sales       int   // orders with money kept (refunds and voids are not sales)
	Revenue     int64 // what customers paid net of refunds, all channels, minor units
	PaidRevenue int64 // the part of Revenue counted under paid channels
}

// ROAS returns the return on ad spend: revenue counted under paid channels
// divided by ad spend. ok is false when there was no spend.
func (t Totals) ROAS() (roas float64, ok bool) {
	if t.Spend == 0 {
		return 0, false
	}
	return float64(t.PaidRevenue) / float64(t.Spend), true
}

// ChannelFigures are one channel's figures for a period. A zero Channel.ID
// stands for Unattributed.
type ChannelFigures struct {
	Channel Channel
	Spend   int64
	Leads   int
	Sales   int
	Revenue int64
}

// Dashboard is the dashboard's report model: the same figures for the window,
// the CLI summary and the exports.
type Dashboard struct {
	Period   Period
	Previous Period // the period of equal length before Period
	Currency string
	Model    Model
	Current  Totals
	Prior    Totals
	// Channels holds every channel with spend, leads, sales or revenue in
	// Period, in channel order, then Unattributed if it has any.
	Channels []ChannelFigures
}

// Empty reports whether the period has nothing at all to show.
func (d Dashboard) Empty() bool {
	c := d.Current
	return c.Spend == 0 && c.Leads == 0 && c.Sales == 0 && c.Revenue == 0
}

// Channels returns the workspace's channels in their display order.
func (w *Workspace) Channels(ctx context.Context) ([]Channel, error) {
	return loadChannels(ctx, w.rdb)
}

func loadChannels(ctx context.Context, q querier) ([]Channel, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, key, name, grp, origin, paid, color, position, builtin FROM channels ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("read channels: %w", err)
	}
	defer rows.Close()
	var out []Channel
	for rows.Next() {
		var c Channel
		if err := rows.Scan(&c.ID, &c.Key, &c.Name, &c.Group, &c.Origin, &c.Paid, &c.Color, &c.Position, &c.Builtin); err != nil {
			return nil, fmt.Errorf("read channels: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Dashboard computes the dashboard figures for period p under model m, with
// the previous period of equal length for comparison. It reads the daily
// totals, so its cost depends on the number of days, not of sales; all its
// queries run in one read transaction and see the same snapshot even while
// an import commits.
func (w *Workspace) Dashboard(ctx context.Context, p Period, m Model) (Dashboard, error) {
	if err := p.Validate(); err != nil {
		return Dashboard{}, err
	}
	if m != LastTouch {
		m = FirstTouch
	}
	tx, err := w.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard: %w", err)
	}
	defer tx.Rollback()
	return dashboard(ctx, tx, p, m, w.Settings().Currency)
}

// dashboard computes the dashboard in the read transaction tx.
func dashboard(ctx context.Context, tx querier, p Period, m Model, currency string) (Dashboard, error) {
	d := Dashboard{Period: p, Previous: p.Previous(), Currency: currency, Model: m}
	channels, err := loadChannels(ctx, tx)
	if err != nil {
		return d, err
	}
	byID := map[int64]*ChannelFigures{}
	paid := map[int64]bool{}
	figures := func(id int64) *ChannelFigures {
		f, ok := byID[id]
		if !ok {
			f = &ChannelFigures{Channel: Channel{Name: Unattributed}}
			for _, c := range channels {
				if c.ID == id {
					f.Channel = c
				}
			}
			byID[id] = f
		}
		return f
	}
	for _, c := range channels {
		paid[c.ID] = c.Paid
	}
	cur, prev := p, d.Previous

	// Everything comes from the daily totals (see rollUp), grouped by
	// channel and by which of the two periods a day falls in.
	args := []any{prev.From.String(), cur.From.String(), cur.To.String()}
	rows, err := tx.QueryContext(ctx, `SELECT channel_id, day >= ?2, sum(spend_minor)
		FROM daily_ads WHERE day BETWEEN ?1 AND ?3 GROUP BY 1, 2`, args...)
	if err != nil {
		return d, fmt.Errorf("dashboard spend: %w", err)
	}
	err = scanFigures(rows, func(id int64, isCur bool, v [2]int64) {
		if isCur {
			if v[0] != 0 {
				figures(id).Spend += v[0]
			}
			d.Current.Spend += v[0]
		} else {
			d.Prior.Spend += v[0]
		}
	})
	if err != nil {
		return d, fmt.Errorf("dashboard spend: %w", err)
	}

	rows, err = tx.QueryContext(ctx, `SELECT channel_id, day >= ?2, sum(leads)
		FROM daily_leads WHERE day BETWEEN ?1 AND ?3 GROUP BY 1, 2`, args...)
	if err != nil {
		return d, fmt.Errorf("dashboard leads: %w", err)
	}
	err = scanFigures(rows, func(id int64, isCur bool, v [2]int64) {
		if isCur {
			figures(id).Leads += int(v[0])
			d.Current.Leads += int(v[0])
		} else {
			d.Prior.Leads += int(v[0])
		}
	})
	if err != nil {
		return d, fmt.Errorf("dashboard leads: %w", err)
	}

	// A sale is an order with money kept; refunds lower revenue on the day
	// they happen.
	rows, err = tx.QueryContext(ctx, `SELECT channel_id, day >= ?2, sum(sales), sum(revenue_minor)
		FROM daily_sales WHERE model = ?4 AND day BETWEEN ?1 AND ?3 GROUP BY 1, 2`, append(args, string(m))...)
	if err != nil {
		return d, fmt.Errorf("dashboard sales: %w", err)
	}
	err = scanFigures(rows, func(id int64, isCur bool, v [2]int64) {
		t := &d.Prior
		if isCur {
			t = &d.Current
			f := figures(id)
			f.Sales += int(v[0])
			f.Revenue += v[1]
		}
		t.Sales += int(v[0])
		t.Revenue += v[1]
		if paid[id] {
			t.PaidRevenue += v[1]
		}
	})
	if err != nil {
		return d, fmt.Errorf("dashboard sales: %w", err)
	}

	for _, f := range byID {
		d.Channels = append(d.Channels, *f)
	}
	sort.Slice(d.Channels, func(i, j int) bool {
		a, b := d.Channels[i].Channel, d.Channels[j].Channel
		if (a.ID == 0) != (b.ID == 0) {
			return b.ID == 0 // Unattributed last
		}
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		return a.ID < b.ID
	})
	return d, nil
}

// scanFigures reads rows of (channel id, in current period, one or two
// sums) and hands each to f.
func scanFigures(rows *sql.Rows, f func(id int64, isCur bool, v [2]int64)) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var isCur bool
		var v [2]int64
		dest := []any{&id, &isCur, &v[0]}
		if len(cols) > 3 {
			dest = append(dest, &v[1])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		f(id, isCur, v)
	}
	return rows.Err()
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
