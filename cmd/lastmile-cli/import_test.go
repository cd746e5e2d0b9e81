package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samples is the repository's copy of the shared synthetic exports.
const samples = "../../testdata/samples"

// emptyWorkspace makes a new workspace with the CLI and returns its path.
func emptyWorkspace(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.lastmile")
	if code, _, stderr := cli(t, "new", "--name", "Ridgeline Outfitters", "--time-zone", "America/Denver", path); code != 0 {
		t.Fatalf("new: %d %s", code, stderr)
	}
	return path
}

func TestImportBatchesAndUndo(t *testing.T) {
	ws := emptyWorkspace(t)
	shopify := filepath.Join(samples, "shopify/orders_export_1.csv")

	// A dry run says what the file holds and stores nothing. The figures
	// are those of the independent oracle (import/testdata/expected):
	// 101 records, 99 sales, $37,491.04 net.
	code, out, stderr := cli(t, "--workspace", ws, "import", "--dry-run", shopify)
	if code != 0 || !strings.Contains(out, "Shopify orders, 1 Mar – 31 May 2025, 99 sales, 1 voided or unpaid, $37,491 net, USD") ||
		!strings.Contains(out, "Dry run: nothing was stored.") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, stderr)
	}
	if _, out, _ := cli(t, "--workspace", ws, "batches"); !strings.Contains(out, "No files have been imported") {
		t.Fatalf("a dry run stored something: %s", out)
	}

	code, out, stderr = cli(t, "--workspace", ws, "import", shopify)
	if code != 0 || !strings.Contains(out, "Imported as batch 1: 101 records added.") {
		t.Fatalf("import: %d\n%s\n%s", code, out, stderr)
	}
	// The same file again changes nothing and is not an error.
	code, out, _ = cli(t, "--workspace", ws, "import", shopify)
	if code != 0 || !strings.Contains(out, "Already imported on") || !strings.Contains(out, "(batch 1). Nothing was changed.") {
		t.Fatalf("second import: %d\n%s", code, out)
	}
	_, out, _ = cli(t, "--workspace", ws, "batches")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Batch") || !strings.Contains(lines[1], "orders_export_1.csv") ||
		!strings.Contains(lines[1], "1 Mar – 31 May 2025") || !strings.Contains(lines[1], " 101 ") {
		t.Fatalf("batches:\n%s", out)
	}

	// The summary of the imported days agrees with the oracle.
	_, out, _ = cli(t, "--workspace", ws, "summary", "--from", "2025-03-01", "--to", "2025-05-31", "--format", "json")
	if !strings.Contains(out, `"revenue": 37491.04`) || !strings.Contains(out, `"sales": 99`) {
		t.Errorf("summary after import: %s", out)
	}

	code, _, stderr = cli(t, "--workspace", ws, "undo", "7")
	if code != 1 || !strings.Contains(stderr, "There is no batch 7 in this workspace.") {
		t.Errorf("undo of a missing batch: %d %s", code, stderr)
	}
	code, out, _ = cli(t, "--workspace", ws, "undo", "1")
	if code != 0 || !strings.Contains(out, "Undid batch 1 (orders_export_1.csv, Shopify orders): its 101 records are gone.") {
		t.Fatalf("undo: %d %s", code, out)
	}
	if _, out, _ := cli(t, "--workspace", ws, "batches"); !strings.Contains(out, "No files have been imported") {
		t.Errorf("after undo: %s", out)
	}
}

func TestImportRefusesWhatItCannotReadAndGoesOn(t *testing.T) {
	ws := emptyWorkspace(t)
	ga4 := filepath.Join(samples, "ga4/data-export.csv")
	meta := filepath.Join(samples, "meta-ads/Ridgeline-Outfitters-Campaigns-Mar-1-2025-May-31-2025.csv")
	code, out, stderr := cli(t, "--workspace", ws, "import", ga4, meta)
	if code != 1 {
		t.Errorf("exit %d, want 1 when a file is not imported", code)
	}
	if !strings.Contains(stderr, "data-export.csv: This is a Google Analytics 4 export") || !strings.Contains(stderr, "1 of 2 files not imported") {
		t.Errorf("stderr: %s", stderr)
	}
	if !strings.Contains(out, "Imported as batch 1: 170 records added.") {
		t.Errorf("the good file after the refused one was not imported: %s", out)
	}
}

func TestImportBadRowsNeedConsent(t *testing.T) {
	ws := emptyWorkspace(t)
	path := filepath.Join(t.TempDir(), "payments.csv")
	csv := "Order,Date,Email,Total\nA-1,03/02/2025,ana@example.com,100.00\nA-2,03/03/2025,bo@example.com,4O.00\nA-3,03/04/2025,cy@example.com,20.00\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	// The guessed columns must be accepted first.
	code, out, stderr := cli(t, "--workspace", ws, "import", path)
	if code != 1 || !strings.Contains(out, "Columns guessed from their names and values") || !strings.Contains(stderr, "--save-profile NAME") {
		t.Fatalf("guessed file: %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = cli(t, "--workspace", ws, "import", "--save-profile", "Till", path)
	if code != 1 || !strings.Contains(stderr, `payments.csv, line 3, column D (Total): "4O.00" is not a number`) ||
		!strings.Contains(stderr, "--skip-bad-rows") {
		t.Fatalf("bad row: %d\n%s\n%s", code, out, stderr)
	}
	if _, out, _ := cli(t, "--workspace", ws, "batches"); !strings.Contains(out, "No files have been imported") {
		t.Fatalf("a file with a bad row was partly imported: %s", out)
	}
	code, out, stderr = cli(t, "--workspace", ws, "import", "--skip-bad-rows", path)
	if code != 0 || !strings.Contains(out, "(read with a saved profile)") || !strings.Contains(out, "2 records added, 1 bad row left out.") {
		t.Fatalf("skip bad rows: %d\n%s\n%s", code, out, stderr)
	}
	_, out, _ = cli(t, "--workspace", ws, "summary", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json")
	if !strings.Contains(out, `"revenue": 120`) {
		t.Errorf("100.00 + 20.00 should be stored: %s", out)
	}
}

func TestSettingsCommandSetsRatesForForeignFiles(t *testing.T) {
	ws := emptyWorkspace(t)
	path := filepath.Join(t.TempDir(), "eu.csv")
	csv := "Order,Date,Email,Total,Currency\nA-1,03/02/2025,ana@example.com,100.00,EUR\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := cli(t, "--workspace", ws, "import", "--save-profile", "EU shop", path)
	if code != 1 || !strings.Contains(stderr, "eu.csv is in EUR, but this workspace counts money in USD") {
		t.Fatalf("without a rate: %d %s", code, stderr)
	}
	code, _, stderr = cli(t, "--workspace", ws, "settings", "--rates", "EUR=one")
	if code != 1 || !strings.Contains(stderr, "must be a positive number") {
		t.Errorf("a bad rate: %d %s", code, stderr)
	}
	code, out, stderr := cli(t, "--workspace", ws, "settings", "--rates", "EUR=1.10")
	if code != 0 || !strings.Contains(out, "EUR=1.10") || !strings.Contains(out, "Saved.") {
		t.Fatalf("settings: %d %s %s", code, out, stderr)
	}
	if code, out, stderr := cli(t, "--workspace", ws, "import", path); code != 0 {
		t.Fatalf("with a rate: %d %s %s", code, out, stderr)
	}
	_, out, _ = cli(t, "--workspace", ws, "summary", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json")
	if !strings.Contains(out, `"revenue": 110`) { // 100.00 EUR × 1.10
		t.Errorf("converted revenue: %s", out)
	}
	// Showing the settings changes nothing.
	code, out, _ = cli(t, "--workspace", ws, "settings")
	if code != 0 || strings.Contains(out, "Saved.") || !strings.Contains(out, "America/Denver") {
		t.Errorf("show settings: %d %s", code, out)
	}
	// The currency is locked once files are imported.
	code, _, stderr = cli(t, "--workspace", ws, "settings", "--currency", "EUR")
	if code != 1 || !strings.Contains(stderr, "currency") {
		t.Errorf("currency change after import: %d %s", code, stderr)
	}
}
