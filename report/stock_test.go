package report

import (
	"bytes"
	"strings"
	"testing"

	"lastmile/data"
	"lastmile/data/civil"
)

func TestMerchantCenterFeed(t *testing.T) {
	items := []data.StockItem{{SKU: "TBL-WAL-200", Product: "Walnut dining table"}, {Product: "Vase without a SKU"}, {SKU: "=CMD()", Product: "Odd"}}
	var buf bytes.Buffer
	skipped, err := WriteFeed(&buf, items, SlowLabel)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly this: a header Merchant Center knows, one row per SKU, no
	// byte-order mark (it would become part of the "id" header).
	want := "id,custom_label_0\nTBL-WAL-200,slow-mover\n'=CMD(),slow-mover\n"
	if buf.String() != want {
		t.Errorf("feed:\n%q\nwant\n%q", buf.String(), want)
	}
	if len(skipped) != 1 || skipped[0].Product != "Vase without a SKU" {
		t.Errorf("skipped %+v", skipped)
	}
}

func TestStockCSV(t *testing.T) {
	cost := int64(61000)
	r := data.StockReport{Currency: "USD"}
	items := []data.StockItem{{SKU: "TBL", Product: "Oak table", OnHand: 9, AsOf: civil.MustParse("2025-03-31"), UnitCost: &cost, Value: 549000,
		Sold: 3, Revenue: 390000, DaysOnHand: 270, SellThrough: 0.25, SellThroughOK: true, LastSold: civil.MustParse("2025-03-20"), DaysSinceSale: 11,
		Age: 11, AgeBucket: "0–30 days", Channels: map[string]float64{"Google Ads": 2, "": 1}, Slow: true}}
	var buf bytes.Buffer
	if err := WriteStockCSV(&buf, r, items); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffsku,product,on_hand,stock_date,unit_cost,value,units_sold,revenue,days_on_hand,sell_through,last_sold,days_since_sale,age_days,age_bucket,channels,slow\r\n" +
		"TBL,Oak table,9,2025-03-31,610.00,5490.00,3,3900.00,270,0.25,2025-03-20,11,11,0–30 days,\"Google Ads 2, Unattributed 1\",true\r\n"
	if buf.String() != want {
		t.Errorf("csv:\n%q\nwant\n%q", buf.String(), want)
	}
	if !strings.HasPrefix(buf.String(), "\ufeff") {
		t.Error("no byte-order mark")
	}
}
