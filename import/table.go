package importer

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
)

// Row is one row of a table, as text. XLSX dates arrive as ISO text
// (2025-03-01 or 2025-03-01 14:05:00), other XLSX numbers as their raw
// value (never the rounded, formatted one).
type Row struct {
	// Line is where the row is in the file: the line a CSV record starts
	// on, or an XLSX row number. Messages name it.
	Line  int
	Cells []string
}

// clone returns a copy of the row that stays valid after the next one is
// read.
func (r Row) clone() Row {
	return Row{Line: r.Line, Cells: append([]string(nil), r.Cells...)}
}

// cell returns cell i, or "" past the end of a ragged row.
func (r Row) cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// empty reports whether every cell is blank.
func (r Row) empty() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rowSource yields the rows of one table, in order.
type rowSource interface {
	// next returns the next row, or io.EOF after the last.
	next() (Row, error)
	// progress says how far the reading has come, as (done, total) in
	// bytes for CSV or rows for XLSX; total is 0 when unknown.
	progress() (int64, int64)
	close() error
}

// Limits on what one row may hold: a quote that never closes would
// otherwise make the rest of a large file one cell.
const (
	maxRecordBytes = 8 << 20
	maxCellBytes   = 1 << 20
	maxCells       = 4096
)

// errRecordTooLong is returned by the guarded reader when one record runs
// past maxRecordBytes.
var errRecordTooLong = errors.New("record too long")

// guardReader counts the bytes read and, with a limit, refuses to let one
// record grow past it since the last mark.
type guardReader struct {
	r      io.Reader
	n      int64
	marked int64
	limit  int64 // 0: no limit
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.limit > 0 && g.n-g.marked > g.limit {
		return 0, errRecordTooLong
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}

// csvSource reads delimited text.
type csvSource struct {
	f     *os.File
	raw   *guardReader // bytes of the file, for progress
	dec   *guardReader // decoded text, for the record guard
	r     *csv.Reader
	total int64
	name  string
}

// openCSV opens a delimited text file in the given encoding. With lazy, a
// quote inside an unquoted cell and a lone quote inside a quoted one are
// taken as text instead of being errors.
func openCSV(path string, enc Encoding, delim rune, lazy bool) (*csvSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	raw := &guardReader{r: f}
	dec := &guardReader{r: bufio.NewReaderSize(decoder(raw, enc), 64<<10), limit: maxRecordBytes}
	r := csv.NewReader(dec)
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	r.ReuseRecord = true
	return &csvSource{f: f, raw: raw, dec: dec, r: r, total: fi.Size(), name: filepath.Base(path)}, nil
}

func (s *csvSource) next() (Row, error) {
	rec, err := s.r.Read()
	s.dec.marked = s.dec.n
	if err != nil {
		if errors.Is(err, errRecordTooLong) {
			line, _ := s.r.FieldPos(0)
			return Row{}, &data.UserError{Msg: fmt.Sprintf("%s: from line %d on, a quoted cell never ends (a \" is missing). Fix the quote in a spreadsheet program and import again.", s.name, line), Err: err}
		}
		return Row{}, err
	}
	if len(rec) > maxCells {
		line, _ := s.r.FieldPos(0)
		return Row{}, data.UserErrorf("%s:%d: the row has %d cells, more than the %d Lastmile reads. Is this really an export?", s.name, line, len(rec), maxCells)
	}
	line, _ := s.r.FieldPos(0)
	for _, c := range rec {
		if len(c) > maxCellBytes {
			// Read leniently, a quote that never closes swallows the rest
			// of the file into one cell.
			return Row{}, data.UserErrorf("%s: from line %d on, a quoted cell never ends (a \" is missing): one cell runs for more than %d MB. Fix the quote in a spreadsheet program and import again.", s.name, line, maxCellBytes>>20)
		}
	}
	// The cells are the reader's: valid until the next row. Callers that
	// keep a row copy it (Row.clone).
	return Row{Line: line, Cells: rec}, nil
}

func (s *csvSource) progress() (int64, int64) { return s.raw.n, s.total }

func (s *csvSource) close() error { return s.f.Close() }

// sniffDelimiter picks the delimiter of delimited text: the candidate that
// appears the same number of times (outside quotes) on the most records.
// Title lines with none of them do not vote.
func sniffDelimiter(text string) rune {
	candidates := []rune{',', '\t', ';', '|'}
	counts := make([]map[int]int, len(candidates)) // per candidate: count per record → number of records
	for i := range counts {
		counts[i] = map[int]int{}
	}
	records := 0
	inQuote := false
	per := make([]int, len(candidates))
	flush := func() {
		for i, n := range per {
			if n > 0 {
				counts[i][n]++
			}
			per[i] = 0
		}
		records++
	}
	for _, r := range text {
		if records >= 30 {
			break
		}
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == '\n' && !inQuote:
			flush()
		case !inQuote:
			for i, c := range candidates {
				if r == c {
					per[i]++
				}
			}
		}
	}
	flush()
	best, bestScore := ',', 0
	for i, c := range candidates {
		score := 0
		for n, recs := range counts[i] {
			// The most records with one same count wins; a higher count
			// breaks ties (a header of 20 commas over one of 2 semicolons).
			if s := recs*1000 + min(n, 999); s > score {
				score = s
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// readHead returns the first bytes of a text file, decoded.
func readHead(path string, enc Encoding, n int) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(decoder(f, enc), int64(n)))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// xlsxLimits guard against hostile workbooks: far below excelize's default
// unzip limit of about 16 GB.
var xlsxOptions = excelize.Options{
	UnzipSizeLimit:    1 << 30,
	UnzipXMLSizeLimit: 64 << 20,
}

// workbook is an open XLSX file.
type workbook struct {
	f        *excelize.File
	name     string
	date1904 bool
}

// openWorkbook opens an XLSX file with the size limits, keeping excelize's
// temporary files in tmpDir. Every excelize call is guarded: a malformed
// workbook gives an error, never a crash.
func openWorkbook(path, tmpDir string) (wb *workbook, err error) {
	name := filepath.Base(path)
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, damaged(name, r)
		}
	}()
	opts := xlsxOptions
	opts.TmpDir = tmpDir
	f, err := excelize.OpenFile(path, opts)
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, data.UserErrorf("%s is not a workbook Lastmile can read. Open it in Excel or LibreOffice, save it as .xlsx, and import that copy.", name)
		}
		if strings.Contains(err.Error(), "unzip size") || strings.Contains(err.Error(), "exceeds") {
			return nil, data.UserErrorf("%s unpacks to more than %d MB, which no export needs; it may be damaged or built to crash programs. Export the report again.", name, xlsxOptions.UnzipSizeLimit>>20)
		}
		return nil, &data.UserError{Msg: fmt.Sprintf("%s cannot be read as a workbook (%v). Save it again as .xlsx and import the new copy.", name, err), Err: err}
	}
	wb = &workbook{f: f, name: name}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		wb.date1904 = *p.Date1904
	}
	return wb, nil
}

func damaged(name string, r any) error {
	return &data.UserError{
		Msg: fmt.Sprintf("%s is a damaged workbook (%v). Open it in Excel, save it again, and import the new copy.", name, r),
		Err: fmt.Errorf("excelize panic: %v", r),
	}
}

func (wb *workbook) sheets() []string { return wb.f.GetSheetList() }

func (wb *workbook) close() error { return wb.f.Close() }

// xlsxSource reads one sheet with excelize's streaming row iterator, raw
// values only. Cells of the columns in dates are Excel serial numbers
// turned into ISO text, using the workbook's 1900 or 1904 date system.
type xlsxSource struct {
	wb    *workbook
	sheet string
	rows  *excelize.Rows
	n     int
	total int64
	dates map[int]bool
}

func (wb *workbook) open(sheet string, dates map[int]bool) (src *xlsxSource, err error) {
	defer func() {
		if r := recover(); r != nil {
			src, err = nil, damaged(wb.name, r)
		}
	}()
	rows, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, &data.UserError{Msg: fmt.Sprintf("%s: sheet %q cannot be read (%v).", wb.name, sheet, err), Err: err}
	}
	s := &xlsxSource{wb: wb, sheet: sheet, rows: rows, dates: dates}
	if dim, err := wb.f.GetSheetDimension(sheet); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, r, err := excelize.CellNameToCoordinates(last); err == nil {
				s.total = int64(r)
			}
		}
	}
	return s, nil
}

func (s *xlsxSource) next() (row Row, err error) {
	defer func() {
		if r := recover(); r != nil {
			row, err = Row{}, damaged(s.wb.name, r)
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return Row{}, &data.UserError{Msg: fmt.Sprintf("%s: sheet %q stops being readable after row %d (%v).", s.wb.name, s.sheet, s.n, err), Err: err}
		}
		return Row{}, io.EOF
	}
	s.n++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return Row{}, &data.UserError{Msg: fmt.Sprintf("%s: row %d of sheet %q cannot be read (%v).", s.wb.name, s.n, s.sheet, err), Err: err}
	}
	if len(cells) > maxCells {
		return Row{}, data.UserErrorf("%s: row %d of sheet %q has %d cells, more than the %d Lastmile reads.", s.wb.name, s.n, s.sheet, len(cells), maxCells)
	}
	for i := range cells {
		if s.dates[i] {
			cells[i] = serialToText(cells[i], s.wb.date1904)
		}
	}
	return Row{Line: s.n, Cells: cells}, nil
}

func (s *xlsxSource) progress() (int64, int64) { return int64(s.n), s.total }

func (s *xlsxSource) close() error { return s.rows.Close() }

// serialToText turns an Excel date serial into ISO text; anything that is
// not a number is left as it is.
func serialToText(v string, date1904 bool) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 1 || f > 2958465 { // 9999-12-31
		return v
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return v
	}
	if f == math.Trunc(f) {
		return t.Format(time.DateOnly)
	}
	return t.Round(time.Second).Format(time.DateTime)
}

// dateColumns finds the columns of a sheet whose numeric cells are shown
// as dates, by reading its first rows twice: raw, and as Excel formats
// them. A number that Excel shows as something with a date's separators or
// a month name is a date serial.
func (wb *workbook) dateColumns(sheet string, rowsToRead int) (cols map[int]bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			cols, err = nil, damaged(wb.name, r)
		}
	}()
	raw, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	shown, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer shown.Close()
	cols = map[int]bool{}
	for n := 0; n < rowsToRead && raw.Next() && shown.Next(); n++ {
		rv, err := raw.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		sv, err := shown.Columns()
		if err != nil {
			return nil, err
		}
		for i := range min(len(rv), len(sv)) {
			if rv[i] == sv[i] {
				continue
			}
			if _, err := strconv.ParseFloat(rv[i], 64); err == nil && looksLikeShownDate(sv[i]) {
				cols[i] = true
			}
		}
	}
	return cols, nil
}

// looksLikeShownDate reports whether Excel's display of a number looks like
// a date or a time rather than a formatted number (1,234.00, 12%, $5).
func looksLikeShownDate(s string) bool {
	if strings.ContainsAny(s, "/:") {
		return true
	}
	if strings.Count(s, "-") >= 2 { // 03-14-24, 2025-03-01
		return true
	}
	l := strings.ToLower(s)
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}
