package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"lastmile/data/channel"
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

// Unattributed is the name shown for leads with no known origin.
const Unattributed = "Unattributed"

// The origins of a channel.
const (
	Digital     = "digital"
	Traditional = "traditional"
)

// UnknownName names the sales of unknown source made at place (see
// channel.PlaceLabel): "Source unknown: in store".
func UnknownName(place string) string { return "Source unknown: " + channel.PlaceLabel(place) }

// Totals are the headline figures of one period.
type Totals struct {
	Spend   int64 // ad spend, minor units
	Leads   int   // leads created in the period
	Sales   int   // orders with money kept (refunds and voids are not sales)
	Revenue int64 // what customers kept: paid less refunds, every sale, minor units
	// Refunds is the money returned on the period's sales (see the refund
	// rule in linkRefunds), minor units.
	Refunds int64
	// PaidRevenue is the revenue counted under the paid channels that
	// have ad spend in the period: the numerator of ROAS.
	PaidRevenue int64
	// NoReportRevenue is the revenue counted under paid channels with no
	// ad spend in the period (no ad report imported): left out of ROAS.
	NoReportRevenue int64
}

// ROAS returns the return on ad spend: the revenue of the paid channels
// that have spend in the period divided by that spend. A paid channel with
// sales but no ad report would add revenue without its cost, so it is left
// out. ok is false when there was no spend.
func (t Totals) ROAS() (roas float64, ok bool) {
	if t.Spend == 0 {
		return 0, false
	}
	return float64(t.PaidRevenue) / float64(t.Spend), true
}

// ChannelFigures are one channel's figures for a period. A zero Channel.ID
// stands for sales of unknown source made at Place (Channel.Name says so),
// or for leads of no channel.
type ChannelFigures struct {
	Channel Channel
	Place   string // for sales of unknown source
	Spend   int64
	Leads   int
	Sales   int
	Revenue int64
	Refunds int64
}

// Dashboard is the dashboard's headline model: the same figures for the
// window's tiles, the CLI summary and the exports.
type Dashboard struct {
	Period   Period
	Previous Period // the period of equal length before Period
	Currency string
	Model    Model
	Current  Totals
	Prior    Totals
	// Channels holds every channel with spend, leads, sales or revenue in
	// Period, in channel order, then the sales of unknown source by place.
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
	return dashboard(ctx, tx, p, m, w.Settings())
}

// dashboard computes the dashboard in the read transaction tx.
func dashboard(ctx context.Context, tx querier, p Period, m Model, s Settings) (Dashboard, error) {
	d := Dashboard{Period: p, Previous: p.Previous(), Currency: s.Currency, Model: m}
	channels, err := loadChannels(ctx, tx)
	if err != nil {
		return d, err
	}
	type key struct {
		id    int64
		place string
	}
	byKey := map[key]*ChannelFigures{}
	figures := func(id int64, place string) *ChannelFigures {
		if id != 0 {
			place = ""
		}
		k := key{id, place}
		f, ok := byKey[k]
		if !ok {
			f = &ChannelFigures{Channel: Channel{Name: Unattributed}, Place: place}
			if place != "" {
				f.Channel.Name = UnknownName(place)
			}
			for _, c := range channels {
				if c.ID == id {
					f.Channel = c
				}
			}
			byKey[k] = f
		}
		return f
	}
	paid := map[int64]bool{}
	for _, c := range channels {
		paid[c.ID] = c.Paid
	}
	cur, prev := p, d.Previous
	// Per period (0 previous, 1 current) and channel: spend and the
	// revenue the channel's headline counts.
	var spend, revenue [2]map[int64]int64
	for i := range 2 {
		spend[i], revenue[i] = map[int64]int64{}, map[int64]int64{}
	}
	at := func(isCur bool) int {
		if isCur {
			return 1
		}
		return 0
	}

	// Everything comes from the daily totals (see rollUp), grouped by
	// channel and by which of the two periods a day falls in.
	args := []any{prev.From.String(), cur.From.String(), cur.To.String()}
	err = eachRow(ctx, tx, `SELECT channel_id, day >= ?2, sum(spend_minor)
		FROM daily_ads WHERE day BETWEEN ?1 AND ?3 GROUP BY 1, 2`, args, func(rows *sql.Rows) error {
		var id, v int64
		var isCur bool
		if err := rows.Scan(&id, &isCur, &v); err != nil {
			return err
		}
		spend[at(isCur)][id] += v
		if isCur {
			if v != 0 {
				figures(id, "").Spend += v
			}
			d.Current.Spend += v
		} else {
			d.Prior.Spend += v
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("dashboard spend: %w", err)
	}

	err = eachRow(ctx, tx, `SELECT channel_id, day >= ?2, sum(leads)
		FROM daily_leads WHERE day BETWEEN ?1 AND ?3 GROUP BY 1, 2`, args, func(rows *sql.Rows) error {
		var id int64
		var isCur bool
		var n int
		if err := rows.Scan(&id, &isCur, &n); err != nil {
			return err
		}
		if isCur {
			figures(id, "").Leads += n
			d.Current.Leads += n
		} else {
			d.Prior.Leads += n
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("dashboard leads: %w", err)
	}

	// A sale is an order with money kept. Sales of unknown source count in
	// the totals and by place, never under a channel; with TracedOnly, a
	// channel's headline leaves out the sales only its tags carry.
	err = eachRow(ctx, tx, `SELECT channel_id, evidence, place, day >= ?2, sum(sales), sum(revenue_minor), sum(refunds_minor)
		FROM daily_sales WHERE model = ?4 AND day BETWEEN ?1 AND ?3 GROUP BY 1, 2, 3, 4`, append(args, string(m)), func(rows *sql.Rows) error {
		var id, v, back int64
		var ev Evidence
		var place string
		var isCur bool
		var n int
		if err := rows.Scan(&id, &ev, &place, &isCur, &n, &v, &back); err != nil {
			return err
		}
		t := &d.Prior
		if isCur {
			t = &d.Current
		}
		t.Sales += n
		t.Revenue += v
		t.Refunds += back
		if ev == EvidenceTag && s.TracedOnly {
			return nil
		}
		revenue[at(isCur)][id] += v
		if isCur {
			f := figures(id, place)
			f.Sales += n
			f.Revenue += v
			f.Refunds += back
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("dashboard sales: %w", err)
	}
	for i, t := range []*Totals{&d.Prior, &d.Current} {
		for id, v := range revenue[i] {
			switch {
			case !paid[id]:
			case spend[i][id] != 0:
				t.PaidRevenue += v
			default:
				t.NoReportRevenue += v
			}
		}
	}

	for _, f := range byKey {
		d.Channels = append(d.Channels, *f)
	}
	SortFigures(d.Channels, func(f ChannelFigures) (Channel, string) { return f.Channel, f.Place })
	return d, nil
}

// SortFigures sorts rows in channel order: the channels by position, then
// the leads of no channel, then the sales of unknown source in the order of
// channel.Places.
func SortFigures[T any](rows []T, of func(T) (Channel, string)) {
	rank := func(place string) int {
		for i, p := range channel.Places {
			if p == place {
				return i
			}
		}
		return -1
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, ap := of(rows[i])
		b, bp := of(rows[j])
		if (a.ID == 0) != (b.ID == 0) {
			return b.ID == 0 // channels first
		}
		if a.ID == 0 {
			return rank(ap) < rank(bp)
		}
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		return a.ID < b.ID
	})
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
