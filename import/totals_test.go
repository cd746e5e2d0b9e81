package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"lastmile/data"
)

// segmentedReport is a Google Ads campaign report over a date range (no Day
// column) segmented by device, laid out as Google writes one: a total row
// per segment value, whose label ("Total: Account") is in the Campaign
// column. Its rows add up to $29.75:
// 10.00 + 12.50 + 7.25, which is also the sum of the two segments' account
// totals (22.50 + 7.25).
const segmentedReport = "Campaign report\n" +
	"\"March 1, 2025 - March 2, 2025\"\n" +
	"Device,Campaign,Currency code,Cost,Impr.,Clicks\n" +
	"Computers,Spring Sale,USD,10.00,100,5\n" +
	"Computers,Trail Shoes,USD,12.50,120,6\n" +
	"Mobile phones,Spring Sale,USD,7.25,80,4\n" +
	"Computers,Total: Account,USD,%s,220,11\n" +
	"Computers,Total: Search,USD,22.50,220,11\n" +
	"Mobile phones,Total: Account,USD,7.25,80,4\n" +
	"Mobile phones,Total: Search,USD,7.25,80,4\n"

func segmented(computers string) []byte {
	return []byte(strings.Replace(segmentedReport, "%s", computers, 1))
}

// TestSegmentedTotalsAreNotCampaigns: a total per segment value is a total,
// not a campaign named "Total: Account" (which made one real report count
// its spend four times), and the rows add up to the segments' totals.
func TestSegmentedTotalsAreNotCampaigns(t *testing.T) {
	f := read(t, writeFile(t, "Campaign report.csv", segmented("22.50")), Options{})
	if f.Summary.Amount != 2975 || f.Summary.Campaigns != 2 || f.Summary.Records != 2 {
		t.Errorf("read %d records of %d campaigns, %d cents; want 2 records of 2 campaigns, 2975 cents (%s)",
			f.Summary.Records, f.Summary.Campaigns, f.Summary.Amount, f.Summary.Description)
	}
	if f.Gap != nil {
		t.Errorf("the rows add up to the file's totals, but: %s", f.Gap.Describe())
	}
	if len(f.Skipped) != 4 {
		t.Errorf("%d rows left out as not data, want the 4 total rows: %v", len(f.Skipped), f.Skipped)
	}
	w := newWS(t, denverUSD())
	if _, err := f.Import(context.Background(), w, false); err != nil {
		t.Fatal(err)
	}
}

// TestRowsThatMissTheFilesTotalAreHeld: when the rows do not add up to the
// total the file states, the import waits for a decision, says both
// figures, and then does what was decided.
func TestRowsThatMissTheFilesTotalAreHeld(t *testing.T) {
	path := writeFile(t, "Campaign report.csv", segmented("30.00")) // the account spent 7.50 more than the rows list
	f := read(t, path, Options{})
	if f.Gap == nil || f.Gap.Stated != 3725 || f.Gap.Listed != 2975 || f.Gap.Missing() != 750 {
		t.Fatalf("gap %+v, want the stated 3725 against the listed 2975", f.Gap)
	}
	held := f.Held()
	ue, ok := held.(interface{ Error() string })
	if !errors.Is(held, ErrUnlisted) || !ok || !strings.Contains(ue.Error(), "$29.75") || !strings.Contains(ue.Error(), "$37.25") ||
		!strings.Contains(ue.Error(), "$7.50") || !strings.Contains(ue.Error(), "Total: Account") {
		t.Errorf("held: %v; want both figures, the difference and the total's name", held)
	}
	w := newWS(t, denverUSD())
	if _, err := f.Import(context.Background(), w, false); !errors.Is(err, ErrUnlisted) {
		t.Fatalf("Import without a decision: %v, want it held", err)
	}
	for _, tc := range []struct {
		u       Unlisted
		records int
		spend   int64
	}{
		{UnlistedLeave, 2, 2975},
		{UnlistedKeep, 3, 3725},
	} {
		f := read(t, path, Options{Unlisted: tc.u})
		if f.Summary.Records != tc.records || f.Summary.Amount != tc.spend {
			t.Errorf("%s: %d records, %d cents; want %d, %d", tc.u, f.Summary.Records, f.Summary.Amount, tc.records, tc.spend)
		}
		w := newWS(t, denverUSD())
		res, err := f.Import(context.Background(), w, false)
		if err != nil || res.Added != tc.records {
			t.Errorf("%s: import added %d (%v), want %d", tc.u, res.Added, err, tc.records)
		}
	}
	// Deciding on the preview reads the file again: the preview shows the
	// record that keeps the difference.
	if err := f.SetUnlisted(context.Background(), UnlistedKeep); err != nil || f.Held() != nil || f.Summary.Amount != 3725 {
		t.Errorf("after deciding: %v, held %v, %d cents", err, f.Held(), f.Summary.Amount)
	}
}

// TestRowsOverTheFilesTotalAreHeld: rows that add up to more than the file
// says are counted twice somewhere; keeping cannot fix that.
func TestRowsOverTheFilesTotalAreHeld(t *testing.T) {
	f := read(t, writeFile(t, "Campaign report.csv", segmented("20.00")), Options{Unlisted: UnlistedKeep})
	if f.Gap == nil || f.Gap.Missing() != -250 || f.Summary.Amount != 2975 {
		t.Fatalf("gap %+v, %d cents; want the rows 2.50 over the total and nothing added", f.Gap, f.Summary.Amount)
	}
	if !strings.Contains(f.Gap.Describe(), "counted twice") {
		t.Errorf("describe: %s", f.Gap.Describe())
	}
	if f := read(t, writeFile(t, "Campaign report.csv", segmented("20.00")), Options{}); !errors.Is(f.Held(), ErrUnlisted) {
		t.Errorf("undecided: %v, want it held", f.Held())
	}
}

func TestParseUnlisted(t *testing.T) {
	for in, want := range map[string]Unlisted{"keep": UnlistedKeep, " Leave ": UnlistedLeave} {
		if got, err := ParseUnlisted(in); err != nil || got != want {
			t.Errorf("ParseUnlisted(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseUnlisted("maybe"); err == nil {
		t.Error("ParseUnlisted(maybe): no error")
	}
}

// TestPayPalActivity: payments received are sales and a refund of one is
// tied to it; payments sent, card funding and conversions are left out
// with a count; a download with no payment received says exactly that.
func TestPayPalActivity(t *testing.T) {
	full := `"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address","To Email Address","Transaction ID","Reference Txn ID","Receipt ID","Balance"
"03/02/2025","10:15:00","PST","Ana Lima","Website Payment","Completed","USD","120.00","-3.78","116.22","ana@example.com","shop@example.com","8AB12345CD6789012","","","116.22"
"03/03/2025","09:00:00","PST","Bo Chen","Express Checkout Payment","Completed","USD","80.00","-2.62","77.38","bo@example.com","shop@example.com","1XY98765ZW4321098","","","193.60"
"03/04/2025","11:00:00","PST","Supplier Ltd","Express Checkout Payment","Completed","USD","-40.00","0.00","-40.00","shop@example.com","supplier@example.com","2QQ11111AA2222233","","","153.60"
"03/04/2025","11:00:00","PST","","General Card Deposit","Completed","USD","40.00","0.00","40.00","","","3RR22222BB3333344","","","193.60"
"03/05/2025","16:30:00","PST","Bo Chen","Payment Refund","Completed","USD","-80.00","2.62","-77.38","shop@example.com","bo@example.com","4SS33333CC4444455","1XY98765ZW4321098","","116.22"
`
	f := read(t, writeFile(t, "Download.CSV", []byte(full)), Options{})
	if f.Profile.Name != "PayPal activity" {
		t.Fatalf("read as %s", f.Profile.Name)
	}
	s := f.Summary
	if s.Sales != 2 || s.Refunds != 1 || s.Amount != 12000 || len(f.Problems) > 0 {
		t.Errorf("%d sales, %d refunds, %d cents net, problems %v; want 2 sales, 1 refund, 12000 cents (120 + 80 − 80)", s.Sales, s.Refunds, s.Amount, f.Problems)
	}
	notes := strings.Join(f.Warnings, " ")
	for _, want := range []string{"1 row is left out: card funding", "1 row is left out: payments the owner sent"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	w := newWS(t, denverUSD())
	if _, err := f.Import(context.Background(), w, false); err != nil {
		t.Fatal(err)
	}

	_, err := Read(context.Background(), filepath.Join(realExports, "paypal/Download__ejbest.CSV"), Options{Settings: denverUSD(), Now: fixedNow, TmpDir: t.TempDir()})
	if ue, ok := data.AsUserError(err); !ok || !strings.Contains(ue.Msg, "holds no payments received") || !strings.Contains(ue.Msg, "5 rows are left out: payments the owner sent") {
		t.Errorf("a download of purchases only: %v", err)
	}
}

// TestAdWords2016Report: a 2016-era AdWords download names its range in
// brackets after the report's name and writes its totals "Total - …".
func TestAdWords2016Report(t *testing.T) {
	csv := "\"Campaign report (Oct 25, 2016-Oct 31, 2016)\"\n" +
		"Campaign,Campaign state,Currency,Clicks,Impressions,CTR,Avg. CPC,Cost,Avg. position\n" +
		"Fall Boots,enabled,USD,40,900,4.44%,0.50,20.00,1.8\n" +
		"Brand,enabled,USD,10,100,10.00%,0.25,2.50,1.1\n" +
		"Total - all campaigns,,USD,50,1000,5.00%,0.45,22.50,1.7\n"
	f := read(t, writeFile(t, "Campaign report.csv", []byte(csv)), Options{})
	s := f.Summary
	if f.Profile.Name != "Google Ads campaign report" || s.Amount != 2250 || s.Records != 2 || s.From.String() != "2016-10-25" || s.To.String() != "2016-10-31" {
		t.Errorf("read as %s: %s (%d records, %d cents, %s…%s); want 2 campaigns, 2250 cents, 25–31 Oct 2016",
			f.Profile.Name, s.Description, s.Records, s.Amount, s.From, s.To)
	}
}

// TestReportFromInsideOneCampaign: a real keyword report downloaded from
// inside one campaign (no Campaign column, the range in its title lines) is
// not "without dates": it asks for the campaign, then adds up to the
// file's Total: Campaign row ($500.87, of which the listed keywords
// $398.56, figures from ../shared/real-exports/SOURCES.md).
func TestReportFromInsideOneCampaign(t *testing.T) {
	path := filepath.Join(realExports, "google-ads/Search keyword report (1)__sarfraj-dev11.csv")
	_, err := Read(context.Background(), path, Options{Settings: denverUSD(), Now: fixedNow, TmpDir: t.TempDir()})
	if !errors.Is(err, ErrNeedsCampaign) {
		t.Fatalf("without a campaign: %v, want the question", err)
	}
	f := read(t, path, Options{Campaign: "Internet Security", Unlisted: UnlistedKeep})
	if f.Summary.Amount != 50087 || f.Summary.Campaigns != 1 || f.Gap == nil || f.Gap.Listed != 39856 {
		t.Errorf("%s; gap %+v; want $500.87 in one campaign, $398.56 listed", f.Summary.Description, f.Gap)
	}
	p, ok := f.CampaignProfile()
	if !ok || p.Campaign != "Internet Security" || len(p.Fingerprint) == 0 || p.Builtin {
		t.Fatalf("profile to remember: %+v %v", p, ok)
	}
	// Read with the remembered profile, no question, and a note saying so.
	again := read(t, path, Options{Profiles: []Profile{p}, Unlisted: UnlistedKeep})
	if again.Summary.Amount != 50087 || !strings.Contains(strings.Join(again.Warnings, " "), `taken to be campaign "Internet Security"`) {
		t.Errorf("with the remembered campaign: %s; notes %v", again.Summary.Description, again.Warnings)
	}
}

// TestAdGroupReportFromInsideOneCampaign: an ad group report downloaded
// from inside one campaign, read as the campaign a person named.
func TestAdGroupReportFromInsideOneCampaign(t *testing.T) {
	csv := "Ad group report\n\"March 1, 2025 - March 31, 2025\"\n" +
		"Ad group,Ad group status,Currency code,Cost,Impr.,Clicks\n" +
		"Shoes,Enabled,USD,30.00,300,12\nBoots,Enabled,USD,20.00,200,8\n" +
		"Total: Campaign,,USD,50.00,500,20\n"
	f := read(t, writeFile(t, "Ad group report.csv", []byte(csv)), Options{Campaign: "Trail Search"})
	if f.Profile.Name != "Google Ads ad group report (one campaign)" || f.Summary.Amount != 5000 || f.Summary.Records != 2 || f.Gap != nil {
		t.Errorf("read as %s: %s, gap %v", f.Profile.Name, f.Summary.Description, f.Gap)
	}
	for _, r := range f.Preview.Rows {
		if r[1] != "Trail Search" {
			t.Errorf("preview row %v: campaign %q, want Trail Search", r, r[1])
		}
	}
}

// TestMetaInOtherLanguages: Ads Manager writes its headers in the person's
// language, with the currency in the spend column's header.
func TestMetaInOtherLanguages(t *testing.T) {
	files := map[string]string{
		"spanish.csv": "\ufeff\"Inicio del informe\",\"Fin del informe\",\"Nombre de la campaña\",Resultados,\"Importe gastado (USD)\",Impresiones,\"Clics en el enlace\"\n" +
			"2025-03-01,2025-03-01,\"Botas de montaña\",3,150000.5,1200,40\n2025-03-02,2025-03-02,\"Botas de montaña\",1,99999.5,900,22\n",
		"chinese.csv": "\ufeff报告开始日期,报告结束日期,广告系列名称,成效,已花费金额 (USD),展示次数,链接点击量\n" +
			"2025-03-01,2025-03-01,Boots,3,150000.5,1200,40\n2025-03-02,2025-03-02,Boots,1,99999.5,900,22\n",
	}
	cop := data.Settings{TimeZone: "America/Bogota", Currency: "USD", Country: "CO", DateOrder: "dmy", AttributionWindowDays: 180}
	for name, body := range files {
		f := read(t, writeFile(t, name, []byte(body)), Options{Settings: cop})
		s := f.Summary
		if f.Profile.Name != "Meta Ads Manager report" || s.Records != 2 || s.Amount != 25000000 || s.Currency != "USD" {
			t.Errorf("%s: read as %s: %s (%d records, %d minor units); want 2 records, $250,000.00", name, f.Profile.Name, s.Description, s.Records, s.Amount)
		}
	}
}

// TestSalesHeldToTheirTotalRow: a QuickBooks sales detail states its total
// in a TOTAL row; sales that do not add up to it are held, in the dry run
// and in the import, which reads the file once.
func TestSalesHeldToTheirTotalRow(t *testing.T) {
	qb := func(total string) []byte {
		return []byte("Ridgeline Outfitters LLC\nSales by Customer Detail\n\"May 1-31, 2025\"\n\n" +
			",Transaction date,Transaction type,Num,Product/Service full name,Quantity,Sales price,Amount,Balance\n" +
			"Amy's Bird Sanctuary,,,,,,,,\n" +
			",05/02/2025,Invoice,1001,Tent,1,100.00,100.00,100.00\n" +
			",05/03/2025,Invoice,1002,Stove,2,25.00,50.00,150.00\n" +
			"Total for Amy's Bird Sanctuary,,,,,,,150.00,\n" +
			"TOTAL,,,,,,," + total + ",\n")
	}
	ok := read(t, writeFile(t, "Sales by Customer Detail.csv", qb("150.00")), Options{})
	if ok.Profile.Name != "QuickBooks Online sales by customer detail" || ok.Gap != nil || ok.Summary.Amount != 15000 {
		t.Fatalf("read as %s: %s, gap %v", ok.Profile.Name, ok.Summary.Description, ok.Gap)
	}
	path := writeFile(t, "Sales by Customer Detail.csv", qb("160.00"))
	dry := read(t, path, Options{})
	if !errors.Is(dry.Held(), ErrUnlisted) || dry.Gap.CanKeep() || !strings.Contains(dry.Gap.Describe(), "$150.00") || !strings.Contains(dry.Gap.Describe(), "$160.00") {
		t.Errorf("dry run: held %v, gap %+v", dry.Held(), dry.Gap)
	}
	w := newWS(t, denverUSD())
	quick := read(t, path, Options{Quick: true})
	if _, err := quick.Import(context.Background(), w, false); !errors.Is(err, ErrUnlisted) {
		t.Fatalf("import reading once: %v, want it held", err)
	}
	if b, err := w.Batches(context.Background()); err != nil || len(b) != 0 {
		t.Errorf("a held file left %d batches (%v)", len(b), err)
	}
	leave := read(t, path, Options{Quick: true, Unlisted: UnlistedLeave})
	if res, err := leave.Import(context.Background(), w, false); err != nil || res.Added != 2 {
		t.Errorf("import with the rows as they are: %+v %v", res, err)
	}
}

// metaWithSummary is a Meta Ads Manager export whose dialog added a row of
// totals with no name (export-formats.md §2.1, "Summary row"). The two
// campaigns spent 56.84 + 27.04 = 83.88.
const metaWithSummary = "\"Campaign name\",\"Amount spent (USD)\",Impressions,\"Link clicks\",\"Reporting starts\",\"Reporting ends\"\n" +
	"\"Spring Sale - Prospecting\",56.84,6691,75,2025-05-01,2025-05-31\n" +
	"\"Lead Gen - Group Outfitting\",27.04,2007,25,2025-05-01,2025-05-31\n" +
	",%s,8698,100,2025-05-01,2025-05-31\n"

// TestMetaSummaryRowIsTheFilesTotal: Meta's summary row is not a campaign,
// and the campaigns must add up to it; when they do not, the import waits
// for a decision and names both figures.
func TestMetaSummaryRowIsTheFilesTotal(t *testing.T) {
	f := read(t, writeFile(t, "Shop-Campaigns-May-1-2025-May-31-2025.csv", []byte(strings.Replace(metaWithSummary, "%s", "83.88", 1))), Options{})
	if f.Profile.Name != "Meta Ads Manager report" || f.Summary.Records != 2 || f.Summary.Amount != 8388 {
		t.Fatalf("%s: %d records, %d cents; want the two campaigns, 8388 cents", f.Profile.Name, f.Summary.Records, f.Summary.Amount)
	}
	if f.Gap != nil || f.Held() != nil {
		t.Errorf("the campaigns add up to the summary row, but: %v", f.Gap.Describe())
	}
	f = read(t, writeFile(t, "Shop-Campaigns-May-1-2025-May-31-2025.csv", []byte(strings.Replace(metaWithSummary, "%s", "95.88", 1))), Options{})
	if f.Gap == nil {
		t.Fatal("the campaigns miss the summary row by $12.00 and nothing says so")
	}
	msg := f.Gap.Describe()
	for _, want := range []string{"$83.88", "summary row", "$95.88", "$12.00"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not name %s", msg, want)
		}
	}
	if err := f.Held(); !errors.Is(err, ErrUnlisted) {
		t.Errorf("held: %v", err)
	}
}

// TestMetaExportThatNamesOnlyItsAds: an ad-level export whose first column
// is "Ads" (no campaign or ad set column, real file TTUG) adds its ads of
// the period into one record of the whole spend, and says that the file
// names no campaign rather than counting one.
func TestMetaExportThatNamesOnlyItsAds(t *testing.T) {
	path, ok := exportPath("real-exports/meta-ads/TTUG-bulan-ini-ad-creative__Briyanes.csv")
	if !ok {
		t.Fatal("the TTUG export is missing from testdata/real-exports")
	}
	idr := data.Settings{TimeZone: "Asia/Jakarta", Currency: "IDR", Country: "ID", DateOrder: "dmy", AttributionWindowDays: 180}
	f := read(t, path, Options{Settings: idr})
	s := f.Summary
	if f.Profile.Name != "Meta Ads Manager report" || s.Rows != 11 || s.Records != 1 || s.Campaigns != 0 || s.Amount != 1175511 {
		t.Errorf("%s: %d rows, %d records, %d campaigns, %d minor units; want 11 ads in 1 record, no campaign, Rp 1,175,511",
			f.Profile.Name, s.Rows, s.Records, s.Campaigns, s.Amount)
	}
	if !strings.Contains(s.Description, "no campaign named in the file") || strings.Contains(s.Description, "× 1 campaign") {
		t.Errorf("description %q", s.Description)
	}
}

// A dated row whose first cell is "Total" is data (a campaign of that
// name), not the file's total; an undated one is the total.
func TestARowNamedTotalWithADateIsData(t *testing.T) {
	body := "\"Campaign name\",Day,\"Amount spent (USD)\",Impressions\n" +
		"Total,2025-05-01,10.00,100\nSpring,2025-05-01,5.00,50\nTotal,,15.00,150\n"
	f := read(t, writeFile(t, "Shop-Campaigns-May-1-2025-May-1-2025.csv", []byte(body)), Options{})
	if f.Summary.Records != 2 || f.Summary.Amount != 1500 || f.Summary.Campaigns != 2 || f.Gap != nil || len(f.Skipped) != 1 {
		t.Errorf("%s: %d records, %d cents, gap %v, left out %v; want the campaigns Total and Spring, $15.00, the last row as the total",
			f.Summary.Description, f.Summary.Records, f.Summary.Amount, f.Gap, f.Skipped)
	}
}
