package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
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
