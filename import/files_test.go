package importer

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"lastmile/data"
	"lastmile/data/civil"
)

func denverUSD() data.Settings {
	return data.Settings{TimeZone: "America/Denver", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 180}
}

func fixedNow() time.Time { return time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC) }

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func newWS(t *testing.T, s data.Settings) *data.Workspace {
	t.Helper()
	w, err := data.Create(context.Background(), filepath.Join(t.TempDir(), "w.lastmile"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func read(t *testing.T, path string, o Options) *File {
	t.Helper()
	if o.Settings.Currency == "" {
		o.Settings = denverUSD()
	}
	if o.Now == nil {
		o.Now = fixedNow
	}
	f, err := Read(context.Background(), path, o)
	if err != nil {
		t.Fatalf("Read(%s): %v", filepath.Base(path), err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func checksums(t *testing.T, w *data.Workspace) map[string]string {
	t.Helper()
	m, err := w.TableChecksums(context.Background())
	if err != nil || len(m) == 0 {
		t.Fatalf("checksums: %v", err)
	}
	return m
}

// leadsCSV is a small HubSpot export with names that need more than ASCII.
const leadsCSV = `"Record ID","First Name","Last Name","Email","Create Date","Original Source","How did you hear about us?"
"1","Lucía","Peña","lucia@example.com","2025-05-01 10:00","Paid search","Google"
"2","Jörg","Müller","jorg@example.com","2025-05-02 11:30","Offline sources","Messe München"
"3","Søren","Østergaard","soren@example.com","2025-05-03 09:15","Referrals","Zoë's café"
`

// TestEncodingMatrix: one file in every encoding exports come in reads the
// same; the names keep their letters.
func TestEncodingMatrix(t *testing.T) {
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(leadsCSV)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(leadsCSV)
	utf16noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(leadsCSV)
	cp1252, err := charmap.Windows1252.NewEncoder().String(leadsCSV)
	if err != nil {
		t.Fatal(err)
	}
	tabbed := strings.ReplaceAll(strings.ReplaceAll(leadsCSV, `","`, "\t"), `"`, "")
	semicolons := strings.ReplaceAll(leadsCSV, `","`, `";"`)
	cases := []struct {
		name    string
		content string
		enc     Encoding
		delim   rune
	}{
		{"utf8.csv", leadsCSV, UTF8, ','},
		{"utf8bom.csv", "\ufeff" + leadsCSV, UTF8BOM, ','},
		{"utf16le.csv", utf16le, UTF16LE, ','},
		{"utf16be.csv", utf16be, UTF16BE, ','},
		{"utf16-no-bom.csv", utf16noBOM, UTF16LE, ','},
		{"cp1252.csv", cp1252, Windows1252, ','},
		{"tabs.txt", tabbed, UTF8, '\t'},
		{"semicolons.csv", semicolons, UTF8, ';'},
	}
	var want [][]string
	for _, c := range cases {
		f := read(t, writeFile(t, c.name, []byte(c.content)), Options{})
		if f.Encoding != c.enc || f.Delimiter != c.delim {
			t.Errorf("%s: read as %s with %q, want %s with %q", c.name, f.Encoding, f.Delimiter, c.enc, c.delim)
		}
		if f.Profile.Name != "HubSpot export" || f.Header[0] != "Record ID" {
			t.Errorf("%s: %s, first header %q (a byte-order mark left in it?)", c.name, f.Profile.Name, f.Header[0])
		}
		if want == nil {
			want = f.Preview.Rows
			if got := want[2][2]; got != "Søren Østergaard" {
				t.Fatalf("name read as %q", got)
			}
			continue
		}
		for i := range want {
			if strings.Join(f.Preview.Rows[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("%s row %d: %v, want %v", c.name, i, f.Preview.Rows[i], want[i])
			}
		}
	}
}

func TestInvalidBytes(t *testing.T) {
	// A UTF-8 BOM, then a byte that is not UTF-8: read as U+FFFD, with a
	// warning; nothing after it is lost.
	bad := []byte("\ufeff" + strings.Replace(leadsCSV, "Peña", "Pe\xf1a", 1))
	f := read(t, writeFile(t, "bad.csv", bad), Options{})
	if len(f.Warnings) == 0 || !strings.Contains(f.Warnings[0], "not valid UTF-8") {
		t.Errorf("no warning: %v", f.Warnings)
	}
	if got := f.Preview.Rows[0][2]; got != "Lucía Pe\ufffda" {
		t.Errorf("name %q", got)
	}
	if f.Summary.Records != 3 {
		t.Errorf("%d records", f.Summary.Records)
	}
	// Without a BOM, one byte that is not UTF-8 in an otherwise plain
	// file means the file is in Windows-1252: ñ is 0xF1 there.
	plain := "Record ID,First Name,Last Name,Email,Create Date,Original Source\n1,Lucia,Pe\xf1a,lucia@example.com,2025-05-01 10:00,Paid search\n"
	f = read(t, writeFile(t, "latin.csv", []byte(plain)), Options{})
	if f.Encoding != Windows1252 || f.Preview.Rows[0][2] != "Lucia Peña" {
		t.Errorf("read as %s: %q", f.Encoding, f.Preview.Rows[0][2])
	}
}

// stripeCSV has a bad amount on line 3 and an impossible date on line 5.
const stripeCSV = `id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer Email
ch_1,2025-05-01 10:00:00,40.00,0.00,usd,Paid,a@example.com
ch_2,2025-05-02 11:00:00,4O.00,0.00,usd,Paid,b@example.com
ch_3,2025-05-03 12:00:00,25.50,5.50,usd,Paid,c@example.com
ch_4,2025-02-30 12:00:00,10.00,0.00,usd,Paid,d@example.com
ch_5,2025-05-04 09:00:00,99.00,0.00,usd,Failed,e@example.com
`

func TestBadRowsAreListedAndNothingIsCommitted(t *testing.T) {
	ctx := context.Background()
	path := writeFile(t, "unified_payments.csv", []byte(stripeCSV))
	f := read(t, path, Options{})
	if len(f.Problems) != 2 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	p0, p1 := f.Problems[0], f.Problems[1]
	if p0.Line != 3 || p0.Column != 3 || p0.Header != "Amount" || !strings.Contains(p0.Message, `"4O.00" is not a number`) {
		t.Errorf("first problem %+v", p0)
	}
	if p1.Line != 5 || p1.Column != 2 || p1.Header != "Created date (UTC)" {
		t.Errorf("second problem %+v", p1)
	}
	if got := FormatProblem(f.Name, p0); got != `unified_payments.csv, line 3, column C (Amount): "4O.00" is not a number` {
		t.Errorf("formatted: %q", got)
	}

	w := newWS(t, denverUSD())
	before := checksums(t, w)
	_, err := f.Import(ctx, w, false)
	var pe *ProblemsError
	if !errors.As(err, &pe) || len(pe.Problems) != 2 || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import without skipping: %v", err)
	}
	if !maps.Equal(before, checksums(t, w)) {
		t.Fatal("a refused import changed the workspace")
	}

	// The person chooses to import the good rows: they are stored and the
	// bad ones are listed in the batch.
	f = read(t, path, Options{})
	res, err := f.Import(ctx, w, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 3 { // ch_1, ch_3 and the failed ch_5 (a void)
		t.Errorf("added %d", res.Added)
	}
	batches, _ := w.Batches(ctx)
	var skipped []int
	for _, p := range batches[0].Report {
		if p.Skipped && p.Column > 0 {
			skipped = append(skipped, p.Line)
		}
	}
	if len(skipped) != 2 || skipped[0] != 3 || skipped[1] != 5 || batches[0].RowsSkipped != 2 {
		t.Errorf("batch report lists %v (rows skipped %d)", skipped, batches[0].RowsSkipped)
	}
	d, _ := w.Dashboard(ctx, data.Period{From: civil.MustParse("2025-05-01"), To: civil.MustParse("2025-05-31")}, data.FirstTouch)
	if d.Current.Revenue != 4000+2000 || d.Current.Sales != 2 {
		t.Errorf("revenue %d from %d sales, want 6000 from 2 (40.00, and 25.50 less 5.50 refunded)", d.Current.Revenue, d.Current.Sales)
	}
}

func sample(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(samples, rel)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing from the repository's testdata", rel)
	}
	return p
}

func TestSameFileTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	w := newWS(t, denverUSD())
	path := sample(t, "shopify/orders_export_1.csv")
	if _, err := read(t, path, Options{}).Import(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	before := checksums(t, w)
	// The same bytes under another name.
	copyPath := writeFile(t, "orders (1).csv", mustRead(t, path))
	_, err := read(t, copyPath, Options{}).Import(ctx, w, false)
	ue, ok := data.AsUserError(err)
	if !ok || !strings.Contains(ue.Msg, "already imported on 2 Jun 2025 at 04:00 as Shopify orders") {
		t.Fatalf("second import: %v", err)
	}
	if !maps.Equal(before, checksums(t, w)) {
		t.Error("the second import changed the workspace")
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOverlappingReportsCountOnce: the Google Ads sample in two formats
// holds the same facts; importing both must not count the money twice,
// and undoing the second brings the first one's rows back.
func TestOverlappingReportsCountOnce(t *testing.T) {
	ctx := context.Background()
	w := newWS(t, denverUSD())
	p := data.Period{From: civil.MustParse("2025-03-01"), To: civil.MustParse("2025-05-31")}
	spend := func() int64 {
		d, err := w.Dashboard(ctx, p, data.FirstTouch)
		if err != nil {
			t.Fatal(err)
		}
		return d.Current.Spend
	}
	first, err := read(t, sample(t, "google-ads/Campaign report.csv"), Options{}).Import(ctx, w, false)
	if err != nil {
		t.Fatal(err)
	}
	afterFirst := checksums(t, w)
	once := spend()
	if once != 696355 { // expected.json: the two campaigns' day rows
		t.Fatalf("spend after one report %d", once)
	}
	second, err := read(t, sample(t, "google-ads/Campaign report (Excel csv, UTF-16).csv"), Options{}).Import(ctx, w, false)
	if err != nil {
		t.Fatal(err)
	}
	if second.Superseded != first.Added || spend() != once {
		t.Errorf("second report superseded %d of %d; spend %d, want %d", second.Superseded, first.Added, spend(), once)
	}
	if err := w.UndoBatch(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(afterFirst, checksums(t, w)) {
		t.Error("undoing the second report did not bring the workspace back to the first")
	}
}

func TestUndoRestoresTheWorkspace(t *testing.T) {
	ctx := context.Background()
	w := newWS(t, denverUSD())
	if _, err := read(t, sample(t, "hubspot/hubspot-crm-exports-all-contacts-2025-06-02.csv"), Options{}).Import(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	before := checksums(t, w)
	for _, rel := range []string{"shopify/orders_export_1.csv", "square/transactions-2025-03-01-2025-06-01.csv",
		"quickbooks/Ridgeline Outfitters LLC_Sales by Customer Detail.xlsx"} {
		res, err := read(t, sample(t, rel), Options{}).Import(ctx, w, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.UndoBatch(ctx, res.ID); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(before, checksums(t, w)) {
			t.Errorf("undoing %s left the workspace changed", rel)
		}
	}
}

type cancelAfter struct {
	rows   int
	cancel context.CancelFunc
}

func (c *cancelAfter) Update(r Report) {
	if r.Stage == "importing" && r.Rows >= c.rows {
		c.cancel()
	}
}

func TestCancelledImportLeavesNoTrace(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("SKU,Product,On hand,Date\n")
	for i := range 20000 {
		b.WriteString("SKU-" + strconv.Itoa(i) + ",Product " + strconv.Itoa(i) + "," + strconv.Itoa(i%50) + ",2025-05-31\n")
	}
	path := writeFile(t, "stock.csv", b.Bytes())
	w := newWS(t, denverUSD())
	before := checksums(t, w)
	ctx, cancel := context.WithCancel(context.Background())
	f := read(t, path, Options{Progress: &cancelAfter{rows: 4000, cancel: cancel}})
	_, err := f.Import(ctx, w, false)
	if !errors.Is(err, data.ErrCancelled) {
		t.Fatalf("cancelled import: %v", err)
	}
	if !maps.Equal(before, checksums(t, w)) {
		t.Error("a cancelled import left rows")
	}
	// The file can still be imported afterwards.
	if _, err := read(t, path, Options{}).Import(context.Background(), w, false); err != nil {
		t.Fatal(err)
	}
}

// TestQuickAndFullReadsStoreTheSame: the quick read the CLI uses and the
// full read the window uses store identical rows.
func TestQuickAndFullReadsStoreTheSame(t *testing.T) {
	ctx := context.Background()
	for _, rel := range []string{"shopify/orders_export_1.csv", "square/transactions-2025-03-01-2025-06-01.csv",
		"meta-ads/Ridgeline-Outfitters-Campaigns-Mar-1-2025-May-31-2025.csv", "hubspot/hubspot-crm-exports-all-contacts-2025-06-02.csv",
		"quickbooks/Ridgeline Outfitters LLC_Sales by Customer Detail.xlsx"} {
		var sums []map[string]string
		for _, quick := range []bool{false, true} {
			w := newWS(t, denverUSD())
			f := read(t, sample(t, rel), Options{Quick: quick})
			if _, err := f.Import(ctx, w, false); err != nil {
				t.Fatal(err)
			}
			sums = append(sums, checksums(t, w))
		}
		delete(sums[0], "settings")
		delete(sums[1], "settings")
		if !maps.Equal(sums[0], sums[1]) {
			for k := range sums[0] {
				if sums[0][k] != sums[1][k] {
					t.Errorf("%s: table %s differs between a quick and a full read", rel, k)
				}
			}
		}
	}
}

func TestForeignCurrencyFileIsRefusedWithoutARate(t *testing.T) {
	// A Meta report whose spend is in euros, in a dollar workspace.
	content := "Reporting starts,Reporting ends,Campaign name,Amount spent (EUR),Impressions,Link clicks\n" +
		"2025-03-01,2025-03-01,Spring,10.00,1000,20\n2025-03-02,2025-03-02,Spring,5.50,500,9\n"
	path := writeFile(t, "meta-eur.csv", []byte(content))
	_, err := Read(context.Background(), path, Options{Settings: denverUSD()})
	pe, ok := data.AsUserError(err)
	if !ok {
		t.Fatalf("not refused for people: %v", err)
	}
	for _, want := range []string{"meta-eur.csv is in EUR, but this workspace counts money in USD", "Exchange rates", "Nothing was imported."} {
		if !strings.Contains(pe.Msg, want) {
			t.Errorf("message %q lacks %q", pe.Msg, want)
		}
	}
	// With a rate the same file reads, converted: 15.50 EUR × 1.08 = 16.74 USD.
	s := denverUSD()
	s.Rates = "EUR=1.08"
	f, err := Read(context.Background(), path, Options{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if f.Summary.Amount != 1674 || len(f.Problems) != 0 {
		t.Errorf("converted spend %d, problems %v", f.Summary.Amount, f.Problems)
	}
	if w := strings.Join(f.Warnings, " "); !strings.Contains(w, "Amounts in EUR are converted to USD at 1.08") {
		t.Errorf("the conversion is not noted: %q", w)
	}
}

func TestAdReportWithoutSpendShowsItMissing(t *testing.T) {
	path := sharedFile(t, "real-exports/meta-ads/Le-Mauricien-LTD-Ad-sets-Jun-10-2025-Jul-9-2025.csv")
	f, err := Read(context.Background(), path, Options{Settings: denverUSD()})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) == 0 || !strings.Contains(strings.Join(f.Warnings, " "), "no spend column") {
		t.Errorf("warnings %v", f.Warnings)
	}
	spend := slices.Index(f.Preview.Columns, "Spend")
	if spend < 0 || len(f.Preview.Rows) == 0 {
		t.Fatalf("preview %+v", f.Preview)
	}
	for _, r := range f.Preview.Rows {
		if r[spend] != "–" {
			t.Errorf("spend shown as %q for a report without spend", r[spend])
		}
	}
}

func TestFileChangedAfterReadingIsNotImported(t *testing.T) {
	ctx := context.Background()
	content := "Order,Date,Email,Total\nA-1,03/02/2025,ana@example.com,100.00\nA-2,03/03/2025,bo@example.com,50.00\n"
	path := writeFile(t, "till.csv", []byte(content))
	w := newWS(t, denverUSD())

	// Changed: another export saved over it after the preview.
	f, err := Read(ctx, path, Options{Settings: denverUSD(), Profiles: nil})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(content, "50.00", "75.00", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	_, err = f.Import(ctx, w, false)
	if pe, ok := data.AsUserError(err); !ok || !strings.Contains(pe.Msg, "till.csv has changed since it was read") {
		t.Errorf("changed file: %v", err)
	}

	// Gone: moved away after the preview.
	f, err = Read(ctx, path, Options{Settings: denverUSD()})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	_, err = f.Import(ctx, w, false)
	if pe, ok := data.AsUserError(err); !ok || !strings.Contains(pe.Msg, "till.csv is no longer in") {
		t.Errorf("moved file: %v", err)
	}
	if batches, _ := w.Batches(ctx); len(batches) != 0 {
		t.Errorf("%d batches stored", len(batches))
	}
}
