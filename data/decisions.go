package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lastmile/data/match"
)

// LinkSale links a sale to a lead by hand. The decision is kept by the
// natural keys of both, so it survives importing either file again; it
// comes before every automatic tier.
func (w *Workspace) LinkSale(ctx context.Context, saleID, leadID int64) error {
	return w.decide(ctx, saleID, func(tx *sql.Tx, sale saleRef) error {
		lead, err := leadKey(ctx, tx, leadID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM matches WHERE sale_key = ? AND state IN ('manual', 'confirmed', 'suggested')`, sale.key); err != nil {
			return err
		}
		return upsertDecision(ctx, tx, sale.key, lead, string(match.TierManual), "manual")
	})
}

// ConfirmMatch records that a person agrees with a sale's automatic link,
// so that no later import or rule moves it.
func (w *Workspace) ConfirmMatch(ctx context.Context, saleID int64) error {
	return w.decide(ctx, saleID, func(tx *sql.Tx, sale saleRef) error {
		if sale.leadKey == "" {
			return UserErrorf("This sale is not linked to a lead; choose one to link it.")
		}
		return upsertDecision(ctx, tx, sale.key, sale.leadKey, sale.tier, "confirmed")
	})
}

// UnlinkSale records that a sale did not come from the lead it is linked
// to. The sale may then be linked to another lead by a weaker key, or to
// none; the rejected lead is never linked to it again.
func (w *Workspace) UnlinkSale(ctx context.Context, saleID int64) error {
	return w.decide(ctx, saleID, func(tx *sql.Tx, sale saleRef) error {
		if sale.leadKey == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM matches WHERE sale_key = ? AND state IN ('manual', 'confirmed')`, sale.key); err != nil {
			return err
		}
		tier := sale.tier
		if tier == "" {
			tier = string(match.TierManual)
		}
		return upsertDecision(ctx, tx, sale.key, sale.leadKey, tier, "rejected")
	})
}

// RejectSuggestion records that a suggested lead is not the sale's.
func (w *Workspace) RejectSuggestion(ctx context.Context, saleID, leadID int64) error {
	return w.decide(ctx, saleID, func(tx *sql.Tx, sale saleRef) error {
		lead, err := leadKey(ctx, tx, leadID)
		if err != nil {
			return err
		}
		var tier string
		if err := tx.QueryRowContext(ctx, `SELECT tier FROM matches WHERE sale_key = ? AND lead_key = ?`, sale.key, lead).Scan(&tier); err != nil {
			tier = string(match.TierManual)
		}
		return upsertDecision(ctx, tx, sale.key, lead, tier, "rejected")
	})
}

// ForgetDecisions removes every decision a person made about a sale: it is
// matched automatically again.
func (w *Workspace) ForgetDecisions(ctx context.Context, saleID int64) error {
	return w.decide(ctx, saleID, func(tx *sql.Tx, sale saleRef) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM matches WHERE sale_key = ? AND state <> 'suggested'`, sale.key)
		return err
	})
}

type saleRef struct {
	id            int64
	key, day      string
	leadKey, tier string
}

// decide applies a person's decision about a sale and matches the sale
// again, in one transaction.
func (w *Workspace) decide(ctx context.Context, saleID int64, change func(tx *sql.Tx, s saleRef) error) error {
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	defer tx.Rollback()
	s := saleRef{id: saleID}
	err = tx.QueryRowContext(ctx, `SELECT s.natural_key, s.day, coalesce(l.natural_key, ''), s.match_tier
		FROM sales AS s LEFT JOIN leads AS l ON l.id = s.lead_id WHERE s.id = ? AND s.superseded_by IS NULL`, saleID).
		Scan(&s.key, &s.day, &s.leadKey, &s.tier)
	if errors.Is(err, sql.ErrNoRows) {
		return UserErrorf("This sale is no longer in the workspace (a newer import replaced it, or its file was undone).")
	}
	if err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	if err := change(tx, s); err != nil {
		if _, ok := AsUserError(err); ok {
			return err
		}
		return fmt.Errorf("decide: %w", err)
	}
	if err := beginChanges(ctx, tx); err != nil {
		return err
	}
	// The sale, and any other sale of the same key that is current.
	if _, err := tx.ExecContext(ctx, `INSERT INTO lm_touched_sales (id) VALUES (?)`, saleID); err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lm_touched_days (day) VALUES (?)`, s.day); err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	if err := derive(ctx, tx, w.Settings().AttributionWindowDays, changes{sales: true}); err != nil {
		return err
	}
	if err := w.commit(tx); err != nil {
		return fmt.Errorf("decide: %w", err)
	}
	return nil
}

func leadKey(ctx context.Context, tx *sql.Tx, leadID int64) (string, error) {
	var key string
	err := tx.QueryRowContext(ctx, `SELECT natural_key FROM leads WHERE id = ? AND superseded_by IS NULL`, leadID).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", UserErrorf("This lead is no longer in the workspace (a newer import replaced it, or its file was undone).")
	}
	return key, err
}

func upsertDecision(ctx context.Context, tx *sql.Tx, sale, lead, tier, state string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO matches (sale_key, lead_key, tier, state, decided_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sale_key, lead_key) DO UPDATE SET tier = excluded.tier, state = excluded.state, decided_at = excluded.decided_at`,
		sale, lead, tier, state, formatInstant(time.Now()))
	return err
}
