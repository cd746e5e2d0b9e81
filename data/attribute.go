package data

import (
	"context"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// attribute links current sales to the leads they came from and works out
// each sale's first-touch and last-touch channel: all sales, or only those
// touch recorded. Only rows whose link or channels change are written.
//
// This foundation version matches on the normalised email only: a sale is
// linked to the earliest current lead with the same email that was created
// no more than one day after the sale (clock slack) and no longer before it
// than the attribution window.
//
// The lookup repeats email_norm <> ” so that SQLite can use the partial
// index on leads' emails: without it, every sale scans every lead.
func attribute(ctx context.Context, q querier, windowDays int, all bool) error {
	scope := "s.superseded_by IS NULL"
	if !all {
		scope = "s.id IN (SELECT id FROM lm_touched_sales) AND s.superseded_by IS NULL"
	}
	_, err := q.ExecContext(ctx, `WITH m AS (
			SELECT s.id,
				CASE WHEN s.email_norm <> '' AND s.kind <> 'void' THEN (
					SELECT l.id FROM leads AS l
					WHERE l.superseded_by IS NULL AND l.email_norm <> '' AND l.email_norm = s.email_norm
					  AND l.day <= date(s.day, '+1 day')
					  AND l.day >= date(s.day, printf('-%d days', ?1))
					ORDER BY l.day, l.id LIMIT 1) END AS lid
			FROM sales AS s WHERE `+scope+`
		), n AS (
			SELECT m.id, m.lid, CASE WHEN m.lid IS NULL THEN '' ELSE 'email' END AS tier, l.channel_id AS lch
			FROM m LEFT JOIN leads AS l ON l.id = m.lid
		)
		UPDATE sales SET
			lead_id = n.lid,
			match_tier = n.tier,
			first_channel_id = coalesce(n.lch, sales.own_channel_id),
			last_channel_id = coalesce(sales.own_channel_id, n.lch)
		FROM n
		WHERE sales.id = n.id AND (
			sales.lead_id IS NOT n.lid OR sales.match_tier IS NOT n.tier
			OR sales.first_channel_id IS NOT coalesce(n.lch, sales.own_channel_id)
			OR sales.last_channel_id IS NOT coalesce(sales.own_channel_id, n.lch))`, windowDays)
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	return nil
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}
