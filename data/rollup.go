package data

import (
	"context"
	"fmt"
)

// changes says what a write touched, so that derive recomputes only what
// follows from it.
type changes struct {
	ads   bool // ad stats changed
	leads bool // leads changed
	sales bool // sales, or their links to leads, may have changed
	// refunds means sales rows came or went, so refunds must find their
	// sales again (links to leads do not move them).
	refunds bool
	// all means every sale must be matched again and every day rolled up
	// again (a new attribution window, time zone or country). Otherwise
	// only the sales and days recorded by touch are.
	all bool
	// channels means every row must be classified again (a rule or a
	// channel changed); the sales whose channel changes are recorded.
	channels bool
	// everySale means every sale's channels must be spread again and
	// every day rolled up (a channel was deleted, and the rows that named
	// it lost it without being classified again).
	everySale bool
	// restored means an undo made older rows current again: they were
	// classified when they were last current, perhaps under other rules.
	restored bool
	// redated means the days of leads and sales were worked out again (a
	// new time zone): every day's lead totals are rebuilt.
	redated bool
}

// everyAdDay reports whether the daily ad totals must be rebuilt for
// every day; otherwise only for the days touch recorded
// (lm_touched_ad_days). A new rule may move any campaign.
func (c changes) everyAdDay() bool { return c.all || c.channels || c.everySale || c.redated }

// everyLeadDay is everyAdDay for the daily lead totals; otherwise only the
// days touch recorded (lm_touched_lead_days) and those of the leads
// reclassify moved (lm_changed_leads, every moved lead even after a new
// rule) are rebuilt.
func (c changes) everyLeadDay() bool { return c.all || c.everySale || c.redated }

// The temporary tables (private to the writer connection) that carry what
// a write touches to derive, inside one transaction: the sales to match
// again and spread channels to, the days whose sales totals to rebuild,
// the leads whose channel changed, the leads whose first sale may have.
const (
	touchTables = `
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_sales (id INTEGER PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_days (day TEXT PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_ad_days (day TEXT PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_lead_days (day TEXT PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_changed_leads (id INTEGER PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_leads (id INTEGER PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_touched_systems (system TEXT PRIMARY KEY);
	CREATE TEMP TABLE IF NOT EXISTS lm_restored (tbl TEXT, id INTEGER, PRIMARY KEY (tbl, id));
	CREATE TEMP TABLE IF NOT EXISTS lm_batch_leads (id INTEGER PRIMARY KEY, natural_key TEXT, order_norm TEXT,
		click_id TEXT, email_norm TEXT, phone_e164 TEXT, name_norm TEXT, company_norm TEXT);`
	clearTouched = touchTables + `
	DELETE FROM lm_touched_sales; DELETE FROM lm_touched_days; DELETE FROM lm_touched_ad_days; DELETE FROM lm_touched_lead_days; DELETE FROM lm_changed_leads; DELETE FROM lm_batch_leads;
	DELETE FROM lm_touched_leads; DELETE FROM lm_touched_systems;
	DELETE FROM lm_restored;`
)

// beginChanges empties the temporary tables of a previous write on this
// connection; every write that derives calls it first.
func beginChanges(ctx context.Context, q querier) error {
	if _, err := q.ExecContext(ctx, clearTouched); err != nil {
		return fmt.Errorf("touch: %w", err)
	}
	return nil
}

// touch records which sales must be matched again and which days' sales
// totals must be rebuilt because batch (of kind k) is written (after its
// rows are in) or undone (before its rows are deleted, after re-pointing).
// The rows a batch superseded, and their days, count too: they stop or
// start counting.
func touch(ctx context.Context, q querier, k Kind, batch int64, undo bool) (changes, error) {
	if err := beginChanges(ctx, q); err != nil {
		return changes{}, err
	}
	var c changes
	var steps []string
	switch k {
	case KindAdStats:
		// Every day a row of the batch, or a row it superseded, covers.
		c.ads = true
		steps = append(steps, `INSERT OR IGNORE INTO lm_touched_ad_days
			WITH RECURSIVE span (day, last) AS (
				SELECT day_from, day_to FROM ad_stats WHERE batch_id = ?1 OR superseded_by = ?1
				UNION
				SELECT date(day, '+1 day'), last FROM span WHERE day < last)
			SELECT day FROM span`)
	case KindSales:
		c.sales, c.refunds = true, true
		if undo {
			// The rows coming back were matched and classified when they
			// were last current.
			c.restored = true
			steps = append(steps, `INSERT OR IGNORE INTO lm_touched_sales SELECT id FROM sales WHERE superseded_by = ?1`,
				`INSERT OR IGNORE INTO lm_restored SELECT 'sales', id FROM sales WHERE superseded_by = ?1`)
		} else {
			steps = append(steps, `INSERT OR IGNORE INTO lm_touched_sales SELECT id FROM sales WHERE batch_id = ?1`)
		}
		// The days of the batch's own rows and of those it superseded, and
		// the leads they were linked to.
		steps = append(steps, `INSERT OR IGNORE INTO lm_touched_days SELECT DISTINCT day FROM sales WHERE batch_id = ?1 OR superseded_by = ?1`,
			`INSERT OR IGNORE INTO lm_touched_leads SELECT lead_id FROM sales WHERE (batch_id = ?1 OR superseded_by = ?1) AND lead_id IS NOT NULL`,
			`INSERT OR IGNORE INTO lm_touched_systems SELECT DISTINCT system FROM sales WHERE batch_id = ?1 OR superseded_by = ?1`)
	case KindLeads:
		// A lead can change the link of the sales that share one of its
		// keys, that are linked to it, or that have it as a suggestion.
		c.leads, c.sales = true, true
		if undo {
			c.restored = true
			steps = append(steps, `INSERT OR IGNORE INTO lm_restored SELECT 'leads', id FROM leads WHERE superseded_by = ?1`)
		}
		steps = append(steps, []string{
			`INSERT INTO lm_batch_leads SELECT id, natural_key, order_norm, click_id, email_norm, phone_e164, name_norm, company_norm
				FROM leads WHERE batch_id = ?1 OR superseded_by = ?1`,
			`INSERT OR IGNORE INTO lm_touched_leads SELECT id FROM lm_batch_leads`,
			`INSERT OR IGNORE INTO lm_touched_lead_days SELECT DISTINCT day FROM leads WHERE batch_id = ?1 OR superseded_by = ?1`,
			`INSERT OR IGNORE INTO lm_touched_sales SELECT id FROM sales WHERE lead_id IN (SELECT id FROM lm_batch_leads)`,
			`INSERT OR IGNORE INTO lm_touched_sales SELECT s.id FROM matches AS m JOIN sales AS s ON s.natural_key = m.sale_key
				WHERE s.superseded_by IS NULL AND m.lead_key IN (SELECT natural_key FROM lm_batch_leads)`,
		}...)
		for _, col := range tierColumns {
			steps = append(steps, `INSERT OR IGNORE INTO lm_touched_sales SELECT id FROM sales
				WHERE superseded_by IS NULL AND `+col+` <> '' AND `+col+` IN (SELECT `+col+` FROM lm_batch_leads WHERE `+col+` <> '')`)
		}
	default:
		return c, nil
	}
	for _, s := range steps {
		if _, err := q.ExecContext(ctx, s, batch); err != nil {
			return c, fmt.Errorf("touch: %w", err)
		}
	}
	return c, nil
}

// derive recomputes what follows from the imported rows: the channels
// (all rows when a rule changed; after an ad report, the rows whose channel
// depended on campaign names), the sale-to-lead links, each sale's first-
// and last-touch channel, then the daily totals the dashboard reads. It
// runs in the transaction of every write, so the derived tables never
// disagree with the rows.
func derive(ctx context.Context, q querier, windowDays int, c changes) error {
	if _, err := q.ExecContext(ctx, touchTables); err != nil {
		return fmt.Errorf("derive: %w", err)
	}
	// Which lead a sale links to, and so each lead's first sale, follows
	// from the rows, their keys and the person's decisions, never from
	// channels: a change of channels alone (a rule, an ad report naming
	// campaigns) matches nothing again.
	rematch := c.leads || c.sales
	if c.channels || c.ads || c.restored {
		adsChanged, err := reclassify(ctx, q, !c.channels)
		if err != nil {
			return err
		}
		c.ads = c.ads || adsChanged
		var changedLeads int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM lm_changed_leads`).Scan(&changedLeads); err != nil {
			return fmt.Errorf("derive: %w", err)
		}
		c.leads = c.leads || changedLeads > 0 || c.channels
	}
	if rematch {
		if err := attribute(ctx, q, windowDays, c.all); err != nil {
			return err
		}
	}
	spreadAll := c.all || c.everySale
	// When only the channels of the touched sales can move (no sale came,
	// went or changed its money), their daily totals are corrected by
	// what they counted before and after, not rebuilt day by day: a rule
	// that moves 70,000 sales of a million touches nearly every day.
	byDelta := !spreadAll && !c.refunds
	if byDelta {
		if _, err := q.ExecContext(ctx, saleDeltaBefore); err != nil {
			return fmt.Errorf("derive: %w", err)
		}
	}
	if err := spreadChannels(ctx, q, spreadAll); err != nil {
		return err
	}
	if c.refunds || c.all {
		if err := linkRefunds(ctx, q, c.all); err != nil {
			return err
		}
	}
	if rematch {
		if err := firstSales(ctx, q, c.all); err != nil {
			return err
		}
	}
	if c.ads || c.everySale {
		sql := rollUpTouchedAds
		if c.everyAdDay() {
			sql = rollUpAds
		}
		if err := rollUp(ctx, q, "ads", sql); err != nil {
			return err
		}
	}
	// The lead totals and outcomes: leads came, went or moved channel, or
	// their first sales may have moved (rematch).
	if c.leads || rematch {
		sql := rollUpTouchedLeads
		if c.everyLeadDay() {
			sql = rollUpLeads
		} else if _, err := q.ExecContext(ctx, `INSERT OR IGNORE INTO lm_touched_lead_days
			SELECT day FROM leads WHERE id IN (SELECT id FROM lm_changed_leads UNION SELECT id FROM lm_touched_leads)`); err != nil {
			return fmt.Errorf("derive: %w", err)
		}
		if err := rollUp(ctx, q, "leads", sql); err != nil {
			return err
		}
	}
	if spreadAll {
		return rollUp(ctx, q, "sales", rollUpSales)
	}
	if _, err := q.ExecContext(ctx, `INSERT OR IGNORE INTO lm_touched_days SELECT DISTINCT day FROM sales
		WHERE id IN (SELECT id FROM lm_touched_sales)`); err != nil {
		return fmt.Errorf("derive: %w", err)
	}
	if byDelta {
		return rollUp(ctx, q, "sales", saleDeltaAfter)
	}
	return rollUp(ctx, q, "sales", rollUpTouchedSales)
}

// firstSales sets the day of each lead's first sale (leads.first_sale):
// every current lead's, or those recorded in lm_touched_leads (whose
// sales were linked, unlinked, replaced or refunded). Only the leads whose
// day changes are written.
func firstSales(ctx context.Context, q querier, all bool) error {
	scope := " AND l.id IN (SELECT id FROM lm_touched_leads)"
	if all {
		scope = ""
	}
	_, err := q.ExecContext(ctx, `UPDATE leads SET first_sale = x.d
		FROM (SELECT l.id, (SELECT min(s.day) FROM sales AS s INDEXED BY sales_lead
				WHERE s.lead_id = l.id AND s.superseded_by IS NULL AND s.kind = 'order' AND s.kept_minor > 0) AS d
			FROM leads AS l WHERE l.superseded_by IS NULL`+scope+`) AS x
		WHERE leads.id = x.id AND leads.first_sale IS NOT x.d`)
	if err != nil {
		return fmt.Errorf("first sales: %w", err)
	}
	return nil
}

func rollUp(ctx context.Context, q querier, name, sql string) error {
	if _, err := q.ExecContext(ctx, sql); err != nil {
		return fmt.Errorf("roll up %s: %w", name, err)
	}
	return nil
}

// The daily totals per channel. A row for a reporting range is spread over
// its n days: day k gets floor(x·(k+1)/n) − floor(x·k/n), whole units that
// add up to exactly x. On each day a campaign counts at the coarsest level
// any report gives for it (campaign, then ad group, ad, keyword, search
// term), so a keyword report never adds to the same campaign's report.
const (
	// adTotals is the ad spend and counts of the days %[1]s selects from
	// the rows that cover them (%[2]s).
	adTotals = `WITH RECURSIVE span (id, k, n, day) AS (
			SELECT id, 0, CAST(julianday(day_to) - julianday(day_from) AS INTEGER) + 1, day_from
			FROM ad_stats WHERE superseded_by IS NULL %[2]s
			UNION ALL
			SELECT id, k + 1, n, date(day, '+1 day') FROM span WHERE k + 1 < n),
		share AS (
			SELECT s.day, a.platform, a.account, a.campaign, coalesce(a.channel_id, 0) AS channel_id,
				CASE a.level WHEN 'campaign' THEN 1 WHEN 'ad_group' THEN 2 WHEN 'ad' THEN 3 WHEN 'keyword' THEN 4 ELSE 5 END AS grain,
				a.spend_minor * (s.k + 1) / s.n - a.spend_minor * s.k / s.n AS spend,
				a.impressions * (s.k + 1) / s.n - a.impressions * s.k / s.n AS impressions,
				a.clicks * (s.k + 1) / s.n - a.clicks * s.k / s.n AS clicks,
				a.platform_conversions / s.n AS conversions,
				coalesce(a.platform_conv_value_minor, 0) * (s.k + 1) / s.n - coalesce(a.platform_conv_value_minor, 0) * s.k / s.n AS conv_value,
				a.platform_purchases / s.n AS purchases, a.platform_leads / s.n AS leads
			FROM span AS s JOIN ad_stats AS a ON a.id = s.id %[1]s),
		coarsest AS (
			SELECT *, min(grain) OVER (PARTITION BY platform, account, campaign, day) AS best FROM share)
		INSERT INTO daily_ads (day, channel_id, platform, campaign, spend_minor, impressions, clicks, platform_conversions, platform_conv_value_minor,
			platform_purchases, platform_leads)
		SELECT day, channel_id, platform, campaign, sum(spend), sum(impressions), sum(clicks), total(conversions), sum(conv_value),
			total(purchases), total(leads)
		FROM coarsest WHERE grain = best
		GROUP BY 1, 2, 3, 4`

	// leadTotals is the number of leads per channel on the days %[1]s
	// selects, and per channel, campaign and day of first sale.
	leadTotals = `INSERT INTO daily_leads (day, channel_id, leads)
		SELECT day, coalesce(channel_id, 0), count(*) FROM leads WHERE superseded_by IS NULL %[1]s GROUP BY 1, 2;
		INSERT INTO daily_lead_outcomes (day, channel_id, campaign, first_sale, leads)
		SELECT day, coalesce(channel_id, 0), campaign, coalesce(first_sale, ''), count(*) FROM leads INDEXED BY leads_day
		WHERE superseded_by IS NULL %[1]s GROUP BY 1, 2, 3, 4`

	// A sale counts what its customer kept (kept_minor: net of the refunds
	// on its row and of those linked to it); a linked refund counts nothing
	// of its own, an unlinked one its own negative amount on its own day.
	salesTotals = `INSERT INTO daily_sales (day, model, channel_id, evidence, place, sales, revenue_minor, refunds_minor)
		SELECT * FROM (
			SELECT day, 'first', coalesce(first_channel_id, 0), first_evidence, place, sum(kind = 'order' AND kept_minor > 0) AS n,
				sum(kept_minor) AS kept, sum(CASE kind WHEN 'order' THEN refunded_minor + net_minor - kept_minor WHEN 'refund' THEN -kept_minor ELSE 0 END) AS back
			FROM sales WHERE superseded_by IS NULL %[1]s GROUP BY 1, 3, 4, 5
			UNION ALL
			SELECT day, 'last', coalesce(last_channel_id, 0), last_evidence, place, sum(kind = 'order' AND kept_minor > 0),
				sum(kept_minor), sum(CASE kind WHEN 'order' THEN refunded_minor + net_minor - kept_minor WHEN 'refund' THEN -kept_minor ELSE 0 END)
			FROM sales WHERE superseded_by IS NULL %[1]s GROUP BY 1, 3, 4, 5)
		WHERE n <> 0 OR kept <> 0 OR back <> 0`
)

// saleContributions is what the touched sales count in the daily sales
// totals, each figure multiplied by %[1]s.
const saleContributions = `INSERT INTO lm_sale_delta (model, day, channel_id, evidence, place, n, kept, back)
		SELECT 'first', day, coalesce(first_channel_id, 0), first_evidence, place, %[1]s * sum(kind = 'order' AND kept_minor > 0),
			%[1]s * sum(kept_minor), %[1]s * sum(CASE kind WHEN 'order' THEN refunded_minor + net_minor - kept_minor WHEN 'refund' THEN -kept_minor ELSE 0 END)
		FROM sales WHERE superseded_by IS NULL AND id IN (SELECT id FROM lm_touched_sales) GROUP BY 2, 3, 4, 5
		UNION ALL
		SELECT 'last', day, coalesce(last_channel_id, 0), last_evidence, place, %[1]s * sum(kind = 'order' AND kept_minor > 0),
			%[1]s * sum(kept_minor), %[1]s * sum(CASE kind WHEN 'order' THEN refunded_minor + net_minor - kept_minor WHEN 'refund' THEN -kept_minor ELSE 0 END)
		FROM sales WHERE superseded_by IS NULL AND id IN (SELECT id FROM lm_touched_sales) GROUP BY 2, 3, 4, 5`

var (
	// saleDeltaBefore records, negated, what the touched sales count
	// before their channels are spread again; saleDeltaAfter adds what
	// they count after, applies the difference to the daily totals and
	// drops the totals left at nothing (a full roll-up never writes them).
	saleDeltaBefore = `DROP TABLE IF EXISTS temp.lm_sale_delta;
		CREATE TEMP TABLE lm_sale_delta (model TEXT, day TEXT, channel_id INTEGER, evidence TEXT, place TEXT, n INTEGER, kept INTEGER, back INTEGER);
		` + fmt.Sprintf(saleContributions, "-1")
	saleDeltaAfter = fmt.Sprintf(saleContributions, "1") + `;
		INSERT INTO daily_sales (model, day, channel_id, evidence, place, sales, revenue_minor, refunds_minor)
		SELECT model, day, channel_id, evidence, place, sum(n), sum(kept), sum(back) FROM lm_sale_delta WHERE true
		GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(kept) <> 0 OR sum(back) <> 0
		ON CONFLICT (model, day, channel_id, evidence, place) DO UPDATE SET sales = sales + excluded.sales,
			revenue_minor = revenue_minor + excluded.revenue_minor, refunds_minor = refunds_minor + excluded.refunds_minor;
		DELETE FROM daily_sales WHERE sales = 0 AND revenue_minor = 0 AND refunds_minor = 0
			AND (model, day, channel_id, evidence, place) IN (SELECT model, day, channel_id, evidence, place FROM lm_sale_delta);
		DROP TABLE temp.lm_sale_delta`
	rollUpAds = "DELETE FROM daily_ads; " + fmt.Sprintf(adTotals, "", "")
	// The touched days, from the rows that overlap the first to the last
	// of them: every row that covers a touched day, so that the coarsest
	// level of a campaign on that day is chosen among all of its reports.
	rollUpTouchedAds = "DELETE FROM daily_ads WHERE day IN (SELECT day FROM lm_touched_ad_days); " +
		fmt.Sprintf(adTotals, "WHERE s.day IN (SELECT day FROM lm_touched_ad_days)",
			"AND day_from <= (SELECT max(day) FROM lm_touched_ad_days) AND day_to >= (SELECT min(day) FROM lm_touched_ad_days)")
	rollUpLeads        = "DELETE FROM daily_leads; DELETE FROM daily_lead_outcomes; " + fmt.Sprintf(leadTotals, "")
	rollUpTouchedLeads = `DELETE FROM daily_leads WHERE day IN (SELECT day FROM lm_touched_lead_days);
		DELETE FROM daily_lead_outcomes WHERE day IN (SELECT day FROM lm_touched_lead_days); ` +
		fmt.Sprintf(leadTotals, "AND day IN (SELECT day FROM lm_touched_lead_days)")
	rollUpSales        = "DELETE FROM daily_sales; " + fmt.Sprintf(salesTotals, "")
	rollUpTouchedSales = "DELETE FROM daily_sales WHERE day IN (SELECT day FROM lm_touched_days); " +
		fmt.Sprintf(salesTotals, "AND day IN (SELECT day FROM lm_touched_days)")
)
