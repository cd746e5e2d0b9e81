package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestStockFromSpreadsheets imports two stock counts made in the test, an
// older CSV and a newer XLSX, with the shared Shopify sample's sales, and
// checks the stock list and the Merchant Center feed.
func TestStockFromSpreadsheets(t *testing.T) {
	ws := emptyWorkspace(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "stock-april.csv")
	if err := os.WriteFile(csvPath, []byte("SKU,Product,On hand,Unit cost,Date\r\n"+
		"RO-STV-KIT,Pack Stove & Cook Kit,40,20.00,2025-04-30\r\n"+
		"RO-NEVER,Never Sold Lantern,7,12.50,2025-04-30\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	rows := [][]any{
		{"SKU", "Product", "On hand", "Unit cost", "Date", "Received"},
		{"RO-STV-KIT", "Pack Stove & Cook Kit", 3, 20.0, "2025-05-31", "2025-05-01"},
		{"RO-NEVER", "Never Sold Lantern", 7, 12.5, "2025-05-31", "2025-01-15"},
		{"", "Camp Chair Lite", 4, 30.0, "2025-05-31", ""},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	xlsxPath := filepath.Join(dir, "stock-may.xlsx")
	if err := f.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, p := range []string{filepath.Join(samples, "shopify/orders_export_1.csv"), csvPath, xlsxPath} {
		if code, out, stderr := cli(t, "--workspace", ws, "import", p); code != 0 {
			t.Fatalf("import %s: %d\n%s\n%s", p, code, out, stderr)
		}
	}
	code, out, stderr := cli(t, "--workspace", ws, "stock", "--all", "--format", "json", "--from", "2025-03-01", "--to", "2025-05-31")
	if code != 0 {
		t.Fatalf("stock: %s", stderr)
	}
	var doc struct {
		AsOf  string `json:"as_of"`
		Items []struct {
			SKU, Product string
			OnHand       float64  `json:"on_hand"`
			StockDate    string   `json:"stock_date"`
			Value        *float64 `json:"value"`
			UnitsSold    float64  `json:"units_sold"`
			DaysOnHand   *float64 `json:"days_on_hand"`
			Slow         bool
			AgeDays      int `json:"age_days"`
		}
		Unmatched []struct{ SKU string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	items := map[string]int{}
	for i, it := range doc.Items {
		items[it.Product] = i
	}
	if doc.AsOf != "2025-05-31" || len(doc.Items) != 3 {
		t.Fatalf("as of %s, %d items:\n%s", doc.AsOf, len(doc.Items), out)
	}
	stove := doc.Items[items["Pack Stove & Cook Kit"]]
	// The May count (3) wins over April's (40).
	if stove.OnHand != 3 || stove.StockDate != "2025-05-31" || stove.UnitsSold == 0 || stove.Slow {
		t.Errorf("stove %+v", stove)
	}
	lantern := doc.Items[items["Never Sold Lantern"]]
	// Never sold, received 15 January: 136 days old, "no sales", $87.50 tied up.
	if lantern.UnitsSold != 0 || lantern.DaysOnHand != nil || !lantern.Slow || lantern.Value == nil || *lantern.Value != 87.5 || lantern.AgeDays != 136 {
		t.Errorf("lantern %+v", lantern)
	}
	// The chair has no SKU in the count; its sale lines (SKU RO-CHR-LT) join
	// by its name.
	if chair := doc.Items[items["Camp Chair Lite"]]; chair.UnitsSold == 0 {
		t.Errorf("chair %+v", chair)
	}
	unmatched := map[string]bool{}
	for _, u := range doc.Unmatched {
		unmatched[u.SKU] = true
	}
	if !unmatched["RO-POL-CNY"] || unmatched["RO-STV-KIT"] || unmatched["RO-CHR-LT"] {
		t.Errorf("unmatched %v", unmatched)
	}
	// The feed: the slow movers with a SKU, exactly.
	feed := filepath.Join(dir, "feed.csv")
	code, out, stderr = cli(t, "--workspace", ws, "stock", "--feed", feed, "--from", "2025-03-01", "--to", "2025-05-31")
	if code != 0 || !strings.Contains(out, "1 slow mover labelled \"slow-mover\"") {
		t.Fatalf("feed: %d %s %s", code, out, stderr)
	}
	b, _ := os.ReadFile(feed)
	if string(b) != "id,custom_label_0\nRO-NEVER,slow-mover\n" {
		t.Errorf("feed %q", b)
	}
	// The table says what ties money up.
	code, out, _ = cli(t, "--workspace", ws, "stock", "--from", "2025-03-01", "--to", "2025-05-31")
	if code != 0 || !strings.Contains(out, "1 slow mover ties up $88.") || !strings.Contains(out, "Never Sold Lantern") {
		t.Errorf("table:\n%s", out)
	}
}
