package report

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"math"
	"strings"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/metrics"
	"lastmile/data/money"
	"lastmile/data/stats"
)

// Paper sizes.
const (
	A4     = "A4"
	Letter = "Letter"
)

// PDFOptions choose how a PDF is printed.
type PDFOptions struct {
	Paper string // A4 (default) or Letter
	// Run runs a function on the UI goroutine when the app's window is open
	// (fyne.DoAndWait), for drawing the charts; nil runs it at once.
	Run func(func())
}

// doc is a PDF being written.
type doc struct {
	pg     surface
	p      Pack
	cur    string
	accent [3]int
	width  float64 // between the margins, mm
}

const (
	margin   = 16.0 // mm
	bodySize = 9.5  // pt
	lineH    = 4.6  // mm per line of body text
	rowH     = 6.2  // mm per table row
)

// WritePDF writes the pack as a PDF: a cover with the summary in words,
// the headline figures, the comparison and how the numbers were made; then
// the channel tables, which break across pages with their header repeated;
// the dashboard's charts drawn at print resolution; digital against
// traditional; and for the meeting pack, what is left to review, the
// slow-moving stock and a page for notes. The fonts are embedded with
// their full character set, so names like Peña, Müller and Østergaard
// print.
func WritePDF(w io.Writer, p Pack, o PDFOptions) error {
	paper := paperOf(o.Paper)
	charts, err := chartImages(p.Report, o.Run)
	if err != nil {
		return err
	}
	s := newPDFSurface(paper)
	f := s.f
	f.SetTitle(p.Preset.Title()+": "+p.ClientName(), true)
	f.SetAuthor(firstOf(p.Branding.PreparedBy, "Lastmile"), true)
	f.SetCreator("Lastmile", true)
	f.SetCreationDate(p.Made.Time(time.UTC))
	f.SetModificationDate(p.Made.Time(time.UTC))
	f.AliasNbPages("{nb}")
	d := newDoc(s, p)
	f.SetFooterFunc(func() { d.footer(f.PageNo(), "{nb}") })
	d.layout(charts)
	if err := s.Err(); err != nil {
		return fmt.Errorf("make the PDF: %w", err)
	}
	return f.Output(w)
}

// PreviewPages draws the pages WritePDF would print, as PNG images for the
// preview in the app: the same layout, fonts and charts.
func PreviewPages(p Pack, o PDFOptions) ([][]byte, error) {
	charts, err := chartImages(p.Report, o.Run)
	if err != nil {
		return nil, err
	}
	s, err := newImageSurface(paperOf(o.Paper), 2.5)
	if err != nil {
		return nil, err
	}
	d := newDoc(s, p)
	d.layout(charts)
	n := len(s.pages)
	s.noBreak = true
	for i := range s.pages {
		s.cur = i
		d.footer(i+1, fmt.Sprint(n))
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("draw the preview: %w", err)
	}
	return s.pngs()
}

func paperOf(s string) string {
	if strings.EqualFold(s, Letter) {
		return Letter
	}
	return A4
}

func newDoc(s surface, p Pack) *doc {
	pw, _ := s.PageSize()
	return &doc{pg: s, p: p, cur: p.Report.Currency, accent: rgb(p.Branding.Colour), width: pw - 2*margin}
}

// layout draws the whole report.
func (d *doc) layout(charts []chartImage) {
	d.cover()
	d.channelTables()
	d.charts(charts)
	d.origins()
	if d.p.Preset == Meeting {
		d.meeting()
	}
	d.howMade()
}

// footer writes a page's footer: whose report, the period, page n of total.
func (d *doc) footer(page int, total string) {
	p := d.p
	_, ph := d.pg.PageSize()
	d.pg.SetY(ph - margin + 4)
	d.pg.SetFont(7.5, false)
	d.pg.SetTextColor(110, 110, 110)
	d.pg.Cell(d.width/2, 4, fmt.Sprintf("%s · %s · %s", p.ClientName(), p.Preset.Title(), p.Report.Period), false, false, false)
	d.pg.Cell(d.width/2, 4, fmt.Sprintf("Page %d of %s", page, total), true, false, false)
}

// rgb reads #rrggbb, or gives Lastmile's blue.
func rgb(hex string) [3]int {
	var r, g, b int
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(hex), "#"), "%02x%02x%02x", &r, &g, &b); err != nil || len(strings.TrimSpace(hex)) != 7 {
		return [3]int{0x25, 0x63, 0xeb}
	}
	return [3]int{r, g, b}
}

func (d *doc) font(size float64, bold bool) {
	d.pg.SetFont(size, bold)
	d.pg.SetTextColor(25, 25, 25)
}

// heading writes a section heading in the accent colour, on a new page
// when too little room is left.
func (d *doc) heading(text string, need float64) {
	d.room(need + 10)
	d.pg.Ln(3)
	d.font(13, true)
	d.pg.SetTextColor(d.accent[0], d.accent[1], d.accent[2])
	d.pg.MultiCell(d.width, 6.5, text)
	d.pg.Ln(1)
	d.font(bodySize, false)
}

// para writes a paragraph of body text.
func (d *doc) para(text string) {
	d.font(bodySize, false)
	d.pg.MultiCell(d.width, lineH, printable.Replace(text))
	d.pg.Ln(1.5)
}

// room starts a new page when less than h mm is left on this one.
func (d *doc) room(h float64) {
	_, ph := d.pg.PageSize()
	if d.pg.Y()+h > ph-margin-4 {
		d.pg.AddPage()
	}
}

// printable replaces the characters the embedded font lacks: the minus
// sign U+2212 prints as a hyphen-minus.
var printable = strings.NewReplacer("\u2212", "-")

// fit shortens s with "…" to fit w mm in the current font.
func (d *doc) fit(s string, w float64) string {
	s = printable.Replace(s)
	if d.pg.StringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; d.pg.StringWidth(t) <= w {
			return t
		}
	}
	return "…"
}

// fitColumns widens the columns whose header or cells would be cut, taking
// the room from columns with more than they need, so that a figure is cut
// short only when the whole row cannot fit the page. The given widths are
// the layout when everything fits.
func (d *doc) fitColumns(cols []pcol, rows [][]string) []pcol {
	const pad = 2.5 // mm: the cell's own margins and a little air
	need := make([]float64, len(cols))
	given, total := 0.0, 0.0
	for j, c := range cols {
		d.font(8, true)
		need[j] = d.pg.StringWidth(printable.Replace(c.title)) + pad
		for i, row := range rows {
			if j < len(row) {
				d.font(8.5, i == len(rows)-1)
				need[j] = max(need[j], d.pg.StringWidth(printable.Replace(row[j]))+pad)
			}
		}
		given += c.w
		total += need[j]
	}
	short := false
	for j, c := range cols {
		short = short || need[j] > c.w
	}
	width := max(given, min(total, d.width))
	if !short || total > width {
		return cols
	}
	// Every column gets what it needs; what is left is shared in the
	// proportion of the given widths' slack.
	slack := 0.0
	for j, c := range cols {
		slack += max(c.w-need[j], 0)
	}
	out := make([]pcol, len(cols))
	for j, c := range cols {
		out[j] = c
		out[j].w = need[j]
		if slack > 0 {
			out[j].w += (width - total) * max(c.w-need[j], 0) / slack
		}
	}
	return out
}

// pcol is a PDF table column.
type pcol struct {
	title string
	w     float64 // mm
	right bool
}

// table draws a table whose rows break across pages with the header
// repeated; a last row of totals is bold.
func (d *doc) table(cols []pcol, rows [][]string, boldLast bool) {
	cols = d.fitColumns(cols, rows)
	header := func() {
		d.font(8, true)
		d.pg.SetFillColor(d.accent[0], d.accent[1], d.accent[2])
		d.pg.SetTextColor(255, 255, 255)
		for _, c := range cols {
			d.pg.Cell(c.w, rowH+1, d.fit(c.title, c.w-2), c.right, true, false)
		}
		d.pg.Ln(-1)
	}
	d.room(2 * rowH)
	header()
	for i, row := range rows {
		_, ph := d.pg.PageSize()
		if d.pg.Y()+rowH > ph-margin-4 {
			d.pg.AddPage()
			header()
		}
		d.font(8.5, boldLast && i == len(rows)-1)
		if i%2 == 1 {
			d.pg.SetFillColor(244, 246, 250)
		} else {
			d.pg.SetFillColor(255, 255, 255)
		}
		for j, c := range cols {
			text := ""
			if j < len(row) {
				text = row[j]
			}
			d.pg.Cell(c.w, rowH, d.fit(text, c.w-2), c.right, true, false)
		}
		d.pg.Ln(-1)
	}
	d.pg.Ln(2)
}

func (d *doc) moneyText(minor float64, ok bool) string {
	if !ok || math.IsNaN(minor) {
		return "–"
	}
	return money.Format(int64(math.Round(minor)), d.cur)
}

func (d *doc) whole(minor int64) string { return money.FormatWhole(minor, d.cur) }

func pctText(i stats.Interval) string {
	if !i.OK {
		return "–"
	}
	return fmt.Sprintf("%.0f%% (%.0f–%.0f%%)", 100*i.Value, 100*i.Low, 100*i.High)
}

func ratioText(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v)
}

// cover is the first page: who, what period, the summary in words, the
// headline figures, the comparison and how the numbers were made.
func (d *doc) cover() {
	p, pg := d.p, d.pg
	r := p.Report
	pg.AddPage()
	if len(p.Branding.Logo) > 0 {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Branding.Logo)); err == nil && cfg.Width > 0 && cfg.Height > 0 {
			w, h := float64(cfg.Width), float64(cfg.Height)
			scale := math.Min(40/w, 18/h)
			pg.Image("logo", p.Branding.Logo, margin+d.width-w*scale, margin, w*scale, h*scale, false)
		}
	}
	d.font(22, true)
	pg.SetTextColor(d.accent[0], d.accent[1], d.accent[2])
	d.pg.MultiCell(d.width-44, 10, p.ClientName())
	d.font(12, true)
	d.pg.MultiCell(d.width, 6, fmt.Sprintf("%s · %s (%d days)", p.Preset.Title(), r.Period, r.Period.Days()))
	d.font(bodySize, false)
	made := "Made with Lastmile on " + p.Made.Time(time.UTC).Format("2 January 2006")
	if pb := strings.TrimSpace(p.Branding.PreparedBy); pb != "" {
		made = "Prepared by " + pb + " on " + p.Made.Time(time.UTC).Format("2 January 2006")
	}
	d.pg.MultiCell(d.width, lineH, made+". Sales counted by "+r.Model.Label()+".")
	pg.Ln(4)
	d.font(10.5, false)
	d.pg.MultiCell(d.width, 5.2, Summary(r))
	pg.Ln(3)

	d.heading("Headline figures", 40)
	var rows [][]string
	for _, k := range r.Summary.KPIs() {
		ch := k.FormatChange()
		rows = append(rows, []string{k.Label, k.Format(k.Current, k.CurrentOK, d.cur), k.Format(k.Previous, k.PreviousOK, d.cur), ch})
	}
	d.table([]pcol{{"Figure", 60, false}, {"This period", 38, true}, {"Previous " + fmt.Sprint(r.Period.Days()) + " days", 40, true}, {"Change", 34, true}}, rows, false)

	c := r.Compare
	d.heading(fmt.Sprintf("%s against %s", c.A, c.B), 25)
	d.para(c.Words)
}

// howMade closes the report: how the numbers were made.
func (d *doc) howMade() {
	d.heading("How these numbers were made", 30)
	d.font(8.5, false)
	d.pg.MultiCell(d.width, 4.2, HowMade(d.p.Report, d.p.WindowDays))
}

// columnTable draws the rows of the channel table under the columns
// named by keys (see metrics.Columns), each with its width in mm; a ranged
// column shows its range when full is set for it.
func (d *doc) columnTable(rows []metrics.ChannelReport, keys []string, widths []float64, full map[string]bool) {
	cols := metrics.ColumnsByKey(keys...)
	var pcols []pcol
	for i, c := range cols {
		h := c.Header
		if c.Ranged && !full[c.Key] {
			h = strings.TrimSuffix(h, " (95% range)")
		}
		if short, ok := pdfHeaders[c.Key]; ok {
			h = short // a narrow column of A4
		}
		pcols = append(pcols, pcol{h, widths[i], c.Format != metrics.FormatText})
	}
	var out [][]string
	for _, r := range rows {
		var line []string
		for _, c := range cols {
			v := c.Value(r)
			if full[c.Key] {
				line = append(line, c.Text(v, d.cur))
			} else {
				line = append(line, c.Short(v, d.cur))
			}
		}
		out = append(out, line)
	}
	d.table(pcols, out, true)
}

// pdfHeaders are the shorter headers of the columns that are narrow on
// the page; the notes under each table say what they count.
var pdfHeaders = map[string]string{
	"traced_sales": "Traced", "tagged_sales": "Tagged", "roas": "ROAS (95% range)", "cost_per_buyer": "Per buyer",
	"median_days_to_close": "Days to close", "leads_maturing": "Too recent", "aov": "Average", "median_order": "Median (95% range)",
	"cost_per_sale": "Per sale",
}

// channelTables are the money and the leads of every channel.
func (d *doc) channelTables() {
	r := d.p.Report
	rows := r.Rows()
	d.pg.AddPage()
	d.heading("Channels: what sold", 30)
	d.columnTable(rows, []string{"channel", "traced_sales", "tagged_sales", "sales", "revenue", "refunds", "aov", "median_order"},
		[]float64{44, 15, 15, 13, 21, 19, 18, 35}, map[string]bool{"median_order": true})
	d.font(8, false)
	d.pg.MultiCell(d.width, 4, TableNotes(r))
	if w := metrics.RefundWords(r); w != "" {
		d.pg.MultiCell(d.width, 4, w)
	}
	var adRows []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.Channel.Paid || c.HasAds {
			adRows = append(adRows, c)
		}
	}
	d.heading("Channels: what the ads cost and returned", 30)
	keys, widths := []string{"channel", "spend", "roas", "payback", "cost_per_sale", "cost_per_buyer"}, []float64{44, 22, 40, 28, 22, 24}
	if _, ok := r.Settings.Margin(); ok {
		keys, widths = append(keys[:5:5], "profit"), []float64{44, 22, 40, 28, 22, 24}
	}
	d.columnTable(append(adRows, r.Total), keys, widths, map[string]bool{"roas": true})

	d.heading("Did the ads pay back?", 30)
	for _, c := range r.Channels {
		if c.ROAS.OK {
			d.para(metrics.PaybackWords(c.Channel.Name, c.Spend, c.Revenue, c.ROAS, c.Payback, r.Headline.BreakEven, d.cur))
		}
	}
	d.para(HeadlineWords(r))

	d.heading("Channels: leads", 30)
	var withLeads []metrics.ChannelReport
	for _, c := range rows {
		if c.Place == "" {
			withLeads = append(withLeads, c)
		}
	}
	d.columnTable(withLeads, []string{"channel", "leads", "leads_maturing", "buyers", "lead_to_sale", "cost_per_lead", "median_days_to_close"},
		[]float64{44, 15, 20, 16, 38, 22, 23}, map[string]bool{"lead_to_sale": true})
	d.font(8, false)
	d.pg.MultiCell(d.width, 4, fmt.Sprintf("Lead-to-sale: of the leads at least %d days old at %s (the last day of the imported sales), the share that bought within %d days, with the range where the true rate most likely lies. Too recent: leads younger than that, not yet judged. Days to close: the median days from a lead coming in to its first sale, for the leads that bought.",
		metrics.CohortDays, shortDay(r.DataEnd), metrics.CohortDays))

	d.heading("What the ad platforms claim", 30)
	var claims [][]string
	for _, c := range r.Channels {
		if c.HasAds {
			claims = append(claims, []string{c.Channel.Name, ClaimsText(c, d.cur), money.Count(int64(c.Sales)), d.whole(c.Revenue)})
		}
	}
	if len(claims) == 0 {
		d.para("No ad report covers this period.")
		return
	}
	d.table([]pcol{{"Channel", 44, false}, {"What the platform claims", 60, true}, {"Sales counted here", 30, true}, {"Revenue counted here", 32, true}}, claims, false)
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
}

// charts places the dashboard's charts, two to a page.
func (d *doc) charts(cs []chartImage) {
	d.pg.AddPage()
	for i, c := range cs {
		h := d.width * float64(c.h) / float64(c.w)
		d.heading(c.title, h+12)
		if c.note != "" {
			d.font(8, false)
			d.pg.MultiCell(d.width, 4, c.note)
			d.pg.Ln(1)
		}
		name := fmt.Sprintf("chart%d", i)
		d.pg.Image(name, c.png, margin, d.pg.Y(), d.width, h, true)
		d.pg.Ln(3)
	}
}

// origins compares digital and traditional channels.
func (d *doc) origins() {
	r := d.p.Report
	d.heading("Digital against traditional", 40)
	var rows [][]string
	side := func(name string, sd metrics.Side) {
		m := sd.Median
		rng := "–"
		if m.OK {
			rng = d.moneyText(m.Low, true) + "–" + d.moneyText(m.High, true)
		}
		rows = append(rows, []string{name, money.Count(int64(sd.Sales)), d.moneyText(sd.Mean, sd.Sales > 0), d.moneyText(m.Value, m.OK), rng})
	}
	side("Digital leads", r.Gap.Digital)
	side("Traditional leads", r.Gap.Traditional)
	d.table([]pcol{{"Sales traced to", 44, false}, {"Sales", 18, true}, {"Avg order", 26, true}, {"Median order", 26, true}, {"Median, 95% range", 40, true}}, rows, false)
	d.para(metrics.GapWords(r.Gap, d.cur))
	for _, g := range r.GapByPlace {
		d.para(metrics.GapWords(g, d.cur))
	}
	if s := metrics.MixWords(r); s != "" {
		d.para(s)
	}
	d.para(metrics.GapWords(r.GapAll, d.cur))
}

// meeting is the meeting pack's part: leads by source and how many
// closed, what is left to review, the slow-moving stock and notes.
func (d *doc) meeting() {
	p := d.p
	d.pg.AddPage()
	d.heading(fmt.Sprintf("Leads by source since %s", shortDay(p.Report.Period.From)), 30)
	var rows [][]string
	for _, c := range p.Report.Channels {
		if c.Leads > 0 {
			rows = append(rows, []string{c.Name(), money.Count(int64(c.Leads)), money.Count(int64(c.Maturing)), money.Count(int64(c.Buyers)), pctText(c.LeadToSale)})
		}
	}
	if len(rows) == 0 {
		d.para("No leads came in.")
	} else {
		d.table([]pcol{{"Source", 56, false}, {"Leads", 20, true}, {"Too recent", 22, true}, {"Bought", 22, true}, {"Lead-to-sale (95% range)", 46, true}}, rows, false)
	}

	d.heading("Still to review", 20)
	if len(p.Unrecognised) == 0 && len(p.Review) == 0 {
		d.para("Nothing: every source is recognised and every sale has one clear lead or none.")
	}
	if len(p.Unrecognised) > 0 {
		d.para(fmt.Sprintf("%s no rule knows (assign each to a channel on the Channels screen):", plural(len(p.Unrecognised), "source value", "source values")))
		rows = nil
		for _, v := range p.Unrecognised {
			rows = append(rows, []string{v.Value, money.Count(int64(v.Leads)), money.Count(int64(v.Sales)), d.whole(v.Revenue)})
		}
		d.table([]pcol{{"Source value", 92, false}, {"Leads", 22, true}, {"Sales", 22, true}, {"Revenue", 30, true}}, rows, false)
	}
	if len(p.Review) > 0 {
		d.para(fmt.Sprintf("%s that share a name or company with more than one lead (choose on the Sales screen, Matches to review):", plural(len(p.Review), "sale", "sales")))
		rows = nil
		for _, it := range p.Review {
			var names []string
			for _, l := range it.Candidates {
				names = append(names, firstOf(l.Name, l.Email, l.Company))
			}
			rows = append(rows, []string{shortDay(it.Sale.Day), it.Sale.OrderID, firstOf(it.Sale.Customer, it.Sale.Company, it.Sale.Email), strings.Join(names, "; "), d.whole(it.Sale.Net)})
		}
		d.table([]pcol{{"Date", 22, false}, {"Order", 22, false}, {"Customer", 40, false}, {"Possible leads", 60, false}, {"Amount", 22, true}}, rows, false)
	}

	if len(p.Stock) > 0 {
		d.heading("Slow-moving stock: what the ads could push", 30)
		rows = nil
		for _, it := range p.Stock {
			if !it.Slow {
				continue
			}
			value := "–"
			if it.UnitCost != nil {
				value = d.whole(it.Value)
			}
			cover := "none sold"
			if !math.IsInf(it.DaysOnHand, 1) {
				cover = fmt.Sprintf("%.0f days", it.DaysOnHand)
			}
			last := "–"
			if !it.LastSold.IsZero() {
				last = shortDay(it.LastSold)
			}
			rows = append(rows, []string{it.Product, it.SKU, trimFloat(it.OnHand), value, trimFloat(it.Sold), last, cover})
		}
		if len(rows) == 0 {
			d.para("Nothing is slow by the thresholds set on the Stock screen.")
		} else {
			d.para(fmt.Sprintf("Products the Stock screen counts as slow: too many days of stock at the pace of the last %d days' sales, or too long without a sale (the thresholds are set on the Stock screen). The slowest first.", data.SlowDays))
			d.table([]pcol{{"Product", 46, false}, {"SKU", 24, false}, {"On hand", 16, true}, {"Value", 22, true}, {"Sold", 14, true}, {"Last sold", 24, true}, {"Lasts", 24, true}}, rows, false)
		}
	}

	if len(p.Push) > 0 {
		d.heading("Products to push: asked of the ads team", 30)
		rows = nil
		for _, it := range p.Push {
			value := "–"
			if it.UnitCost != nil {
				value = d.whole(it.Value)
			}
			lasts := "no sales"
			if !math.IsInf(it.DaysOnHand, 1) {
				lasts = fmt.Sprintf("%.0f days", it.DaysOnHand)
			}
			rows = append(rows, []string{it.Product, it.SKU, trimFloat(it.OnHand), value, lasts, it.AgeBucket})
		}
		d.table([]pcol{{"Product", 56, false}, {"SKU", 28, false}, {"On hand", 18, true}, {"Value", 24, true}, {"Lasts", 24, true}, {"Age", 24, true}}, rows, false)
	}

	d.pg.AddPage()
	d.heading("Notes", 20)
	if strings.TrimSpace(p.Notes) != "" {
		d.para(p.Notes)
	}
	_, ph := d.pg.PageSize()
	d.pg.SetDrawColor(200, 200, 200)
	for y := d.pg.Y() + 8; y < ph-margin-8; y += 8 {
		d.pg.Line(margin, y, margin+d.width, y)
	}
}

// shortDay writes a day as "3 Mar 2025"; "" for none.
func shortDay(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(time.UTC).Format("2 Jan 2006")
}
