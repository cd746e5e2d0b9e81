package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"lastmile/data/civil"
	"lastmile/data/stats"
)

// ReportOptions choose what a Report covers.
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
}

// Report answers the owner's questions for one period: where leads came
// from, how many became buyers, what each channel earned and cost, what the
// ad platforms claim, and how sure the figures are. One Report feeds the
// dashboard, the CLI and the exports, so they always agree.
type Report struct {
	Period   Period
	Currency string
	Model    Model
	// Summary holds the headline totals of Period and of the period before
	// it, read in the same snapshot.
	Summary Dashboard
	// Channels holds every channel with spend, leads or sales in Period, in
	// channel order, then Unattributed (Channel.ID 0) if it has any.
	Channels []ChannelReport
	// Origins holds digital, traditional and unattributed, in that order.
	Origins [3]OriginReport
	// OrderValueGap is digital − traditional: the difference of the mean
	// order values and of the medians, in minor units, with bootstrap
	// intervals. Not OK when either side has no orders.
	OrderValueGap struct{ Mean, Median stats.Interval }
	Totals        ReportTotals
	Compare       stats.Comparison
	// CompareIDs are the channel ids of Compare.A and Compare.B.
	CompareIDs [2]int64
	// Weeks holds revenue per channel id for each week (Monday to Sunday,
	// clipped to Period), oldest first.
	Weeks []WeekRevenue
	// Today and WeekStart are the days of LeadsToday and LeadsThisWeek,
	// which count leads per channel id (0: no channel).
	Today, WeekStart civil.Date
	LeadsToday       map[int64]int
	LeadsThisWeek    map[int64]int
}

// ChannelReport is one channel's figures for the report's period. Money is
// in minor units.
type ChannelReport struct {
	Channel Channel
	// HasAds is true when ad reports cover this channel in the period; the
	// ad figures below are zero and meaningless otherwise.
	HasAds              bool
	Spend               int64
	Impressions, Clicks int64
	PlatformConversions float64 // what the ad platform claims
	PlatformValue       int64   // the conversion value it claims, minor units
	Leads               int     // leads created in the period
	Buyers              int     // of those, leads with a sale in the period
	LeadToSale          stats.Interval
	Sales               int   // sales in the period counted under this channel
	Revenue             int64 // net of refunds
	// OrderValues are the sales' amounts in minor units, ascending.
	OrderValues []int64
	MedianOrder stats.Interval // minor units
	DaysToClose stats.Survival
}

// OriginReport sums the channels of one origin.
type OriginReport struct {
	Origin      string // digital, traditional or unattributed
	Leads       int
	Buyers      int
	LeadToSale  stats.Interval
	Sales       int
	Revenue     int64
	OrderValues []int64 // ascending, minor units
	MedianOrder stats.Interval
	DaysToClose stats.Survival
}

// ReportTotals are the whole period's figures.
type ReportTotals struct {
	Spend       int64
	Leads       int
	Buyers      int
	Sales       int
	Revenue     int64
	PaidRevenue int64 // revenue counted under paid channels
}

// WeekRevenue is one week's revenue per channel id (0: Unattributed).
type WeekRevenue struct {
	Start   civil.Date // the Monday, or the period's first day
	Revenue map[int64]int64
}

// The origins of a channel.
const (
	Digital            = "digital"
	Traditional        = "traditional"
	UnattributedOrigin = "unattributed"
)

// Resamples is the number of bootstrap draws behind a median's interval.
const Resamples = 1000

func ratio(num, den float64) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

// AOV returns the average order value in minor units: revenue ÷ sales.
func (c ChannelReport) AOV() (float64, bool) { return ratio(float64(c.Revenue), float64(c.Sales)) }

// ROAS returns revenue ÷ spend; not ok without spend.
func (c ChannelReport) ROAS() (float64, bool) { return ratio(float64(c.Revenue), float64(c.Spend)) }

// CostPerLead returns spend ÷ leads in minor units; not ok without spend
// or leads.
func (c ChannelReport) CostPerLead() (float64, bool) {
	if c.Spend == 0 {
		return 0, false
	}
	return ratio(float64(c.Spend), float64(c.Leads))
}

// CostPerSale returns spend ÷ sales in minor units.
func (c ChannelReport) CostPerSale() (float64, bool) {
	if c.Spend == 0 {
		return 0, false
	}
	return ratio(float64(c.Spend), float64(c.Sales))
}

// CTR returns clicks ÷ impressions.
func (c ChannelReport) CTR() (float64, bool) {
	return ratio(float64(c.Clicks), float64(c.Impressions))
}

// CPC returns spend ÷ clicks in minor units.
func (c ChannelReport) CPC() (float64, bool) {
	if !c.HasAds {
		return 0, false
	}
	return ratio(float64(c.Spend), float64(c.Clicks))
}

// AOV returns the origin's average order value in minor units.
func (o OriginReport) AOV() (float64, bool) { return ratio(float64(o.Revenue), float64(o.Sales)) }

// ROAS returns revenue under paid channels ÷ ad spend.
func (t ReportTotals) ROAS() (float64, bool) { return ratio(float64(t.PaidRevenue), float64(t.Spend)) }

// Channel returns the report's figures for channel id (0: Unattributed),
// and false when the channel had nothing in the period.
func (r Report) Channel(id int64) (ChannelReport, bool) {
	for _, c := range r.Channels {
		if c.Channel.ID == id {
			return c, true
		}
	}
	return ChannelReport{}, false
}

// Report computes the report for o.Period under o.Model, in one read
// snapshot. Spend, leads and revenue come from the daily totals; buyers,
// days to close and order values read the period's leads and sales through
// their day indexes.
func (w *Workspace) Report(ctx context.Context, o ReportOptions) (Report, error) {
	if err := o.Period.Validate(); err != nil {
		return Report{}, err
	}
	if o.Model != LastTouch {
		o.Model = FirstTouch
	}
	if o.Today.IsZero() {
		o.Today = o.Period.To
	}
	tx, err := w.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Report{}, fmt.Errorf("report: %w", err)
	}
	defer tx.Rollback()
	return report(ctx, tx, o, w.Settings().Currency)
}

func report(ctx context.Context, tx querier, o ReportOptions, currency string) (Report, error) {
	p := o.Period
	r := Report{Period: p, Currency: currency, Model: o.Model, Today: o.Today}
	var err error
	if r.Summary, err = dashboard(ctx, tx, p, o.Model, currency); err != nil {
		return r, err
	}
	channels, err := loadChannels(ctx, tx)
	if err != nil {
		return r, err
	}
	a, b, err := resolvePair(channels, o.Compare)
	if err != nil {
		return r, err
	}
	byID := map[int64]*ChannelReport{}
	fig := func(id int64) *ChannelReport {
		if c, ok := byID[id]; ok {
			return c
		}
		c := &ChannelReport{Channel: Channel{Name: Unattributed, Origin: UnattributedOrigin}}
		for _, ch := range channels {
			if ch.ID == id {
				c.Channel = ch
			}
		}
		byID[id] = c
		return c
	}
	from, to := p.From.String(), p.To.String()

	// Ads: spend, reach and what the platforms claim.
	err = eachRow(ctx, tx, `SELECT channel_id, sum(spend_minor), sum(impressions), sum(clicks), total(platform_conversions), sum(platform_conv_value_minor)
		FROM daily_ads WHERE day BETWEEN ? AND ? GROUP BY 1`, []any{from, to}, func(rows *sql.Rows) error {
		var id int64
		var c ChannelReport
		if err := rows.Scan(&id, &c.Spend, &c.Impressions, &c.Clicks, &c.PlatformConversions, &c.PlatformValue); err != nil {
			return err
		}
		f := fig(id)
		f.HasAds = true
		f.Spend, f.Impressions, f.Clicks = c.Spend, c.Impressions, c.Clicks
		f.PlatformConversions, f.PlatformValue = c.PlatformConversions, c.PlatformValue
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("report ads: %w", err)
	}

	// Sales and revenue per day and channel, which also give the weeks.
	weeks := map[civil.Date]*WeekRevenue{}
	err = eachRow(ctx, tx, `SELECT day, channel_id, sales, revenue_minor FROM daily_sales
		WHERE model = ? AND day BETWEEN ? AND ?`, []any{string(o.Model), from, to}, func(rows *sql.Rows) error {
		var day string
		var id, revenue int64
		var n int
		if err := rows.Scan(&day, &id, &n, &revenue); err != nil {
			return err
		}
		f := fig(id)
		f.Sales += n
		f.Revenue += revenue
		d, err := civil.Parse(day)
		if err != nil {
			return err
		}
		start := weekStart(d)
		if start.Before(p.From) {
			start = p.From
		}
		wk := weeks[start]
		if wk == nil {
			wk = &WeekRevenue{Start: start, Revenue: map[int64]int64{}}
			weeks[start] = wk
		}
		wk.Revenue[id] += revenue
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("report sales: %w", err)
	}
	for d := p.From; !d.After(p.To); d = weekStart(d).AddDays(7) {
		wk := weeks[d]
		if wk == nil {
			wk = &WeekRevenue{Start: d, Revenue: map[int64]int64{}}
		}
		r.Weeks = append(r.Weeks, *wk)
	}

	// Order values: the amount of each sale in the period.
	col := "first_channel_id"
	if o.Model == LastTouch {
		col = "last_channel_id"
	}
	err = eachRow(ctx, tx, `SELECT coalesce(`+col+`, 0), net_minor FROM sales INDEXED BY sales_day
		WHERE day BETWEEN ? AND ? AND superseded_by IS NULL AND kind = 'order' AND net_minor > 0`, []any{from, to}, func(rows *sql.Rows) error {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		f := fig(id)
		f.OrderValues = append(f.OrderValues, v)
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("report order values: %w", err)
	}

	// Leads of the period, whether each bought in the period, and the day
	// of its first sale (for days to close; a lead that has not bought by
	// the period's end is still open, not dropped).
	closings := map[int64][]stats.Closing{}
	err = eachRow(ctx, tx, `SELECT coalesce(l.channel_id, 0), l.day,
			(SELECT min(s.day) FROM sales AS s WHERE s.lead_id = l.id AND s.superseded_by IS NULL AND s.kind = 'order' AND s.net_minor > 0),
			EXISTS (SELECT 1 FROM sales AS s WHERE s.lead_id = l.id AND s.superseded_by IS NULL AND s.kind = 'order' AND s.net_minor > 0 AND s.day BETWEEN ?1 AND ?2)
		FROM leads AS l INDEXED BY leads_day WHERE l.day BETWEEN ?1 AND ?2 AND l.superseded_by IS NULL`, []any{from, to}, func(rows *sql.Rows) error {
		var id int64
		var day string
		var first sql.NullString
		var bought bool
		if err := rows.Scan(&id, &day, &first, &bought); err != nil {
			return err
		}
		f := fig(id)
		f.Leads++
		if bought {
			f.Buyers++
		}
		ld, err := civil.Parse(day)
		if err != nil {
			return err
		}
		c := stats.Closing{Days: p.To.DaysSince(ld)}
		if first.Valid {
			fd, err := civil.Parse(first.String)
			if err != nil {
				return err
			}
			if !fd.After(p.To) {
				c = stats.Closing{Days: max(0, fd.DaysSince(ld)), Closed: true}
			}
		}
		closings[id] = append(closings[id], c)
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("report leads: %w", err)
	}

	// Leads today and this week, whatever the period.
	r.WeekStart = weekStart(o.Today)
	r.LeadsToday, r.LeadsThisWeek = map[int64]int{}, map[int64]int{}
	err = eachRow(ctx, tx, `SELECT day, channel_id, leads FROM daily_leads WHERE day BETWEEN ? AND ?`,
		[]any{r.WeekStart.String(), o.Today.String()}, func(rows *sql.Rows) error {
			var day string
			var id int64
			var n int
			if err := rows.Scan(&day, &id, &n); err != nil {
				return err
			}
			r.LeadsThisWeek[id] += n
			if day == o.Today.String() {
				r.LeadsToday[id] += n
			}
			return nil
		})
	if err != nil {
		return r, fmt.Errorf("report leads this week: %w", err)
	}

	// Per channel, per origin and in total.
	origins := map[string]*OriginReport{}
	originClosings := map[string][]stats.Closing{}
	for i, name := range []string{Digital, Traditional, UnattributedOrigin} {
		r.Origins[i].Origin = name
		origins[name] = &r.Origins[i]
	}
	paid := map[int64]bool{}
	for _, ch := range channels {
		paid[ch.ID] = ch.Paid
	}
	for id, f := range byID {
		slices.Sort(f.OrderValues)
		f.LeadToSale = stats.Wilson(f.Buyers, f.Leads)
		f.MedianOrder = medianOf(f.OrderValues)
		f.DaysToClose = stats.KaplanMeier(closings[id])
		org := origins[f.Channel.Origin]
		if org == nil || id == 0 {
			org = origins[UnattributedOrigin]
		}
		org.Leads += f.Leads
		org.Buyers += f.Buyers
		org.Sales += f.Sales
		org.Revenue += f.Revenue
		org.OrderValues = append(org.OrderValues, f.OrderValues...)
		originClosings[org.Origin] = append(originClosings[org.Origin], closings[id]...)
		r.Totals.Spend += f.Spend
		r.Totals.Leads += f.Leads
		r.Totals.Buyers += f.Buyers
		r.Totals.Sales += f.Sales
		r.Totals.Revenue += f.Revenue
		if paid[id] {
			r.Totals.PaidRevenue += f.Revenue
		}
		r.Channels = append(r.Channels, *f)
	}
	for i := range r.Origins {
		org := &r.Origins[i]
		slices.Sort(org.OrderValues)
		org.LeadToSale = stats.Wilson(org.Buyers, org.Leads)
		org.MedianOrder = medianOf(org.OrderValues)
		org.DaysToClose = stats.KaplanMeier(originClosings[org.Origin])
	}
	dig, trad := floats(r.Origins[0].OrderValues), floats(r.Origins[1].OrderValues)
	r.OrderValueGap.Mean, r.OrderValueGap.Median = stats.DiffOfMeansAndMedians(dig, trad, Resamples)

	sort.Slice(r.Channels, func(i, j int) bool {
		x, y := r.Channels[i].Channel, r.Channels[j].Channel
		if (x.ID == 0) != (y.ID == 0) {
			return y.ID == 0
		}
		if x.Position != y.Position {
			return x.Position < y.Position
		}
		return x.ID < y.ID
	})

	ca, cb := fig(a.ID), fig(b.ID)
	r.CompareIDs = [2]int64{a.ID, b.ID}
	r.Compare = stats.Compare(a.Name, ca.Buyers, ca.Leads, b.Name, cb.Buyers, cb.Leads)
	return r, nil
}

// resolvePair finds the channels of a comparison by key or name.
func resolvePair(channels []Channel, names [2]string) (Channel, Channel, error) {
	if names[0] == "" && names[1] == "" {
		names = [2]string{"google_ads", "meta_ads"}
	}
	var out [2]Channel
	for i, n := range names {
		c, ok := FindChannel(channels, n)
		if !ok {
			var known []string
			for _, ch := range channels {
				known = append(known, ch.Name)
			}
			return Channel{}, Channel{}, fmt.Errorf("%q does not name one channel to compare; the channels are: %s", n, strings.Join(known, ", "))
		}
		out[i] = c
	}
	return out[0], out[1], nil
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

// weekStart returns the Monday of d's week.
func weekStart(d civil.Date) civil.Date {
	off := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDays(-off)
}

func floats(v []int64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func medianOf(v []int64) stats.Interval {
	return stats.Median(floats(v), Resamples)
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
