// Package importer turns files exactly as people download them (ad reports,
// sales spreadsheets, lead exports, stock sheets; CSV, TSV or XLSX) into
// Lastmile's canonical records. It knows nothing of SQL or Fyne: package
// data stores what it produces.
//
// Callers name it explicitly, since import is a Go keyword:
//
//	importer "lastmile/import"
package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
)

// Container is the kind of file, judged by its content, never its name.
type Container int

// The containers Lastmile tells apart.
const (
	Text Container = iota // CSV, TSV or other delimited text, in any encoding
	XLSX                  // an Office Open XML workbook
)

// MaxFileSize is the largest file Lastmile reads (2 GiB): larger files are
// refused before any parsing.
const MaxFileSize = 2 << 30

// maxUnzipped caps how much an XLSX may expand to when unzipped, far below
// excelize's default of about 16 GB, so a zip bomb is refused quickly.
const maxUnzipped = 1 << 30

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
)

// Sniff reads the start of the file at path and says what it holds. Files
// Lastmile cannot read (legacy .xls, password-protected workbooks, empty
// files, images, PDFs, other binaries) give a *data.UserError that says what
// to do instead.
func Sniff(path string) (Container, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return 0, &data.UserError{Msg: fmt.Sprintf("There is no file %s in %s: it may have been moved, renamed or deleted. Choose it again.", name, filepath.Dir(path)), Err: err}
		case errors.Is(err, fs.ErrPermission):
			return 0, &data.UserError{Msg: fmt.Sprintf("Lastmile is not allowed to read %s. Copy it to your Documents folder, or change its permissions, and choose it again.", name), Err: err}
		}
		return 0, &data.UserError{Msg: fmt.Sprintf("Cannot open %s: %v.", name, err), Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("stat %s: %w", name, err)
	}
	if fi.IsDir() {
		return 0, data.UserErrorf("%s is a folder. Choose the exported file inside it.", name)
	}
	if fi.Size() == 0 {
		return 0, data.UserErrorf("%s is empty (0 bytes). Download the export again; the download may not have finished.", name)
	}
	if fi.Size() > MaxFileSize {
		return 0, data.UserErrorf("%s is %d MB, more than the %d MB Lastmile reads. Export a shorter date range.",
			name, fi.Size()>>20, MaxFileSize>>20)
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	head = head[:n]

	switch {
	case bytes.HasPrefix(head, oleMagic):
		if isEncryptedOOXML(f) {
			return 0, data.UserErrorf("%s is protected with a password. Open it in Excel, remove the password (File > Info > Protect Workbook), save it, and import it again.", name)
		}
		return 0, data.UserErrorf("%s is an old Excel .xls workbook, which Lastmile does not read. Open it in Excel or LibreOffice and save it as .xlsx (or CSV), then import that file.", name)
	case bytes.HasPrefix(head, zipMagic):
		return checkZip(f, fi.Size(), name)
	case bytes.HasPrefix(head, []byte("%PDF")):
		return 0, data.UserErrorf("%s is a PDF. Lastmile reads spreadsheets: export the report as CSV or Excel (.xlsx) instead.", name)
	case looksBinary(head):
		return 0, data.UserErrorf("%s is not a spreadsheet or a text export (it holds binary data). Export the report as CSV or Excel (.xlsx) and import that file.", name)
	}
	return Text, nil
}

// checkZip tells an XLSX workbook from other zip files.
func checkZip(f *os.File, size int64, name string) (Container, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return 0, data.UserErrorf("%s looks like a zip file but cannot be read (%v). Download it again.", name, err)
	}
	var workbook, csvs int
	for _, zf := range zr.File {
		switch {
		case zf.Name == "xl/workbook.xml":
			workbook++
		case filepath.Ext(zf.Name) == ".csv":
			csvs++
		}
	}
	switch {
	case workbook > 0:
		return XLSX, nil
	case csvs > 0:
		return 0, data.UserErrorf("%s is a zip archive holding %d CSV files. Lastmile reads the files themselves: unzip it and import the ones you need. (If it is the Google Ads Overview download, its cards have no days: download the Campaign report instead.)", name, csvs)
	}
	return 0, data.UserErrorf("%s is a zip archive, not a spreadsheet. Export the report as CSV or Excel (.xlsx).", name)
}

// isEncryptedOOXML reports whether an OLE2 compound file is a
// password-protected Office Open XML workbook: those carry their content in
// a stream named "EncryptedPackage" (stored as UTF-16 in the directory).
func isEncryptedOOXML(f *os.File) bool {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false
	}
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return false
	}
	var utf16 []byte
	for _, c := range []byte("EncryptedPackage") {
		utf16 = append(utf16, c, 0)
	}
	return bytes.Contains(b, utf16)
}

// looksBinary reports whether the start of a file is not text in any of the
// encodings exports use: NUL bytes outside a UTF-16 pattern, or many
// control characters.
func looksBinary(head []byte) bool {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return false // UTF-16 with a byte-order mark
	}
	var nul, ctrl int
	for _, c := range head {
		switch {
		case c == 0:
			nul++
		case c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B):
			ctrl++
		}
	}
	if nul > 0 && !utf16WithoutBOM(head) {
		return true
	}
	return ctrl > len(head)/20 && !utf8.Valid(head)
}

// utf16WithoutBOM reports the pattern of ASCII text in UTF-16 with no BOM:
// every other byte is NUL.
func utf16WithoutBOM(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var even, odd int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(b) / 2
	return odd > half*8/10 && even == 0 || even > half*8/10 && odd == 0
}

// SheetNames lists the sheets of an XLSX workbook. Every excelize call is
// guarded: a malformed workbook gives an error, never a crash.
func SheetNames(path string) (names []string, err error) {
	name := filepath.Base(path)
	defer func() {
		if r := recover(); r != nil {
			names, err = nil, data.UserErrorf("%s is a damaged workbook (%v). Open it in Excel, save it again, and import the new copy.", name, r)
		}
	}()
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, &data.UserError{Msg: fmt.Sprintf("%s cannot be read as a workbook (%v). Save it again as .xlsx and import the new copy.", name, err), Err: err}
	}
	defer f.Close()
	return f.GetSheetList(), nil
}
