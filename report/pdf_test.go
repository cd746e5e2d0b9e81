package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/money"
)

// pdfText extracts a PDF's text with pdftotext, or skips the test.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); the PDF's text cannot be checked")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestPDFHoldsTheFiguresAndNames(t *testing.T) {
	for _, paper := range []string{A4, Letter} {
		p, _ := demoPack(t, Meeting)
		p.Notes = "Push the walnut tables on Meta; call the trade-show leads."
		var buf bytes.Buffer
		if err := WritePDF(&buf, p, PDFOptions{Paper: paper}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
		if os.Getenv("LASTMILE_PDF_OUT") != "" {
			os.WriteFile(os.Getenv("LASTMILE_PDF_OUT")+"-"+paper+".pdf", buf.Bytes(), 0o600)
		}
		text := pdfText(t, buf.Bytes())
		flat := strings.Join(strings.Fields(text), " ")
		r := p.Report
		want := []string{
			"Alder & Pine Müller Østergaard", "Prepared by Peña Consulting", "Sales and ads meeting pack",
			"Headline figures", "Channels: what sold", "Channels: what the ads cost and returned", "Channels: leads",
			"How these numbers were made", "Revenue and ad spend by channel",
			"Digital against traditional", "Still to review", "Notes", "Push the walnut tables on Meta",
			money.FormatWhole(r.Total.Revenue, "USD"), money.FormatWhole(r.Total.Spend, "USD"),
			"Page 1 of",
		}
		for _, c := range r.Channels {
			if c.Channel.Key != "walk_in" {
				want = append(want, c.Channel.Name, money.FormatWhole(c.Revenue, "USD"))
			}
			// The platforms' claims are printed whole, never cut short.
			if c.HasAds {
				want = append(want, ClaimsText(c, "USD"))
			}
		}
		want = append(want, "Revenue counted here")
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: the PDF's text lacks %q", paper, w)
			}
		}
		if strings.ContainsRune(flat, '\ufffd') || strings.Contains(flat, "\u2212") {
			t.Errorf("%s: a character the font lacks was printed", paper)
		}
		if strings.Contains(flat, "{nb}") {
			t.Errorf("%s: the page count was not filled in", paper)
		}
	}
}

// The preview in the app draws the same pages as the PDF.
func TestPreviewMatchesThePDF(t *testing.T) {
	p, _ := demoPack(t, Meeting)
	// Long notes make the line breaks count: the same breaks, the same pages.
	p.Notes = strings.Repeat("Push the walnut tables on Meta, and call back every trade-show lead within two days of the fair. ", 118)
	var buf bytes.Buffer
	if err := WritePDF(&buf, p, PDFOptions{Paper: A4}); err != nil {
		t.Fatal(err)
	}
	pdfPages := len(regexp.MustCompile(`/Type /Page[^s]`).FindAll(buf.Bytes(), -1))
	pages, err := PreviewPages(p, PDFOptions{Paper: A4})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != pdfPages || pdfPages < 4 {
		t.Errorf("preview has %d pages, the PDF %d", len(pages), pdfPages)
	}
	img, err := png.Decode(bytes.NewReader(pages[0]))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 525 || b.Dy() != 743 {
		t.Errorf("A4 preview page is %v, want 525×743 (2.5 px/mm)", b)
	}
	if os.Getenv("LASTMILE_PDF_OUT") != "" {
		for i, pg := range pages {
			os.WriteFile(fmt.Sprintf("%s-preview-%d.png", os.Getenv("LASTMILE_PDF_OUT"), i+1), pg, 0o600)
		}
	}
}

// A long table breaks across pages with its header repeated, and a logo
// prints on the cover.
func TestPDFLongTableAndLogo(t *testing.T) {
	p, _ := demoPack(t, Meeting)
	for i := range 120 {
		p.Unrecognised = append(p.Unrecognised, data.SourceValue{Value: fmt.Sprintf("Lead Source: Messe %03d", i), Leads: i})
	}
	logo := image.NewRGBA(image.Rect(0, 0, 80, 30))
	draw.Draw(logo, logo.Bounds(), image.NewUniform(color.RGBA{15, 118, 110, 255}), image.Point{}, draw.Src)
	var lb bytes.Buffer
	if err := png.Encode(&lb, logo); err != nil {
		t.Fatal(err)
	}
	p.Branding.Logo = lb.Bytes()
	var buf bytes.Buffer
	if err := WritePDF(&buf, p, PDFOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("/Subtype /Image")) {
		t.Error("no image in the PDF")
	}
	text := pdfText(t, buf.Bytes())
	if n := strings.Count(text, "Source value"); n < 2 {
		t.Errorf("the long table's header printed %d times, want it on every page it spans", n)
	}
	for _, want := range []string{"Lead Source: Messe 000", "Lead Source: Messe 119"} {
		if !strings.Contains(text, want) {
			t.Errorf("the long table lacks %q", want)
		}
	}
	pages, err := PreviewPages(p, PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pdfPages := len(regexp.MustCompile(`/Type /Page[^s]`).FindAll(buf.Bytes(), -1)); len(pages) != pdfPages {
		t.Errorf("preview %d pages, PDF %d", len(pages), pdfPages)
	}
}

// The preview breaks lines where the PDF does: the same words on each line.
func TestPreviewBreaksLinesLikeThePDF(t *testing.T) {
	ps := newPDFSurface(A4)
	ps.AddPage()
	is, err := newImageSurface(A4, 2.5)
	if err != nil {
		t.Fatal(err)
	}
	is.AddPage()
	texts := []string{
		strings.Repeat("Push the walnut tables on Meta, and call back every trade-show lead within two days of the fair. ", 40),
		strings.Repeat("Peña Müller Østergaard bought 12 oak chairs (€1,240.00) — “repeat customer”; ROAS 3.4×, lead-to-sale 23% (16–35%). ", 30),
	}
	mismatches := 0
	for _, size := range []float64{8, 8.5, 9.5, 10.5} {
		for _, bold := range []bool{false, true} {
			for _, w := range []float64{60, 120, 178} {
				for _, text := range texts {
					ps.SetFont(size, bold)
					is.SetFont(size, bold)
					// The PDF's own MultiCell, measured by how far it moves down.
					ps.f.SetAutoPageBreak(false, 0)
					ps.SetY(0)
					ps.MultiCell(w, 0.1, text)
					a := int(ps.Y()/0.1 + 0.5)
					b := is.wrap(text, w-2*cellPad)
					if a != len(b) {
						mismatches++
						t.Logf("size %v bold %v width %v: PDF %d lines, preview %d", size, bold, w, a, len(b))
					}
				}
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d of 48 paragraphs break into a different number of lines", mismatches)
	}
}
