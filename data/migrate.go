package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"
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

// migrate applies every migration the workspace lacks, each in its own
// transaction together with the new PRAGMA user_version, so a crash leaves
// the schema at one version or the next, never between.
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
	for v := version; v < len(all); v++ {
		if err := applyMigration(ctx, db, v+1, all[v]); err != nil {
			return err
		}
	}
	if version < len(all) {
		// Move the new schema (and the header's application id) from the WAL
		// into the main file, so the header probe sees a workspace.
		if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return fmt.Errorf("checkpoint after migration: %w", err)
		}
	}
	return nil
}

// afterMigration holds the work in Go that some scripts need, run in the
// same transaction: script 2 adds match keys that only Go can compute, so
// the existing rows get their keys, channels and links here; script 3
// changes no table but how keys and channels are computed (a sale's
// customer stands in for its company; campaign names like gads_… name
// their platform).
var afterMigration = map[int]func(ctx context.Context, tx *sql.Tx) error{
	2: rederiveEverything,
	3: rederiveEverything,
}

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

func applyMigration(ctx context.Context, db *sql.DB, to int, script string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate to schema %d: %w", to, err)
	}
	defer tx.Rollback()
	if to == 1 {
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
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", to, err)
	}
	if after := afterMigration[to]; after != nil {
		if err := after(ctx, tx); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", to, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", to)); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", to, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", to, err)
	}
	return nil
}
