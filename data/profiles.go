package data

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// StoredProfile is a profile a person saved: how to read files of one
// shape. Definition is the importer's JSON; this package does not look
// inside it.
type StoredProfile struct {
	ID         int64
	Name       string
	Kind       Kind
	Definition string
	UpdatedAt  time.Time
}

// Profiles returns the saved profiles, by name.
func (w *Workspace) Profiles(ctx context.Context) ([]StoredProfile, error) {
	rows, err := w.rdb.QueryContext(ctx, `SELECT id, name, kind, definition, updated_at FROM profiles WHERE builtin = 0 ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	defer rows.Close()
	var out []StoredProfile
	for rows.Next() {
		var p StoredProfile
		var kind, at string
		if err := rows.Scan(&p.ID, &p.Name, &kind, &p.Definition, &at); err != nil {
			return nil, fmt.Errorf("list profiles: %w", err)
		}
		p.Kind = Kind(kind)
		p.UpdatedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// SaveProfile stores a profile under its name, replacing one of the same
// name (the person edited it).
func (w *Workspace) SaveProfile(ctx context.Context, p StoredProfile) (int64, error) {
	name := strings.TrimSpace(p.Name)
	if name == "" {
		return 0, UserErrorf("give the profile a name, such as \"Warehouse stock sheet\"")
	}
	switch p.Kind {
	case KindAdStats, KindLeads, KindSales, KindStock:
	default:
		return 0, fmt.Errorf("save profile: unknown kind %q", p.Kind)
	}
	now := formatInstant(time.Now())
	var id int64
	err := w.wdb.QueryRowContext(ctx, `INSERT INTO profiles (name, kind, builtin, definition, created_at, updated_at)
		VALUES (?, ?, 0, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, definition = excluded.definition, updated_at = excluded.updated_at
		RETURNING id`, name, string(p.Kind), p.Definition, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save profile: %w", err)
	}
	return id, nil
}

// DeleteProfile removes a saved profile. Batches read with it keep their
// rows.
func (w *Workspace) DeleteProfile(ctx context.Context, id int64) error {
	if _, err := w.wdb.ExecContext(ctx, `DELETE FROM profiles WHERE id = ? AND builtin = 0`, id); err != nil {
		return fmt.Errorf("delete profile: %w", err)
	}
	return nil
}
