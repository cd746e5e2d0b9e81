// Package report builds the files Lastmile hands to people: the client
// report and the sales-and-ads meeting pack, as an Excel workbook with
// native charts, a PDF and CSV tables. Every figure comes from data's
// report model, so the files say what the dashboard says. Files are written
// to a temporary file beside the target, synced and renamed, so a crash
// never leaves half a report.
package report

import (
	"context"
	"fmt"
	"strings"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/metrics"
)

// Preset is the kind of report.
type Preset string

// The presets.
const (
	// Client is the consultant's monthly report to a client: the figures,
	// the charts, the comparison and how they were made, branded.
	Client Preset = "client"
	// Meeting is the pack for the meeting where sales and ads sit
	// together: leads by source since the last meeting, how many closed,
	// what is left to review, the slow-moving stock and space for notes.
	Meeting Preset = "meeting"
)

// Title names a preset for people.
func (p Preset) Title() string {
	if p == Meeting {
		return "Sales and ads meeting pack"
	}
	return "Client report"
}

// ParsePreset reads a preset's name.
func ParsePreset(s string) (Preset, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "client", "":
		return Client, nil
	case "meeting":
		return Meeting, nil
	}
	return "", fmt.Errorf("the preset is client or meeting, not %q", s)
}

// Branding is how a report looks: who it is for, who made it, a logo and
// an accent colour. Each workspace keeps its own.
type Branding = data.Branding

// Options choose a report.
type Options struct {
	Preset   Preset
	Period   data.Period
	Model    data.Model
	Compare  [2]string
	Branding Branding
	Made     civil.Date // the date on the cover
	Notes    string     // the meeting pack's notes, if any are written already
}

// Pack is everything a report shows, read once.
type Pack struct {
	Options
	Business   string // the workspace's business name
	WindowDays int    // the attribution window, for "how the numbers were made"
	Report     metrics.Report
	// The meeting pack's extra lists.
	Unrecognised []data.SourceValue
	Review       []data.ReviewItem
	Stock        []data.StockItem
	// Push are the products a person asked the ads team to push (the
	// Stock screen's list).
	Push []data.StockItem
}

// Source is what a report reads: *data.Workspace.
type Source interface {
	Name() string
	Settings() data.Settings
	Aggregates(ctx context.Context, o data.ReportOptions) (data.Aggregates, error)
	UnrecognisedSources(ctx context.Context) ([]data.SourceValue, error)
	Review(ctx context.Context) ([]data.ReviewItem, error)
	Stock(ctx context.Context, asOf civil.Date) ([]data.StockItem, error)
	PushList(ctx context.Context) ([]string, error)
}

// Read reads what a report needs from the workspace.
func Read(ctx context.Context, src Source, o Options) (Pack, error) {
	if o.Preset == "" {
		o.Preset = Client
	}
	if o.Made.IsZero() {
		o.Made = o.Period.To
	}
	p := Pack{Options: o, Business: src.Name(), WindowDays: src.Settings().AttributionWindowDays}
	var err error
	p.Report, err = metrics.Compute(ctx, src, data.ReportOptions{Period: o.Period, Model: o.Model, Compare: o.Compare, Today: o.Period.To})
	if err != nil {
		return p, err
	}
	if o.Preset == Meeting {
		if p.Unrecognised, err = src.UnrecognisedSources(ctx); err != nil {
			return p, err
		}
		if p.Review, err = src.Review(ctx); err != nil {
			return p, err
		}
		if p.Stock, err = src.Stock(ctx, o.Period.To); err != nil {
			return p, err
		}
		keys, err := src.PushList(ctx)
		if err != nil {
			return p, err
		}
		want := map[string]bool{}
		for _, k := range keys {
			want[k] = true
		}
		for _, it := range p.Stock {
			if want[it.Key()] {
				p.Push = append(p.Push, it)
			}
		}
	}
	return p, nil
}

// ClientName is who the report is for.
func (p Pack) ClientName() string {
	if s := strings.TrimSpace(p.Branding.Client); s != "" {
		return s
	}
	return p.Business
}
