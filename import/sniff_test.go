package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
)

// shared is the folder of real exports beside the repository, read by the
// extra checks CI runs; samples is the repository's own copy of the
// synthetic exports, which every test may rely on.
const (
	shared  = "../../shared"
	samples = "../testdata/samples"
	// realExports is the repository's copy of ../shared/real-exports.
	realExports = "../testdata/real-exports"
)

// sharedFile finds an export file named as in expected.json: "samples/…"
// in the repository's copy, "real-exports/…" beside the repository. A
// missing real export skips the check in a plain clone, but fails it when
// LASTMILE_SHARED is set (CI sets it, so the extra checks cannot vanish).
func sharedFile(t *testing.T, rel string) string {
	t.Helper()
	p, ok := exportPath(rel)
	if !ok {
		if os.Getenv("LASTMILE_SHARED") != "" {
			t.Fatalf("%s not found beside the repository, and LASTMILE_SHARED is set", rel)
		}
		t.Skipf("%s not found beside the repository (an extra check over ../shared)", rel)
	}
	return p
}

// exportPath is where rel is, and whether it is there.
func exportPath(rel string) (string, bool) {
	p := filepath.Join(shared, rel)
	if s, ok := strings.CutPrefix(rel, "samples/"); ok {
		p = filepath.Join(samples, s)
	} else if s, ok := strings.CutPrefix(rel, "real-exports/"); ok {
		// The repository's copy first; ../shared for what it leaves out.
		if c := filepath.Join(realExports, s); fileExists(c) {
			p = c
		}
	}
	_, err := os.Stat(p)
	return p, err == nil
}

func TestSniffRealExports(t *testing.T) {
	cases := map[string]Container{
		"samples/google-ads/Campaign report.csv":                                     Text,
		"samples/google-ads/Campaign report (Excel csv, UTF-16).csv":                 Text,
		"samples/shopify/orders_export_1.csv":                                        Text,
		"samples/quickbooks/Ridgeline Outfitters LLC_Sales by Customer Detail.xlsx":  XLSX,
		"real-exports/google-ads/Ad asset report__DanielTheC.xlsx":                   XLSX,
		"real-exports/quickbooks/Sandbox Company_US_1_Profit and Loss by Month.xlsx": XLSX,
	}
	for rel, want := range cases {
		got, err := Sniff(sharedFile(t, rel))
		if err != nil || got != want {
			t.Errorf("Sniff(%s) = %v, %v; want %v", rel, got, err, want)
		}
	}
	_, err := Sniff(sharedFile(t, "real-exports/google-ads/Overview_cards_csv(2026-05-24_07_16_32)__vida-sys.zip"))
	if ue, ok := data.AsUserError(err); !ok || !strings.Contains(ue.Msg, "zip archive holding 13 CSV files") {
		t.Errorf("overview zip: %v", err)
	}
}

func TestSniffRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	encrypted := append(append([]byte{}, ole...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...)
	junk := make([]byte, 2048)
	for i := range junk {
		junk[i] = byte(i * 7 % 256)
	}
	cases := map[string]struct {
		content []byte
		want    string
	}{
		"report.xls":      {ole, "save it as .xlsx"},
		"renamed.xlsx":    {ole, "old Excel .xls"},
		"locked.xlsx":     {encrypted, "protected with a password"},
		"empty.csv":       {nil, "is empty"},
		"invoice.pdf.csv": {[]byte("%PDF-1.7\n..."), "is a PDF"},
		"junk.csv":        {junk, "binary data"},
		"notes.zip":       {[]byte("PK\x03\x04garbage"), "cannot be read"},
	}
	for name, c := range cases {
		_, err := Sniff(write(name, c.content))
		ue, ok := data.AsUserError(err)
		if !ok || !strings.Contains(ue.Msg, c.want) || !strings.Contains(ue.Msg, name) {
			t.Errorf("Sniff(%s) = %v; want a message naming the file and saying %q", name, err, c.want)
		}
	}
	if _, err := Sniff(filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("a missing file sniffed fine")
	}
}

func TestSheetNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.xlsx")
	f := excelize.NewFile()
	if _, err := f.NewSheet("Stock"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, err := SheetNames(path)
	if err != nil || strings.Join(got, ",") != "Sheet1,Stock" {
		t.Errorf("SheetNames = %v, %v", got, err)
	}
	if got, err := SheetNames(sharedFile(t, "samples/quickbooks/Ridgeline Outfitters LLC_Sales by Customer Detail.xlsx")); err != nil || len(got) == 0 {
		t.Errorf("QuickBooks sample: %v, %v", got, err)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
