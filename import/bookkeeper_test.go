package importer

import (
	"context"
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
