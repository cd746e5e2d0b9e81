package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
)

// newWorkspace asks for a business name, a folder, a currency and a time
// zone, then creates the workspace file and opens it.
func (s *Shell) newWorkspace() {
	if !s.canLeave() {
		return
	}
	def := data.DefaultSettings()
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. Ridgeline Outfitters")
	folder := defaultFolder()
	folderLabel := widget.NewLabel(folder)
	folderLabel.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButton("Choose…", func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				folder = u.Path()
				folderLabel.SetText(folder)
			}
		}, s.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
			d.SetLocation(l)
		}
		d.Show() // before Resize: a file dialog has no content to size until shown
		d.Resize(s.win.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
	})
	currency := widget.NewSelectEntry(commonCurrencies)
	currency.SetText(def.Currency)
	tz := widget.NewSelectEntry(commonTimeZones)
	tz.SetText(def.TimeZone)
	note := widget.NewLabel("One workspace per business: a consultant makes one for each client. The file stays on this computer.")
	note.Wrapping = fyne.TextWrapWord

	items := []*widget.FormItem{
		widget.NewFormItem("Business name", name),
		widget.NewFormItem("Save in", container.NewBorder(nil, nil, nil, choose, folderLabel)),
		{Text: "Currency", Widget: currency, HintText: "The money your sales and ads are counted in."},
		{Text: "Time zone", Widget: tz, HintText: "Sales and leads are counted on this zone's dates."},
		widget.NewFormItem("", note),
	}
	d := dialog.NewForm("New workspace", "Create", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		biz := strings.TrimSpace(name.Text)
		if biz == "" {
			biz = "My business"
		}
		path := filepath.Join(folder, fileNameFor(biz)+data.FileExt)
		set := data.Settings{
			BusinessName: biz,
			TimeZone:     strings.TrimSpace(tz.Text),
			Currency:     strings.ToUpper(strings.TrimSpace(currency.Text)),
		}
		s.run(func() {
			w, err := data.Create(context.Background(), path, set)
			fyne.Do(func() {
				if err != nil {
					s.showError("Cannot create the workspace", "creating a workspace", err)
					return
				}
				s.switchTo(w)
			})
		})
	}, s.win)
	d.Resize(fyne.NewSize(560, 1))
	d.Show()
}

// defaultFolder is where new workspaces go unless the person picks another
// folder: Documents when there is one, else the home folder.
func defaultFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	docs := filepath.Join(home, "Documents")
	if fi, err := os.Stat(docs); err == nil && fi.IsDir() {
		return docs
	}
	return home
}

// fileNameFor makes a file name from a business name, dropping characters
// that are not allowed in file names on Windows, macOS or Linux.
func fileNameFor(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if name == "" {
		return "My business"
	}
	return name
}
