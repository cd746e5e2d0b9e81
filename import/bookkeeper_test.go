package importer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/civil"
)

// TestBookkeepersSheetTwice: a bookkeeper's own sheet has no order number.
// Each row is known by its content and its place among identical rows, so
// the sheet imports, and the same rows imported again change nothing.
func TestBookkeepersSheetTwice(t *testing.T) {
	sheet := "Datum;Betrag;Kunde\n03.04.2025;1.234,56;Müller GmbH\n04.04.2025;89,90;Schmidt\n04.04.2025;89,90;Schmidt\n15.04.2025;2.000,00;Becker KG\n"
	de := data.Settings{TimeZone: "Europe/Berlin", Currency: "EUR", Country: "DE", DateOrder: "dmy", AttributionWindowDays: 180}
	ctx := context.Background()
	w := newWS(t, de)
	first := read(t, writeFile(t, "Umsätze.csv", []byte(sheet)), Options{Settings: de})
	mapped, err := first.Mapped(ctx, "Buchhaltung", data.KindSales, map[Field]string{FDate: "Datum", FTotal: "Betrag", FCustomer: "Kunde"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mapped.Close() })
	if s := mapped.Summary; s.Sales != 4 || s.Amount != 341436 || len(mapped.Problems) > 0 {
		t.Fatalf("%s, problems %v; want 4 sales, 3,414.36 EUR (the two Schmidt rows are two sales)", s.Description, mapped.Problems)
	}
	if !strings.Contains(strings.Join(mapped.Warnings, " "), "no order number") {
		t.Errorf("notes %v do not say how rows are known", mapped.Warnings)
	}
	res, err := mapped.Import(ctx, w, false)
	if err != nil || res.Added != 4 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	april := data.Period{From: civil.Date{Year: 2025, Month: 4, Day: 1}, To: civil.Date{Year: 2025, Month: 4, Day: 30}}
	before, err := w.Dashboard(ctx, april, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	// The same rows in a file of other bytes (saved again, a line added at
	// the end): they replace themselves, and every figure stays.
	profile := mapped.Profile
	again := read(t, writeFile(t, "Umsätze (1).csv", []byte(sheet+"\n")), Options{Settings: de, Profiles: []Profile{profile}})
	res, err = again.Import(ctx, w, false)
	if err != nil || res.Added != 4 || res.Superseded != 4 {
		t.Fatalf("second import: %+v %v; want the 4 rows to replace themselves", res, err)
	}
	after, err := w.Dashboard(ctx, april, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	if after.Current.Revenue != before.Current.Revenue || after.Current.Sales != before.Current.Sales || after.Current.Revenue != 341436 {
		t.Errorf("April before %d sales, %d cents; after %d, %d; want 4 sales, 341436 cents both times",
			before.Current.Sales, before.Current.Revenue, after.Current.Sales, after.Current.Revenue)
	}
}

// TestTotalRowOfAMappedSheet: a sheet read through columns a person mapped
// (or Lastmile guessed) is held to its own total row too ("Summe",
// "Total"): the total is not a sale nor a problem, rows that add up to it
// import, and rows that miss it wait for a decision naming both figures.
func TestTotalRowOfAMappedSheet(t *testing.T) {
	de := data.Settings{TimeZone: "Europe/Berlin", Currency: "EUR", Country: "DE", DateOrder: "dmy", AttributionWindowDays: 180}
	ctx := context.Background()
	rows := "Datum;Betrag;Kunde\n03.04.2025;1.234,56;Müller GmbH\n04.04.2025;99,00;Schmidt\n"
	for _, c := range []struct {
		total string
		held  bool
	}{{"Summe;1.333,56;\n", false}, {"TOTAL:;1.433,56;\n", true}} {
		first := read(t, writeFile(t, "Umsätze.csv", []byte(rows+c.total)), Options{Settings: de})
		mapped, err := first.Mapped(ctx, "Buchhaltung", data.KindSales, map[Field]string{FDate: "Datum", FTotal: "Betrag", FCustomer: "Kunde"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { mapped.Close() })
		if s := mapped.Summary; s.Sales != 2 || s.Amount != 133356 || len(mapped.Problems) > 0 || len(mapped.Skipped) != 1 {
			t.Fatalf("%q: %s, problems %v, left out %v; want 2 sales, 1,333.56 EUR and the total row left out", c.total, s.Description, mapped.Problems, mapped.Skipped)
		}
		err = mapped.Held()
		if !c.held {
			if err != nil || mapped.Gap != nil {
				t.Errorf("%q: the rows add up to the total, but: %v", c.total, err)
			}
			continue
		}
		if !errors.Is(err, ErrUnlisted) {
			t.Fatalf("%q: held %v", c.total, err)
		}
		for _, want := range []string{"1,333.56", "Total row", "1,433.56", "100.00"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not name %s", err, want)
			}
		}
		if _, err := mapped.Import(ctx, newWS(t, de), false); !errors.Is(err, ErrUnlisted) {
			t.Errorf("imported anyway: %v", err)
		}
	}
}
