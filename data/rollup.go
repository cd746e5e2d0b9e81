package data

import (
	"context"
	"fmt"
)

// derive recomputes everything that follows from the imported rows: the
// sale-to-lead links and channels, then the daily totals the dashboard
// reads. It runs in the transaction of every write, so the derived tables
// can never disagree with the rows.
func derive(ctx context.Context, q querier, windowDays int) error {
	if err := attribute(ctx, q, windowDays); err != nil {
		return err
	}
	return rollUp(ctx, q)
}

// rollUp rebuilds the daily totals per channel.
func rollUp(ctx context.Context, q querier) error {
	steps := []struct{ name, sql string }{
		{"clear", `DELETE FROM daily_ads; DELETE FROM daily_leads; DELETE FROM daily_sales`},
		// A row for a reporting range is spread over its n days: day k gets
		// floor(x·(k+1)/n) − floor(x·k/n), whole units that add up to x.
		{"ads", `WITH RECURSIVE span (id, k, n, day) AS (
				SELECT id, 0, CAST(julianday(day_to) - julianday(day_from) AS INTEGER) + 1, day_from
				FROM ad_stats WHERE superseded_by IS NULL
				UNION ALL
				SELECT id, k + 1, n, date(day, '+1 day') FROM span WHERE k + 1 < n)
			INSERT INTO daily_ads (day, channel_id, spend_minor, impressions, clicks, platform_conversions, platform_conv_value_minor)
			SELECT s.day, coalesce(a.channel_id, 0),
				sum(a.spend_minor * (s.k + 1) / s.n - a.spend_minor * s.k / s.n),
				sum(a.impressions * (s.k + 1) / s.n - a.impressions * s.k / s.n),
				sum(a.clicks * (s.k + 1) / s.n - a.clicks * s.k / s.n),
				total(a.platform_conversions / s.n),
				sum(coalesce(a.platform_conv_value_minor, 0) * (s.k + 1) / s.n - coalesce(a.platform_conv_value_minor, 0) * s.k / s.n)
			FROM span AS s JOIN ad_stats AS a ON a.id = s.id
			GROUP BY 1, 2`},
		{"leads", `INSERT INTO daily_leads (day, channel_id, leads)
			SELECT day, coalesce(channel_id, 0), count(*) FROM leads WHERE superseded_by IS NULL GROUP BY 1, 2`},
		{"sales", `INSERT INTO daily_sales (day, model, channel_id, sales, revenue_minor)
			SELECT day, 'first', coalesce(first_channel_id, 0), sum(kind = 'order' AND net_minor > 0), sum(net_minor)
			FROM sales WHERE superseded_by IS NULL GROUP BY 1, 3
			UNION ALL
			SELECT day, 'last', coalesce(last_channel_id, 0), sum(kind = 'order' AND net_minor > 0), sum(net_minor)
			FROM sales WHERE superseded_by IS NULL GROUP BY 1, 3`},
	}
	for _, s := range steps {
		if _, err := q.ExecContext(ctx, s.sql); err != nil {
			return fmt.Errorf("roll up %s: %w", s.name, err)
		}
	}
	return nil
}
