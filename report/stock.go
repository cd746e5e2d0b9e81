package report

import (
	"encoding/csv"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"lastmile/data"
	"lastmile/data/reportfmt"
)

// SlowLabel is the custom label slow movers get in the Merchant Center
// feed, for the ads team's Performance Max and Shopping campaigns.
const SlowLabel = "slow-mover"

// WriteFeed writes a Google Merchant Center supplemental feed: a CSV with
// the header "id,custom_label_0" and one row per item, its SKU as the id
// (the offer id of the main feed) and label in custom_label_0. Items
// without a SKU cannot be in a feed; they are returned so the person can
// be told.
func WriteFeed(w io.Writer, items []data.StockItem, label string) (skipped []data.StockItem, err error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "custom_label_0"}); err != nil {
		return nil, err
	}
	for _, it := range items {
		id := strings.TrimSpace(it.SKU)
		if id == "" {
			skipped = append(skipped, it)
			continue
		}
		if err := cw.Write([]string{reportfmt.Text(id), label}); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return skipped, cw.Error()
}

// StockColumns are the columns of the stock CSV.
var StockColumns = []string{"sku", "product", "on_hand", "stock_date", "unit_cost", "value", "units_sold", "revenue",
	"days_on_hand", "sell_through", "last_sold", "days_since_sale", "age_days", "age_bucket", "channels", "slow"}

// WriteStockCSV writes the items as a CSV for the ads team: UTF-8 with a
// byte-order mark and CRLF for Excel, money in major units, "no sales" as
// an empty days-on-hand, text that could start a formula neutralised.
func WriteStockCSV(w io.Writer, r data.StockReport, items []data.StockItem) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(StockColumns); err != nil {
		return err
	}
	for _, it := range items {
		cost := ""
		if it.UnitCost != nil {
			cost = reportfmt.Money(*it.UnitCost, r.Currency).String()
		}
		value := ""
		if it.UnitCost != nil {
			value = reportfmt.Money(it.Value, r.Currency).String()
		}
		doh := ""
		if !math.IsInf(it.DaysOnHand, 1) {
			doh = strconv.FormatFloat(math.Round(it.DaysOnHand*10)/10, 'f', -1, 64)
		}
		st := ""
		if it.SellThroughOK {
			st = strconv.FormatFloat(math.Round(it.SellThrough*10000)/10000, 'f', -1, 64)
		}
		last, since := "", ""
		if !it.LastSold.IsZero() {
			last, since = it.LastSold.String(), strconv.Itoa(it.DaysSinceSale)
		}
		rec := []string{reportfmt.Text(it.SKU), reportfmt.Text(it.Product), strconv.FormatFloat(it.OnHand, 'f', -1, 64), it.AsOf.String(),
			cost, value, strconv.FormatFloat(it.Sold, 'f', -1, 64), reportfmt.Money(it.Revenue, r.Currency).String(),
			doh, st, last, since, strconv.Itoa(it.Age), it.AgeBucket, reportfmt.Text(ChannelList(it)), strconv.FormatBool(it.Slow)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ChannelList says which channels sold an item, most units first:
// "Google Ads 6, Meta Ads 3".
func ChannelList(it data.StockItem) string {
	type kv struct {
		name  string
		units float64
	}
	var all []kv
	for n, u := range it.Channels {
		if n == "" {
			n = data.Unattributed
		}
		all = append(all, kv{n, u})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].units != all[j].units {
			return all[i].units > all[j].units
		}
		return all[i].name < all[j].name
	})
	var parts []string
	for _, x := range all {
		parts = append(parts, x.name+" "+strconv.FormatFloat(x.units, 'f', -1, 64))
	}
	return strings.Join(parts, ", ")
}
