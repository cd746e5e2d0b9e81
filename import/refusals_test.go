package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"lastmile/data"
)

// TestRefusalsNameTheThing: files Lastmile does not store are refused with
// their real name and what to download instead, real files and faithful
// copies of layouts alike.
func TestRefusalsNameTheThing(t *testing.T) {
	real := map[string]string{
		"quickbooks/Sandbox Company_US_1_Balance Sheet__raboinab.xlsx":                             "This is a balance sheet",
		"quickbooks/Sandbox Company_US_1_Profit and Loss by Month.csv":                             "This is a profit and loss statement",
		"quickbooks/Sandbox Company_US_1_Profit and Loss by Month.xlsx":                            "This is a profit and loss statement",
		"quickbooks/Sandbox Company_US_1_General Ledger.csv":                                       "This is a general ledger",
		"universal-analytics/Analytics All Web Site Data Pages 20220701-20220731__DanielTheC.xlsx": "This is a Google Analytics report",
		"ga4/data-export__podmeister81.csv":                                                        "This is a Google Analytics 4 export",
		"xero/ChartOfAccounts_NoArchive.csv":                                                       "This is a Xero chart of accounts",
		"google-ads/Asset association report__vida-sys.csv":                                        "spend of assets",
	}
	for rel, want := range real {
		checkRefusal(t, filepath.Join(realExports, rel), want)
	}
	made := map[string]struct{ body, want string }{
		"Queries.csv": {"Top queries,Clicks,Impressions,CTR,Position\nhiking boots,12,340,3.5%,8.2\n", "This is a Google Search Console export"},
		"Chart.csv":   {"Date,Clicks,Impressions,CTR,Position\n2025-03-01,12,340,3.5%,8.2\n", "This is a Google Search Console export"},
		"Trial Balance.csv": {"Ridgeline Outfitters LLC\nTrial Balance\nAs of May 31, 2025\n\n,Debit,Credit\nChecking,\"12,000.00\",\nSales,,\"9,500.00\"\n",
			"This is a trial balance"},
		"AR Aging.csv": {"Ridgeline Outfitters LLC\nA/R Aging Summary\nAs of May 31, 2025\n\n,Current,1 - 30,31 - 60,Total\nAmy's Bird Sanctuary,100.00,0.00,0.00,100.00\n",
			"This is an accounts receivable aging report"},
		"Journal.csv": {"Ridgeline Outfitters LLC\nJournal\nMay 2025\n\nDate,Transaction type,Num,Name,Account,Debit,Credit\n05/01/2025,Invoice,1001,Amy,Sales,,100.00\n",
			"This is a journal"},
		"Business Profile performance.csv": {"Business name,Business profile ID,Calls made,Website clicks,Directions requests\nRidgeline Outfitters,123,4,12,3\n",
			"This is a Google Business Profile performance export"},
	}
	for name, m := range made {
		checkRefusal(t, writeFile(t, name, []byte(m.body)), m.want)
	}
}

func checkRefusal(t *testing.T, path, want string) {
	t.Helper()
	_, err := Read(context.Background(), path, Options{Settings: denverUSD(), Now: fixedNow, TmpDir: t.TempDir()})
	ue, ok := data.AsUserError(err)
	if !ok {
		t.Errorf("%s: %v, want a refusal saying %q", filepath.Base(path), err, want)
		return
	}
	if !strings.Contains(ue.Msg, want) || !strings.Contains(ue.Msg, filepath.Base(path)) || !strings.Contains(ue.Msg, "Nothing was imported") {
		t.Errorf("%s: %q\nwant the file's name, %q and that nothing was imported", filepath.Base(path), ue.Msg, want)
	}
	if strings.ContainsAny(ue.Msg, "{}%") || strings.Contains(ue.Msg, "<nil>") {
		t.Errorf("%s: placeholder text in %q", filepath.Base(path), ue.Msg)
	}
}

// TestGuessOnlyWhatCanBeRecords: a file no format fits is offered a guess
// of columns only when they can hold records; otherwise it is refused,
// saying what it found.
func TestGuessOnlyWhatCanBeRecords(t *testing.T) {
	checkRefusal(t, writeFile(t, "things.csv", []byte("Name,Colour,Size\nTrail Sock,Green,M\n")), "its columns: Name, Colour, Size")
	checkRefusal(t, writeFile(t, "pages.csv", []byte("Page,Views,Avg time\n/,120,0:45\n")), "do not look like ad spend, sales, leads or stock")
	f := read(t, writeFile(t, "contacts.csv", []byte("Name,Email\nAna,ana@example.com\n")), Options{})
	if f.Confidence != Guessed || f.Profile.Kind != data.KindLeads {
		t.Errorf("a list of emails: %s as %s, want a guess of leads", f.Confidence, f.Profile.Kind)
	}
}

// TestAllTimeSaysTheSameInCSVAndXLSX: a Google Ads report over "All time"
// is refused in the same words whether it was downloaded as CSV or XLSX.
func TestAllTimeSaysTheSameInCSVAndXLSX(t *testing.T) {
	rows := [][]any{
		{"Ad group report"}, {"All time"},
		{"Ad group status", "Ad group", "Campaign", "Currency code", "Impr.", "Clicks", "Cost"},
		{"Enabled", "Control", "CPR Certifications", "USD", 62312, 7177, "1,250.00"},
	}
	var csv strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				csv.WriteString(",")
			}
			fmt.Fprintf(&csv, "%q", fmt.Sprint(c))
		}
		csv.WriteString("\n")
	}
	msg := func(name string, body []byte) string {
		_, err := Read(context.Background(), writeFile(t, name, body), Options{Settings: denverUSD(), Now: fixedNow, TmpDir: t.TempDir()})
		ue, ok := data.AsUserError(err)
		if !ok {
			t.Fatalf("%s: %v, want the All time refusal", name, err)
		}
		return strings.TrimPrefix(ue.Msg, name)
	}
	c, x := msg("Ad group report.csv", []byte(csv.String())), msg("Ad group report.xlsx", xlsx(t, rows))
	if c != x || !strings.Contains(c, `"All time"`) {
		t.Errorf("CSV says %q\nXLSX says %q", c, x)
	}
}
