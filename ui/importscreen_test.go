package ui

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
	"lastmile/data/civil"
	importer "lastmile/import"
)

// samples is the repository's copy of the shared synthetic exports.
const samples = "../testdata/samples"

// expectedRecords reads how many records the import package's independent
// oracle (import/testdata/expected) counted in a shared sample.
func expectedRecords(t *testing.T, rel string) int {
	t.Helper()
	b, err := os.ReadFile("../import/testdata/expected/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]struct {
		Records int `json:"records"`
		Rows    int `json:"rows"`
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	e, ok := all[rel]
	if !ok {
		t.Fatalf("no expectation for %s", rel)
	}
	if e.Records > 0 {
		return e.Records
	}
	return e.Rows
}

// newTestImport makes an empty workspace and its import screen in a window.
func newTestImport(t *testing.T) (*importScreen, *data.Workspace, fyne.Window, *int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.lastmile")
	ws, err := data.Create(context.Background(), path, data.Settings{
		BusinessName: "Ridgeline Outfitters", TimeZone: "America/Denver", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 180,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	imported := 0
	s := newImportScreen(importOptions{Workspace: ws, Window: win, Run: inline, Now: fixedNow, TmpDir: t.TempDir(), OnImported: func() { imported++ }})
	win.SetContent(s.content)
	win.Resize(fyne.NewSize(1200, 900))
	return s, ws, win, &imported
}

// screenText is everything visible in the window and its dialogs.
func screenText(w fyne.Window) string {
	return strings.Join(visibleTexts(w.Canvas().Content()), "|") + "|" + dialogTexts(w)
}

func findButtonPrefix(o fyne.CanvasObject, prefix string) *widget.Button {
	var found *widget.Button
	walkObjects(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && strings.HasPrefix(b.Text, prefix) && found == nil {
			found = b
		}
	})
	return found
}

// tapDialogButton taps a button of the dialog on top.
func tapDialogButton(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is open to tap %q", label)
	}
	var b *widget.Button
	if p, ok := top.(*widget.PopUp); ok {
		b = findButton(p.Content, label)
	}
	if b == nil {
		b = findButton(top, label)
	}
	if b == nil {
		t.Fatalf("the dialog has no %q button: %s", label, dialogTexts(w))
	}
	test.Tap(b)
}

func TestImportScreenImportsAFileAndUndoesIt(t *testing.T) {
	s, ws, win, imported := newTestImport(t)
	ctx := context.Background()
	if got := screenText(win); !strings.Contains(got, "Nothing has been imported into this workspace yet.") {
		t.Errorf("an empty workspace's history says %q", got)
	}
	rel := "samples/shopify/orders_export_1.csv"
	want := expectedRecords(t, rel)
	s.add(filepath.Join(samples, "shopify/orders_export_1.csv"))

	got := screenText(win)
	for _, w := range []string{"orders_export_1.csv: Shopify orders (format recognised)", "Line", "Import " + countText(want) + " records"} {
		if !strings.Contains(got, w) {
			t.Errorf("the card lacks %q: %s", w, got)
		}
	}
	if len(s.cards.Objects) != 1 {
		t.Fatalf("%d cards", len(s.cards.Objects))
	}
	test.Tap(findButton(s.content, "Import "+countText(want)+" records"))
	if *imported != 1 {
		t.Errorf("OnImported called %d times", *imported)
	}
	batches, err := ws.Batches(ctx)
	if err != nil || len(batches) != 1 || batches[0].Added != want {
		t.Fatalf("after import: %+v, %v", batches, err)
	}
	got = screenText(win)
	for _, w := range []string{"Imported as batch 1: " + countText(want) + " records added.", "#1  orders_export_1.csv", "Undo"} {
		if !strings.Contains(got, w) {
			t.Errorf("after import the screen lacks %q: %s", w, got)
		}
	}
	if findButtonPrefix(s.content, "Import ") != nil {
		t.Error("the Import button is still offered after importing")
	}

	// The same file again: nothing to do, and it says so.
	s.add(filepath.Join(samples, "shopify/orders_export_1.csv"))
	if got := screenText(win); !strings.Contains(got, "Already imported on") {
		t.Errorf("a second copy is not recognised: %s", got)
	}
	if b := findButtonPrefix(s.cards.Objects[0], "Import "); b != nil {
		t.Errorf("the second copy offers %q", b.Text)
	}

	// Undo asks first, then removes the batch.
	test.Tap(findButton(s.history, "Undo"))
	if d := dialogTexts(win); !strings.Contains(d, "Its "+countText(want)+" records will be removed") {
		t.Fatalf("the undo question says %q", d)
	}
	tapDialogButton(t, win, "Yes")
	if batches, _ := ws.Batches(ctx); len(batches) != 0 {
		t.Errorf("%d batches after undo", len(batches))
	}
	if *imported != 2 {
		t.Errorf("OnImported called %d times after undo", *imported)
	}
	if got := screenText(win); !strings.Contains(got, "Nothing has been imported into this workspace yet.") {
		t.Errorf("history after undo: %s", got)
	}
}

func TestImportScreenBadRowsAreListedAndLeftOut(t *testing.T) {
	s, ws, win, _ := newTestImport(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "Campaign report.csv")
	b, err := os.ReadFile(filepath.Join(samples, "google-ads/Campaign report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Spoil the cost of the first daily row (the rows without a day are
	// campaign totals, which are left out anyway).
	lines := strings.Split(string(b), "\n")
	header, cost, day := -1, -1, -1
	for i, l := range lines {
		if strings.Contains(l, ",Cost,") {
			header = i
			for j, c := range strings.Split(l, ",") {
				switch c {
				case "Cost":
					cost = j
				case "Day":
					day = j
				}
			}
			break
		}
	}
	if header < 0 || cost < 0 || day < 0 {
		t.Fatal("no header with Day and Cost in the sample")
	}
	target := -1
	for i := header + 1; i < len(lines); i++ {
		if cells := strings.Split(lines[i], ","); len(cells) > cost && cells[day] != "" {
			cells[cost] = "twelve"
			lines[i] = strings.Join(cells, ",")
			target = i
			break
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	want := expectedRecords(t, "samples/google-ads/Campaign report.csv") - 1

	s.add(path)
	got := screenText(win)
	line := target + 1 // lines count from 1
	for _, w := range []string{"1 row cannot be imported as it is:", "line " + itoa(line), "\"twelve\"", "Read again"} {
		if !strings.Contains(got, w) {
			t.Errorf("the card lacks %q: %s", w, got)
		}
	}
	btn := findButtonPrefix(s.content, "Import the ")
	if btn == nil || btn.Text != "Import the "+countText(want)+" good records" {
		t.Fatalf("import button: %+v", btn)
	}
	test.Tap(btn)
	batches, err := ws.Batches(context.Background())
	if err != nil || len(batches) != 1 || batches[0].Added != want || batches[0].RowsSkipped != 1 {
		t.Fatalf("batches %+v, %v", batches, err)
	}
	report := findButton(s.history, "Rows left out")
	if report == nil || report.Disabled() {
		t.Fatal("no report for a batch that left a row out")
	}
	test.Tap(report)
	if d := dialogTexts(win); !strings.Contains(d, "line "+itoa(line)) || !strings.Contains(d, "twelve") {
		t.Errorf("the report says %q", d)
	}
}

func itoa(n int) string { return countText(n) }

func TestImportScreenForeignCurrencyNeedsARate(t *testing.T) {
	s, ws, win, _ := newTestImport(t)
	path := filepath.Join(t.TempDir(), "eu-orders.csv")
	csv := "Order,Date,Email,Total,Currency\nA-1,03/02/2025,ana@example.com,100.00,EUR\nA-2,03/03/2025,bo@example.com,50.00,EUR\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(path)
	if got := screenText(win); !strings.Contains(got, "eu-orders.csv is in EUR, but this workspace counts money in USD") {
		t.Fatalf("no word about the missing rate: %s", got)
	}
	if b := findButtonPrefix(s.content, "Import "); b != nil {
		t.Errorf("a refused file offers %q", b.Text)
	}
	st := ws.Settings()
	st.Rates = "EUR=1.10"
	if err := ws.SaveSettings(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(s.content, "Read again"))
	got := screenText(win)
	if strings.Contains(got, "no exchange rate") {
		t.Fatalf("the rate was not used when reading again: %s", got)
	}
	test.Tap(findButton(s.content, "Import 2 records"))
	march := data.Period{From: civil.Date{Year: 2025, Month: 3, Day: 1}, To: civil.Date{Year: 2025, Month: 3, Day: 31}}
	d, err := ws.Dashboard(context.Background(), march, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if d.Current.Revenue != 16500 { // (100 + 50) × 1.10 = 165.00 dollars
		t.Errorf("revenue %d cents, want 16500", d.Current.Revenue)
	}
}

func TestImportScreenMappingIsSavedAndReused(t *testing.T) {
	s, ws, win, _ := newTestImport(t)
	dir := t.TempDir()
	csv := "Ref;When;Who;Buyer mail;Paid (USD)\nX-1;03/02/2025;Ana Peña;ana@example.com;120.00\nX-2;03/05/2025;Bo Li;bo@example.com;80.50\n"
	first := filepath.Join(dir, "till-march.csv")
	if err := os.WriteFile(first, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(first)
	c := s.cardFor(first)
	if c == nil || c.file == nil {
		t.Fatalf("not read: %s", screenText(win))
	}
	if c.file.Confidence != importer.Guessed {
		t.Fatalf("confidence %s", c.file.Confidence)
	}
	got := screenText(win)
	if !strings.Contains(got, "it guessed which column holds what") {
		t.Errorf("a guess is not flagged: %s", got)
	}
	if strings.Contains(got, "Ana Peña") {
		t.Fatal("the guess already found the customer column: this test needs a header it cannot guess")
	}
	test.Tap(findButton(s.content, "Change columns…"))
	e := c.editor
	if e == nil {
		t.Fatal("no mapping dialog")
	}
	e.kind.SetSelected("Sales")
	e.selects[importer.FOrderID].SetSelected("Ref")
	e.selects[importer.FDate].SetSelected("When")
	e.selects[importer.FEmail].SetSelected("Buyer mail")
	e.selects[importer.FTotal].SetSelected("Paid (USD)")
	e.selects[importer.FCustomer].SetSelected("Who")
	e.name.SetText("Till export")
	tapDialogButton(t, win, "Save and preview")

	profiles, err := ws.Profiles(context.Background())
	if err != nil || len(profiles) != 1 || profiles[0].Name != "Till export" {
		t.Fatalf("profiles %+v, %v", profiles, err)
	}
	if got := screenText(win); !strings.Contains(got, "Import 2 records") || !strings.Contains(got, "Ana Peña") {
		t.Fatalf("after mapping: %s", got)
	}

	// The next month's file with the same columns is read with it.
	second := filepath.Join(dir, "till-april.csv")
	if err := os.WriteFile(second, []byte(strings.ReplaceAll(csv, "03/0", "04/0")), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(second)
	if got := screenText(win); !strings.Contains(got, "till-april.csv: Till export (read with your saved columns)") {
		t.Errorf("the saved profile was not used: %s", got)
	}
}

func TestShellImportsDroppedFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Ridgeline.lastmile")
	w, err := data.Create(context.Background(), path, data.Settings{BusinessName: "Ridgeline Outfitters", TimeZone: "America/Denver"})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	s, _ := newTestShell(t, Options{Workspace: path})
	if got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|"); !strings.Contains(got, "This workspace holds no data yet.") {
		t.Errorf("an empty workspace's dashboard gives no hint: %s", got)
	}
	abs, err := filepath.Abs(filepath.Join(samples, "meta-ads/Ridgeline-Outfitters-Campaigns-Mar-1-2025-May-31-2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(abs)})
	got := strings.Join(visibleTexts(s.win.Canvas().Content()), "|")
	if !strings.Contains(got, "Meta Ads Manager report (format recognised)") {
		t.Fatalf("the dropped file is not on the import screen: %s", got)
	}
	test.Tap(findButtonPrefix(s.win.Canvas().Content(), "Import 1"))
	batches, err := s.ws.Batches(context.Background())
	if err != nil || len(batches) != 1 {
		t.Fatalf("batches %+v, %v", batches, err)
	}
	// Back on the dashboard the hint is gone.
	s.nav.Select(s.screenIndex("Dashboard"))
	got = strings.Join(visibleTexts(s.win.Canvas().Content()), "|")
	if strings.Contains(got, "This workspace holds no data yet.") {
		t.Error("the empty-workspace hint stays after an import")
	}
	// The last 30 days hold nothing; the dashboard offers the file's days.
	if !strings.Contains(got, "Nothing was imported for this period.") {
		t.Fatalf("no way to the imported days: %s", got)
	}
	show := findButtonPrefix(s.win.Canvas().Content(), "Show 1 Mar – 31 May 2025")
	if show == nil {
		t.Fatalf("no button to the imported days: %s", got)
	}
	test.Tap(show)
	got = strings.Join(visibleTexts(s.win.Canvas().Content()), "|")
	// $5,820.16 of Meta spend in the oracle's figures (expected.json).
	if !strings.Contains(got, "1 Mar – 31 May 2025 (92 days)") || !strings.Contains(got, "$5,820") {
		t.Errorf("after choosing the imported days: %s", got)
	}
	if strings.Contains(got, "Nothing was imported for this period.") {
		t.Error("the hint stays on the imported days")
	}
}

func TestOpenFilesShowsAFileDialog(t *testing.T) {
	s, _, win, _ := newTestImport(t)
	test.Tap(findButton(s.content, "Open files…"))
	if d := dialogTexts(win); !strings.Contains(d, "Import a file") {
		t.Errorf("no file dialog: %q", d)
	}
}

func TestMenuFileDialogsOpen(t *testing.T) {
	s, _ := newTestShell(t, Options{})
	s.openWorkspace()
	if d := dialogTexts(s.win); !strings.Contains(d, "Open a workspace") {
		t.Errorf("no open dialog: %q", d)
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
	s.importFiles()
	if d := dialogTexts(s.win); !strings.Contains(d, "Import a file") {
		t.Errorf("no import dialog: %q", d)
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())

	// New workspace, then Choose… for its folder.
	s.newWorkspace()
	tapDialogButton(t, s.win, "Choose…")
	if n := len(s.win.Canvas().Overlays().List()); n < 2 {
		t.Errorf("no folder dialog over the new-workspace dialog (%d overlays)", n)
	}
}

// deferred collects background work to run when the test says.
type deferred struct{ work []func() }

func (d *deferred) run(f func()) { d.work = append(d.work, f) }

func (d *deferred) flush() {
	for len(d.work) > 0 {
		f := d.work[0]
		d.work = d.work[1:]
		f()
	}
}

func TestCardButtonsWaitForBackgroundWork(t *testing.T) {
	s, ws, win, _ := newTestImport(t)
	bg := &deferred{}
	s.o.Run = bg.run
	path := filepath.Join(samples, "shopify/orders_export_1.csv")
	s.add(path)
	c := s.cardFor(path)
	if b := findButton(c.box, "Cancel"); b == nil || b.Disabled() {
		t.Fatal("no Cancel while reading")
	}
	bg.flush()
	imp := findButtonPrefix(c.box, "Import ")
	if imp == nil {
		t.Fatalf("not read: %s", screenText(win))
	}

	// While the columns are applied, nothing else can be pressed.
	test.Tap(findButton(c.box, "Change columns…"))
	c.editor.name.SetText("My Shopify")
	tapDialogButton(t, win, "Save and preview")
	for _, label := range []string{imp.Text, "Change columns…", "Remove"} {
		if b := findButton(c.box, label); b == nil || !b.Disabled() {
			t.Errorf("%q can be pressed while the columns are applied", label)
		}
	}
	if findButton(c.box, "Cancel") == nil {
		t.Error("no Cancel while the columns are applied")
	}
	bg.flush()
	if b := findButtonPrefix(c.box, "Import "); b == nil || b.Disabled() {
		t.Fatal("Import is not back after the columns were applied")
	}

	// While importing, the shell will not switch workspaces or quit
	// without asking.
	test.Tap(findButtonPrefix(c.box, "Import "))
	if name, busy := s.busy(); !busy || name != "orders_export_1.csv" {
		t.Errorf("busy() = %q, %v during an import", name, busy)
	}
	if b := findButtonPrefix(c.box, "Import "); b == nil || !b.Disabled() {
		t.Error("Import can be pressed twice")
	}
	bg.flush()
	if _, busy := s.busy(); busy {
		t.Error("still busy after the import")
	}
	if batches, _ := ws.Batches(context.Background()); len(batches) != 1 {
		t.Errorf("%d batches", len(batches))
	}
}

func TestRemovedCardShowsNothingLater(t *testing.T) {
	s, ws, win, _ := newTestImport(t)
	bg := &deferred{}
	s.o.Run = bg.run
	path := filepath.Join(samples, "hubspot/hubspot-crm-exports-all-contacts-2025-06-02.csv")
	s.add(path)
	c := s.cardFor(path)
	s.discard()
	bg.flush()
	if c.file != nil {
		t.Error("a discarded card took the file it read")
	}
	if got := screenText(win); strings.Contains(got, "HubSpot") {
		t.Errorf("a discarded card was filled in: %s", got)
	}
	if batches, _ := ws.Batches(context.Background()); len(batches) != 0 {
		t.Error("something was imported")
	}
}

func TestShellWillNotLeaveDuringAnImport(t *testing.T) {
	s, _ := newTestShell(t, Options{})
	demoPath := s.ws.Path()
	bg := &deferred{}
	s.showImport()
	s.importScreen().o.Run = bg.run
	path, _ := filepath.Abs(filepath.Join(samples, "square/transactions-2025-03-01-2025-06-01.csv"))
	s.importScreen().add(path)
	bg.flush()
	test.Tap(findButtonPrefix(s.importScreen().content, "Import 46"))
	other := filepath.Join(t.TempDir(), "Other.lastmile")
	w, err := data.Create(context.Background(), other, data.Settings{BusinessName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	s.open(other, false)
	if s.ws.Path() != demoPath {
		t.Fatal("switched workspaces during an import")
	}
	if d := dialogTexts(s.win); !strings.Contains(d, "Lastmile is importing transactions-2025-03-01-2025-06-01.csv") {
		t.Errorf("no explanation: %q", d)
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
	s.quit()
	if d := dialogTexts(s.win); !strings.Contains(d, "Quitting now cancels that import") {
		t.Errorf("quit did not ask: %q", d)
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
	bg.flush()
	s.open(other, false)
	if s.ws.Path() != other {
		t.Error("did not switch after the import finished")
	}
}

// TestImportScreenHoldsAFileThatMissesItsOwnTotal: a report whose rows add
// up to less than its own "Total: Account" row shows both figures and
// imports nothing until a person chooses; keeping the difference stores
// the account's spend.
func TestImportScreenHoldsAFileThatMissesItsOwnTotal(t *testing.T) {
	s, ws, win, imported := newTestImport(t)
	path := filepath.Join(t.TempDir(), "Campaign report.csv")
	csv := "Campaign report\n\"March 1, 2025 - March 31, 2025\"\n" +
		"Campaign,Currency code,Cost,Impr.,Clicks\n" +
		"Spring Sale,USD,100.00,1000,50\nTrail Shoes,USD,40.00,400,20\n" +
		"Total: Account,USD,150.00,1500,75\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(path)
	got := screenText(win)
	for _, want := range []string{"$140.00", "$150.00", "$10.00", "Total: Account"} {
		if !strings.Contains(got, want) {
			t.Errorf("the held file does not say %s: %s", want, got)
		}
	}
	if b := findButtonPrefix(s.content, "Import "); b != nil && b.Text != "Import the listed rows only" {
		t.Errorf("a held file offers %q", b.Text)
	}
	test.Tap(findButton(s.content, "Keep the $10.00 as one record"))
	test.Tap(findButton(s.content, "Import 3 records"))
	if *imported != 1 {
		t.Fatalf("imported %d times: %s", *imported, screenText(win))
	}
	march := data.Period{From: civil.Date{Year: 2025, Month: 3, Day: 1}, To: civil.Date{Year: 2025, Month: 3, Day: 31}}
	d, err := ws.Dashboard(context.Background(), march, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if d.Current.Spend != 15000 {
		t.Errorf("spend %v cents, want the account's 15000", d.Current.Spend)
	}
}

// TestImportScreenAsksForTheCampaign: a keyword report downloaded from
// inside one campaign has no Campaign column; the card asks for it, reads
// the file as that campaign, and the next file like it is read the same way.
func TestImportScreenAsksForTheCampaign(t *testing.T) {
	s, ws, win, imported := newTestImport(t)
	report := "Search keyword report\n\"March 1, 2025 - March 31, 2025\"\n" +
		"Keyword,Match type,Ad group,Currency code,Cost,Impr.,Clicks\n" +
		"trail shoes,Phrase match,Shoes,USD,30.00,300,12\nhiking boots,Broad match,Boots,USD,20.00,200,8\n" +
		"Total: Campaign,,,USD,50.00,500,20\n"
	path := filepath.Join(t.TempDir(), "Search keyword report.csv")
	if err := os.WriteFile(path, []byte(report), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(path)
	if got := screenText(win); !strings.Contains(got, "downloaded from inside one campaign") {
		t.Fatalf("no question about the campaign: %s", got)
	}
	var entry *widget.Entry
	walkObjects(s.content, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && entry == nil {
			entry = e
		}
	})
	if entry == nil {
		t.Fatal("no field to name the campaign")
	}
	test.Type(entry, "Trail Search")
	test.Tap(findButton(s.content, "Read as this campaign"))
	test.Tap(findButton(s.content, "Import 2 records"))
	if *imported != 1 {
		t.Fatalf("not imported: %s", screenText(win))
	}
	db, err := sql.Open("sqlite3", "file:"+ws.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var campaigns string
	if err := db.QueryRow(`SELECT group_concat(DISTINCT campaign) FROM ad_stats`).Scan(&campaigns); err != nil || campaigns != "Trail Search" {
		t.Errorf("stored campaigns %q (%v), want Trail Search", campaigns, err)
	}
	// The next file like it needs no question.
	path2 := filepath.Join(t.TempDir(), "Search keyword report (1).csv")
	if err := os.WriteFile(path2, []byte(strings.Replace(report, "30.00", "31.00", 1)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(path2)
	if got := screenText(win); !strings.Contains(got, `taken to be campaign "Trail Search"`) {
		t.Errorf("the second file does not use the remembered campaign: %s", got)
	}
}

// TestMappingKeepsChoicesAcrossKinds: changing what the file holds keeps
// the columns already chosen for the fields both kinds have.
func TestMappingKeepsChoicesAcrossKinds(t *testing.T) {
	s, _, _, _ := newTestImport(t)
	path := filepath.Join(t.TempDir(), "sheet.csv")
	if err := os.WriteFile(path, []byte("When,Who,Buyer mail,Paid (USD)\n03/02/2025,Ana,ana@example.com,10.00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.add(path)
	c := s.cardFor(path)
	e := c.editMapping()
	e.kind.SetSelected("Sales")
	e.selects[importer.FEmail].SetSelected("Buyer mail")
	e.selects[importer.FCustomer].SetSelected("Who")
	e.kind.SetSelected("Leads")
	if got := e.selects[importer.FEmail].Selected; got != "Buyer mail" {
		t.Errorf("after switching to leads the email is %q, want Buyer mail", got)
	}
	e.kind.SetSelected("Sales")
	if got := e.selects[importer.FCustomer].Selected; got != "Who" {
		t.Errorf("after switching back the customer is %q, want Who", got)
	}
}

// One record is "Import 1 record", and rows added into it say why: the
// rows of one campaign, ad set and day.
func TestImportScreenSaysOneRecord(t *testing.T) {
	s, _, win, _ := newTestImport(t)
	path := filepath.Join(t.TempDir(), "Shop-Ads-May-1-2025-May-31-2025.csv")
	body := "Ads,\"Amount spent (USD)\",Impressions,\"Reporting starts\",\"Reporting ends\"\n" +
		"\"Spring video\",12.50,1000,2025-05-01,2025-05-31\n\"Spring photo\",7.50,800,2025-05-01,2025-05-31\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s.add(path)
	got := screenText(win)
	for _, w := range []string{"no campaign named in the file", "2 data rows make 1 record: the rows of one campaign, ad set and day", "Import 1 record"} {
		if !strings.Contains(got, w) {
			t.Errorf("the card lacks %q: %s", w, got)
		}
	}
	if findButton(s.content, "Import 1 record") == nil {
		t.Error("no Import 1 record button")
	}
}
