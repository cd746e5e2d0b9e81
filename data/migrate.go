package data

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"lastmile/data/channel"
	"lastmile/data/match"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations returns the embedded migration scripts in order; script i
// brings the schema from version i to i+1.
var migrations = sync.OnceValue(func() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
})

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations()) }

// migrate applies every migration the workspace lacks, all in one
// transaction together with the new PRAGMA user_version, so a crash leaves
// the workspace at the version it had or at this program's, never between.
func migrate(ctx context.Context, db *sql.DB) error {
	var version, appID int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("read application id: %w", err)
	}
	if version > 0 && appID != applicationID {
		return &UserError{Msg: "This file is a database made by another program, not a Lastmile workspace.", Err: ErrNotWorkspace}
	}
	all := migrations()
	if version > len(all) {
		return &UserError{Msg: fmt.Sprintf("This workspace was saved by a newer version of Lastmile (schema %d). Update Lastmile to open it.", version), Err: ErrTooNew}
	}
	if version == len(all) {
		return nil
	}
	if err := applyMigrations(ctx, db, version, all); err != nil {
		return err
	}
	// Move the new schema (and the header's application id) from the WAL
	// into the main file, so the header probe sees a workspace.
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint after migration: %w", err)
	}
	return nil
}

// afterMigration holds the work in Go that some scripts need before their
// rows are derived again, run in the same transaction: script 4 adds each
// sale's place, script 5 each sale's number as written, which only Go can
// work out.
var afterMigration = map[int]func(ctx context.Context, tx *sql.Tx) error{
	4: fillPlaces,
	5: func(ctx context.Context, tx *sql.Tx) error {
		// Campaigns are read from more fields (a CRM's drill-downs) and
		// kept in a form that folds punctuation, so read them again.
		if err := fillPlaces(ctx, tx); err != nil {
			return err
		}
		return fillRefundRefs(ctx, tx)
	},
}

// rederives marks the scripts after which every row's keys, channels and
// links are computed again: script 2 adds match keys that only Go can
// compute; script 3 changes no table but how keys and channels are
// computed (a sale's customer stands in for its company; campaign names
// like gads_… name their platform); script 4 adds the evidence of each
// sale's channel and rolls the daily sales up by evidence and place;
// script 5 links refunds to their sales and rolls the refunds up.
var rederives = map[int]bool{2: true, 3: true, 4: true, 5: true}

// rederiveEverything computes every row's match keys again, classifies every row
// again and matches every sale again.
func rederiveEverything(ctx context.Context, tx *sql.Tx) error {
	s, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	if err := rekey(ctx, tx, s.Country); err != nil {
		return err
	}
	if err := beginChanges(ctx, tx); err != nil {
		return err
	}
	return derive(ctx, tx, s.AttributionWindowDays, changes{ads: true, leads: true, sales: true, all: true, channels: true})
}

// fillPlaces works out where every sale was made and the campaign every
// lead and sale names (schema 4), from their systems and source fields.
func fillPlaces(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"leads", "sales"} {
		system := "''"
		if table == "sales" {
			system = "system"
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, `+system+`, source_fields, click_id FROM `+table)
		if err != nil {
			return fmt.Errorf("places: %w", err)
		}
		type change struct {
			id              int64
			place, campaign string
		}
		var todo []change
		for rows.Next() {
			var id int64
			var system, fields, click string
			if err := rows.Scan(&id, &system, &fields, &click); err != nil {
				rows.Close()
				return fmt.Errorf("places: %w", err)
			}
			var sf SourceFields
			if err := json.Unmarshal([]byte(fields), &sf); err != nil {
				rows.Close()
				return fmt.Errorf("places: %s %d: %w", table, id, err)
			}
			in := channelInput(sf, click)
			c := change{id: id, place: channel.Place(system, in), campaign: channel.Campaign(in)}
			if c.place != channel.PlaceOther || c.campaign != "" {
				todo = append(todo, c)
			}
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("places: %w", err)
		}
		set := `UPDATE leads SET campaign = ?2 WHERE id = ?3`
		if table == "sales" {
			set = `UPDATE sales SET place = ?1, campaign = ?2 WHERE id = ?3`
		}
		stmt, err := tx.PrepareContext(ctx, set)
		if err != nil {
			return fmt.Errorf("places: %w", err)
		}
		for _, c := range todo {
			if _, err := stmt.ExecContext(ctx, c.place, c.campaign, c.id); err != nil {
				stmt.Close()
				return fmt.Errorf("places: %w", err)
			}
		}
		stmt.Close()
	}
	return nil
}

// applyMigrations applies the scripts after version, each with its Go
// step, in one transaction, and derives every row again when one of them
// asks for it.
func applyMigrations(ctx context.Context, db *sql.DB, version int, all []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to schema %d: %w", len(all), err)
	}
	defer tx.Rollback()
	if version == 0 {
		// Only an empty database becomes a workspace: a database of another
		// program (one that has no application id) is never changed.
		var objects int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&objects); err != nil {
			return fmt.Errorf("migrate to schema 1: %w", err)
		}
		if objects > 0 {
			return &UserError{Msg: "This file is a database made by another program, not a Lastmile workspace. It was not changed.", Err: ErrNotWorkspace}
		}
	}
	rederive := false
	for to := version + 1; to <= len(all); to++ {
		if _, err := tx.ExecContext(ctx, all[to-1]); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", to, err)
		}
		if after := afterMigration[to]; after != nil {
			if err := after(ctx, tx); err != nil {
				return fmt.Errorf("migrate to schema %d: %w", to, err)
			}
		}
		rederive = rederive || rederives[to]
	}
	// Every row is derived again once, after the last script: the Go code
	// that derives is today's, which reads and writes today's tables.
	if rederive {
		if err := rederiveEverything(ctx, tx); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", len(all), err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(all))); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", len(all), err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", len(all), err)
	}
	return nil
}

// fillRefundRefs gives the Square and QuickBooks sales of older imports
// their number as the file wrote it (schema 5): their key joined the
// row's type to it ("Payment <transaction id>", "Credit Memo 1043"), and
// the number is its last word. A Square refund keeps its payment's
// transaction id, so that is the sale it returns.
func fillRefundRefs(ctx context.Context, tx *sql.Tx) error {
	type change struct {
		id            int64
		ref, refundOf string
	}
	var todo []change
	err := eachRow(ctx, tx, `SELECT id, system, kind, order_id FROM sales
		WHERE system IN ('square', 'quickbooks') AND instr(order_id, ' ') > 0`, nil, func(rows *sql.Rows) error {
		var c change
		var system, kind, id string
		if err := rows.Scan(&c.id, &system, &kind, &id); err != nil {
			return err
		}
		words := strings.Fields(id)
		c.ref = words[len(words)-1]
		if system == "square" && kind == string(SaleRefund) {
			c.refundOf = match.OrderKey(c.ref)
		}
		todo = append(todo, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("refund numbers: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE sales SET order_ref = ?, refund_ref = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("refund numbers: %w", err)
	}
	defer stmt.Close()
	for _, c := range todo {
		if _, err := stmt.ExecContext(ctx, c.ref, c.refundOf, c.id); err != nil {
			return fmt.Errorf("refund numbers: %w", err)
		}
	}
	return nil
}
