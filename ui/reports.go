package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/report"
)

// ReportSource is what the Reports screen reads and keeps: *data.Workspace.
type ReportSource interface {
	report.Source
	Branding(ctx context.Context) (data.Branding, error)
	SaveBranding(ctx context.Context, b data.Branding) error
}

// reportsOptions is what the Reports screen needs.
type reportsOptions struct {
	Source ReportSource
	Window fyne.Window
	Report reporter
	Run    runner
	Now    func() time.Time
	// Folder is where files go unless a person chooses another folder.
	Folder string
	// OnUI runs a function on the UI goroutine and waits (fyne.DoAndWait):
	// the PDF's charts are Fyne widgets drawn off-screen.
	OnUI func(func())
	// Prefs holds the dashboard's comparison, which reports use too.
	Prefs fyne.Preferences
}

// reportsScreen makes the client report and the meeting pack: preset,
// period, formats, branding, a preview of the PDF's pages, and Export.
type reportsScreen struct {
	o reportsOptions

	preset   *widget.RadioGroup
	period   *widget.Select
	from, to *widget.DateEntry
	custom   *fyne.Container
	model    *widget.RadioGroup
	xlsx     *widget.Check
	pdf      *widget.Check
	csv      *widget.Check
	paper    *widget.Select
	client   *widget.Entry
	prepared *widget.Entry
	colour   *widget.Entry
	logo     []byte
	logoImg  *canvas.Image
	logoBox  *fyne.Container
	notes    *widget.Entry
	notesRow *widget.FormItem
	folder   string
	folderL  *widget.Label
	export   *widget.Button
	progress *widget.ProgressBarInfinite
	status   *widget.Label
	preview  *fyne.Container
	busy     bool
	content  fyne.CanvasObject
}

func newReportsScreen(o reportsOptions) *reportsScreen {
	if o.Run == nil {
		o.Run = goroutine
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OnUI == nil {
		o.OnUI = func(f func()) { f() }
	}
	s := &reportsScreen{o: o, folder: o.Folder}
	if s.folder == "" {
		s.folder = defaultFolder()
	}
	s.preset = widget.NewRadioGroup([]string{report.Client.Title(), report.Meeting.Title()}, func(string) { s.presetChanged() })
	s.preset.Required = true
	s.preset.Horizontal = true
	periods := []string{}
	for _, p := range data.Presets {
		periods = append(periods, string(p))
	}
	periods = append(periods, customPeriod)
	s.from, s.to = widget.NewDateEntry(), widget.NewDateEntry()
	s.custom = container.NewHBox(widget.NewLabel("From"), sized(s.from, 150), widget.NewLabel("to"), sized(s.to, 150))
	s.custom.Hide()
	s.period = widget.NewSelect(periods, func(sel string) {
		if sel == customPeriod {
			p := data.PeriodFor(data.LastMonth, s.today())
			s.from.SetDate(timePtr(p.From))
			s.to.SetDate(timePtr(p.To))
			s.custom.Show()
		} else {
			s.custom.Hide()
		}
	})
	s.model = widget.NewRadioGroup([]string{modelFirstShort, modelLastShort}, nil)
	s.model.Required = true
	s.model.Horizontal = true
	s.model.SetSelected(modelFirstShort)
	s.xlsx = widget.NewCheck("Excel workbook with charts (.xlsx)", nil)
	s.pdf = widget.NewCheck("PDF", nil)
	s.csv = widget.NewCheck("CSV tables (a folder of .csv files)", nil)
	s.xlsx.SetChecked(true)
	s.pdf.SetChecked(true)
	s.paper = widget.NewSelect([]string{report.A4, report.Letter}, nil)
	s.paper.SetSelected(report.A4)
	if strings.HasSuffix(o.Source.Settings().Country, "US") || o.Source.Settings().Country == "CA" {
		s.paper.SetSelected(report.Letter)
	}
	s.client = widget.NewEntry()
	s.client.SetPlaceHolder(o.Source.Name())
	s.prepared = widget.NewEntry()
	s.prepared.SetPlaceHolder("e.g. your name or your firm")
	s.colour = widget.NewEntry()
	s.colour.SetPlaceHolder("#2563eb (Lastmile's blue)")
	s.logoImg = canvas.NewImageFromResource(nil)
	s.logoImg.FillMode = canvas.ImageFillContain
	s.logoImg.SetMinSize(fyne.NewSize(120, 40))
	s.logoBox = container.NewHBox(
		widget.NewButtonWithIcon("Choose a logo…", theme.FileImageIcon(), s.chooseLogo),
		widget.NewButton("No logo", func() { s.setLogo(nil) }),
		s.logoImg)
	s.notes = widget.NewMultiLineEntry()
	s.notes.SetPlaceHolder("What to discuss: which ads to push, which leads to call…")
	s.notes.SetMinRowsVisible(3)
	s.folderL = widget.NewLabel(s.folder)
	s.folderL.Truncation = fyne.TextTruncateEllipsis
	chooseFolder := widget.NewButton("Choose…", s.chooseFolder)
	s.export = widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), s.doExport)
	s.export.Importance = widget.HighImportance
	previewBtn := widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), s.doPreview)
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.status = wrapLabel("")
	s.status.Hide()
	s.preview = container.NewVBox()

	s.notesRow = widget.NewFormItem("Notes", s.notes)
	form := widget.NewForm(
		widget.NewFormItem("Report", s.preset),
		widget.NewFormItem("Period", container.NewVBox(container.NewHBox(s.period), s.custom)),
		widget.NewFormItem("Count sales by", s.model),
		widget.NewFormItem("Files", container.NewVBox(s.xlsx, container.NewHBox(s.pdf, widget.NewLabel("paper"), s.paper), s.csv)),
		widget.NewFormItem("For", s.client),
		widget.NewFormItem("Prepared by", s.prepared),
		widget.NewFormItem("Accent colour", s.colour),
		widget.NewFormItem("Logo", s.logoBox),
		s.notesRow,
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, chooseFolder, s.folderL)),
	)
	help := wrapLabel("The client report holds the figures, charts, the comparison and how the numbers were made, with your branding. The meeting pack is for the meeting where sales and ads sit together: leads by source since the last meeting (choose that day as the start), how many closed, what is left to review, slow-moving stock and space for notes. Branding is kept with this workspace.")
	left := container.NewVBox(screenTitle("Reports"), help, form,
		container.NewHBox(s.export, previewBtn), s.progress, s.status)
	s.content = container.NewBorder(nil, nil, nil, nil,
		container.NewHSplit(container.NewVScroll(left), container.NewVScroll(s.preview)))
	if split, ok := s.content.(*fyne.Container).Objects[0].(*container.Split); ok {
		split.Offset = 0.55
	}
	s.period.SetSelected(string(data.LastMonth))
	s.preset.SetSelected(report.Client.Title())
	s.loadBranding()
	return s
}

func (s *reportsScreen) today() civil.Date { return s.o.Source.Settings().Today(s.o.Now()) }

func (s *reportsScreen) presetChanged() {
	if s.currentPreset() == report.Meeting {
		s.notes.Enable()
	} else {
		s.notes.Disable()
	}
}

func (s *reportsScreen) currentPreset() report.Preset {
	if s.preset.Selected == report.Meeting.Title() {
		return report.Meeting
	}
	return report.Client
}

// loadBranding fills the branding from the workspace.
func (s *reportsScreen) loadBranding() {
	s.o.Run(func() {
		b, err := s.o.Source.Branding(context.Background())
		fyne.Do(func() {
			if err != nil {
				s.showStatus(s.o.Report.text("reading the branding", err))
				return
			}
			s.client.SetText(b.Client)
			s.prepared.SetText(b.PreparedBy)
			s.colour.SetText(b.Colour)
			s.setLogo(b.Logo)
		})
	})
}

func (s *reportsScreen) setLogo(b []byte) {
	s.logo = b
	if len(b) == 0 {
		s.logoImg.Resource = nil
		s.logoImg.Hide()
	} else {
		s.logoImg.Resource = fyne.NewStaticResource("logo", b)
		s.logoImg.Show()
	}
	s.logoImg.Refresh()
}

func (s *reportsScreen) chooseLogo() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		raw, err := io.ReadAll(io.LimitReader(r, data.MaxLogoBytes+1))
		if err != nil {
			s.o.Report.dialog(s.o.Window, "Cannot read the logo", "reading a logo", err)
			return
		}
		b, err := data.NormalizeLogo(raw)
		if err != nil {
			s.o.Report.dialog(s.o.Window, "Cannot use this logo", "checking a logo", err)
			return
		}
		s.setLogo(b)
	}, s.o.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
	d.Resize(s.o.Window.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

func (s *reportsScreen) chooseFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err == nil && u != nil {
			s.folder = u.Path()
			s.folderL.SetText(s.folder)
		}
	}, s.o.Window)
	if l, err := storage.ListerForURI(storage.NewFileURI(s.folder)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
	d.Resize(s.o.Window.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// options reads the form; the error says what to fix.
func (s *reportsScreen) options() (report.Options, error) {
	p := data.PeriodFor(data.Preset(s.period.Selected), s.today())
	if s.period.Selected == customPeriod {
		if s.from.Date == nil || s.to.Date == nil {
			return report.Options{}, data.UserErrorf("Choose both a start and an end date.")
		}
		p = data.Period{From: civil.Of(*s.from.Date), To: civil.Of(*s.to.Date)}
		if p.To.Before(p.From) {
			return report.Options{}, data.UserErrorf("The end date is before the start date.")
		}
	}
	m := data.FirstTouch
	if s.model.Selected == modelLastShort {
		m = data.LastTouch
	}
	b := data.Branding{Client: strings.TrimSpace(s.client.Text), PreparedBy: strings.TrimSpace(s.prepared.Text),
		Colour: strings.TrimSpace(s.colour.Text), Logo: s.logo}
	if err := data.CheckBranding(b); err != nil {
		return report.Options{}, err
	}
	o := report.Options{Preset: s.currentPreset(), Period: p, Model: m, Branding: b, Made: s.today()}
	// The comparison the dashboard shows, so the report says the same.
	if pr := s.o.Prefs; pr != nil {
		if a, b := pr.String(prefCompareA), pr.String(prefCompareB); a != "" && b != "" {
			o.Compare = [2]string{a, b}
		}
	}
	if o.Preset == report.Meeting {
		o.Notes = s.notes.Text
	}
	return o, nil
}

// fileBase names the files: "Ridgeline Outfitters client report 2025-03-01 to 2025-03-31".
func fileBase(o report.Options, business string) string {
	who := firstNonEmpty(o.Branding.Client, business)
	return fileSafe(fmt.Sprintf("%s %s %s to %s", who, strings.ToLower(o.Preset.Title()), o.Period.From, o.Period.To))
}

// targets are the files an export writes.
func (s *reportsScreen) targets(o report.Options) (xlsx, pdf, csvDir string) {
	base := filepath.Join(s.folder, fileBase(o, s.o.Source.Name()))
	if s.xlsx.Checked {
		xlsx = base + ".xlsx"
	}
	if s.pdf.Checked {
		pdf = base + ".pdf"
	}
	if s.csv.Checked {
		csvDir = base + " (CSV)"
	}
	return
}

func (s *reportsScreen) showStatus(msg string) {
	s.status.SetText(msg)
	s.status.Show()
}

func (s *reportsScreen) setBusy(b bool, msg string) {
	s.busy = b
	if b {
		s.export.Disable()
		s.progress.Show()
		s.progress.Start()
	} else {
		s.export.Enable()
		s.progress.Stop()
		s.progress.Hide()
	}
	if msg != "" {
		s.showStatus(msg)
	}
}

// doExport checks the form, asks before replacing files, and exports.
func (s *reportsScreen) doExport() {
	if s.busy {
		return
	}
	o, err := s.options()
	if err != nil {
		s.showStatus(s.o.Report.text("checking the report", err))
		return
	}
	xlsx, pdf, csvDir := s.targets(o)
	if xlsx == "" && pdf == "" && csvDir == "" {
		s.showStatus("Choose at least one kind of file: Excel, PDF or CSV.")
		return
	}
	var exists []string
	for _, f := range []string{xlsx, pdf, csvDir} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			exists = append(exists, filepath.Base(f))
		}
	}
	if len(exists) > 0 {
		dialog.ShowConfirm("Replace the existing files?", strings.Join(exists, "\n")+"\n\nalready exist in "+s.folder+". Replace them?", func(ok bool) {
			if ok {
				s.run(o, xlsx, pdf, csvDir, true)
			}
		}, s.o.Window)
		return
	}
	s.run(o, xlsx, pdf, csvDir, false)
}

// run exports in the background and says what was written.
func (s *reportsScreen) run(o report.Options, xlsx, pdfPath, csvDir string, overwrite bool) {
	s.setBusy(true, "Making the report…")
	paper := s.paper.Selected
	s.o.Run(func() {
		ctx := context.Background()
		var written []string
		var warnings []string
		err := s.o.Source.SaveBranding(ctx, o.Branding)
		var pack report.Pack
		if err == nil {
			pack, err = readPack(ctx, s.o.Source, o)
		}
		if err == nil && xlsx != "" {
			err = report.WriteFile(xlsx, overwrite, func(w io.Writer) error {
				var err error
				warnings, err = report.WriteXLSX(w, pack)
				return err
			})
			if err == nil {
				written = append(written, filepath.Base(xlsx))
			}
		}
		if err == nil && pdfPath != "" {
			err = report.WriteFile(pdfPath, overwrite, func(w io.Writer) error {
				return report.WritePDF(w, pack, report.PDFOptions{Paper: paper, Run: s.o.OnUI})
			})
			if err == nil {
				written = append(written, filepath.Base(pdfPath))
			}
		}
		if err == nil && csvDir != "" {
			if err = os.MkdirAll(csvDir, 0o700); err == nil {
				var files []string
				files, err = report.WriteCSV(csvDir, pack, overwrite)
				if err == nil {
					written = append(written, fmt.Sprintf("%s (%d CSV files)", filepath.Base(csvDir), len(files)))
				}
			}
		}
		fyne.Do(func() {
			msg := ""
			if len(written) > 0 {
				msg = "Wrote " + strings.Join(written, ", ") + " in " + s.folder + "."
			}
			if err != nil {
				if errors.Is(err, report.ErrExists) {
					err = data.UserErrorf("%v", err)
				}
				msg = strings.TrimSpace(msg + " " + s.o.Report.text("exporting a report", err))
			}
			for _, w := range warnings {
				msg += "\n" + w
			}
			s.setBusy(false, msg)
		})
	})
}

// doPreview shows the PDF's pages as they will print.
func (s *reportsScreen) doPreview() {
	if s.busy {
		return
	}
	o, err := s.options()
	if err != nil {
		s.showStatus(s.o.Report.text("checking the report", err))
		return
	}
	s.setBusy(true, "Drawing the preview…")
	paper := s.paper.Selected
	s.o.Run(func() {
		pack, err := readPack(context.Background(), s.o.Source, o)
		var pages [][]byte
		if err == nil {
			pages, err = report.PreviewPages(pack, report.PDFOptions{Paper: paper, Run: s.o.OnUI})
		}
		fyne.Do(func() {
			s.setBusy(false, "")
			if err != nil {
				s.showStatus(s.o.Report.text("drawing the preview", err))
				return
			}
			s.status.Hide()
			s.preview.RemoveAll()
			s.preview.Add(heading(fmt.Sprintf("Preview: %d pages", len(pages))))
			for i, pg := range pages {
				img := canvas.NewImageFromResource(fyne.NewStaticResource(fmt.Sprintf("page-%d.png", i+1), pg))
				img.FillMode = canvas.ImageFillContain
				img.SetMinSize(fyne.NewSize(420, 594))
				s.preview.Add(img)
			}
		})
	})
}

// readPack reads a report; when a channel of the remembered comparison is
// gone, it compares the defaults.
func readPack(ctx context.Context, src ReportSource, o report.Options) (report.Pack, error) {
	p, err := report.Read(ctx, src, o)
	if err != nil && o.Compare != ([2]string{}) {
		o.Compare = [2]string{}
		p, err = report.Read(ctx, src, o)
	}
	return p, err
}
