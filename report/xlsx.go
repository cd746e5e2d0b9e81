package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/channel"
	"lastmile/data/metrics"
	"lastmile/data/money"
)

// MaxCellChars is Excel's limit on the characters of one cell (in UTF-16
// units); longer text is cut, with a warning.
const MaxCellChars = 32767

// The sheets of the workbook.
const (
	SheetSummary  = "Summary"
	SheetChannels = "Channels"
	SheetOrigins  = "Digital and traditional"
	SheetWeekly   = "Revenue by week"
	SheetOrders   = "Order values"
	SheetClaims   = "Platform claims"
	SheetReview   = "To review"
	SheetStock    = "Slow-moving stock"
	SheetPush     = "Products to push"
	SheetNotes    = "Notes"
)

// workbook writes one workbook: the cells, their styles and the warnings.
type workbook struct {
	f        *excelize.File
	p        Pack
	cur      string
	warnings []string
	styles   map[string]int
}

// WriteXLSX writes the pack as an Excel workbook: a Summary sheet with the
// cover, the summary in words, the headline figures, native Excel charts
// fed from the other sheets, the comparison and how the numbers were made;
// then one sheet per table. Text is always stored as text, never as a
// formula. It returns warnings for people (text cut at Excel's limit).
func WriteXLSX(w io.Writer, p Pack) (warnings []string, err error) {
	f := excelize.NewFile()
	defer f.Close()
	b := &workbook{f: f, p: p, cur: p.Report.Currency, styles: map[string]int{}}
	if err := b.build(); err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	if _, err := f.WriteTo(&raw); err != nil {
		return nil, fmt.Errorf("write the workbook: %w", err)
	}
	fixed, err := numericScatterX(raw.Bytes())
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(fixed); err != nil {
		return nil, fmt.Errorf("write the workbook: %w", err)
	}
	return b.warnings, nil
}

// xValStr matches a scatter series' x values written as a text reference.
var xValStr = regexp.MustCompile(`<xVal><strRef>(<f>[^<]*</f>)</strRef></xVal>`)

// numericScatterX rewrites the x values of scatter charts as a number
// reference. excelize writes them as a text reference, which Excel and
// LibreOffice read as categories 1, 2, 3… instead of the order values.
func numericScatterX(xlsx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, fmt.Errorf("rewrite the workbook: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("rewrite the workbook: %w", err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("rewrite the workbook: %w", err)
		}
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			body = xValStr.ReplaceAll(body, []byte(`<xVal><numRef>$1</numRef></xVal>`))
		}
		hdr := zf.FileHeader
		wr, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, fmt.Errorf("rewrite the workbook: %w", err)
		}
		if _, err := wr.Write(body); err != nil {
			return nil, fmt.Errorf("rewrite the workbook: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("rewrite the workbook: %w", err)
	}
	return out.Bytes(), nil
}

// cellName is the name of the cell at col, row (both from 1).
func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// absRange is an absolute range such as 'Channels'!$B$2:$B$9.
func absRange(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	b, _ := excelize.CoordinatesToCellName(col2, row2, true)
	return fmt.Sprintf("'%s'!%s:%s", strings.ReplaceAll(sheet, "'", "''"), a, b)
}

// text writes s as text, cut at Excel's limit with a warning.
func (b *workbook) text(sheet string, col, row int, s string) error {
	if utf8.RuneCountInString(s) > MaxCellChars/2 && len(utf16.Encode([]rune(s))) > MaxCellChars {
		u := utf16.Encode([]rune(s))[:MaxCellChars-1]
		s = string(utf16.Decode(u)) + "…"
		b.warnings = append(b.warnings, fmt.Sprintf("%s, cell %s: the text was longer than Excel allows (%d characters) and was cut.", sheet, cellName(col, row), MaxCellChars))
	}
	return b.f.SetCellStr(sheet, cellName(col, row), s)
}

// number writes v, or leaves the cell empty when !ok.
func (b *workbook) number(sheet string, col, row int, v float64, ok bool) error {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return b.f.SetCellFloat(sheet, cellName(col, row), v, -1, 64)
}

// moneyValue writes minor units as major units.
func (b *workbook) moneyValue(sheet string, col, row int, minor float64, ok bool) error {
	return b.number(sheet, col, row, minor/math.Pow10(money.Scale(b.cur)), ok)
}

// The cell styles.
const (
	stMoney   = "money"
	stWhole   = "whole"
	stPercent = "percent"
	stRatio   = "ratio"
	stCount   = "count"
	stDecimal = "decimal"
	stHeader  = "header"
	stTitle   = "title"
	stWrap    = "wrap"
	stBold    = "bold"
	stChange  = "change"
)

// style returns the id of a named style, made on first use.
func (b *workbook) style(name string) (int, error) {
	if id, ok := b.styles[name]; ok {
		return id, nil
	}
	sym := money.Symbol(b.cur)
	quoted := `"` + strings.ReplaceAll(sym, `"`, "") + `"`
	if r, _ := utf8.DecodeLastRuneInString(sym); r >= 'A' {
		quoted = `"` + sym + ` "`
	}
	decimals := ""
	if sc := money.Scale(b.cur); sc > 0 {
		decimals = "." + strings.Repeat("0", sc)
	}
	f := func(s string) *string { return &s }
	var st excelize.Style
	switch name {
	case stMoney:
		st.CustomNumFmt = f(quoted + "#,##0" + decimals + ";-" + quoted + "#,##0" + decimals)
	case stWhole:
		st.CustomNumFmt = f(quoted + "#,##0;-" + quoted + "#,##0")
	case stPercent:
		st.CustomNumFmt = f("0%")
	case stChange:
		st.CustomNumFmt = f("+0%;-0%;0%")
	case stRatio:
		st.CustomNumFmt = f(`0.00"×"`)
	case stCount:
		st.CustomNumFmt = f("#,##0")
	case stDecimal:
		st.CustomNumFmt = f("#,##0.0")
	case stHeader:
		st.Font = &excelize.Font{Bold: true, Color: "FFFFFF"}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{b.accent()}}
		st.Alignment = &excelize.Alignment{Vertical: "center", WrapText: true}
	case stTitle:
		st.Font = &excelize.Font{Bold: true, Size: 18, Color: b.accent()}
	case stWrap:
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
	case stBold:
		st.Font = &excelize.Font{Bold: true}
	}
	id, err := b.f.NewStyle(&st)
	if err != nil {
		return 0, err
	}
	b.styles[name] = id
	return id, nil
}

// accent is the branding colour as Excel writes it (RRGGBB).
func (b *workbook) accent() string {
	c := strings.TrimPrefix(strings.TrimSpace(b.p.Branding.Colour), "#")
	if len(c) == 6 {
		return strings.ToUpper(c)
	}
	return "2563EB"
}

// styleRange gives a style to a rectangle of cells.
func (b *workbook) styleRange(sheet string, col1, row1, col2, row2 int, name string) error {
	id, err := b.style(name)
	if err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, cellName(col1, row1), cellName(col2, row2), id)
}

// table writes a header row and rows of cells at row 1 of a new sheet,
// freezes the header and sizes the columns; each column has a style.
type tableCol struct {
	title string
	style string  // "" for text
	width float64 // characters
}

// cell is one cell of a table: text, or a number that may be missing;
// money is in minor units and written in major units.
type cell struct {
	text  string
	value float64
	ok    bool // a number is present
	isNum bool
	money bool
}

func textCell(s string) cell          { return cell{text: s} }
func numCell(v float64, ok bool) cell { return cell{value: v, ok: ok, isNum: true} }
func moneyCell(minor float64, ok bool) cell {
	return cell{value: minor, ok: ok, isNum: true, money: true}
}
func countCell(n int) cell { return numCell(float64(n), true) }

func (b *workbook) sheet(name string, cols []tableCol, rows [][]cell) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	for i, c := range cols {
		if err := b.text(name, i+1, 1, c.title); err != nil {
			return err
		}
		colName, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(name, colName, colName, c.width); err != nil {
			return err
		}
	}
	if err := b.styleRange(name, 1, 1, len(cols), 1, stHeader); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(name, 1, 32); err != nil {
		return err
	}
	for r, row := range rows {
		for c, x := range row {
			var err error
			switch {
			case x.money:
				err = b.moneyValue(name, c+1, r+2, x.value, x.ok)
			case x.isNum:
				err = b.number(name, c+1, r+2, x.value, x.ok)
			default:
				err = b.text(name, c+1, r+2, x.text)
			}
			if err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		for c, col := range cols {
			if col.style != "" {
				if err := b.styleRange(name, c+1, 2, c+1, len(rows)+1, col.style); err != nil {
					return err
				}
			}
		}
	}
	return b.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// channelSheet lays out the Channels sheet from the channel table's
// columns (metrics.Columns): a ranged column adds its low and high.
func channelSheet(r metrics.Report) ([]tableCol, [][]cell) {
	var cols []tableCol
	for _, c := range metrics.Columns {
		width := max(8, min(24, float64(len(c.Header))*0.7))
		if c.Key == "channel" {
			width = 28
		}
		cols = append(cols, tableCol{c.Header, xlsxStyle(c.Format), width})
		if c.Ranged {
			cols = append(cols, tableCol{c.Header + ", low", xlsxStyle(c.Format), 10}, tableCol{c.Header + ", high", xlsxStyle(c.Format), 10})
		}
	}
	var rows [][]cell
	for _, c := range r.Rows() {
		var row []cell
		for _, col := range metrics.Columns {
			v := col.Value(c)
			row = append(row, xlsxCell(col, v.Num, v))
			if col.Ranged {
				row = append(row, xlsxCell(col, v.Low, v), xlsxCell(col, v.High, v))
			}
		}
		rows = append(rows, row)
	}
	return cols, rows
}

// channelCol returns the Channels sheet's column (from 1) of a channel
// table column.
func channelCol(key string) int {
	n := 1
	for _, c := range metrics.Columns {
		if c.Key == key {
			return n
		}
		n++
		if c.Ranged {
			n += 2
		}
	}
	panic("report: no channel column " + key)
}

func xlsxStyle(f metrics.Format) string {
	switch f {
	case metrics.FormatCount:
		return stCount
	case metrics.FormatMoney, metrics.FormatCents:
		return stMoney
	case metrics.FormatPercent:
		return stPercent
	case metrics.FormatRatio:
		return stRatio
	case metrics.FormatDays, metrics.FormatDecimal:
		return stDecimal
	}
	return ""
}

func xlsxCell(col metrics.Column, x float64, v metrics.Value) cell {
	switch col.Format {
	case metrics.FormatText:
		return textCell(v.Text)
	case metrics.FormatBool:
		if v.OK && v.Num != 0 {
			return textCell("yes")
		}
		return textCell("")
	case metrics.FormatMoney, metrics.FormatCents:
		return moneyCell(x, v.OK)
	}
	return numCell(x, v.OK)
}

// table is one table of a report: a sheet of the workbook, a CSV file.
type table struct {
	name     string
	file     string // CSV file name
	cols     []tableCol
	rows     [][]cell
	boldLast bool // the last row is a total
}

// chartRows are the sizes of the tables the Summary's charts read.
type chartRows struct{ channels, weekChannels, weeks, digital, traditional, claims int }

// tables builds the report's tables.
func tables(p Pack) ([]table, chartRows) {
	r := p.Report
	var ts []table
	var n chartRows
	// The tables first: the charts on the Summary read them.
	chCols, chRows := channelSheet(r)
	ts = append(ts, table{name: SheetChannels, file: "channels.csv", cols: chCols, rows: chRows, boldLast: true})
	n.channels = len(r.Channels) + len(r.Unknown)

	// Digital and traditional.
	var orows [][]cell
	for _, o := range r.Origins {
		aov, ok := o.AOV()
		lo, hi := moneyCell(o.MedianOrder.Low, o.MedianOrder.OK), moneyCell(o.MedianOrder.High, o.MedianOrder.OK)
		orows = append(orows, []cell{textCell(titleCase(o.Origin)), countCell(o.Leads), countCell(o.Mature), countCell(o.Buyers),
			numCell(o.LeadToSale.Value, o.LeadToSale.OK), countCell(o.Sales), moneyCell(float64(o.Revenue), true), moneyCell(aov, ok),
			moneyCell(o.MedianOrder.Value, o.MedianOrder.OK), lo, hi,
			numCell(o.DaysToClose.BuyersMedianDays, o.DaysToClose.BuyersMedianOK)})
	}
	for _, g := range append([]metrics.Gap{r.Gap, r.GapAll}, r.GapByPlace...) {
		label := "Digital − traditional, sales traced to a lead"
		if g.Basis == metrics.BasisAll {
			label = "Digital − traditional, every sale with a channel"
		}
		if g.Place != "" {
			label += ", " + channel.PlaceLabel(g.Place)
		}
		orows = append(orows, []cell{textCell(label), textCell(""), textCell(""), textCell(""), textCell(""),
			textCell(fmt.Sprintf("%d / %d", g.Digital.Sales, g.Traditional.Sales)), textCell(""), moneyCell(g.Mean.Value, g.Mean.OK),
			moneyCell(g.Median.Value, g.Median.OK), moneyCell(g.Median.Low, g.Median.OK), moneyCell(g.Median.High, g.Median.OK), textCell("")})
	}
	ts = append(ts, table{name: SheetOrigins, file: "digital-and-traditional.csv", cols: []tableCol{{"Origin", "", 30}, {"Leads", stCount, 8},
		{"Leads old enough to judge", stCount, 10}, {"Buyers", stCount, 8}, {"Lead-to-sale", stPercent, 11},
		{"Sales", stCount, 8}, {"Revenue", stMoney, 13}, {"Avg order", stMoney, 11}, {"Median order", stMoney, 12},
		{"Median, low", stMoney, 12}, {"Median, high", stMoney, 12}, {"Days to close (buyers' median)", stDecimal, 14}}, rows: orows})

	// Revenue by week: one column per channel with sales.
	var weekChannels []metrics.ChannelReport
	for _, c := range r.Channels {
		if c.Revenue != 0 || c.Sales != 0 {
			weekChannels = append(weekChannels, c)
		}
	}
	wcols := []tableCol{{"Week from", "", 12}}
	for _, c := range weekChannels {
		wcols = append(wcols, tableCol{c.Channel.Name, stWhole, 14})
	}
	var wrows [][]cell
	for _, wk := range r.Weeks {
		row := []cell{textCell(wk.Start.String())}
		for _, c := range weekChannels {
			row = append(row, moneyCell(float64(wk.Revenue[c.Channel.ID]), true))
		}
		wrows = append(wrows, row)
	}
	ts = append(ts, table{name: SheetWeekly, file: "revenue-by-week.csv", cols: wcols, rows: wrows})
	n.weekChannels, n.weeks = len(weekChannels), len(r.Weeks)

	// Order values: every sale traced to a lead, by the lead's origin, each
	// with the row it is drawn on in the dot chart (1 and 2).
	dig, trad := sample(r.Gap.Digital.Values, maxDots), sample(r.Gap.Traditional.Values, maxDots)
	digTitle, tradTitle := "Digital order (traced)", "Traditional order (traced)"
	if n := len(r.Gap.Digital.Values); n > len(dig) {
		digTitle = fmt.Sprintf("Digital order (%d of %d, evenly spaced)", len(dig), n)
	}
	if n := len(r.Gap.Traditional.Values); n > len(trad) {
		tradTitle = fmt.Sprintf("Traditional order (%d of %d, evenly spaced)", len(trad), n)
	}
	var drows [][]cell
	for i := 0; i < max(len(dig), len(trad)); i++ {
		row := []cell{textCell(""), textCell(""), textCell(""), textCell("")}
		if i < len(dig) {
			row[0], row[1] = moneyCell(float64(dig[i]), true), numCell(1, true)
		}
		if i < len(trad) {
			row[2], row[3] = moneyCell(float64(trad[i]), true), numCell(2, true)
		}
		drows = append(drows, row)
	}
	ts = append(ts, table{name: SheetOrders, file: "order-values.csv", cols: []tableCol{{digTitle, stMoney, 16}, {"Digital row", "", 10}, {tradTitle, stMoney, 16}, {"Traditional row", "", 12}}, rows: drows})
	n.digital, n.traditional = len(dig), len(trad)

	// What the platforms claim against the sales traced to them.
	var crows [][]cell
	for _, c := range r.Channels {
		if c.HasAds {
			crows = append(crows, []cell{textCell(c.Channel.Name), numCell(c.Claims.Conversions, true), countCell(c.Sales),
				moneyCell(float64(c.Claims.Value), true), moneyCell(float64(c.Revenue), true)})
		}
	}
	ts = append(ts, table{name: SheetClaims, file: "platform-claims.csv", cols: []tableCol{{"Channel", "", 20}, {"Platform results", stDecimal, 12}, {"Sales counted here", stCount, 10},
		{"Platform value", stMoney, 14}, {"Revenue counted here", stMoney, 14}}, rows: crows})
	n.claims = len(crows)
	if p.Preset == Meeting {
		ts = append(ts, meetingTables(p)...)
	}
	return ts, n
}

// build writes every sheet: the tables, the meeting pack's notes, then
// the Summary with its charts.
func (b *workbook) build() error {
	ts, n := tables(b.p)
	for _, t := range ts {
		if err := b.sheet(t.name, t.cols, t.rows); err != nil {
			return err
		}
		if t.boldLast {
			if err := b.styleRange(t.name, 1, len(t.rows)+1, 1, len(t.rows)+1, stBold); err != nil {
				return err
			}
		}
	}
	if b.p.Preset == Meeting {
		if err := b.notesSheet(); err != nil {
			return err
		}
	}
	return b.summarySheet(n.channels, n.weekChannels, n.weeks, n.digital, n.traditional, n.claims)
}

// summarySheet writes the cover, the words, the headline figures and the
// charts.
func (b *workbook) summarySheet(nch, nweekCh, nweeks, ndig, ntrad, nclaims int) error {
	f := b.f
	const s = SheetSummary
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return err
	}
	idx, _ := f.GetSheetIndex(s)
	f.SetActiveSheet(idx)
	r := b.p.Report
	for _, c := range [][2]any{{"A", 26.0}, {"B", 16.0}, {"C", 16.0}, {"D", 12.0}, {"E", 4.0}} {
		if err := f.SetColWidth(s, c[0].(string), c[0].(string), c[1].(float64)); err != nil {
			return err
		}
	}
	row := 1
	line := func(text, style string) error {
		if err := b.text(s, 1, row, text); err != nil {
			return err
		}
		if style != "" {
			if err := b.styleRange(s, 1, row, 1, row, style); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if err := line(b.p.ClientName(), stTitle); err != nil {
		return err
	}
	if err := line(fmt.Sprintf("%s · %s (%d days)", b.p.Preset.Title(), r.Period, r.Period.Days()), stBold); err != nil {
		return err
	}
	made := "Made with Lastmile on " + b.p.Made.Time(time.UTC).Format("2 January 2006")
	if pb := strings.TrimSpace(b.p.Branding.PreparedBy); pb != "" {
		made = "Prepared by " + pb + " on " + b.p.Made.Time(time.UTC).Format("2 January 2006")
	}
	if err := line(made, ""); err != nil {
		return err
	}
	row++
	// The summary in words, over a merged block.
	if err := b.text(s, 1, row, Summary(r)); err != nil {
		return err
	}
	if err := f.MergeCell(s, cellName(1, row), cellName(4, row+5)); err != nil {
		return err
	}
	if err := b.styleRange(s, 1, row, 4, row+5, stWrap); err != nil {
		return err
	}
	row += 7

	// Headline figures with the change against the previous period.
	head := row
	for i, h := range []string{"Figure", "This period", "Previous period", "Change"} {
		if err := b.text(s, i+1, row, h); err != nil {
			return err
		}
	}
	if err := b.styleRange(s, 1, row, 4, row, stHeader); err != nil {
		return err
	}
	row++
	for _, k := range r.Summary.KPIs() {
		if err := b.text(s, 1, row, k.Label); err != nil {
			return err
		}
		style := stCount
		cur, prev := k.Current, k.Previous
		switch k.Unit {
		case data.UnitMoney:
			style = stWhole
			scale := math.Pow10(money.Scale(b.cur))
			cur, prev = cur/scale, prev/scale
		case data.UnitRatio:
			style = stRatio
		}
		if err := b.number(s, 2, row, cur, k.CurrentOK); err != nil {
			return err
		}
		if err := b.number(s, 3, row, prev, k.PreviousOK); err != nil {
			return err
		}
		ch, ok := k.Change()
		if err := b.number(s, 4, row, ch, ok); err != nil {
			return err
		}
		if err := b.styleRange(s, 2, row, 3, row, style); err != nil {
			return err
		}
		if err := b.styleRange(s, 4, row, 4, row, stChange); err != nil {
			return err
		}
		row++
	}
	_ = head
	row++
	// The comparison and how the numbers were made.
	c := r.Compare
	if err := line(fmt.Sprintf("%s against %s", c.A, c.B), stBold); err != nil {
		return err
	}
	if err := b.text(s, 1, row, c.Words); err != nil {
		return err
	}
	if err := f.MergeCell(s, cellName(1, row), cellName(4, row+4)); err != nil {
		return err
	}
	if err := b.styleRange(s, 1, row, 4, row+4, stWrap); err != nil {
		return err
	}
	row += 6
	if err := line("How these numbers were made", stBold); err != nil {
		return err
	}
	if err := b.text(s, 1, row, HowMade(r, b.p.WindowDays)); err != nil {
		return err
	}
	if err := f.MergeCell(s, cellName(1, row), cellName(4, row+9)); err != nil {
		return err
	}
	if err := b.styleRange(s, 1, row, 4, row+9, stWrap); err != nil {
		return err
	}

	// Native charts to the right, fed from the tables.
	if nch == 0 {
		return nil
	}
	dim := excelize.ChartDimension{Width: 560, Height: 300}
	no := false
	title := func(t string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t}}}
	}
	colChannel, colSpend, colRevenue, colLeadToSale := channelCol("channel"), channelCol("spend"), channelCol("revenue"), channelCol("lead_to_sale")
	cats := absRange(SheetChannels, colChannel, 2, colChannel, nch+1)
	series := func(col int) excelize.ChartSeries {
		return excelize.ChartSeries{Name: absRange(SheetChannels, col, 1, col, 1), Categories: cats, Values: absRange(SheetChannels, col, 2, col, nch+1)}
	}
	charts := []*excelize.Chart{
		{Type: excelize.Bar, Title: title("Revenue and ad spend by channel"), Dimension: dim,
			Series: []excelize.ChartSeries{series(colRevenue), series(colSpend)}, Legend: excelize.ChartLegend{Position: "top"},
			XAxis: excelize.ChartAxis{ReverseOrder: true}, YAxis: excelize.ChartAxis{MajorGridLines: true}, VaryColors: &no},
		{Type: excelize.Bar, Title: title("Lead-to-sale by channel (see the 95% range on the Channels sheet)"), Dimension: dim,
			Series: []excelize.ChartSeries{series(colLeadToSale)}, Legend: excelize.ChartLegend{Position: "none"},
			XAxis: excelize.ChartAxis{ReverseOrder: true}, YAxis: excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}, VaryColors: &no},
	}
	if nclaims > 0 {
		cc := absRange(SheetClaims, 1, 2, 1, nclaims+1)
		charts = append(charts, &excelize.Chart{Type: excelize.Col, Title: title("What the ad platforms claim, against the sales counted here"), Dimension: dim,
			Legend: excelize.ChartLegend{Position: "top"}, VaryColors: &no,
			Series: []excelize.ChartSeries{
				{Name: absRange(SheetClaims, 4, 1, 4, 1), Categories: cc, Values: absRange(SheetClaims, 4, 2, 4, nclaims+1)},
				{Name: absRange(SheetClaims, 5, 1, 5, 1), Categories: cc, Values: absRange(SheetClaims, 5, 2, 5, nclaims+1)},
			}})
	}
	if nweeks > 0 && nweekCh > 0 {
		var ws []excelize.ChartSeries
		for i := range nweekCh {
			ws = append(ws, excelize.ChartSeries{Name: absRange(SheetWeekly, i+2, 1, i+2, 1),
				Categories: absRange(SheetWeekly, 1, 2, 1, nweeks+1), Values: absRange(SheetWeekly, i+2, 2, i+2, nweeks+1),
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 4}})
		}
		charts = append(charts, &excelize.Chart{Type: excelize.Line, Title: title("Revenue by week and channel"), Dimension: dim,
			Series: ws, Legend: excelize.ChartLegend{Position: "bottom"}, VaryColors: &no})
	}
	if ndig > 0 || ntrad > 0 {
		var ds []excelize.ChartSeries
		if ndig > 0 {
			ds = append(ds, excelize.ChartSeries{Name: absRange(SheetOrders, 1, 1, 1, 1), Categories: absRange(SheetOrders, 1, 2, 1, ndig+1),
				Values: absRange(SheetOrders, 2, 2, 2, ndig+1), Marker: dot("2563EB")})
		}
		if ntrad > 0 {
			ds = append(ds, excelize.ChartSeries{Name: absRange(SheetOrders, 3, 1, 3, 1), Categories: absRange(SheetOrders, 3, 2, 3, ntrad+1),
				Values: absRange(SheetOrders, 4, 2, 4, ntrad+1), Marker: dot("16A34A")})
		}
		lo, hi := 0.5, 2.5
		charts = append(charts, &excelize.Chart{Type: excelize.Scatter, Title: title("Order value: every sale traced to a lead, digital (row 1) and traditional (row 2)"), Dimension: dim,
			Series: ds, Legend: excelize.ChartLegend{Position: "top"}, VaryColors: &no,
			YAxis: excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorUnit: 1}, XAxis: excelize.ChartAxis{MajorGridLines: true}})
	}
	for i, ch := range charts {
		if err := f.AddChart(s, cellName(6, 1+i*16), ch); err != nil {
			return fmt.Errorf("chart %d: %w", i+1, err)
		}
	}
	return nil
}

// dot is a filled round marker of one colour (RRGGBB).
func dot(colour string) excelize.ChartMarker {
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
	return excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: fill, Border: excelize.LineOptions{Width: 0.5}}
}

// meetingTables are the meeting pack's lists: what is left to review and
// the slow-moving stock.
func meetingTables(p Pack) []table {
	var rrows [][]cell
	for _, v := range p.Unrecognised {
		rrows = append(rrows, []cell{textCell("Unrecognised source"), textCell(v.Value),
			textCell(fmt.Sprintf("%d leads, %d sales", v.Leads, v.Sales)), moneyCell(float64(v.Revenue), true),
			textCell("Assign it to a channel on the Channels screen")})
	}
	for _, it := range p.Review {
		var names []string
		for _, l := range it.Candidates {
			names = append(names, firstOf(l.Name, l.Email, l.Company))
		}
		rrows = append(rrows, []cell{textCell("Sale with more than one possible lead"),
			textCell(fmt.Sprintf("%s, order %s, %s", it.Sale.Day, it.Sale.OrderID, firstOf(it.Sale.Customer, it.Sale.Company, it.Sale.Email))),
			textCell(strings.Join(names, "; ")), moneyCell(float64(it.Sale.Net), true),
			textCell("Choose the lead on the Sales screen (Matches to review)")})
	}
	review := table{name: SheetReview, file: "to-review.csv", cols: []tableCol{{"What", "", 30}, {"Which", "", 44}, {"Details", "", 40}, {"Revenue", stMoney, 12}, {"What to do", "", 44}}, rows: rrows}
	var srows [][]cell
	for _, it := range p.Stock {
		if !it.Slow {
			continue
		}
		cost := numCell(0, false)
		if it.UnitCost != nil {
			cost = moneyCell(float64(*it.UnitCost), true)
		}
		last := ""
		if !it.LastSold.IsZero() {
			last = it.LastSold.String()
		}
		srows = append(srows, []cell{textCell(it.Product), textCell(it.SKU), numCell(it.OnHand, true), cost,
			moneyCell(float64(it.Value), it.UnitCost != nil), numCell(it.Sold, true), textCell(last),
			numCell(it.DaysOnHand, !math.IsInf(it.DaysOnHand, 1))})
	}
	stock := table{name: SheetStock, file: "slow-moving-stock.csv", cols: []tableCol{{"Product", "", 30}, {"SKU", "", 14}, {"On hand", stDecimal, 9}, {"Unit cost", stMoney, 11},
		{"Value on the shelf", stMoney, 14}, {fmt.Sprintf("Sold in %d days", data.SlowDays), stDecimal, 12}, {"Last sold", "", 12},
		{"Days of stock at this pace (empty: none sold)", stCount, 18}}, rows: srows}
	var prows [][]cell
	for _, it := range p.Push {
		cost := numCell(0, false)
		if it.UnitCost != nil {
			cost = moneyCell(float64(it.Value), true)
		}
		prows = append(prows, []cell{textCell(it.Product), textCell(it.SKU), numCell(it.OnHand, true), cost,
			numCell(it.DaysOnHand, !math.IsInf(it.DaysOnHand, 1)), textCell(it.AgeBucket)})
	}
	push := table{name: SheetPush, file: "products-to-push.csv", cols: []tableCol{{"Product", "", 30}, {"SKU", "", 14}, {"On hand", stDecimal, 9},
		{"Value on the shelf", stMoney, 14}, {"Days of stock at this pace (empty: none sold)", stCount, 18}, {"Age", "", 12}}, rows: prows}
	return []table{review, stock, push}
}

// notesSheet is the meeting pack's page for notes.
func (b *workbook) notesSheet() error {
	p := b.p
	if _, err := b.f.NewSheet(SheetNotes); err != nil {
		return err
	}
	if err := b.f.SetColWidth(SheetNotes, "A", "A", 100); err != nil {
		return err
	}
	if err := b.text(SheetNotes, 1, 1, "Notes from the meeting"); err != nil {
		return err
	}
	if err := b.styleRange(SheetNotes, 1, 1, 1, 1, stTitle); err != nil {
		return err
	}
	notes := p.Notes
	if strings.TrimSpace(notes) == "" {
		notes = "What should the ads push next? Which leads need a call? Write here."
	}
	if err := b.text(SheetNotes, 1, 3, notes); err != nil {
		return err
	}
	return b.styleRange(SheetNotes, 1, 3, 1, 3, stWrap)
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// maxDots caps the order values the workbook and the PDF draw per origin.
const maxDots = 5000

// sample returns at most n of the sorted values, evenly spaced, always with
// the smallest and the largest.
func sample(sorted []int64, n int) []int64 {
	if len(sorted) <= n {
		return sorted
	}
	out := make([]int64, n)
	for i := range n {
		out[i] = sorted[i*(len(sorted)-1)/(n-1)]
	}
	return out
}
