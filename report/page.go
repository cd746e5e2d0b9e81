package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // logos
	"image/png"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2/theme"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// surface is what the report's layout draws on: a PDF, or page images for
// the preview in the app. Units are millimetres from the page's top left.
type surface interface {
	AddPage()
	PageNo() int
	PageSize() (w, h float64)
	SetFont(size float64, bold bool)
	SetTextColor(r, g, b int)
	SetFillColor(r, g, b int)
	SetDrawColor(r, g, b int)
	StringWidth(s string) float64
	// MultiCell writes text wrapped to width w, h mm per line, breaking
	// to a new page when it reaches the bottom margin.
	MultiCell(w, h float64, text string)
	// Cell writes one line in a box w × h at the current position,
	// aligned left or right and centred vertically, filled if asked; then
	// moves right, or to the next line when ln.
	Cell(w, h float64, text string, right, fill, ln bool)
	// Ln moves to the start of the next line, h mm down (the last cell's
	// height when h < 0).
	Ln(h float64)
	Y() float64
	SetY(y float64)
	Line(x1, y1, x2, y2 float64)
	// Image draws a PNG or JPEG in the box; flow moves below it.
	Image(name string, img []byte, x, y, w, h float64, flow bool)
	Err() error
}

// The page's margins and the cell padding, as fpdf has them.
const cellPad = 1.0 // mm inside a cell

// pdfSurface draws on an fpdf document.
type pdfSurface struct {
	f *fpdf.Fpdf
}

func newPDFSurface(paper string) *pdfSurface {
	f := fpdf.New("P", "mm", paper, "")
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+4)
	f.SetCellMargin(cellPad)
	f.AddUTF8FontFromBytes("body", "", theme.DefaultTextFont().Content())
	f.AddUTF8FontFromBytes("body", "B", theme.DefaultTextBoldFont().Content())
	return &pdfSurface{f: f}
}

func (s *pdfSurface) AddPage()                 { s.f.AddPage() }
func (s *pdfSurface) PageNo() int              { return s.f.PageNo() }
func (s *pdfSurface) PageSize() (w, h float64) { return s.f.GetPageSize() }
func (s *pdfSurface) SetFont(size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	s.f.SetFont("body", style, size)
}
func (s *pdfSurface) SetTextColor(r, g, b int)     { s.f.SetTextColor(r, g, b) }
func (s *pdfSurface) SetFillColor(r, g, b int)     { s.f.SetFillColor(r, g, b) }
func (s *pdfSurface) SetDrawColor(r, g, b int)     { s.f.SetDrawColor(r, g, b) }
func (s *pdfSurface) StringWidth(t string) float64 { return s.f.GetStringWidth(t) }
func (s *pdfSurface) MultiCell(w, h float64, text string) {
	s.f.MultiCell(w, h, text, "", "L", false)
}
func (s *pdfSurface) Cell(w, h float64, text string, right, fill, ln bool) {
	align := "LM"
	if right {
		align = "RM"
	}
	next := 0
	if ln {
		next = 1
	}
	s.f.CellFormat(w, h, text, "", next, align, fill, 0, "")
}
func (s *pdfSurface) Ln(h float64)                { s.f.Ln(h) }
func (s *pdfSurface) Y() float64                  { return s.f.GetY() }
func (s *pdfSurface) SetY(y float64)              { s.f.SetY(y) }
func (s *pdfSurface) Line(x1, y1, x2, y2 float64) { s.f.Line(x1, y1, x2, y2) }
func (s *pdfSurface) Image(name string, img []byte, x, y, w, h float64, flow bool) {
	kind := "PNG"
	if bytes.HasPrefix(img, []byte{0xff, 0xd8}) {
		kind = "JPG"
	}
	opt := fpdf.ImageOptions{ImageType: kind}
	s.f.RegisterImageOptionsReader(name, opt, bytes.NewReader(img))
	s.f.ImageOptions(name, x, y, w, h, flow, opt, 0, "")
}
func (s *pdfSurface) Err() error { return s.f.Error() }

// imageSurface draws pages as images, for the preview: the same layout,
// the same fonts, at a screen resolution.
type imageSurface struct {
	pxPerMM          float64
	w, h             float64 // page size, mm
	pages            []*image.RGBA
	cur              int  // the page being drawn
	noBreak          bool // drawing footers: never start a page
	x, y, lastH      float64
	size             float64
	bold             bool
	text, fill, draw color.RGBA
	faces            map[string]font.Face
	fonts            [2]*opentype.Font
	err              error
	// meter measures text with fpdf's own character widths, so lines
	// break exactly where they break in the PDF.
	meter *pdfSurface
}

func newImageSurface(paper string, pxPerMM float64) (*imageSurface, error) {
	s := &imageSurface{pxPerMM: pxPerMM, w: 210, h: 297, faces: map[string]font.Face{}}
	if paper == Letter {
		s.w, s.h = 215.9, 279.4
	}
	for i, r := range [][]byte{theme.DefaultTextFont().Content(), theme.DefaultTextBoldFont().Content()} {
		f, err := opentype.Parse(r)
		if err != nil {
			return nil, fmt.Errorf("read the report font: %w", err)
		}
		s.fonts[i] = f
	}
	s.text, s.fill, s.draw = color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	s.meter = newPDFSurface(paper)
	s.meter.AddPage()
	return s, nil
}

func (s *imageSurface) px(mm float64) int { return int(mm*s.pxPerMM + 0.5) }

func (s *imageSurface) face() font.Face {
	key := fmt.Sprint(s.size, s.bold)
	if f, ok := s.faces[key]; ok {
		return f
	}
	i := 0
	if s.bold {
		i = 1
	}
	// size is in points: 1 pt = 25.4/72 mm.
	f, err := opentype.NewFace(s.fonts[i], &opentype.FaceOptions{Size: s.size * 25.4 / 72 * s.pxPerMM, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		s.err = err
		f, _ = opentype.NewFace(s.fonts[0], &opentype.FaceOptions{Size: 10, DPI: 72})
	}
	s.faces[key] = f
	return f
}

func (s *imageSurface) page() *image.RGBA { return s.pages[s.cur] }

func (s *imageSurface) AddPage() {
	img := image.NewRGBA(image.Rect(0, 0, s.px(s.w), s.px(s.h)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	s.pages = append(s.pages, img)
	s.cur = len(s.pages) - 1
	s.x, s.y = margin, margin
}
func (s *imageSurface) PageNo() int              { return s.cur + 1 }
func (s *imageSurface) PageSize() (w, h float64) { return s.w, s.h }
func (s *imageSurface) SetFont(size float64, bold bool) {
	s.size, s.bold = size, bold
	s.meter.SetFont(size, bold)
}
func (s *imageSurface) SetTextColor(r, g, b int) {
	s.text = color.RGBA{uint8(r), uint8(g), uint8(b), 255}
}
func (s *imageSurface) SetFillColor(r, g, b int) {
	s.fill = color.RGBA{uint8(r), uint8(g), uint8(b), 255}
}
func (s *imageSurface) SetDrawColor(r, g, b int) {
	s.draw = color.RGBA{uint8(r), uint8(g), uint8(b), 255}
}

// StringWidth measures with the PDF's character widths.
func (s *imageSurface) StringWidth(t string) float64 { return s.meter.StringWidth(t) }

// drawText writes t with its box's top left at x, y (mm), centred in h.
func (s *imageSurface) drawText(t string, x, y, h float64) {
	f := s.face()
	m := f.Metrics()
	asc, desc := float64(m.Ascent)/64, float64(m.Descent)/64
	base := y*s.pxPerMM + (h*s.pxPerMM+asc-desc)/2
	// Glyph by glyph without kerning, like the PDF.
	dot := fixed.Point26_6{X: fixed.Int26_6(x * s.pxPerMM * 64), Y: fixed.Int26_6(base * 64)}
	src := image.NewUniform(s.text)
	for _, r := range t {
		dr, mask, mp, adv, ok := f.Glyph(dot, r)
		if ok {
			draw.DrawMask(s.page(), dr, src, image.Point{}, mask, mp, draw.Over)
		}
		dot.X += adv
	}
}

func (s *imageSurface) breakIfNeeded(h float64) {
	if !s.noBreak && s.y+h > s.h-margin-4 {
		s.AddPage()
	}
}

// wrap splits text into lines of at most w mm the way fpdf's MultiCell
// does: character by character, breaking at the last space before the
// line overflows (or inside a word with no space), at every newline.
func (s *imageSurface) wrap(text string, w float64) []string {
	rs := []rune(strings.ReplaceAll(text, "\r", ""))
	var lines []string
	sep, i, j := -1, 0, 0
	l := 0.0
	for i < len(rs) {
		c := rs[i]
		if c == '\n' {
			lines = append(lines, string(rs[j:i]))
			i++
			sep, j, l = -1, i, 0
			continue
		}
		if c == ' ' {
			sep = i
		}
		l += s.StringWidth(string(c))
		if l > w+1e-9 {
			if sep == -1 {
				if i == j {
					i++
				}
				lines = append(lines, string(rs[j:i]))
			} else {
				lines = append(lines, string(rs[j:sep]))
				i = sep + 1
			}
			sep, j, l = -1, i, 0
			continue
		}
		i++
	}
	return append(lines, string(rs[j:]))
}

func (s *imageSurface) MultiCell(w, h float64, text string) {
	for _, line := range s.wrap(text, w-2*cellPad) {
		s.breakIfNeeded(h)
		s.drawText(line, s.x+cellPad, s.y, h)
		s.y += h
	}
	s.x = margin
	s.lastH = h
}

func (s *imageSurface) Cell(w, h float64, text string, right, fill, ln bool) {
	if s.x == margin {
		s.breakIfNeeded(h)
	}
	if fill {
		r := image.Rect(s.px(s.x), s.px(s.y), s.px(s.x+w), s.px(s.y+h))
		draw.Draw(s.page(), r, image.NewUniform(s.fill), image.Point{}, draw.Src)
	}
	tx := s.x + cellPad
	if right {
		tx = s.x + w - cellPad - s.StringWidth(text)
	}
	s.drawText(text, tx, s.y, h)
	s.x += w
	s.lastH = h
	if ln {
		s.Ln(-1)
	}
}

func (s *imageSurface) Ln(h float64) {
	if h < 0 {
		h = s.lastH
	}
	s.x = margin
	s.y += h
}
func (s *imageSurface) Y() float64     { return s.y }
func (s *imageSurface) SetY(y float64) { s.x, s.y = margin, y }
func (s *imageSurface) Line(x1, y1, x2, y2 float64) {
	img := s.page()
	// Lines in reports are horizontal or vertical.
	if y1 == y2 {
		for x := s.px(x1); x <= s.px(x2); x++ {
			img.Set(x, s.px(y1), s.draw)
		}
		return
	}
	for y := s.px(y1); y <= s.px(y2); y++ {
		img.Set(s.px(x1), y, s.draw)
	}
}
func (s *imageSurface) Image(_ string, b []byte, x, y, w, h float64, flow bool) {
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		s.err = err
		return
	}
	if flow {
		s.breakIfNeeded(h)
		y = s.y
	}
	r := image.Rect(s.px(x), s.px(y), s.px(x+w), s.px(y+h))
	xdraw.CatmullRom.Scale(s.page(), r, src, src.Bounds(), xdraw.Over, nil)
	if flow {
		s.y = y + h
		s.x = margin
	}
}
func (s *imageSurface) Err() error { return s.err }

// pngs encodes the pages.
func (s *imageSurface) pngs() ([][]byte, error) {
	var out [][]byte
	for _, p := range s.pages {
		var buf bytes.Buffer
		if err := png.Encode(&buf, p); err != nil {
			return nil, err
		}
		out = append(out, buf.Bytes())
	}
	return out, nil
}
