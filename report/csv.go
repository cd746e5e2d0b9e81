package report

import (
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"

	"lastmile/data/reportfmt"
)

// CSVNames are the files WriteCSV writes for a preset.
func CSVNames(p Preset) []string {
	ts, _ := tables(Pack{Options: Options{Preset: p}})
	var out []string
	for _, t := range ts {
		out = append(out, t.file)
	}
	return out
}

// WriteCSV writes each table of the pack to its own CSV file in dir
// (channels.csv, digital-and-traditional.csv…), each whole or not at all,
// and returns the files' paths. Each file starts with a UTF-8 byte-order
// mark and ends lines with CRLF so Excel opens it right; text that would
// start a formula is prefixed with ' and numbers are plain numbers (money
// in major units, rates as fractions).
func WriteCSV(dir string, p Pack, overwrite bool) ([]string, error) {
	ts, _ := tables(p)
	var out []string
	for _, t := range ts {
		path := filepath.Join(dir, t.file)
		err := WriteFile(path, overwrite, func(w io.Writer) error { return writeTableCSV(w, t, p.Report.Currency) })
		if err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, nil
}

func writeTableCSV(w io.Writer, t table, cur string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	var head []string
	for _, c := range t.cols {
		head = append(head, reportfmt.Text(c.title))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.rows {
		rec := make([]string, len(row))
		for i, c := range row {
			switch {
			case c.isNum && !c.ok:
			case c.money:
				rec[i] = reportfmt.MoneyF(c.value, true, cur).String()
			case c.isNum:
				rec[i] = strconv.FormatFloat(c.value, 'f', -1, 64)
			default:
				rec[i] = reportfmt.Text(c.text)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
