package data

import (
	"context"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// attribute links sales to the leads they came from and works out each
// sale's first-touch and last-touch channel. It runs inside the transaction
// of every write, over the whole workspace, so the figures never disagree
// with the rows.
//
// This foundation version matches on the normalised email only: a sale is
// linked to the earliest current lead with the same email that was created
// no more than one day after the sale (clock slack) and no longer before it
// than the attribution window.
//
// The lookup repeats email_norm <> ” so that SQLite can use the partial
// index on leads' emails: without it, every sale scans every lead.
func attribute(ctx context.Context, q querier, windowDays int) error {
	if _, err := q.ExecContext(ctx, `UPDATE sales SET
			lead_id = CASE WHEN email_norm <> '' AND kind <> 'void' THEN
				(SELECT l.id FROM leads AS l
				WHERE l.superseded_by IS NULL AND l.email_norm <> '' AND l.email_norm = sales.email_norm
				  AND l.day <= date(sales.day, '+1 day')
				  AND l.day >= date(sales.day, printf('-%d days', ?1))
				ORDER BY l.day, l.id LIMIT 1) END
		WHERE superseded_by IS NULL`, windowDays); err != nil {
		return fmt.Errorf("attribute: match by email: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE sales SET
			match_tier = CASE WHEN lead_id IS NULL THEN '' ELSE 'email' END,
			first_channel_id = coalesce((SELECT channel_id FROM leads WHERE id = sales.lead_id), own_channel_id),
			last_channel_id  = coalesce(own_channel_id, (SELECT channel_id FROM leads WHERE id = sales.lead_id))
		WHERE superseded_by IS NULL`); err != nil {
		return fmt.Errorf("attribute: channels: %w", err)
	}
	return nil
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}
