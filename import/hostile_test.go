package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
)

// workbookBytes makes a small valid workbook with a header and two rows.
func workbookBytes(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, row := range [][]any{{"SKU", "Product", "On hand"}, {"A-1", "Tent", 4}, {"A-2", "Stove", 9}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return b.Bytes()
}

// rewriteZip copies a zip, replacing the content of some entries and, for
// others, declaring an uncompressed size that is a lie.
func rewriteZip(t *testing.T, src []byte, replace map[string]string, declare map[string]uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, _ := io.ReadAll(rc)
		rc.Close()
		if r, ok := replace[f.Name]; ok {
			content = []byte(r)
		}
		if size, ok := declare[f.Name]; ok {
			var comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, flate.BestCompression)
			fw.Write(content)
			fw.Close()
			h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: f.CRC32, CompressedSize64: uint64(comp.Len()), UncompressedSize64: size}
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp.Bytes())
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const sheetPath = "xl/worksheets/sheet1.xml"

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// TestHostileFiles: each gets a clear message naming the file, the process
// carries on, and no temporary file is left behind.
func TestHostileFiles(t *testing.T) {
	good := workbookBytes(t)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 2048)...)
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = byte(i*31 + i/7)
	}
	wideRow := `<row r="1">` + strings.Repeat(`<c t="inlineStr"><is><t>x</t></is></c>`, maxCells+10) + `</row>`
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"bomb.xlsx", rewriteZip(t, good, nil, map[string]uint64{sheetPath: 5 << 30}), "unpacks to more than"},
		{"huge-row-number.xlsx", rewriteZip(t, good, map[string]string{sheetPath: sheetXML(
			`<row r="1"><c r="A1" t="inlineStr"><is><t>SKU</t></is></c><c r="B1" t="inlineStr"><is><t>On hand</t></is></c></row>` +
				`<row r="2147483647"><c r="A2147483647" t="inlineStr"><is><t>A-1</t></is></c></row>`)}, nil), "stock.xlsx"},
		{"wide.xlsx", rewriteZip(t, good, map[string]string{sheetPath: sheetXML(wideRow)}, nil), "cells"},
		{"broken-xml.xlsx", rewriteZip(t, good, map[string]string{sheetPath: "<worksheet><sheetData><row><c"}, nil), "broken-xml.xlsx"},
		{"renamed.xlsx", ole, "old Excel .xls"},
		{"locked.xlsx", append(append([]byte{}, ole...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...), "password"},
		{"junk.csv", junk, "binary data"},
		{"empty.csv", nil, "is empty"},
		{"only-header.csv", []byte("SKU,Product,On hand\n"), "no rows of data"},
		{"unclosed-quote.csv", []byte("SKU,Product,On hand\nA-1,\"Tent,4\n" + strings.Repeat("x", maxRecordBytes+1024)), "never ends"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			name := c.name
			if c.name == "huge-row-number.xlsx" {
				name = "stock.xlsx"
			}
			path := writeFile(t, name, c.content)
			f, err := Read(context.Background(), path, Options{Settings: denverUSD(), TmpDir: tmp})
			if err == nil {
				// Reading may get by; then importing must fail cleanly or
				// succeed with the good rows only.
				w := newWS(t, denverUSD())
				_, err = f.Import(context.Background(), w, false)
				if err == nil && c.name != "huge-row-number.xlsx" {
					t.Fatalf("a hostile file was imported")
				}
			}
			if err != nil {
				if _, ok := data.AsUserError(err); !ok {
					t.Errorf("not a message for people: %v", err)
				}
				if !strings.Contains(err.Error(), c.want) {
					t.Errorf("message %q lacks %q", err, c.want)
				}
			}
			left, _ := os.ReadDir(tmp)
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestLargeSheetTempFilesAreRemoved: excelize unpacks a sheet larger than
// its in-memory limit into the private temporary folder; they go when the
// import is done.
func TestLargeSheetTempFilesAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(t.TempDir(), "big stock.xlsx")
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"SKU", "Product", "On hand"})
	for i := 2; i < 3000; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{"SKU-" + strings.Repeat("x", 10) + strconv.Itoa(i), strings.Repeat("Long product name ", 5), i})
	}
	sw.Flush()
	f.SaveAs(path)
	f.Close()
	old := xlsxOptions.UnzipXMLSizeLimit
	xlsxOptions.UnzipXMLSizeLimit = 64 << 10 // force the sheet into a temporary file
	defer func() { xlsxOptions.UnzipXMLSizeLimit = old }()
	file, err := Read(context.Background(), path, Options{Settings: denverUSD(), TmpDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if file.Summary.Records != 2998 {
		t.Errorf("%d records", file.Summary.Records)
	}
	w := newWS(t, denverUSD())
	if _, err := file.Import(context.Background(), w, false); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestMissingFileIsExplained(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders_export_1.csv")
	_, err := Read(context.Background(), path, Options{Settings: denverUSD()})
	pe, ok := data.AsUserError(err)
	if !ok {
		t.Fatalf("not a message for people: %v", err)
	}
	if !strings.Contains(pe.Msg, "There is no file orders_export_1.csv in "+filepath.Dir(path)) || strings.Contains(pe.Msg, "no such file or directory") {
		t.Errorf("message %q", pe.Msg)
	}
}
