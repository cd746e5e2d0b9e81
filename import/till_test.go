package importer

import (
	"context"
	"testing"

	"lastmile/data"
	"lastmile/data/civil"
)

// TestTillSalesAreOfUnknownSource imports a HubSpot export and a Square
// transactions file as downloaded, and checks what a till sale counts
// under: a card payment whose customer is a walk-in lead (by name, the
// only lead with it) is traced to Walk-in; the two payments nobody can
// explain are of unknown source, made in store, and not Walk-in, since a
// till says where a sale was made, not what brought the buyer.
//
//	Ann Lee    $120 → lead 1 (Walk-in, "Lead source: Walk-in") → Walk-in, traced
//	Bo Smith   $80  → no lead, no tag                          → unknown, in store
//	(no name)  $45  → no lead, no tag                          → unknown, in store
func TestTillSalesAreOfUnknownSource(t *testing.T) {
	ctx := context.Background()
	w := newWS(t, denverUSD())
	leads := writeFile(t, "hubspot-crm-exports-all-contacts.csv", []byte(`"Record ID","First Name","Last Name","Email","Create Date","Lead Source"
"1","Ann","Lee","","2025-03-01 10:00","Walk-in"
`))
	till := writeFile(t, "transactions-2025-03-01-2025-04-01.csv", []byte(`Date,Time,Time Zone,Total Collected,Event Type,Transaction ID,Payment ID,Customer Name,Description,Transaction Status,Source
2025-03-04,11:00:00,Mountain Time (US & Canada),$120.00,Payment,TX1,P1,Ann Lee,Chair x 1,Complete,Point of Sale
2025-03-05,12:00:00,Mountain Time (US & Canada),$80.00,Payment,TX2,P2,Bo Smith,Lamp x 1,Complete,Point of Sale
2025-03-06,13:00:00,Mountain Time (US & Canada),$45.00,Payment,TX3,P3,,Mug x 3,Complete,Point of Sale
`))
	for _, p := range []string{leads, till} {
		if _, err := read(t, p, Options{}).Import(ctx, w, false); err != nil {
			t.Fatal(err)
		}
	}
	dash, err := w.Dashboard(ctx, data.Period{From: civil.MustParse("2025-03-01"), To: civil.MustParse("2025-03-31")}, data.FirstTouch)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int64{}
	for _, c := range dash.Channels {
		if c.Sales > 0 {
			got[c.Channel.Name] = [2]int64{int64(c.Sales), c.Revenue}
		}
	}
	want := map[string][2]int64{"Walk-in": {1, 12000}, data.UnknownName("store"): {2, 12500}}
	if len(got) != len(want) || got["Walk-in"] != want["Walk-in"] || got[data.UnknownName("store")] != want[data.UnknownName("store")] {
		t.Errorf("sales by row %v, want %v", got, want)
	}
}
