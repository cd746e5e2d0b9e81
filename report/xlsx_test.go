package report

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/demo"
	"lastmile/data/reportfmt"
)

func itoa(n int) string { return strconv.Itoa(n) }

// sameNumber compares two numbers written as text.
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) < 1e-9
}

// demoPack reads a pack from the demo workspace, with a channel whose name
// would be a formula in a careless spreadsheet.
func demoPack(t *testing.T, preset Preset) (Pack, *data.Workspace) {
	t.Helper()
	ctx := context.Background()
	today := civil.MustParse("2026-11-23")
	w, err := demo.Ensure(ctx, filepath.Join(t.TempDir(), "demo.lastmile"), today)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	chs, _ := w.Channels(ctx)
	for _, c := range chs {
		if c.Key == "walk_in" {
			c.Name = "=HYPERLINK(\"http://evil.example\",\"Partner\")"
			if _, err := w.SaveChannel(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	p, err := Read(ctx, w, Options{Preset: preset, Period: data.Period{From: today.AddDays(-89), To: today},
		Branding: Branding{Client: "Alder & Pine Müller Østergaard", PreparedBy: "Peña Consulting"}, Made: today})
	if err != nil {
		t.Fatal(err)
	}
	return p, w
}

func TestWorkbookHoldsTheReport(t *testing.T) {
	p, _ := demoPack(t, Client)
	var buf bytes.Buffer
	warnings, err := WriteXLSX(&buf, p)
	if err != nil || len(warnings) != 0 {
		t.Fatalf("write: %v %v", err, warnings)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{SheetSummary, SheetChannels, SheetOrigins, SheetWeekly, SheetOrders, SheetClaims}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %v, want %v", got, want)
	}
	// Every channel's figures equal the report model's.
	r := p.Report
	rows, err := f.GetRows(SheetChannels, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	colChannel, colRevenue, colLeads := channelCol("channel"), channelCol("revenue"), channelCol("leads")
	if len(rows) != len(r.Channels)+len(r.Unknown)+2 || rows[len(rows)-1][0] != "Total" {
		t.Fatalf("%d rows for %d channels", len(rows), len(r.Channels))
	}
	for i, c := range r.Channels {
		row := rows[i+1]
		if row[colChannel-1] != c.Channel.Name {
			t.Errorf("row %d is %q, want %q", i+2, row[0], c.Channel.Name)
		}
		if got, want := row[colRevenue-1], reportfmt.Money(c.Revenue, "USD").String(); !sameNumber(got, want) {
			t.Errorf("%s revenue %s, want %s", c.Channel.Name, got, want)
		}
		if got, want := row[colLeads-1], c.Leads; !sameNumber(got, itoa(want)) {
			t.Errorf("%s leads %s, want %d", c.Channel.Name, got, want)
		}
	}
	if got := rows[len(rows)-1][colRevenue-1]; !sameNumber(got, reportfmt.Money(r.Total.Revenue, "USD").String()) {
		t.Errorf("total revenue %s, want %d cents", got, r.Total.Revenue)
	}
	// No cell anywhere is a formula, and the would-be formula is text.
	for _, sh := range f.GetSheetList() {
		all, _ := f.GetRows(sh)
		for ri, row := range all {
			for ci := range row {
				name, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if fx, _ := f.GetCellFormula(sh, name); fx != "" {
					t.Errorf("%s!%s is a formula: %s", sh, name, fx)
				}
			}
		}
	}
	found := false
	for _, row := range rows {
		if len(row) > 0 && strings.HasPrefix(row[0], "=HYPERLINK") {
			found = true
		}
	}
	if !found {
		t.Error("the channel named like a formula is missing")
	}
	// Native charts, fed from the sheets' ranges.
	charts := chartXML(t, buf.Bytes())
	if len(charts) != 5 {
		t.Fatalf("%d charts, want 5", len(charts))
	}
	// The charts read the Channels sheet's columns under these headers,
	// down to the last row before the total.
	n := len(r.Channels) + len(r.Unknown) + 1
	col := map[string]string{}
	for i, h := range rows[0] {
		name, _ := excelize.ColumnNumberToName(i + 1)
		col[h] = "'Channels'!$" + name + "$2:$" + name + "$" + itoa(n)
	}
	for _, h := range []string{"Revenue", "Ad spend", "Lead-to-sale (95% range)", "Channel"} {
		if col[h] == "" {
			t.Fatalf("the Channels sheet has no column %q", h)
		}
	}
	for _, ref := range []string{
		col["Revenue"], col["Ad spend"], col["Lead-to-sale (95% range)"], col["Channel"],
		"'Revenue by week'!$B$2:$B$",
		"'Order values'!$A$2:$A$",
		"'Platform claims'!$D$2:$D$",
		"<xVal><numRef><f>'Order values'!$A$2:$A$", // the order values are numbers on the x axis
	} {
		if !strings.Contains(strings.Join(charts, "\n"), ref) {
			t.Errorf("no chart reads %s", ref)
		}
	}
	// The summary sheet says who it is for, in words from the figures.
	sum, _ := f.GetRows(SheetSummary)
	text := ""
	for _, row := range sum {
		text += strings.Join(row, " ") + "\n"
	}
	for _, want := range []string{"Alder & Pine Müller Østergaard", "Client report", "Prepared by Peña Consulting", Summary(r)[:40], "How these numbers were made"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary sheet lacks %q", want)
		}
	}
}

func TestMeetingWorkbookAndLongText(t *testing.T) {
	p, w := demoPack(t, Meeting)
	// The Stock screen asked the ads team to push the walnut table.
	if err := w.SavePushList(context.Background(), []string{"TBL-WAL-200"}); err != nil {
		t.Fatal(err)
	}
	p, err := Read(context.Background(), w, p.Options)
	if err != nil {
		t.Fatal(err)
	}
	p.Notes = strings.Repeat("Ø", 40000)
	var buf bytes.Buffer
	warnings, err := WriteXLSX(&buf, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Push) != 1 || p.Push[0].SKU != "TBL-WAL-200" {
		t.Errorf("push %+v", p.Push)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "Notes, cell A3") {
		t.Errorf("warnings %v", warnings)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if push, _ := f.GetRows(SheetPush); len(push) != 2 || push[1][1] != "TBL-WAL-200" {
		t.Errorf("push sheet %v", push)
	}
	for _, sh := range []string{SheetReview, SheetStock, SheetNotes} {
		if idx, _ := f.GetSheetIndex(sh); idx < 0 {
			t.Errorf("no %s sheet", sh)
		}
	}
	notes, _ := f.GetCellValue(SheetNotes, "A3")
	if n := len(utf16.Encode([]rune(notes))); n != MaxCellChars {
		t.Errorf("notes are %d UTF-16 units, want %d", n, MaxCellChars)
	}
	stock, _ := f.GetRows(SheetStock)
	slow := 0
	for _, it := range p.Stock {
		if it.Slow {
			slow++
		}
	}
	if len(stock) != slow+1 {
		t.Errorf("stock sheet has %d rows for %d slow items", len(stock)-1, slow)
	}
}

// chartXML returns the workbook's chart parts.
func chartXML(t *testing.T, xlsx []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			out = append(out, html.UnescapeString(string(b)))
		}
	}
	return out
}
