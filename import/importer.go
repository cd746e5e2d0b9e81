package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
)

// Options are what reading and importing a file need from outside.
type Options struct {
	// Settings are the workspace's: time zone, currency, date order and
	// exchange rates.
	Settings data.Settings
	// Profiles are the profiles saved in the workspace; they are tried
	// before the built-in ones.
	Profiles []Profile
	// Profile, if set, names the profile to read the file with.
	Profile string
	// TmpDir is where excelize may put temporary files (the app's private
	// folder). Empty means the system's temporary folder.
	TmpDir string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Progress, if set, hears how far a read or an import has come.
	Progress Progress
	// Quick reads only enough of the file to recognise it and decide its
	// columns' conventions (from its first rows): Summary, Preview and
	// Problems are filled in by Import. For scripts that import at once.
	Quick bool
	// Unlisted is the decision about spend a file's own total holds but
	// its rows do not list; undecided, such a file is not imported.
	Unlisted Unlisted
	// Campaign names the campaign of a report downloaded from inside one
	// campaign (no Campaign column).
	Campaign string
}

// Progress hears about long work: rows handled and, as fractions of the
// file, how far the reading is.
type Progress interface {
	Update(p Report)
}

// Report is one progress update.
type Report struct {
	Stage string  // "checking" (the columns' conventions), "reading" or "importing"
	Rows  int     // rows handled so far in this stage
	Done  float64 // fraction of the file read, 0 to 1 (0 when unknown)
}

// Confidence says how a file's format was decided.
type Confidence string

// The confidences.
const (
	Recognised Confidence = "recognised" // a built-in format fits the header
	Saved      Confidence = "saved"      // a profile saved for this file shape
	Chosen     Confidence = "chosen"     // the profile named in Options
	Guessed    Confidence = "guessed"    // no format fits: a mapping guessed from names and values
)

// File is a file that has been read: its format, what it holds, a preview
// of the records as they will be stored, and the problems found. Import
// stores it.
type File struct {
	Path, Name string
	Size       int64
	SHA256     string
	Container  Container
	Encoding   Encoding // text files
	Delimiter  rune     // text files
	Sheet      string   // workbooks: the sheet read
	Profile    Profile  // the profile it is read with
	Confidence Confidence
	HeaderLine int
	Header     []string // the header row as written
	// Columns says which header each field was read from.
	Columns map[Field]string

	Summary  Summary
	Preview  Preview
	Warnings []string
	Problems []data.Problem // rows that cannot be imported as they are
	Skipped  []data.Problem // rows that are not data (totals, footers), with the reason
	// Gap, when set, says the records do not add up to the file's own
	// total; Import refuses the file until Options.Unlisted decides.
	Gap *Gap

	opts        Options
	plan        *plan
	rowsRead    int
	scanned     bool // read whole: Summary, Preview and Problems are complete
	inferredAll bool // the column conventions come from every value
	wb          *workbook
	modTime     time.Time // the file's time when it was read
	totals      []statedTotal
	// salesTotal is the money of a sales file's total rows, in minor units
	// of the workspace's currency; salesTotalLabel their first cell.
	salesTotal      []int64
	salesTotalLabel string
}

// Summary is what a file holds.
type Summary struct {
	Kind        data.Kind
	Records     int // records that will be stored (after grouping and adding up)
	Rows        int // data rows read
	From, To    civil.Date
	Days        int
	Campaigns   int // ad stats
	Sales       int // sales: orders with money kept
	Refunds     int
	Voids       int
	Lines       int     // sale lines
	Amount      int64   // ad spend, or revenue net of refunds, in minor units
	WithEmail   int     // leads
	Products    int     // stock: items (a product, or a variant of one, at its SKU)
	OnHand      float64 // stock: the quantities on hand added up
	Currency    string
	Description string // one line for people
}

// Preview is the first records of a file as they will be stored.
type Preview struct {
	Columns []string
	Rows    [][]string
	Lines   []int // the file line of each preview row
}

// previewRows is how many records a preview shows.
const previewRows = 20

// sampleRows is how many rows are read to find the header.
const headerSearchRows = 40

// plan is how a file is read: where its table is, the profile's mapping
// and the conventions decided from its values.
type plan struct {
	profile      Profile
	h            header
	m            mapping
	titles       []string
	numbers      map[int]numberStyle
	dates        map[int]*dateColumn
	level        string
	titleRange   data.Period
	loc          *time.Location
	currency     string            // the workspace's
	fileCurrency string            // the file's own, when it says so only once
	location     string            // stock: the location a file's quantity column is named after
	handleTitles map[string]string // stock: a Shopify product's title by its handle
	campaign     string            // ad stats: the campaign of a report from inside one campaign
	contentKeys  bool              // sales: no order number, rows are named by their content
	seen         map[string]int    // sales named by content: how many rows of each so far
	rates        map[string]rate
	converted    map[string]bool // currencies converted with rates, while assembling
	today        civil.Date
	dateCols     map[int]bool // workbook columns holding date serials
}

// rate is an exchange rate to the workspace currency, kept exact.
type rate struct{ r *big.Rat }

func (r rate) times(d decimal) decimal {
	v := new(big.Rat).SetFrac64(d.mant, 1)
	v.Quo(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale)), nil)))
	v.Mul(v, r.r)
	// Keep six decimals: money is rounded to minor units after.
	scaled := new(big.Rat).Mul(v, big.NewRat(1_000_000, 1))
	f, _ := scaled.Float64()
	return decimal{mant: int64(f + 0.5*sign(f)), scale: 6}
}

// Read opens the file at path, recognises its format, and reads it whole
// without storing anything: what it holds, a preview, the problems. A file
// Lastmile cannot or will not import gives a *data.UserError saying why.
func Read(ctx context.Context, path string, o Options) (*File, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	f := &File{Path: path, Name: filepath.Base(path), opts: o}
	container, err := Sniff(path)
	if err != nil {
		return nil, err
	}
	f.Container = container
	// Stat before hashing: a change while the file is hashed moves its
	// time past the one kept, and Import then refuses it.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &data.UserError{Msg: fmt.Sprintf("Cannot read %s: %v.", f.Name, err), Err: err}
	}
	f.modTime = fi.ModTime()
	facts, err := scanFile(path)
	if err != nil {
		return nil, &data.UserError{Msg: fmt.Sprintf("Cannot read %s: %v.", f.Name, err), Err: err}
	}
	f.Size, f.SHA256 = facts.size, facts.sha256
	if facts.badUTF8 {
		f.Warnings = append(f.Warnings, "The file has bytes that are not valid UTF-8 text; they are shown as �. If names look wrong, export the file again as UTF-8.")
	}
	if container == Text {
		f.Encoding = facts.encoding
		head, err := readHead(path, facts.encoding, 256<<10)
		if err != nil {
			return nil, &data.UserError{Msg: fmt.Sprintf("Cannot read %s: %v.", f.Name, err), Err: err}
		}
		f.Delimiter = sniffDelimiter(stripComments(head))
	}
	if err := f.recognise(ctx); err != nil {
		f.Close()
		return nil, err
	}
	if o.Quick {
		n := quickRows
		if container == XLSX {
			// A workbook's numbers are typed and its dates are serials:
			// only text cells can be in doubt, and the first rows tell.
			n = quickRows / 10
		}
		if err := f.infer(ctx, n); err != nil {
			f.Close()
			return nil, err
		}
		return f, nil
	}
	if err := f.scan(ctx); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// quickRows is how many rows a quick read decides the columns from.
const quickRows = 20000

// stripComments drops '#' comment lines (GA4) before the delimiter is
// sniffed, so their punctuation does not vote.
func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// table opens a row source over the file's table (the chosen sheet).
func (f *File) table(lazy bool) (rowSource, func() error, error) {
	if f.Container == Text {
		s, err := openCSV(f.Path, f.Encoding, f.Delimiter, lazy)
		if err != nil {
			return nil, nil, err
		}
		return s, s.close, nil
	}
	wb, err := f.workbook()
	if err != nil {
		return nil, nil, err
	}
	var dates map[int]bool
	if f.plan != nil {
		dates = f.plan.dateCols
	}
	s, err := wb.open(f.Sheet, dates)
	if err != nil {
		return nil, nil, err
	}
	return s, s.close, nil
}

// SetProgress makes p hear how the import of f goes.
func (f *File) SetProgress(p Progress) { f.opts.Progress = p }

// workbook opens the file's workbook once: opening parses its shared
// strings, the larger part of a workbook, so every pass reuses it until
// Close.
func (f *File) workbook() (*workbook, error) {
	if f.wb == nil {
		wb, err := openWorkbook(f.Path, f.opts.TmpDir)
		if err != nil {
			return nil, err
		}
		f.wb = wb
	}
	return f.wb, nil
}

// unchanged checks that the file on disk is still the one that was read,
// so what is stored is what the preview showed, under the right hash.
func (f *File) unchanged() error {
	fi, err := os.Stat(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &data.UserError{Msg: fmt.Sprintf("%s is no longer in %s: it was moved, renamed or deleted after it was read. Nothing was imported; choose it again.", f.Name, filepath.Dir(f.Path)), Err: err}
	case err != nil:
		return &data.UserError{Msg: fmt.Sprintf("Cannot read %s: %v. Nothing was imported.", f.Name, err), Err: err}
	case fi.Size() != f.Size || !fi.ModTime().Equal(f.modTime):
		return data.UserErrorf("%s has changed since it was read. Nothing was imported: read it again to see what it holds now.", f.Name)
	}
	return nil
}

// Close releases what reading the file holds open (a workbook and its
// temporary files). Import closes the file itself; call Close for a file
// that is read but not imported.
func (f *File) Close() error {
	if f.wb == nil {
		return nil
	}
	err := f.wb.close()
	f.wb = nil
	return err
}

// firstRows reads the first n rows of a table.
func firstRows(src rowSource, n int) ([]Row, error) {
	var out []Row
	for len(out) < n {
		r, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, err
		}
		out = append(out, r.clone())
	}
	return out, nil
}

// candidate is a possible header row with the profile that fits it best.
type candidate struct {
	sheet   string
	row     int // index into the rows read
	h       header
	titles  []string
	profile Profile
	score   int
	conf    Confidence
}

// recognise finds the header row and the profile: in a workbook, on every
// sheet. A saved profile for the same header shape comes first, then the
// best-fitting built-in one; with none, a mapping is guessed.
func (f *File) recognise(ctx context.Context) error {
	var best *candidate
	var firstRowsSeen []Row
	consider := func(sheet string, rows []Row) {
		for i, r := range rows {
			if r.empty() || isComment(r) {
				continue
			}
			h := newHeader(r)
			if h.nonEmpty() < 2 {
				continue
			}
			titles := titleLines(rows[:i])
			for _, p := range f.profiles() {
				s := p.score(h, titles)
				if s < 0 {
					continue
				}
				conf := Recognised
				if len(p.Fingerprint) > 0 {
					conf = Saved
				}
				if f.opts.Profile != "" {
					conf = Chosen
				}
				if best == nil || s > best.score {
					best = &candidate{sheet: sheet, row: i, h: h, titles: titles, profile: p, score: s, conf: conf}
				}
			}
		}
	}
	if f.Container == Text {
		src, closeFn, err := f.table(true)
		if err != nil {
			return err
		}
		rows, err := firstRows(src, headerSearchRows)
		closeFn()
		if err != nil {
			return err
		}
		firstRowsSeen = rows
		consider("", rows)
	} else {
		wb, err := f.workbook()
		if err != nil {
			return err
		}
		for _, sheet := range wb.sheets() {
			src, err := wb.open(sheet, nil)
			if err != nil {
				return err
			}
			rows, err := firstRows(src, headerSearchRows)
			src.close()
			if err != nil {
				return err
			}
			if firstRowsSeen == nil {
				firstRowsSeen, f.Sheet = rows, sheet
			}
			before := best
			consider(sheet, rows)
			if best != before {
				f.Sheet = sheet
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if best == nil {
		if f.opts.Profile != "" {
			return data.UserErrorf("%s does not fit the profile %q: its columns are not there. Choose another profile, or map the columns by hand.", f.Name, f.opts.Profile)
		}
		g, err := f.guess(firstRowsSeen)
		if err != nil {
			return err
		}
		best = g
	}
	if best.profile.Refuse != "" {
		return data.UserErrorf("%s: %s Nothing was imported.", f.Name, best.profile.Refuse)
	}
	f.Profile, f.Confidence = best.profile, best.conf
	f.HeaderLine = best.h.line
	f.Header = best.h.raw
	return f.makePlan(best)
}

// profiles returns the profiles to try: the one asked for, or the saved
// ones then the built-in ones.
func (f *File) profiles() []Profile {
	all := append(append([]Profile{}, f.opts.Profiles...), Builtin()...)
	if f.opts.Profile == "" {
		return all
	}
	for _, p := range all {
		if strings.EqualFold(p.Name, f.opts.Profile) {
			q := p
			q.Fingerprint = nil // asked for by name: fit it by its columns
			if len(q.Require) == 0 {
				for _, names := range q.Columns {
					q.Require = append(q.Require, strings.Join(names, "|"))
					break
				}
			}
			return []Profile{q}
		}
	}
	return nil
}

// isComment reports a "# …" comment line (GA4): one cell starting with #.
// A Shopify row starts with "#1001" too, but has many cells.
func isComment(r Row) bool {
	return len(r.Cells) > 0 && strings.HasPrefix(strings.TrimSpace(r.Cells[0]), "#") && len(nonEmptyCells(r, 2)) == 1
}

// titleLines are the non-empty first cells of the rows above the header:
// report names, company names, date ranges, GA4's comment block.
func titleLines(rows []Row) []string {
	var out []string
	for _, r := range rows {
		var parts []string
		for _, c := range r.Cells {
			if c = strings.TrimSpace(c); c != "" {
				parts = append(parts, c)
			}
		}
		if len(parts) > 0 {
			out = append(out, strings.Join(parts, " "))
		}
	}
	return out
}

// makePlan applies the profile to the header and prepares the conventions
// that do not need the values: levels, the title's period, currencies.
func (f *File) makePlan(c *candidate) error {
	s := f.opts.Settings
	p := &plan{
		profile:  c.profile,
		h:        c.h,
		m:        c.profile.mapTo(c.h),
		titles:   c.titles,
		numbers:  map[int]numberStyle{},
		dates:    map[int]*dateColumn{},
		loc:      s.Location(),
		currency: s.Currency,
		rates:    map[string]rate{},
		today:    s.Today(f.opts.Now()),
	}
	rates, err := s.ExchangeRates()
	if err != nil {
		return err
	}
	for code, text := range rates {
		if r, ok := new(big.Rat).SetString(text); ok && r.Sign() > 0 {
			p.rates[code] = rate{r}
		}
	}
	p.level = c.profile.Level
	if p.level == "" {
		switch {
		case hasField(p.m, FDetail):
			p.level = "ad"
		case hasField(p.m, FAdGroup):
			p.level = "ad_group"
		default:
			p.level = "campaign"
		}
	}
	f.Columns = map[Field]string{}
	for fld, col := range p.m.cols {
		f.Columns[fld] = c.h.raw[col]
	}
	if err := f.checkMoneyColumns(p); err != nil {
		return err
	}
	if err := f.quantityByLocation(p); err != nil {
		return err
	}
	if err := f.oneCampaign(p); err != nil {
		return err
	}
	if c.profile.Kind == data.KindSales && !hasField(p.m, FOrderID) && !hasField(p.m, FAltID) && len(c.profile.KeyFields) == 0 {
		p.contentKeys = true
		f.warnOnce("The file has no order number: each sale is known by its date, customer and amount (and its place among identical rows), so importing the same file again changes nothing.")
	}
	if c.profile.Kind == data.KindAdStats && !hasField(p.m, FDay) && !hasField(p.m, FDateFrom) {
		if !c.profile.RangeFromTitle {
			return data.UserErrorf("%s has no date column, so its spend cannot be put in a period. Export the report with a Day (date) column.", f.Name)
		}
		r, allTime := periodFromTitles(c.titles)
		switch {
		case allTime:
			return data.UserErrorf("%s: the report covers \"All time\" without days, so its spend cannot be put in a period. In Google Ads, choose a date range (or add the Day segment) and download it again. Nothing was imported.", f.Name)
		case r.From.IsZero():
			return data.UserErrorf("%s has no Day column and no date range above its header, so its spend cannot be put in a period. Download it again with the date range line, or add the Day segment.", f.Name)
		}
		p.titleRange = r
	}
	f.plan = p
	return nil
}

func hasField(m mapping, f Field) bool {
	_, ok := m.cols[f]
	return ok
}

var rangeSep = regexp.MustCompile(`\s+[-–—]\s+|\s+to\s+`)

// titleParens is a range in brackets at the end of a title line; bareDash
// a dash between a year and a month name ("2016-Oct").
var (
	titleParens = regexp.MustCompile(`\(([^()]*\d{4}[^()]*)\)\s*$`)
	yearDash    = regexp.MustCompile(`\d{4}\s*[-–]\s*`)
)

// splitAfterYear splits "Oct 25, 2016-Oct 31, 2016" at the dash after the
// first year.
func splitAfterYear(t string) []string {
	loc := yearDash.FindStringIndex(t)
	if loc == nil {
		return nil
	}
	return []string{t[:loc[0]+4], t[loc[1]:]}
}

// periodFromTitles finds a reporting range in the title lines:
// "March 1, 2025 - May 31, 2025", "27 January 2026 - 23 February 2026",
// "March 1 - May 31, 2025".
func periodFromTitles(titles []string) (data.Period, bool) {
	for _, t := range titles {
		t = strings.Trim(strings.TrimSpace(t), `"`)
		// 2016-era AdWords: "Ad report (Oct 25, 2016-Oct 31, 2016)".
		if m := titleParens.FindStringSubmatch(t); m != nil {
			t = m[1]
		}
		if strings.EqualFold(t, "all time") {
			return data.Period{}, true
		}
		parts := rangeSep.Split(t, 2)
		if len(parts) != 2 {
			parts = splitAfterYear(t)
		}
		if len(parts) != 2 {
			continue
		}
		to, ok := parseFixedDate(strings.TrimSpace(parts[1]))
		if !ok {
			continue
		}
		from, ok := parseFixedDate(strings.TrimSpace(parts[0]))
		if !ok {
			// "March 1 - May 31, 2025": the year is written once.
			from, ok = parseFixedDate(strings.TrimSpace(parts[0]) + fmt.Sprintf(", %d", to.date.Year))
		}
		if ok && !to.date.Before(from.date) {
			return data.Period{From: from.date, To: to.date}, false
		}
	}
	return data.Period{}, false
}

// quantityByLocation finds the quantity column of a stock file whose one
// quantity column is named after its location (Profile.QuantityAfter).
func (f *File) quantityByLocation(p *plan) error {
	after := p.profile.QuantityAfter
	if after == "" || hasField(p.m, FOnHand) {
		return nil
	}
	at, _, ok := p.h.find([]string{after})
	if !ok {
		return nil
	}
	var cols []int
	for i := at + 1; i < len(p.h.raw); i++ {
		if p.h.raw[i] != "" {
			cols = append(cols, i)
		}
	}
	switch len(cols) {
	case 0:
		return data.UserErrorf("%s has no quantity column after %s, so the stock on hand cannot be read. Export the inventory again with its quantities.", f.Name, after)
	case 1:
		p.m.cols[FOnHand] = cols[0]
		p.location = p.h.raw[cols[0]]
		f.Columns[FOnHand] = p.h.raw[cols[0]]
		return nil
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = p.h.raw[c]
	}
	return data.UserErrorf("%s has a quantity column for each of %d locations (%s). Lastmile reads one location per file: in Shopify, export the inventory of one location at a time, then import each file.",
		f.Name, len(cols), strings.Join(names, ", "))
}

// ErrNeedsCampaign is wrapped by the refusal of a report from inside one
// campaign when no one has said which campaign it is.
var ErrNeedsCampaign = errors.New("the report does not name its campaign")

// oneCampaign decides the campaign of a report downloaded from inside one
// campaign: the one a person names (Options.Campaign), else the one named
// for the last file like it, which the preview then says.
func (f *File) oneCampaign(p *plan) error {
	if !p.profile.OneCampaign || hasField(p.m, FCampaign) {
		return nil
	}
	switch {
	case strings.TrimSpace(f.opts.Campaign) != "":
		p.campaign = strings.TrimSpace(f.opts.Campaign)
	case p.profile.Campaign != "":
		p.campaign = p.profile.Campaign
		f.warnOnce(fmt.Sprintf("The report has no Campaign column: its rows are taken to be campaign %q, as for the last file like this one. If this file is from another campaign, name that campaign instead.", p.campaign))
	default:
		return &data.UserError{Msg: fmt.Sprintf("%s was downloaded from inside one campaign: it has no Campaign column, and its title lines do not name the campaign. Say which campaign it is; Lastmile remembers it for files like this one. Nothing was imported.", f.Name), Err: ErrNeedsCampaign}
	}
	return nil
}

// CampaignProfile is the profile to save after a person named the
// campaign of a report from inside one campaign, so the next file like it
// is read the same way; ok is false when there is nothing to remember.
func (f *File) CampaignProfile() (Profile, bool) {
	if f.plan == nil || !f.Profile.OneCampaign || f.plan.campaign == "" || f.plan.campaign == f.Profile.Campaign {
		return Profile{}, false
	}
	p := f.Profile
	p.Campaign = f.plan.campaign
	if p.Builtin {
		p.Builtin, p.ID = false, 0
		p.Name = fmt.Sprintf("%s: %s", strings.TrimSuffix(f.Profile.Name, " (one campaign)"), p.Campaign)
		p.Fingerprint = nil
		for _, h := range f.Header {
			if n := normHeader(h); n != "" {
				p.Fingerprint = append(p.Fingerprint, n)
			}
		}
	}
	return p, true
}
