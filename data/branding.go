package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos
	"image/png"
	"net/http"
	"strings"
)

// Branding is how a workspace's reports look: who they are for, who made
// them, a logo and an accent colour. It is kept in the workspace, so each
// client's reports look the same every month.
type Branding struct {
	Client     string // empty: the workspace's business name
	PreparedBy string
	Logo       []byte // PNG or JPEG, at most MaxLogoBytes; nil for none
	Colour     string // #rrggbb, empty for the default
}

// MaxLogoBytes is the largest logo a workspace keeps.
const MaxLogoBytes = 2 << 20

// The settings keys of the branding.
const (
	keyBrandClient     = "brand_client"
	keyBrandPreparedBy = "brand_prepared_by"
	keyBrandLogo       = "brand_logo"
	keyBrandColour     = "brand_colour"
)

// Branding reads the workspace's report branding.
func (w *Workspace) Branding(ctx context.Context) (Branding, error) {
	var b Branding
	rows, err := w.rdb.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?)`,
		keyBrandClient, keyBrandPreparedBy, keyBrandLogo, keyBrandColour)
	if err != nil {
		return b, fmt.Errorf("read branding: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return b, fmt.Errorf("read branding: %w", err)
		}
		switch k {
		case keyBrandClient:
			b.Client = v
		case keyBrandPreparedBy:
			b.PreparedBy = v
		case keyBrandColour:
			b.Colour = v
		case keyBrandLogo:
			if b.Logo, err = base64.StdEncoding.DecodeString(v); err != nil {
				return b, fmt.Errorf("read branding logo: %w", err)
			}
		}
	}
	return b, rows.Err()
}

// CheckBranding says, for people, what is wrong with a branding.
func CheckBranding(b Branding) error {
	if c := strings.TrimSpace(b.Colour); c != "" && !colorRe.MatchString(c) {
		return UserErrorf("Colours are written like #1f77b4, not %q.", c)
	}
	if len(b.Logo) > MaxLogoBytes {
		return UserErrorf("The logo is larger than %d MB; use a smaller image.", MaxLogoBytes>>20)
	}
	if len(b.Logo) > 0 {
		switch http.DetectContentType(b.Logo) {
		case "image/png", "image/jpeg":
		default:
			return UserErrorf("The logo must be a PNG or JPEG image.")
		}
	}
	return nil
}

// SaveBranding keeps the workspace's report branding.
func (w *Workspace) SaveBranding(ctx context.Context, b Branding) error {
	if err := CheckBranding(b); err != nil {
		return err
	}
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save branding: %w", err)
	}
	defer tx.Rollback()
	for k, v := range map[string]string{
		keyBrandClient: strings.TrimSpace(b.Client), keyBrandPreparedBy: strings.TrimSpace(b.PreparedBy),
		keyBrandColour: strings.TrimSpace(b.Colour), keyBrandLogo: base64.StdEncoding.EncodeToString(b.Logo),
	} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("save branding: %w", err)
		}
	}
	if err := w.commit(tx); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("save branding: %w", err)
	}
	return nil
}

// NormalizeLogo reads a PNG or JPEG logo and writes it again as a plain
// PNG, which every PDF reader and spreadsheet can show (an interlaced PNG,
// for one, cannot go into a PDF).
func NormalizeLogo(b []byte) ([]byte, error) {
	if len(b) > MaxLogoBytes {
		return nil, UserErrorf("The logo is larger than %d MB; use a smaller image.", MaxLogoBytes>>20)
	}
	switch http.DetectContentType(b) {
	case "image/png", "image/jpeg":
	default:
		return nil, UserErrorf("The logo must be a PNG or JPEG image.")
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, UserErrorf("Lastmile cannot read this logo (%v); save it again as PNG or JPEG.", err)
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("write the logo: %w", err)
	}
	if out.Len() > MaxLogoBytes {
		return nil, UserErrorf("The logo is larger than %d MB once converted; use a smaller image.", MaxLogoBytes>>20)
	}
	return out.Bytes(), nil
}
