package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/civil"
)

// The fuzz targets run briefly in make test (a few seconds each) and for
// as long as wanted with go test -fuzz. Their seed corpora are in
// testdata/fuzz; every seed also runs as a plain test.

func fuzzFile(t *testing.T, name string, b []byte) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzDecode: whatever the bytes, the decoder gives valid UTF-8 text and
// the delimiter sniffer picks one of the candidates.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("\xef\xbb\xbfName;Total\n\xbf;1\n"))
	f.Add([]byte("\xff\xfeA\x00,\x00B\x00\n\x00"))
	f.Add([]byte("\xfe\xff\x00A\x00\t\x00B"))
	f.Add([]byte("Pe\xf1a,M\xfcller\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := fuzzFile(t, "f.csv", b)
		facts, err := scanFile(path)
		if err != nil {
			t.Fatal(err)
		}
		head, err := readHead(path, facts.encoding, 1<<20)
		if err != nil {
			t.Fatalf("decode as %s: %v", facts.encoding, err)
		}
		if !utf8.ValidString(head) {
			t.Fatalf("decoded %s text is not UTF-8: %q", facts.encoding, head)
		}
		if d := sniffDelimiter(head); !strings.ContainsRune(",\t;|", d) {
			t.Fatalf("delimiter %q", d)
		}
	})
}

// FuzzCSV: the CSV reader never panics, never returns more cells than the
// limit, and its line numbers go forwards.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,\"2\n3\"\n4,5\n"), true)
	f.Add([]byte("a,\"b\nc"), false)
	f.Add([]byte("x\"y,z\n\"\"\"\n"), true)
	f.Add([]byte("\ufeff\"Record ID\",\"Email\"\n\"1\",\"a@example.com\"\n"), false)
	f.Fuzz(func(t *testing.T, b []byte, lazy bool) {
		path := fuzzFile(t, "f.csv", b)
		facts, err := scanFile(path)
		if err != nil {
			t.Fatal(err)
		}
		head, _ := readHead(path, facts.encoding, 64<<10)
		src, err := openCSV(path, facts.encoding, sniffDelimiter(head), lazy)
		if err != nil {
			t.Fatal(err)
		}
		defer src.close()
		last := 0
		for range 10000 {
			r, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe interface{ Error() string }
				if errors.As(err, &pe) {
					break // a reported error ends the read
				}
			}
			if len(r.Cells) > maxCells {
				t.Fatalf("%d cells", len(r.Cells))
			}
			if r.Line < last {
				t.Fatalf("line %d after line %d", r.Line, last)
			}
			last = r.Line
		}
	})
}

// FuzzParseNumber: no panic; a plain decimal as strconv writes it reads
// back as the same value.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234.56", "(310.00)", "-$0.95", "1.234,56", "11.64%", "1.5E+03", "€1,622.60", "12-", "0", "--", "1 234,56 €"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		d, ok := parseNumber(s, numberStyle{decimalComma: decimalComma})
		if ok {
			_, _ = d.minor(2)
			_ = d.float()
		}
		if v, err := strconv.ParseFloat(s, 64); err == nil && plainDecimal(s) && !decimalComma {
			if !ok {
				t.Fatalf("plain number %q not read", s)
			}
			if got := d.float(); math.Abs(got-v) > 1e-9*math.Max(1, math.Abs(v)) {
				t.Fatalf("%q read as %v, want %v", s, got, v)
			}
		}
	})
}

func plainDecimal(s string) bool {
	if len(s) == 0 || len(s) > 15 {
		return false
	}
	dots := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && dots == 0:
			dots++
		case r == '-' && i == 0:
		default:
			return false
		}
	}
	return strings.ContainsAny(s, "0123456789")
}

// FuzzParseDate: no panic, and every date read is a real calendar date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-01", "3/4/2025", "31/12/2024 23:59", "Jan 5, 2025", "5 January 2025", "20250301",
		"2025-05-31 15:59:04 -0600", "2026-05-19T15:15:37-0400", "3/1/2025 2:05 PM", "2-Jan-06"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []DateOrder{MonthFirst, DayFirst} {
			m, ok := parseDate(s, order)
			if !ok {
				continue
			}
			d := m.date
			if civil.New(d.Year, d.Month, d.Day) != d {
				t.Fatalf("%q read as the impossible date %v", s, d)
			}
			c := dateColumn{order: order}
			if m2, ok := c.parse(s); !ok || m2.date != d {
				t.Fatalf("%q: the column parser reads %v (%v), parseDate %v", s, m2.date, ok, d)
			}
		}
		_ = classifyDate(s)
	})
}

// FuzzRead: reading any file ends in a result or an error, never a panic;
// errors that are not a person's to fix are bugs.
func FuzzRead(f *testing.F) {
	f.Add([]byte("SKU,Product,On hand\nA-1,Tent,4\n"), false)
	f.Add([]byte("Campaign report\n\"March 1, 2025 - May 31, 2025\"\nCampaign,Day,Currency code,Cost,Clicks,Impr.\nA,2025-03-01,USD,1.00,1,10\nTotal: Campaigns,,USD,1.00,1,10\n"), false)
	f.Add([]byte("Name,Email,Financial Status,Created at,Lineitem name,Lineitem quantity,Lineitem price,Total,Currency\n#1,a@b.co,paid,2025-05-31 15:59:04 -0600,Tent,1,10.00,10.00,USD\n#1,,,2025-05-31 15:59:04 -0600,Stove,2,5.00,,\n"), false)
	f.Add(fuzzWorkbook(), true)
	f.Fuzz(func(t *testing.T, b []byte, asXLSX bool) {
		name := "f.csv"
		if asXLSX {
			name = "f.xlsx"
		}
		path := fuzzFile(t, name, b)
		tmp := t.TempDir()
		file, err := Read(context.Background(), path, Options{Settings: data.Settings{TimeZone: "UTC", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 180}, TmpDir: tmp})
		if err != nil {
			if _, ok := data.AsUserError(err); !ok {
				t.Fatalf("an error not meant for people: %v", err)
			}
			return
		}
		file.Close()
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}

// fuzzWorkbook is a small valid workbook, a seed for the XLSX side of
// FuzzRead.
func fuzzWorkbook() []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"SKU", "Product", "On hand", "Date"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"A-1", "Tent", 4, 45804})
	var b bytes.Buffer
	f.Write(&b)
	return b.Bytes()
}
