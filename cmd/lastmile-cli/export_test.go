package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportWritesEveryFormat(t *testing.T) {
	ws := emptyWorkspace(t)
	for _, f := range []string{"google-ads/Campaign report.csv", "meta-ads/Ridgeline-Outfitters-Campaigns-Mar-1-2025-May-31-2025.csv",
		"hubspot/hubspot-crm-exports-all-contacts-2025-06-02.csv", "shopify/orders_export_1.csv"} {
		if code, _, stderr := cli(t, "--workspace", ws, "import", filepath.Join(samples, f)); code != 0 {
			t.Fatalf("import %s: %s", f, stderr)
		}
	}
	dir := t.TempDir()
	xlsx, pdf, csvDir := filepath.Join(dir, "march.xlsx"), filepath.Join(dir, "march.pdf"), filepath.Join(dir, "tables")
	period := []string{"--from", "2025-03-01", "--to", "2025-05-31"}
	args := append([]string{"--workspace", ws, "export", "--preset", "client", "--xlsx", xlsx, "--pdf", pdf, "--csv", csvDir,
		"--client", "Ridgeline Outfitters", "--prepared-by", "Peña Consulting", "--colour", "#0f766e", "--compare", "google", "meta"}, period...)
	code, out, stderr := cli(t, args...)
	if code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	for _, want := range []string{"Wrote " + xlsx, "Wrote " + pdf, "Wrote 5 CSV files to " + csvDir} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := f.GetCellValue("Summary", "A1")
	f.Close()
	if title != "Ridgeline Outfitters" {
		t.Errorf("workbook title %q", title)
	}
	b, _ := os.ReadFile(pdf)
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("not a PDF")
	}
	// The same files again are refused, unless --overwrite.
	if code, _, stderr := cli(t, args...); code == 0 || !strings.Contains(stderr, "exists already; add --overwrite") {
		t.Errorf("second export: %d %s", code, stderr)
	}
	// The branding was kept: a meeting pack without --client uses it.
	xlsx2 := filepath.Join(dir, "meeting.xlsx")
	code, _, stderr = cli(t, append([]string{"--workspace", ws, "export", "--preset", "meeting", "--xlsx", xlsx2}, period...)...)
	if code != 0 {
		t.Fatalf("meeting: %s", stderr)
	}
	f, err = excelize.OpenFile(xlsx2)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	title, _ = f.GetCellValue("Summary", "A1")
	sub, _ := f.GetCellValue("Summary", "A3")
	if title != "Ridgeline Outfitters" || sub != "Prepared by Peña Consulting on 14 March 2025" {
		t.Errorf("kept branding: %q / %q", title, sub)
	}
	if idx, _ := f.GetSheetIndex("Notes"); idx < 0 {
		t.Error("the meeting pack has no Notes sheet")
	}
	// CSV files that exist stop the export before anything is written.
	xlsx3 := filepath.Join(dir, "again.xlsx")
	code, _, stderr = cli(t, append([]string{"--workspace", ws, "export", "--xlsx", xlsx3, "--csv", csvDir}, period...)...)
	if code == 0 || !strings.Contains(stderr, "channels.csv exists already") {
		t.Errorf("existing CSVs: %d %s", code, stderr)
	}
	if _, err := os.Stat(xlsx3); err == nil {
		t.Error("the workbook was written though the CSVs could not be")
	}
	// Usage errors.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "say what to write"},
		{[]string{"export", "--preset", "weekly", "--pdf", "x.pdf"}, "the preset is client or meeting"},
		{[]string{"export", "--paper", "A3", "--pdf", "x.pdf"}, "--paper must be A4 or Letter"},
		{[]string{"export", "--pdf", "x.pdf", "--colour", "teal"}, "Colours are written like #1f77b4"},
	} {
		code, _, stderr := cli(t, append([]string{"--workspace", ws}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %d %q, want %q", c.args, code, stderr, c.want)
		}
	}
}
