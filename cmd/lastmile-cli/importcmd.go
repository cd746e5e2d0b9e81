package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"lastmile/data"
	importer "lastmile/import"
)

func runImport(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "import", "[--dry-run] [--profile NAME] [--skip-bad-rows] [--unlisted-spend keep|leave] [--campaign NAME] [--save-profile NAME] FILE...",
		"import ad reports, sales, leads or stock from CSV, TSV or XLSX files, each as one batch (all its rows or none)")
	dry := fs.Bool("dry-run", false, "read and check the files, print what they hold, store nothing")
	profile := fs.String("profile", "", "read the files with this profile (built-in or saved) instead of recognising them")
	skipBad := fs.Bool("skip-bad-rows", false, "import the good rows of a file with problems; the bad ones are listed in the batch")
	save := fs.String("save-profile", "", "accept the columns guessed for an unknown file and save them as a profile with this name")
	campaign := fs.String("campaign", "", "the campaign of a report downloaded from inside one campaign (no Campaign column); remembered for files like it")
	unlisted := fs.String("unlisted-spend", "", "when a file's rows do not add up to its own total: leave (import the rows as they are) or, for ad spend, keep (add the difference as one record)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var decision importer.Unlisted
	if *unlisted != "" {
		var err error
		if decision, err = importer.ParseUnlisted(*unlisted); err != nil {
			return usagef("import: %v", err)
		}
	}
	if fs.NArg() == 0 {
		return usagef("import: give one or more files")
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	opts, err := importOptions(ctx, w, o.now)
	if err != nil {
		return err
	}
	opts.Profile = *profile
	opts.Unlisted = decision
	opts.Campaign = *campaign

	failed := 0
	for i, path := range fs.Args() {
		if ctx.Err() != nil {
			// Ctrl+C: the file being imported was rolled back; the rest
			// are not started.
			return &silentError{fmt.Sprintf("stopped: %d of %d files not imported", fs.NArg()-i+failed, fs.NArg())}
		}
		if err := importOne(ctx, o, w, opts, path, *dry, *skipBad, *save); err != nil {
			if errors.Is(err, data.ErrCancelled) || errors.Is(err, context.Canceled) {
				fmt.Fprintf(o.stderr, "%s: stopped; nothing of it was imported.\n\n", path)
				failed++
				continue
			}
			failed++
			if ue, ok := data.AsUserError(err); ok && errors.Is(err, importer.ErrUnlisted) {
				fmt.Fprintf(o.stderr, "%s\n  Run again with --unlisted-spend leave to import the rows as they are, or (ad spend only) --unlisted-spend keep to add the difference as one record.\n\n", ue.Msg)
			} else if ok && errors.Is(err, importer.ErrNeedsCampaign) {
				fmt.Fprintf(o.stderr, "%s\n  Run again with --campaign NAME.\n\n", ue.Msg)
			} else if ok {
				fmt.Fprintf(o.stderr, "%s\n\n", ue.Msg)
			} else if pe := (*importer.ProblemsError)(nil); errors.As(err, &pe) {
				fmt.Fprintf(o.stderr, "%s\n  Run again with --skip-bad-rows to import the good rows.\n\n", pe.Error())
			} else {
				slog.Error("import", "file", path, "err", err)
				fmt.Fprintf(o.stderr, "%s: %v\n\n", path, err)
			}
		}
	}
	if failed > 0 {
		return &silentError{fmt.Sprintf("%d of %d files not imported", failed, fs.NArg())}
	}
	return nil
}

// silentError fails the command with a short summary; the details are
// already printed.
type silentError struct{ msg string }

func (e *silentError) Error() string { return e.msg }

// importOptions are the options of the workspace: its settings, saved
// profiles and private temporary folder.
func importOptions(ctx context.Context, w *data.Workspace, now func() time.Time) (importer.Options, error) {
	stored, err := w.Profiles(ctx)
	if err != nil {
		return importer.Options{}, err
	}
	profiles, errs := importer.Stored(stored)
	for _, e := range errs {
		slog.Warn("saved profile skipped", "err", e)
	}
	tmp, err := data.PrivateTempDir()
	if err != nil {
		return importer.Options{}, err
	}
	return importer.Options{Settings: w.Settings(), Profiles: profiles, TmpDir: tmp, Now: now}, nil
}

func importOne(ctx context.Context, o *options, w *data.Workspace, opts importer.Options, path string, dry, skipBad bool, save string) error {
	// A real import reads the file once while it writes; a dry run reads
	// it whole to say what it holds.
	opts.Quick = !dry
	f, err := importer.Read(ctx, path, opts)
	if err != nil {
		return err
	}
	defer f.Close() // Import closes it too; a second Close does nothing
	out := o.stdout
	fmt.Fprintf(out, "%s: %s (%s)\n", f.Name, f.Profile.Name, describeConfidence(f.Confidence))
	if prev, ok, err := w.BatchBySHA(ctx, f.SHA256); err != nil {
		return err
	} else if ok {
		fmt.Fprintf(out, "  Already imported on %s as %s (batch %d). Nothing was changed.\n\n",
			prev.ImportedAt.In(w.Settings().Location()).Format("2 Jan 2006 at 15:04"), prev.Format, prev.ID)
		return nil
	}
	if f.Confidence == importer.Guessed {
		fmt.Fprintf(out, "  The format is not one Lastmile knows. Columns guessed from their names and values:\n")
		printMapping(out, f)
		if save == "" {
			return data.UserErrorf("%s was not imported: check the guessed columns above, then run again with --save-profile NAME to accept them and save them for files like this one (or map them in the app's Import screen).", f.Name)
		}
		cols := map[importer.Field]string{}
		for fld, h := range f.Columns {
			cols[fld] = h
		}
		mf, err := f.Mapped(ctx, save, f.Profile.Kind, cols)
		if err != nil {
			return err
		}
		defer mf.Close()
		f = mf
		if !dry {
			sp, err := importer.ToStored(f.Profile)
			if err != nil {
				return err
			}
			if _, err := w.SaveProfile(ctx, sp); err != nil {
				return err
			}
			fmt.Fprintf(out, "  Saved the columns as the profile %q: files with the same columns are read with it.\n", save)
		}
	}
	if dry {
		describeFile(out, f)
		fmt.Fprintf(out, "  Dry run: nothing was stored.\n\n")
		if len(f.Problems) > 0 && !skipBad {
			return &importer.ProblemsError{File: f.Name, Problems: f.Problems}
		}
		return f.Held()
	}
	res, err := f.Import(ctx, w, skipBad)
	if err != nil {
		return err
	}
	if p, ok := f.CampaignProfile(); ok {
		sp, err := importer.ToStored(p)
		if err == nil {
			_, err = w.SaveProfile(ctx, sp)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  Remembered the campaign %q for reports like this one (profile %q).\n", p.Campaign, p.Name)
	}
	describeFile(out, f)
	fmt.Fprintf(out, "  Imported as batch %d: %d %s added", res.ID, res.Added, pluralWord(res.Added, "record", "records"))
	if res.Superseded > 0 {
		fmt.Fprintf(out, ", replacing %d from earlier imports of the same facts", res.Superseded)
	}
	if skipBad && len(f.Problems) > 0 {
		fmt.Fprintf(out, ", %d bad %s left out", len(f.Problems), pluralWord(len(f.Problems), "row", "rows"))
	}
	fmt.Fprintf(out, ".\n\n")
	return nil
}

// describeFile prints what a file holds, its notes and its problems.
func describeFile(out io.Writer, f *importer.File) {
	fmt.Fprintf(out, "  %s\n", f.Summary.Description)
	if f.Summary.Records > 0 && f.Summary.Rows != f.Summary.Records && len(f.Problems) == 0 {
		fmt.Fprintf(out, "  %d data %s make %d %s.\n", f.Summary.Rows, pluralWord(f.Summary.Rows, "row", "rows"),
			f.Summary.Records, pluralWord(f.Summary.Records, "record", "records"))
	}
	if n := len(f.Skipped); n > 0 {
		fmt.Fprintf(out, "  %d %s not data (totals, headings, footers) and left out.\n", n, pluralWord(n, "row is", "rows are"))
	}
	for _, wn := range f.Warnings {
		fmt.Fprintf(out, "  Note: %s\n", wn)
	}
	for _, line := range importer.FormatProblems(f.Name, f.Problems, 20) {
		if !strings.HasPrefix(line, "…") {
			line = "Problem: " + line
		}
		fmt.Fprintf(out, "  %s\n", line)
	}
}

func describeConfidence(c importer.Confidence) string {
	switch c {
	case importer.Recognised:
		return "recognised from its columns"
	case importer.Saved:
		return "read with a saved profile"
	case importer.Chosen:
		return "read with the profile asked for"
	}
	return "format not recognised"
}

func printMapping(out io.Writer, f *importer.File) {
	var fields []string
	for fld := range f.Columns {
		fields = append(fields, string(fld))
	}
	sort.Strings(fields)
	fmt.Fprintf(out, "    records: %s\n", f.Profile.Kind)
	for _, fld := range fields {
		fmt.Fprintf(out, "    %-14s ← %q\n", fld, f.Columns[importer.Field(fld)])
	}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func runBatches(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "batches", "", "list the imported files (batches), newest first, with what each added, replaced and skipped")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("batches: unexpected argument %q", fs.Arg(0))
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	batches, err := w.Batches(ctx)
	if err != nil {
		return err
	}
	if len(batches) == 0 {
		fmt.Fprintln(o.stdout, "No files have been imported into this workspace yet.")
		return nil
	}
	loc := w.Settings().Location()
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Batch\tImported\tFile\tFormat\tPeriod\tAdded\tReplaced\tSkipped")
	for _, b := range batches {
		period := ""
		if !b.From.IsZero() {
			period = data.Period{From: b.From, To: b.To}.String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", b.ID, b.ImportedAt.In(loc).Format("2006-01-02 15:04"),
			b.FileName, b.Format, period, b.Added, b.Superseded, b.RowsSkipped)
	}
	return tw.Flush()
}

func runUndo(ctx context.Context, o *options, g *globals, args []string) error {
	fs := newFlags(o, g, "undo", "BATCH", "undo an import: remove the batch's rows and bring back the rows it had replaced")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("undo: give the number of one batch (see 'lastmile-cli batches')")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
	if err != nil || id <= 0 {
		return usagef("undo: %q is not a batch number", fs.Arg(0))
	}
	w, err := openWorkspace(ctx, o, g, true)
	if err != nil {
		return err
	}
	defer w.Close()
	var target *data.Batch
	batches, err := w.Batches(ctx)
	if err != nil {
		return err
	}
	for i := range batches {
		if batches[i].ID == id {
			target = &batches[i]
		}
	}
	if target == nil {
		return data.UserErrorf("There is no batch %d in this workspace. Run 'lastmile-cli batches' to see their numbers.", id)
	}
	if err := w.UndoBatch(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(o.stdout, "Undid batch %d (%s, %s): its %d records are gone", id, target.FileName, target.Format, target.Added)
	if target.Superseded > 0 {
		fmt.Fprintf(o.stdout, " and the %d it had replaced are back", target.Superseded)
	}
	fmt.Fprintln(o.stdout, ".")
	return nil
}
