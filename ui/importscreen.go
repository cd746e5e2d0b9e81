package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/money"
	importer "lastmile/import"
)

// importStore is what the import screen reads and writes: the workspace's
// settings, saved column mappings and batches. *data.Workspace is one.
type importStore interface {
	importer.Store
	Settings() data.Settings
	Profiles(ctx context.Context) ([]data.StoredProfile, error)
	SaveProfile(ctx context.Context, p data.StoredProfile) (int64, error)
	BatchBySHA(ctx context.Context, sha string) (data.Batch, bool, error)
	Batches(ctx context.Context) ([]data.Batch, error)
	UndoBatch(ctx context.Context, id int64) error
}

// importOptions is what the import screen needs.
type importOptions struct {
	Workspace importStore
	Window    fyne.Window
	Report    reporter
	Run       runner
	Now       func() time.Time
	TmpDir    string
	// OnImported is called on the UI goroutine after a batch is stored or
	// undone, so other screens can refresh.
	OnImported func()
}

// importScreen takes files, says what each holds, previews its rows as
// they will be stored, imports it as one batch, and lists the batches with
// Undo.
type importScreen struct {
	o       importOptions
	cards   *fyne.Container
	all     []*importCard // the cards, newest first
	history *fyne.Container
	content fyne.CanvasObject
	histSeq int // the latest history load; older results are dropped
}

// busy returns the name of a file being imported, if any.
func (s *importScreen) busy() (string, bool) {
	for _, c := range s.all {
		if c.importing {
			return c.file.Name, true
		}
	}
	return "", false
}

// discard stops whatever the cards are doing and releases their files:
// the screen is going away with its workspace.
func (s *importScreen) discard() {
	for _, c := range s.all {
		c.drop()
	}
	s.all = nil
}

func newImportScreen(o importOptions) *importScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Report.log == nil {
		o.Report.log = slog.Default()
	}
	s := &importScreen{o: o}
	title := widget.NewLabelWithStyle("Import files", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	open := widget.NewButtonWithIcon("Open files…", theme.FolderOpenIcon(), s.choose)
	open.Importance = widget.HighImportance
	intro := widget.NewLabel("Drop ad reports, sales or lead exports and stock sheets anywhere on this window, or choose them with Open files. " +
		"CSV, TSV, TXT or XLSX, exactly as downloaded: Lastmile finds the table, skips titles and totals, and shows what it will store before anything is saved.")
	intro.Wrapping = fyne.TextWrapWord
	s.cards = container.NewVBox()
	s.history = container.NewVBox()
	demoNote := widget.NewLabel("This is the demo workspace: files imported here are mixed with its invented figures. " +
		"To see your own business, start your own workspace first (File, New workspace).")
	demoNote.Wrapping = fyne.TextWrapWord
	demoNote.Importance = widget.WarningImportance
	if !o.Workspace.Settings().Demo {
		demoNote.Hide()
	}
	historyTitle := widget.NewLabelWithStyle("Import history", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.content = container.NewVScroll(container.NewVBox(
		container.NewBorder(nil, nil, title, open),
		intro,
		demoNote,
		s.cards,
		widget.NewSeparator(),
		historyTitle,
		s.history,
	))
	s.loadHistory()
	return s
}

// choose opens the file dialog for spreadsheets.
func (s *importScreen) choose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.o.Report.dialog(s.o.Window, "Cannot open the file", "choosing a file", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		s.add(path)
	}, s.o.Window)
	d.SetTitleText("Import a file")
	d.SetConfirmText("Import")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".tsv", ".txt", ".xlsx", ".xls"}))
	d.Show() // before Resize: a file dialog has no content to size until shown
	d.Resize(s.o.Window.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// add reads a file in the background and shows its card.
func (s *importScreen) add(path string) {
	c := newImportCard(s, path)
	s.all = append([]*importCard{c}, s.all...)
	s.cards.Objects = append([]fyne.CanvasObject{c.box}, s.cards.Objects...)
	s.cards.Refresh()
	c.read()
}

// cardFor returns the newest card of the file at path.
func (s *importScreen) cardFor(path string) *importCard {
	for _, c := range s.all {
		if c.path == path {
			return c
		}
	}
	return nil
}

// importOpts are the importer's options for this workspace.
func (s *importScreen) importOpts(ctx context.Context) (importer.Options, error) {
	stored, err := s.o.Workspace.Profiles(ctx)
	if err != nil {
		return importer.Options{}, err
	}
	profiles, errs := importer.Stored(stored)
	for _, e := range errs {
		s.o.Report.log.Warn("saved profile skipped", "err", e)
	}
	return importer.Options{Settings: s.o.Workspace.Settings(), Profiles: profiles, TmpDir: s.o.TmpDir, Now: s.o.Now}, nil
}

// loadHistory lists the batches, newest first, with Undo.
func (s *importScreen) loadHistory() {
	w := s.o.Workspace
	s.histSeq++
	seq := s.histSeq
	s.o.Run(func() {
		batches, err := w.Batches(context.Background())
		fyne.Do(func() {
			if seq != s.histSeq {
				return // a newer list is on its way
			}
			if err != nil {
				s.history.Objects = []fyne.CanvasObject{widget.NewLabel(s.o.Report.text("listing the imports", err))}
				s.history.Refresh()
				return
			}
			s.showHistory(batches)
		})
	})
}

func (s *importScreen) showHistory(batches []data.Batch) {
	if len(batches) == 0 {
		s.history.Objects = []fyne.CanvasObject{widget.NewLabel("Nothing has been imported into this workspace yet.")}
		s.history.Refresh()
		return
	}
	loc := s.o.Workspace.Settings().Location()
	var rows []fyne.CanvasObject
	for _, b := range batches {
		b := b
		period := ""
		if !b.From.IsZero() {
			period = data.Period{From: b.From, To: b.To}.String()
		}
		what := fmt.Sprintf("%d added", b.Added)
		if b.Superseded > 0 {
			what += fmt.Sprintf(", %d replaced", b.Superseded)
		}
		if b.RowsSkipped > 0 {
			what += fmt.Sprintf(", %d bad rows skipped", b.RowsSkipped)
		}
		name := widget.NewLabelWithStyle(fmt.Sprintf("#%d  %s", b.ID, b.FileName), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		detail := widget.NewLabel(fmt.Sprintf("%s · %s · imported %s · %s", b.Format, period, b.ImportedAt.In(loc).Format("2 Jan 2006 15:04"), what))
		detail.Truncation = fyne.TextTruncateEllipsis
		undo := widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() { s.confirmUndo(b) })
		report := widget.NewButtonWithIcon("Rows left out", theme.DocumentIcon(), func() { s.showReport(b) })
		report.Importance = widget.LowImportance
		buttons := container.NewHBox(report, undo)
		if len(b.Report) == 0 {
			buttons = container.NewHBox(undo) // nothing was left out
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, buttons, container.NewVBox(name, detail)))
	}
	s.history.Objects = rows
	s.history.Refresh()
}

func (s *importScreen) confirmUndo(b data.Batch) {
	msg := fmt.Sprintf("Undo the import of %s? Its %d records will be removed", b.FileName, b.Added)
	if b.Superseded > 0 {
		msg += fmt.Sprintf(", and the %d earlier records it replaced will count again", b.Superseded)
	}
	msg += ". The workspace will be exactly as it was before this file was imported."
	d := dialog.NewConfirm("Undo import", msg, func(ok bool) {
		if !ok {
			return
		}
		w := s.o.Workspace
		s.o.Run(func() {
			err := w.UndoBatch(context.Background(), b.ID)
			fyne.Do(func() {
				if err != nil {
					s.o.Report.dialog(s.o.Window, "Cannot undo the import", "undoing an import", err)
					return
				}
				s.loadHistory()
				if s.o.OnImported != nil {
					s.o.OnImported()
				}
			})
		})
	}, s.o.Window)
	d.Show()
}

// showReport lists the rows a batch left out and why.
func (s *importScreen) showReport(b data.Batch) {
	text := widget.NewLabel(strings.Join(importer.FormatProblems(b.FileName, b.Report, 500), "\n"))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(fmt.Sprintf("Rows left out of %s", b.FileName), "Close", container.NewVScroll(text), s.o.Window)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
}

// importCard is one file on the import screen.
type importCard struct {
	s        *importScreen
	path     string
	file     *importer.File
	box      *fyne.Container
	title    *widget.Label
	summary  *widget.Label
	notes    *widget.Label
	problems *widget.Label
	preview  *fyne.Container
	actions  *fyne.Container
	progress *widget.ProgressBar
	status   *widget.Label
	cancel   context.CancelFunc
	editor   *mappingEditor // the open mapping dialog, if any
	// gone is set once the card is removed or its screen discarded: work
	// finishing after that releases its file and shows nothing.
	gone bool
	// importing is set while the file is being written to the workspace.
	importing bool
	// prev and already say whether the file was imported before.
	prev    data.Batch
	already bool
	// campaign is the campaign a person named for a report downloaded
	// from inside one campaign.
	campaign string
}

// drop stops the card's work and releases its file.
func (c *importCard) drop() {
	c.gone = true
	if c.cancel != nil {
		c.cancel()
	}
	if c.file != nil {
		c.file.Close()
	}
}

// working disables the card's buttons while background work runs, and
// adds Cancel at the end, away from where the button just pressed was (a
// double click must not cancel).
func (c *importCard) working(cancel func()) {
	var objs []fyne.CanvasObject
	for _, o := range c.actions.Objects {
		if b, ok := o.(*widget.Button); ok {
			b.Disable()
			objs = append(objs, b)
		}
	}
	if cancel != nil {
		stop := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), cancel)
		objs = append(objs, stop)
	}
	c.setActions(objs...)
}

func newImportCard(s *importScreen, path string) *importCard {
	c := &importCard{s: s, path: path}
	c.title = widget.NewLabelWithStyle(filepath.Base(path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.title.Truncation = fyne.TextTruncateEllipsis
	c.summary = widget.NewLabel("Reading…")
	c.summary.Wrapping = fyne.TextWrapWord
	c.notes = widget.NewLabel("")
	c.notes.Wrapping = fyne.TextWrapWord
	c.notes.Hide()
	c.problems = widget.NewLabel("")
	c.problems.Wrapping = fyne.TextWrapWord
	c.problems.Importance = widget.DangerImportance
	c.problems.Hide()
	c.preview = container.NewStack()
	c.actions = container.NewHBox()
	c.progress = widget.NewProgressBar()
	c.status = widget.NewLabel("")
	c.status.Wrapping = fyne.TextWrapWord
	c.status.Hide()
	c.box = container.NewVBox(widget.NewCard("", "", container.NewVBox(c.title, c.summary, c.notes, c.problems, c.preview, c.progress, c.status, c.actions)))
	return c
}

func (c *importCard) relayout() {
	c.box.Refresh()
	c.s.cards.Refresh()
}

// uiProgress applies progress reports on the UI goroutine, at most ten
// times a second, with the rate in rows per second.
type uiProgress struct {
	mu    sync.Mutex
	last  time.Time
	start time.Time
	apply func(r importer.Report, rate float64)
}

func (p *uiProgress) Update(r importer.Report) {
	p.mu.Lock()
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	if now.Sub(p.last) < 100*time.Millisecond && r.Done < 1 {
		p.mu.Unlock()
		return
	}
	p.last = now
	rate := 0.0
	if secs := now.Sub(p.start).Seconds(); secs > 0 {
		rate = float64(r.Rows) / secs
	}
	p.mu.Unlock()
	fyne.Do(func() { p.apply(r, rate) })
}

// read reads the file in the background and shows what it holds.
func (c *importCard) read() {
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.progress.Show()
	c.progress.SetValue(0)
	c.summary.Importance = widget.MediumImportance
	c.summary.SetText("Reading…")
	c.working(cancel)
	prog := &uiProgress{apply: func(r importer.Report, rate float64) {
		if c.gone {
			return
		}
		c.progress.SetValue(r.Done)
		what := "Reading"
		if r.Stage == "checking" {
			what = "Checking how each column is written"
		}
		c.summary.SetText(fmt.Sprintf("%s… %s rows (%s rows a second)", what, countText(r.Rows), countText(int(rate))))
	}}
	s := c.s
	s.o.Run(func() {
		opts, err := s.importOpts(ctx)
		var f *importer.File
		var prev data.Batch
		var already bool
		if err == nil {
			opts.Progress = prog
			opts.Campaign = c.campaign
			f, err = importer.Read(ctx, c.path, opts)
		}
		if err == nil {
			prev, already, err = s.o.Workspace.BatchBySHA(ctx, f.SHA256)
		}
		fyne.Do(func() {
			if c.gone {
				if f != nil {
					f.Close()
				}
				return
			}
			c.progress.Hide()
			if err != nil {
				if f != nil {
					f.Close()
				}
				c.fail("reading a file", err)
				return
			}
			c.show(f, prev, already)
		})
	})
}

// fail shows why the file cannot be imported, with a way to remove it.
func (c *importCard) fail(what string, err error) {
	if errors.Is(err, context.Canceled) {
		c.summary.SetText("Stopped. Nothing was imported.")
	} else {
		c.summary.SetText(c.s.o.Report.text(what, err))
	}
	c.summary.Importance = widget.DangerImportance
	c.summary.Refresh()
	// What an earlier read showed no longer holds.
	if c.file != nil {
		c.file.Close()
		c.file = nil
	}
	c.title.SetText(filepath.Base(c.path))
	c.notes.Hide()
	c.problems.Hide()
	c.status.Hide()
	c.preview.Objects = nil
	c.preview.Refresh()
	// After fixing the file or the settings, it can be read again.
	again := widget.NewButtonWithIcon("Read again", theme.ViewRefreshIcon(), func() { c.read() })
	if errors.Is(err, importer.ErrNeedsCampaign) {
		// A report from inside one campaign: a question, not a fault; the
		// person names the campaign here.
		c.summary.Importance = widget.WarningImportance
		c.summary.Refresh()
		name := widget.NewEntry()
		name.SetPlaceHolder("Campaign name, as in Google Ads")
		name.SetText(c.campaign)
		use := widget.NewButtonWithIcon("Read as this campaign", theme.ConfirmIcon(), func() {
			if n := strings.TrimSpace(name.Text); n != "" {
				c.campaign = n
				c.read()
			}
		})
		use.Importance = widget.HighImportance
		name.OnSubmitted = func(string) { use.OnTapped() }
		box := container.NewGridWrap(fyne.NewSize(280, name.MinSize().Height), name)
		c.setActions(box, use, c.removeButton())
		return
	}
	c.setActions(again, c.removeButton())
}

// removeButton takes the card off the screen without importing.
func (c *importCard) removeButton() *widget.Button { return c.dismissButton("Remove") }

func (c *importCard) dismissButton(label string) *widget.Button {
	b := widget.NewButtonWithIcon(label, theme.ContentClearIcon(), func() {
		c.drop()
		objs := c.s.cards.Objects[:0]
		for _, o := range c.s.cards.Objects {
			if o != c.box {
				objs = append(objs, o)
			}
		}
		c.s.cards.Objects = objs
		c.s.cards.Refresh()
		c.s.all = slices.DeleteFunc(c.s.all, func(x *importCard) bool { return x == c })
	})
	b.Importance = widget.LowImportance
	return b
}

func (c *importCard) setActions(objs ...fyne.CanvasObject) {
	c.actions.Objects = objs
	c.actions.Refresh()
	c.relayout()
}

// show fills the card with a file that has been read.
func (c *importCard) show(f *importer.File, prev data.Batch, already bool) {
	if c.file != nil && c.file != f {
		c.file.Close()
	}
	c.file, c.prev, c.already = f, prev, already
	c.title.SetText(f.Name + ": " + formatText(f))
	c.summary.Importance = widget.MediumImportance
	c.summary.SetText(f.Summary.Description)
	var notes []string
	if n := len(f.Skipped); n > 0 {
		notes = append(notes, fmt.Sprintf("%d %s not data (titles, totals, footers) and will be left out.", n, plural(n, "row is", "rows are")))
	}
	if f.Summary.Rows != f.Summary.Records && f.Summary.Records > 0 && len(f.Problems) == 0 {
		why := map[data.Kind]string{
			data.KindSales:   "the line items of each order are grouped into one sale",
			data.KindAdStats: "the rows of one campaign, ad set and day (its ads, or a breakdown such as age or placement) are added up",
		}[f.Profile.Kind]
		switch f.Profile.Level {
		case "keyword", "search_term":
			why = "the keywords or search terms of each ad group are added up"
		case "ad":
			why = "the ads of each ad group are added up"
		}
		if why == "" {
			why = "rows about the same record are grouped"
		}
		notes = append(notes, fmt.Sprintf("%s data %s make %s %s: %s.", countText(f.Summary.Rows), plural(f.Summary.Rows, "row", "rows"),
			countText(f.Summary.Records), plural(f.Summary.Records, "record", "records"), why))
	}
	notes = append(notes, f.Warnings...)
	if f.Confidence == importer.Guessed {
		notes = append(notes, "Lastmile does not know this format: it guessed which column holds what. Check the preview, and use Change columns to correct and save the mapping for files like this one.")
	}
	if len(notes) > 0 {
		c.notes.SetText("• " + strings.Join(notes, "\n• "))
		c.notes.Show()
	} else {
		c.notes.Hide()
	}
	if len(f.Problems) > 0 {
		lines := importer.FormatProblems(f.Name, f.Problems, 8)
		c.problems.SetText(fmt.Sprintf("%s %s cannot be imported as %s:\n%s", countText(len(f.Problems)),
			plural(len(f.Problems), "row", "rows"), plural(len(f.Problems), "it is", "they are"), strings.Join(lines, "\n")))
		c.problems.Show()
	} else {
		c.problems.Hide()
	}
	c.preview.Objects = []fyne.CanvasObject{previewTable(f.Preview)}
	c.preview.Refresh()

	change := widget.NewButtonWithIcon("Change columns…", theme.SettingsIcon(), func() { c.editMapping() })
	c.status.Importance = widget.MediumImportance
	c.status.Hide()
	var buttons []fyne.CanvasObject
	switch {
	case already:
		c.status.SetText(fmt.Sprintf("Already imported on %s as %s (batch %d): importing it again would change nothing.",
			prev.ImportedAt.In(c.s.o.Workspace.Settings().Location()).Format("2 Jan 2006 at 15:04"), prev.Format, prev.ID))
		c.status.Show()
		again := widget.NewButtonWithIcon("Read again", theme.ViewRefreshIcon(), func() { c.read() })
		buttons = []fyne.CanvasObject{again, c.removeButton()}
	case f.Held() != nil:
		// The rows do not add up to the file's own total: a person says
		// what to import.
		c.status.SetText(f.Gap.Describe() + " Lastmile does not guess which is right: choose what to import.")
		c.status.Importance = widget.WarningImportance
		c.status.Show()
		if f.Gap.CanKeep() {
			keep := widget.NewButtonWithIcon(fmt.Sprintf("Keep the %s as one record", money.Format(f.Gap.Missing(), f.Gap.Currency)),
				theme.ConfirmIcon(), func() { c.decide(importer.UnlistedKeep) })
			keep.Importance = widget.HighImportance
			buttons = append(buttons, keep)
		}
		leave := widget.NewButton("Import the listed rows only", func() { c.decide(importer.UnlistedLeave) })
		buttons = append(buttons, leave, change, c.removeButton())
	case len(f.Problems) > 0:
		skip := widget.NewButtonWithIcon(fmt.Sprintf("Import the %s good records", countText(f.Summary.Records)), theme.ConfirmIcon(), func() { c.doImport(true) })
		skip.Importance = widget.HighImportance
		if f.Summary.Records == 0 {
			skip.Disable()
		}
		// After fixing the file, or adding an exchange rate or a date
		// order in the settings, the same file can be read again.
		again := widget.NewButtonWithIcon("Read again", theme.ViewRefreshIcon(), func() { c.read() })
		buttons = []fyne.CanvasObject{skip, again, change, c.removeButton()}
	default:
		imp := widget.NewButtonWithIcon(fmt.Sprintf("Import %s %s", countText(f.Summary.Records), plural(f.Summary.Records, "record", "records")), theme.ConfirmIcon(), func() { c.doImport(false) })
		imp.Importance = widget.HighImportance
		buttons = []fyne.CanvasObject{imp, change, c.removeButton()}
	}
	c.setActions(buttons...)
}

// rememberCampaign saves the profile that reads reports like the card's
// file as the campaign the person named.
func (c *importCard) rememberCampaign(p importer.Profile) error {
	sp, err := importer.ToStored(p)
	if err != nil {
		return err
	}
	_, err = c.s.o.Workspace.SaveProfile(context.Background(), sp)
	return err
}

// decide records what to do with spend the file's own total holds but its
// rows do not list, and shows the file read again with that decision.
func (c *importCard) decide(u importer.Unlisted) {
	f := c.file
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.working(cancel)
	c.s.o.Run(func() {
		err := f.SetUnlisted(ctx, u)
		fyne.Do(func() {
			if c.gone {
				return
			}
			if err != nil {
				c.fail("reading the file again", err)
				return
			}
			c.show(f, c.prev, c.already)
		})
	})
}

// doImport stores the file as one batch in the background, with progress
// and Cancel.
func (c *importCard) doImport(skipBad bool) {
	f := c.file
	ctx, cancel := context.WithCancel(context.Background())
	c.progress.SetValue(0)
	c.progress.Show()
	c.status.SetText("Importing…")
	c.status.Show()
	c.cancel = cancel
	c.importing = true
	c.working(cancel)
	prog := &uiProgress{apply: func(r importer.Report, rate float64) {
		if c.gone {
			return
		}
		c.progress.SetValue(r.Done)
		c.status.SetText(fmt.Sprintf("Importing… %s rows (%s rows a second)", countText(r.Rows), countText(int(rate))))
	}}
	f.SetProgress(prog)
	w := c.s.o.Workspace
	c.s.o.Run(func() {
		res, err := f.Import(ctx, w, skipBad)
		remembered := ""
		if p, ok := f.CampaignProfile(); ok && err == nil {
			if err := c.rememberCampaign(p); err != nil {
				c.s.o.Report.log.Warn("remember the campaign", "err", err)
			} else {
				remembered = p.Campaign
			}
		}
		fyne.Do(func() {
			c.importing = false
			if c.gone {
				return
			}
			c.progress.Hide()
			if err != nil {
				again := widget.NewButtonWithIcon("Read again", theme.ViewRefreshIcon(), func() { c.read() })
				if errors.Is(err, data.ErrCancelled) || errors.Is(err, context.Canceled) {
					c.status.SetText("Cancelled: nothing was imported.")
					c.setActions(again, c.removeButton())
					return
				}
				c.status.SetText(c.s.o.Report.text("importing a file", err))
				c.status.Importance = widget.DangerImportance
				c.status.Refresh()
				c.setActions(again, c.removeButton())
				return
			}
			msg := fmt.Sprintf("Imported as batch %d: %s %s added", res.ID, countText(res.Added), plural(res.Added, "record", "records"))
			if remembered != "" {
				msg += fmt.Sprintf("; reports like this one will be read as campaign %q", remembered)
			}
			if res.Superseded > 0 {
				msg += fmt.Sprintf(", replacing %s from earlier imports of the same facts (nothing is counted twice)", countText(res.Superseded))
			}
			if skipBad && len(f.Problems) > 0 {
				msg += fmt.Sprintf("; %d bad %s left out and listed in the batch's report", len(f.Problems), plural(len(f.Problems), "row", "rows"))
			}
			c.status.SetText(msg + ".")
			c.status.Importance = widget.SuccessImportance
			c.status.Refresh()
			// Done: fold the card so the history below shows.
			c.preview.Hide()
			c.notes.Hide()
			c.problems.Hide()
			c.setActions(c.dismissButton("Done"))
			c.s.loadHistory()
			if c.s.o.OnImported != nil {
				c.s.o.OnImported()
			}
		})
	})
}

// mappingEditor lets the person say which column holds what, name the
// result and save it as a profile for files of this shape.
type mappingEditor struct {
	c       *importCard
	kind    *widget.Select
	name    *widget.Entry
	selects map[importer.Field]*widget.Select
	chosen  map[importer.Field]string // the column chosen for each field, kept across kinds
	form    *fyne.Container
	dialog  *dialog.ConfirmDialog
}

var (
	mappingKinds = []string{"Ad spend (ad stats)", "Sales", "Leads", "Stock on hand"}
	mappingKind  = map[string]data.Kind{mappingKinds[0]: data.KindAdStats, mappingKinds[1]: data.KindSales, mappingKinds[2]: data.KindLeads, mappingKinds[3]: data.KindStock}
)

// notInFile is the choice for a field the file does not have.
const notInFile = "(not in this file)"

// editMapping opens the mapping dialog for the card's file.
func (c *importCard) editMapping() *mappingEditor {
	f := c.file
	e := &mappingEditor{c: c, form: container.NewVBox()}
	e.kind = widget.NewSelect(mappingKinds, func(s string) { e.build(mappingKind[s]) })
	for _, label := range mappingKinds {
		if mappingKind[label] == f.Profile.Kind {
			e.kind.SetSelected(label)
		}
	}
	e.name = widget.NewEntry()
	e.name.SetText(f.Profile.Name)
	if f.Confidence == importer.Guessed || f.Profile.Builtin {
		e.name.SetText(strings.TrimSuffix(f.Name, filepath.Ext(f.Name)) + " columns")
	}
	help := widget.NewLabel("Choose the column that holds each field. The mapping is saved under this name, and files with the same columns are read with it from then on.")
	help.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(help,
		container.NewBorder(nil, nil, sized(widget.NewLabel("The file holds"), 190), nil, e.kind),
		container.NewBorder(nil, nil, sized(widget.NewLabel("Save as"), 190), nil, e.name)), nil, nil, nil,
		container.NewVScroll(e.form))
	e.dialog = dialog.NewCustomConfirm("Which column holds what", "Save and preview", "Cancel", body, func(ok bool) {
		if ok {
			e.apply()
		}
	}, c.s.o.Window)
	e.dialog.Resize(fyne.NewSize(620, 640))
	e.dialog.SetOnClosed(func() { c.editor = nil })
	c.editor = e
	e.dialog.Show()
	return e
}

// build lists the fields of kind k with the column each is read from.
func (e *mappingEditor) build(k data.Kind) {
	f := e.c.file
	headers := append([]string{notInFile}, nonEmpty(f.Header)...)
	// The choices made so far stay when the kind changes: a date column
	// is the date of sales and of leads alike.
	if e.chosen == nil {
		e.chosen = map[importer.Field]string{}
		for fld, h := range f.Columns {
			e.chosen[fld] = h
		}
	}
	for fld, sel := range e.selects {
		if sel.Selected == notInFile {
			delete(e.chosen, fld)
		} else {
			e.chosen[fld] = sel.Selected
		}
	}
	e.form.Objects = nil
	e.selects = map[importer.Field]*widget.Select{}
	for _, fld := range importer.Fields(k) {
		sel := widget.NewSelect(headers, nil)
		sel.SetSelected(notInFile)
		if h, ok := e.chosen[fld]; ok {
			sel.SetSelected(h)
		}
		e.selects[fld] = sel
		e.form.Objects = append(e.form.Objects, container.NewBorder(nil, nil, sized(widget.NewLabel(fieldLabel(fld)), 190), nil, sel))
	}
	e.form.Refresh()
}

// apply reads the file again with the chosen columns, saves the profile
// and shows the new preview.
func (e *mappingEditor) apply() {
	c, f := e.c, e.c.file
	cols := map[importer.Field]string{}
	for fld, sel := range e.selects {
		if sel.Selected != "" && sel.Selected != notInFile {
			cols[fld] = sel.Selected
		}
	}
	kind := mappingKind[e.kind.Selected]
	profileName := strings.TrimSpace(e.name.Text)
	w := c.s.o.Workspace
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.summary.SetText("Reading with the new columns…")
	c.working(cancel)
	c.s.o.Run(func() {
		nf, err := f.Mapped(ctx, profileName, kind, cols)
		if err == nil {
			var sp data.StoredProfile
			if sp, err = importer.ToStored(nf.Profile); err == nil {
				_, err = w.SaveProfile(ctx, sp)
			}
		}
		var prev data.Batch
		var already bool
		if err == nil {
			prev, already, err = w.BatchBySHA(ctx, nf.SHA256)
		}
		fyne.Do(func() {
			if c.gone {
				if nf != nil {
					nf.Close()
				}
				return
			}
			if err != nil {
				if nf != nil {
					nf.Close()
				}
				c.show(f, c.prev, c.already) // as it was, buttons back
				if !errors.Is(err, context.Canceled) {
					c.s.o.Report.dialog(c.s.o.Window, "Cannot use these columns", "applying a column mapping", err)
				}
				return
			}
			c.show(nf, prev, already)
		})
	})
}

func nonEmpty(hs []string) []string {
	var out []string
	for _, h := range hs {
		if strings.TrimSpace(h) != "" {
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return out
}

// fieldLabel names a field for people.
func fieldLabel(f importer.Field) string {
	labels := map[importer.Field]string{
		importer.FDay: "Day", importer.FDateFrom: "Period starts", importer.FDateTo: "Period ends", importer.FAccount: "Account",
		importer.FCampaign: "Campaign", importer.FAdGroup: "Ad group / ad set", importer.FDetail: "Ad or keyword", importer.FSpend: "Spend",
		importer.FImpressions: "Impressions", importer.FClicks: "Clicks", importer.FConversions: "Conversions (platform's claim)",
		importer.FConversionValue: "Conversion value (claim)", importer.FPurchases: "Purchases (claim)",
		importer.FPlatformLeads: "Leads (platform's claim)", importer.FOrderID: "Order or invoice number", importer.FAltID: "Second id",
		importer.FDate: "Date", importer.FTime: "Time", importer.FTimeZone: "Time zone", importer.FStatus: "Status",
		importer.FType: "Type (payment, refund…)", importer.FCustomer: "Customer", importer.FCompany: "Company", importer.FEmail: "Email",
		importer.FPhone: "Phone", importer.FTotal: "Total paid", importer.FRefunded: "Refunded", importer.FCurrency: "Currency",
		importer.FSKU: "SKU", importer.FProduct: "Product", importer.FQuantity: "Quantity", importer.FUnitPrice: "Unit price",
		importer.FLineTotal: "Line total", importer.FItems: "Items (in one cell)", importer.FClickID: "Click id (gclid…)",
		importer.FNotes: "Note attributes", importer.FRecordID: "Record id", importer.FFirstName: "First name",
		importer.FLastName: "Last name", importer.FName: "Name", importer.FStage: "Stage", importer.FOwner: "Owner",
		importer.FOrderRef: "Order reference", importer.FOnHand: "Quantity on hand", importer.FLocation: "Location",
		importer.FUnitCost: "Unit cost", importer.FReceived: "Received on",
	}
	if l, ok := labels[f]; ok {
		return l
	}
	return string(f)
}

// previewTable shows the first records as they will be stored.
func previewTable(p importer.Preview) fyne.CanvasObject {
	if len(p.Rows) == 0 {
		return widget.NewLabel("No records to show.")
	}
	cols := append([]string{"Line"}, p.Columns...)
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(p.Rows), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Col == 0 {
				l.SetText(fmt.Sprint(p.Lines[id.Row]))
				return
			}
			if id.Col-1 < len(p.Rows[id.Row]) {
				l.SetText(p.Rows[id.Row][id.Col-1])
			}
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	t.SetColumnWidth(0, 60)
	for i := 1; i < len(cols); i++ {
		t.SetColumnWidth(i, 150)
	}
	rows := min(len(p.Rows), 8)
	return container.New(fixedHeight(float32(rows+1)*38), t)
}

// fixedHeight lays out its objects over the whole width it is given, at a
// set height; a table inside a scrolling screen needs one, or it shrinks to
// a single row.
type fixedHeight float32

func (h fixedHeight) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, float32(h)) }

func (h fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// formatText says what format a file was read as, and how sure that is.
func formatText(f *importer.File) string {
	switch f.Confidence {
	case importer.Recognised:
		return f.Profile.Name + " (format recognised)"
	case importer.Saved:
		return f.Profile.Name + " (read with your saved columns)"
	case importer.Chosen:
		return f.Profile.Name + " (the format you chose)"
	}
	return "format not recognised, columns guessed"
}

func countText(n int) string { return money.Count(int64(n)) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
