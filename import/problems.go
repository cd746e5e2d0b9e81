package importer

// This file words the problems of rows for people.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
)

// ProblemsError is a file that was not imported because some of its rows
// have problems.
type ProblemsError struct {
	File     string
	Problems []data.Problem
}

// Error lists the first problems, each as file:line:column (header): what.
func (e *ProblemsError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "%s has %s %s, so nothing was imported. Fix %s in the file, or import the good rows and skip %s:",
		e.File, count(n), plural(n, "row with a problem", "rows with problems"), plural(n, "it", "them"), plural(n, "it", "these"))
	for _, line := range FormatProblems(e.File, e.Problems, 10) {
		b.WriteString("\n  " + line)
	}
	return b.String()
}

// FormatProblems writes the first max problems a line each (see
// FormatProblem), then how many more there are.
func FormatProblems(file string, ps []data.Problem, max int) []string {
	var out []string
	for i, p := range ps {
		if i == max {
			out = append(out, fmt.Sprintf("… and %s more", count(len(ps)-max)))
			break
		}
		out = append(out, FormatProblem(file, p))
	}
	return out
}

// FormatProblem writes a problem as "file, line N, column X (header):
// message", X being the spreadsheet column letter.
func FormatProblem(file string, p data.Problem) string {
	loc := fmt.Sprintf("%s, line %d", file, p.Line)
	if p.Column > 0 {
		col, err := excelize.ColumnNumberToName(p.Column)
		if err != nil {
			col = strconv.Itoa(p.Column)
		}
		loc += ", column " + col
	}
	if p.Header != "" {
		loc += " (" + p.Header + ")"
	}
	return loc + ": " + p.Message
}
