package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"lastmile/data"
	"lastmile/report"
)

const exportArgs = "--preset client|meeting [--from D] [--to D] [--xlsx FILE] [--pdf FILE] [--csv DIR] [--paper A4|Letter] [--client NAME] [--prepared-by NAME] [--logo FILE | --no-logo] [--colour #RRGGBB] [--notes TEXT] [--overwrite]"

func runExport(ctx context.Context, o *options, g *globals, args []string) error {
	compare, rest, err := takeCompare("export", args)
	if err != nil {
		return err
	}
	fs := newFlags(o, g, "export", exportArgs,
		"write the client report or the sales-and-ads meeting pack for a period (default: the last 30 days) as an Excel workbook with charts, a PDF and CSV tables. The branding given is kept in the workspace for next time")
	pf := addPeriodFlags(fs)
	preset := fs.String("preset", "client", "client (the report for a client) or meeting (the pack for the sales and ads meeting; give --from as the day of the last meeting)")
	model := fs.String("model", "first", "attribution model: first or last")
	xlsx := fs.String("xlsx", "", "write the Excel workbook to FILE")
	pdf := fs.String("pdf", "", "write the PDF to FILE")
	csvDir := fs.String("csv", "", "write one CSV file per table into the folder DIR")
	paper := fs.String("paper", "A4", "paper size of the PDF: A4 or Letter")
	client := fs.String("client", "", "who the report is for (kept; default: the workspace's business name)")
	preparedBy := fs.String("prepared-by", "", "who prepared it (kept)")
	logo := fs.String("logo", "", "a PNG or JPEG logo for the cover (kept)")
	noLogo := fs.Bool("no-logo", false, "forget the kept logo")
	colour := fs.String("colour", "", "accent colour, #RRGGBB (kept)")
	notes := fs.String("notes", "", "notes for the meeting pack's notes page")
	overwrite := fs.Bool("overwrite", false, "replace files that exist already")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export: unexpected argument %q", fs.Arg(0))
	}
	pr, err := report.ParsePreset(*preset)
	if err != nil {
		return usagef("export: --preset: %v", err)
	}
	if *xlsx == "" && *pdf == "" && *csvDir == "" {
		return usagef("export: say what to write: --xlsx FILE, --pdf FILE and/or --csv DIR")
	}
	if *model != "first" && *model != "last" {
		return usagef("export: --model must be first or last, not %q", *model)
	}
	if !strings.EqualFold(*paper, report.A4) && !strings.EqualFold(*paper, report.Letter) {
		return usagef("export: --paper must be A4 or Letter, not %q", *paper)
	}
	if err := pf.check("export"); err != nil {
		return err
	}
	// Check every file before writing any, so an export is never half done.
	targets := []string{*xlsx, *pdf}
	if *csvDir != "" {
		for _, n := range report.CSVNames(pr) {
			targets = append(targets, filepath.Join(*csvDir, n))
		}
	}
	for _, f := range targets {
		if f == "" || *overwrite {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			return fmt.Errorf("%s exists already; add --overwrite to replace it", f)
		}
	}
	var logoBytes []byte
	if *logo != "" {
		raw, err := os.ReadFile(*logo)
		if err != nil {
			return fmt.Errorf("read the logo: %w", err)
		}
		if logoBytes, err = data.NormalizeLogo(raw); err != nil {
			return fmt.Errorf("%s: %w", *logo, err)
		}
	}
	if *csvDir != "" {
		if err := os.MkdirAll(*csvDir, 0o700); err != nil {
			return fmt.Errorf("make the folder for the CSV files: %w", err)
		}
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := pf.period("export", w, o)
	if err != nil {
		return err
	}
	// The branding given is kept; what is not given comes from last time.
	brand, err := w.Branding(ctx)
	if err != nil {
		return err
	}
	changed := false
	set := func(dst *string, v string) {
		if v != "" && v != *dst {
			*dst, changed = v, true
		}
	}
	set(&brand.Client, *client)
	set(&brand.PreparedBy, *preparedBy)
	set(&brand.Colour, *colour)
	if logoBytes != nil {
		brand.Logo, changed = logoBytes, true
	}
	if *noLogo && brand.Logo != nil {
		brand.Logo, changed = nil, true
	}
	if err := data.CheckBranding(brand); err != nil {
		return err
	}
	pack, err := report.Read(ctx, w, report.Options{Preset: pr, Period: p, Model: data.Model(*model), Compare: compare,
		Branding: brand, Made: w.Settings().Today(o.now()), Notes: *notes})
	if err != nil {
		return err
	}
	if *xlsx != "" {
		var warnings []string
		err := report.WriteFile(*xlsx, *overwrite, func(out io.Writer) error {
			var err error
			warnings, err = report.WriteXLSX(out, pack)
			return err
		})
		if err != nil {
			return exportError(err)
		}
		fmt.Fprintf(o.stdout, "Wrote %s (%s, %s).\n", *xlsx, pr.Title(), p)
		for _, wn := range warnings {
			fmt.Fprintf(o.stdout, "Warning: %s\n", wn)
		}
	}
	if *pdf != "" {
		err := report.WriteFile(*pdf, *overwrite, func(out io.Writer) error {
			return report.WritePDF(out, pack, report.PDFOptions{Paper: *paper})
		})
		if err != nil {
			return exportError(err)
		}
		fmt.Fprintf(o.stdout, "Wrote %s (%s, %s, %s).\n", *pdf, pr.Title(), p, *paper)
	}
	if *csvDir != "" {
		files, err := report.WriteCSV(*csvDir, pack, *overwrite)
		if err != nil {
			return exportError(err)
		}
		fmt.Fprintf(o.stdout, "Wrote %d CSV files to %s.\n", len(files), *csvDir)
	}
	// The branding is kept once it has made a report.
	if changed {
		if err := w.SaveBranding(ctx, brand); err != nil {
			return err
		}
	}
	return nil
}

func exportError(err error) error {
	if errors.Is(err, report.ErrExists) {
		return fmt.Errorf("%v; add --overwrite to replace it", err)
	}
	return err
}

// takeCompare takes --compare A B out of args: the flag package cannot
// read a flag with two values.
func takeCompare(cmd string, args []string) ([2]string, []string, error) {
	var compare [2]string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--compare" || a == "-compare" {
			if i+2 >= len(args) || strings.HasPrefix(args[i+1], "-") || strings.HasPrefix(args[i+2], "-") {
				return compare, nil, usagef("%s: --compare needs two channels, e.g. --compare \"Google Ads\" \"Meta Ads\"", cmd)
			}
			compare = [2]string{args[i+1], args[i+2]}
			i += 2
			continue
		}
		rest = append(rest, a)
	}
	return compare, rest, nil
}
