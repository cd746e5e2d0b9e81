// Package ui is Lastmile's desktop interface, built with Fyne: the main
// window, its menus and navigation, and the screens. It never writes SQL:
// screens read the report models of package data through small interfaces,
// run every query off the UI goroutine and apply the results with fyne.Do.
package ui

import (
	"context"
	"log/slog"
	"time"

	"lastmile/data"
)

// Options is what the app shell needs from its caller.
type Options struct {
	// Workspace is a workspace to open at start; empty means the last one
	// used, or the demo on first start.
	Workspace string
	// Demo opens the demo workspace at start, whatever was used last.
	Demo bool
	// Import lists files to read on the import screen once the first
	// workspace is open ("Open with Lastmile" on a spreadsheet).
	Import []string
	// DemoPath is where the demo workspace lives.
	DemoPath string
	// Now is the clock (time.Now outside tests).
	Now func() time.Time
	// Log receives internal errors; nil means slog.Default().
	Log *slog.Logger
	// LogPath is the file the log is written to, named in error messages
	// so a person can send it; empty if there is none.
	LogPath string
	// OnFirstFrame, if set, is called once the first screen with data has
	// been shown (start-up measurement).
	OnFirstFrame func()
}

// Preference keys (Fyne preferences: small UI state, not business data).
const (
	prefLastWorkspace = "workspace.last"
	prefRecent        = "workspace.recent"
	prefWidth         = "window.width"
	prefHeight        = "window.height"
	prefPeriod        = "dashboard.period"
	prefModel         = "dashboard.model"
	prefCompareA      = "dashboard.compare.a"
	prefCompareB      = "dashboard.compare.b"
)

// maxRecent is how many workspaces File → Open recent lists.
const maxRecent = 8

// DashboardSource is what the dashboard reads: *data.Workspace in the app,
// a fake in tests.
type DashboardSource interface {
	Dashboard(ctx context.Context, p data.Period, m data.Model) (data.Dashboard, error)
	Aggregates(ctx context.Context, o data.ReportOptions) (data.Aggregates, error)
	Channels(ctx context.Context) ([]data.Channel, error)
	AdRows(ctx context.Context, p data.Period, channelID int64, limit int) ([]data.AdRow, error)
	StockReport(ctx context.Context, o data.StockOptions) (data.StockReport, error)
	Settings() data.Settings
	// ImportedSpan says how many files were imported and which days they
	// cover, so an empty period can point to the data.
	ImportedSpan(ctx context.Context) (int, data.Period, error)
}

// runner starts background work; tests replace it to run work inline.
type runner func(func())

func goroutine(f func()) { go f() }
