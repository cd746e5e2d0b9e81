package ui

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/demo"
)

// screen is one entry of the navigation sidebar.
type screen struct {
	title string
	icon  fyne.Resource
	make  func(s *Shell) fyne.CanvasObject
}

// Shell is the main window: the navigation sidebar, the open workspace and
// the menus that switch it.
type Shell struct {
	app    fyne.App
	win    fyne.Window
	opts   Options
	log    *slog.Logger
	report reporter
	run    runner

	ws      *data.Workspace
	imports *importScreen // the workspace's import screen, kept while it is open
	screens []screen
	nav     *widget.List
	body    *fyne.Container
	banner  *fyne.Container
	current int
	first   bool // the first frame with data has not been reported yet
	// filter is what the next Leads or Sales screen shows, set when a
	// dashboard figure is opened to its rows.
	filter rowFilter
}

// Run builds the main window, opens the start-up workspace and runs the app
// until the window closes.
func Run(a fyne.App, o Options) {
	s := New(a, o)
	s.win.ShowAndRun()
	s.closeWorkspace()
}

// New builds the main window and starts opening the start-up workspace in
// the background. It does not show the window.
func New(a fyne.App, o Options) *Shell {
	return newShell(a, o, goroutine)
}

// newShell is New with the way background work is started; tests run it
// inline.
func newShell(a fyne.App, o Options, run runner) *Shell {
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Shell{app: a, opts: o, log: o.Log, run: run, first: true, current: -1}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.report = reporter{log: s.log, logPath: o.LogPath}
	s.win = a.NewWindow("Lastmile")
	s.win.SetMaster()
	prefs := a.Preferences()
	s.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWidth, 1180)),
		float32(prefs.FloatWithFallback(prefHeight, 780))))
	s.win.SetOnClosed(func() {
		size := s.win.Canvas().Size()
		if size.Width > 100 && size.Height > 100 {
			prefs.SetFloat(prefWidth, float64(size.Width))
			prefs.SetFloat(prefHeight, float64(size.Height))
		}
	})
	s.win.SetCloseIntercept(s.quit)
	s.screens = []screen{
		{"Dashboard", theme.HomeIcon(), func(s *Shell) fyne.CanvasObject { return s.dashboardScreen() }},
		{"Leads", theme.AccountIcon(), func(s *Shell) fyne.CanvasObject { return s.leadsScreen() }},
		{"Sales", theme.ListIcon(), func(s *Shell) fyne.CanvasObject { return s.salesScreen() }},
		{"Channels", theme.StorageIcon(), func(s *Shell) fyne.CanvasObject { return s.channelsScreen() }},
		{"Stock", theme.GridIcon(), func(s *Shell) fyne.CanvasObject { return s.stockScreen() }},
		{"Reports", theme.DocumentPrintIcon(), func(s *Shell) fyne.CanvasObject { return s.reportsScreen() }},
		{"Import", theme.UploadIcon(), func(s *Shell) fyne.CanvasObject { return s.importScreen().content }},
		{"Workspace settings", theme.SettingsIcon(), func(s *Shell) fyne.CanvasObject { return s.settingsScreen() }},
	}
	s.nav = widget.NewList(
		func() int { return len(s.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("Workspace settings"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(s.screens[i].icon)
			row.Objects[1].(*widget.Label).SetText(s.screens[i].title)
		})
	s.nav.OnSelected = func(i widget.ListItemID) {
		if i != s.current {
			s.show(i)
		}
	}
	s.body = container.NewStack(s.placeholder("Opening the workspace…"))
	s.banner = container.NewStack()
	split := container.NewHSplit(s.nav, s.body)
	split.Offset = 0.18
	s.win.SetContent(container.NewBorder(s.banner, nil, nil, nil, split))
	s.win.SetMainMenu(s.menu())
	s.shortcuts()
	s.win.SetOnDropped(s.dropped)

	path, isDemo := s.startupWorkspace()
	s.open(path, isDemo)
	return s
}

// Window returns the main window.
func (s *Shell) Window() fyne.Window { return s.win }

// startupWorkspace decides what to open first: the --workspace argument, or
// the demo when asked, or the last workspace used, or the demo.
func (s *Shell) startupWorkspace() (string, bool) {
	switch {
	case s.opts.Workspace != "":
		return s.opts.Workspace, false
	case s.opts.Demo:
		return s.opts.DemoPath, true
	}
	last := s.app.Preferences().String(prefLastWorkspace)
	if last != "" && last != s.opts.DemoPath {
		if _, err := os.Stat(last); err == nil {
			return last, false
		}
	}
	return s.opts.DemoPath, true
}

// placeholder is a centred line of text shown while the body has nothing
// else to show.
func (s *Shell) placeholder(text string) fyne.CanvasObject {
	return container.NewCenter(container.NewVBox(widget.NewActivity(), widget.NewLabel(text)))
}

// open opens (or, for the demo, makes and opens) a workspace in the
// background and switches the window to it. On failure the current
// workspace stays open and a dialog says why.
func (s *Shell) open(path string, isDemo bool) {
	if !s.canLeave() {
		return
	}
	if s.ws != nil {
		if abs, err := filepath.Abs(path); err == nil && abs == s.ws.Path() {
			s.nav.Select(0) // it is open already: show its dashboard
			return
		}
	}
	s.run(func() {
		ctx := context.Background()
		var w *data.Workspace
		var err error
		switch {
		case isDemo:
			w, err = demo.Ensure(ctx, path, demo.Today(s.opts.Now()))
		default:
			w, err = data.Open(ctx, path)
		}
		fyne.Do(func() {
			if err != nil {
				s.showError("Cannot open this workspace", "opening a workspace", err)
				if s.ws == nil && !isDemo && s.opts.DemoPath != "" {
					// Nothing is open yet: fall back to the demo. Files given
					// to import were meant for the workspace that failed, not
					// for the demo.
					s.opts.Import = nil
					s.open(s.opts.DemoPath, true)
				} else if s.ws == nil {
					s.body.Objects = []fyne.CanvasObject{s.placeholder("No workspace is open. Use New workspace or Open workspace in the File menu.")}
					s.body.Refresh()
				}
				return
			}
			s.switchTo(w)
		})
	})
}

// switchTo makes w the open workspace, closing the previous one.
func (s *Shell) switchTo(w *data.Workspace) {
	old := s.ws
	s.ws = w
	if s.imports != nil {
		s.imports.discard() // files being read belong to the old workspace
		s.imports = nil
	}
	if old != nil {
		// Closing checkpoints the WAL, which can take a moment after a big
		// import: do it off the UI goroutine.
		s.run(func() {
			if err := old.Close(); err != nil {
				s.log.Error("close workspace", "path", old.Path(), "err", err)
			}
		})
	}
	s.remember(w)
	s.win.SetTitle("Lastmile — " + w.Name())
	s.updateBanner()
	s.win.SetMainMenu(s.menu())
	s.current = -1
	if files := s.opts.Import; len(files) > 0 {
		s.opts.Import = nil
		s.showImport()
		for _, f := range files {
			s.importScreen().add(f)
		}
		s.firstFrame()
		return
	}
	s.nav.Select(0) // shows the dashboard, unless it was selected already
	if s.current != 0 {
		s.show(0)
	}
}

func (s *Shell) closeWorkspace() {
	if s.ws != nil {
		if err := s.ws.Close(); err != nil {
			s.log.Error("close workspace", "err", err)
		}
		s.ws = nil
	}
}

// remember puts w at the top of the recent list and makes it the one to
// open next time.
func (s *Shell) remember(w *data.Workspace) {
	prefs := s.app.Preferences()
	prefs.SetString(prefLastWorkspace, w.Path())
	if w.Settings().Demo {
		return
	}
	recent := slices.DeleteFunc(prefs.StringList(prefRecent), func(p string) bool { return p == w.Path() })
	recent = append([]string{w.Path()}, recent...)
	if len(recent) > maxRecent {
		recent = recent[:maxRecent]
	}
	prefs.SetStringList(prefRecent, recent)
}

// updateBanner shows the demo notice with a way to start a real workspace.
func (s *Shell) updateBanner() {
	s.banner.Objects = nil
	if s.ws != nil && s.ws.Settings().Demo {
		msg := widget.NewLabel("Demo workspace: the figures of an invented furniture shop, to show what Lastmile does. Nothing you do here touches your own data.")
		msg.Wrapping = fyne.TextWrapWord
		start := widget.NewButtonWithIcon("Start your own workspace…", theme.ContentAddIcon(), s.newWorkspace)
		start.Importance = widget.HighImportance
		tag := widget.NewLabelWithStyle("DEMO", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		tag.Importance = widget.WarningImportance
		s.banner.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(nil, nil, tag, start, msg))}
	}
	s.banner.Refresh()
}

// show switches the body to screen i.
func (s *Shell) show(i int) {
	if s.ws == nil || i < 0 || i >= len(s.screens) {
		return
	}
	s.current = i
	s.body.Objects = []fyne.CanvasObject{container.NewPadded(s.screens[i].make(s))}
	s.body.Refresh()
}

func (s *Shell) rowsOptions() rowsOptions {
	f := s.filter
	s.filter = rowFilter{}
	return rowsOptions{Source: s.ws, Window: s.win, Report: s.report, Run: s.run, Filter: f, Now: s.opts.Now}
}

func (s *Shell) leadsScreen() fyne.CanvasObject { return newLeadsScreen(s.rowsOptions()).content }

func (s *Shell) salesScreen() fyne.CanvasObject { return newSalesScreen(s.rowsOptions()).content }

func (s *Shell) stockScreen() fyne.CanvasObject {
	return newStockScreen(stockOptions{Source: s.ws, Window: s.win, Report: s.report, Run: s.run, Now: s.opts.Now}).content
}

func (s *Shell) reportsScreen() fyne.CanvasObject {
	return newReportsScreen(reportsOptions{Source: s.ws, Window: s.win, Report: s.report, Run: s.run, Now: s.opts.Now, OnUI: fyne.DoAndWait, Prefs: s.app.Preferences()}).content
}

func (s *Shell) channelsScreen() fyne.CanvasObject {
	return newChannelsScreen(channelsOptions{Source: s.ws, Window: s.win, Report: s.report, Run: s.run}).content
}

// openRows shows the Leads or Sales screen with a filter: the rows behind
// a figure of the dashboard.
func (s *Shell) openRows(title string, f rowFilter) {
	s.filter = f
	i := s.screenIndex(title)
	if i == s.current {
		s.show(i)
		return
	}
	s.nav.Select(i)
}

func (s *Shell) dashboardScreen() fyne.CanvasObject {
	d := newDashboard(dashboardOptions{
		Source:    s.ws,
		Window:    s.win,
		Prefs:     s.app.Preferences(),
		Now:       s.opts.Now,
		Report:    s.report,
		Run:       s.run,
		Import:    s.showImport,
		OnLoaded:  s.firstFrame,
		Open:      s.openRows,
		OpenStock: func() { s.nav.Select(s.screenIndex("Stock")) },
	})
	return d.content
}

// firstFrame reports, once, that the first screen with content is shown.
func (s *Shell) firstFrame() {
	if s.first {
		s.first = false
		if s.opts.OnFirstFrame != nil {
			s.opts.OnFirstFrame()
		}
	}
}

// quit ends the app; while a file is being imported it asks first, and
// cancels the import (nothing of it is kept) before quitting.
func (s *Shell) quit() {
	name, busy := "", false
	if s.imports != nil {
		name, busy = s.imports.busy()
	}
	if !busy {
		s.app.Quit()
		return
	}
	dialog.ShowConfirm("Quit while importing?",
		fmt.Sprintf("Lastmile is importing %s. Quitting now cancels that import: none of it is kept, and the file can be imported again later.", name),
		func(ok bool) {
			if ok {
				s.imports.discard()
				s.app.Quit()
			}
		}, s.win)
}

// canLeave says whether the open workspace may be closed now; while a file
// is being imported into it, it says why not.
func (s *Shell) canLeave() bool {
	if s.imports == nil {
		return true
	}
	name, busy := s.imports.busy()
	if busy {
		dialog.ShowInformation("An import is running",
			fmt.Sprintf("Lastmile is importing %s into this workspace. Wait for it to finish, or cancel it on the Import screen, then open the other workspace.", name), s.win)
		return false
	}
	return true
}

// screenIndex returns the position of a screen in the sidebar.
func (s *Shell) screenIndex(title string) int {
	for i, sc := range s.screens {
		if sc.title == title {
			return i
		}
	}
	return 0
}

// importScreen returns the open workspace's import screen, made on first
// use and kept, so files being read or imported stay on it.
func (s *Shell) importScreen() *importScreen {
	if s.imports == nil {
		tmp, err := data.PrivateTempDir()
		if err != nil {
			s.log.Warn("no private temporary folder; using the system's", "err", err)
			tmp = ""
		}
		s.imports = newImportScreen(importOptions{Workspace: s.ws, Window: s.win, Report: s.report, Run: s.run, Now: s.opts.Now, TmpDir: tmp})
	}
	return s.imports
}

// showImport switches to the import screen.
func (s *Shell) showImport() {
	s.nav.Select(s.screenIndex("Import"))
}

func (s *Shell) settingsScreen() fyne.CanvasObject {
	return newSettingsScreen(settingsOptions{
		Store:  s.ws,
		Window: s.win,
		Run:    s.run,
		Report: s.report,
		OnSaved: func() {
			s.win.SetTitle("Lastmile — " + s.ws.Name())
			s.updateBanner()
		},
	}).content
}

// menu builds the main menu. Open recent lists the recent workspaces and
// the demo.
func (s *Shell) menu() *fyne.MainMenu {
	var recent []*fyne.MenuItem
	for _, p := range s.app.Preferences().StringList(prefRecent) {
		path := p
		recent = append(recent, fyne.NewMenuItem(path, func() { s.open(path, false) }))
	}
	if len(recent) > 0 {
		recent = append(recent, fyne.NewMenuItemSeparator())
	}
	recent = append(recent, fyne.NewMenuItem("Demo workspace", func() { s.open(s.opts.DemoPath, true) }))
	if len(s.app.Preferences().StringList(prefRecent)) > 0 {
		recent = append(recent, fyne.NewMenuItem("Clear this list", func() {
			s.app.Preferences().SetStringList(prefRecent, nil)
			s.win.SetMainMenu(s.menu())
		}))
	}
	openRecent := fyne.NewMenuItem("Open recent", nil)
	openRecent.ChildMenu = fyne.NewMenu("", recent...)

	newItem := fyne.NewMenuItem("New workspace…", s.newWorkspace)
	newItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	openItem := fyne.NewMenuItem("Open workspace…", s.openWorkspace)
	openItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	importItem := fyne.NewMenuItem("Import files…", s.importFiles)
	importItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
	quit := fyne.NewMenuItem("Quit", s.quit)
	quit.IsQuit = true
	quit.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	return fyne.NewMainMenu(fyne.NewMenu("File", newItem, openItem, openRecent, fyne.NewMenuItemSeparator(), importItem, fyne.NewMenuItemSeparator(), quit))
}

// shortcuts binds the menu's keyboard shortcuts on the window's canvas.
func (s *Shell) shortcuts() {
	c := s.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.newWorkspace() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.openWorkspace() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.quit() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.importFiles() })
}

// openWorkspace asks for a workspace file and opens it.
func (s *Shell) openWorkspace() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError("Cannot open this workspace", "opening a workspace", err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		_ = r.Close()
		s.open(path, false)
	}, s.win)
	d.SetTitleText("Open a workspace")
	d.SetConfirmText("Open")
	d.SetFilter(storage.NewExtensionFileFilter([]string{data.FileExt}))
	if s.ws != nil && !s.ws.Settings().Demo {
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(s.ws.Path()))); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show() // before Resize: a file dialog has no content to size until shown
	d.Resize(s.win.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// importFiles shows the import screen and its file dialog.
func (s *Shell) importFiles() {
	if s.ws == nil {
		return
	}
	s.showImport()
	s.importScreen().choose()
}

// dropped opens a workspace file dropped on the window; any other files
// are imported into the open workspace.
func (s *Shell) dropped(_ fyne.Position, uris []fyne.URI) {
	var files []string
	for _, u := range uris {
		if strings.EqualFold(filepath.Ext(u.Path()), data.FileExt) {
			s.open(u.Path(), false)
			return
		}
		files = append(files, u.Path())
	}
	if len(files) == 0 || s.ws == nil {
		return
	}
	s.showImport()
	for _, f := range files {
		s.importScreen().add(f)
	}
}

// showError shows err in a dialog (see reporter).
func (s *Shell) showError(title, what string, err error) {
	s.report.dialog(s.win, title, what, err)
}
