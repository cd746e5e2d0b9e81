package data

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"

	"lastmile/data/civil"
)

// StockItem is one product on the shelf, with how fast it sells: what the
// ads team should push when it sits still.
type StockItem struct {
	SKU      string
	Product  string
	OnHand   float64
	AsOf     civil.Date // the day of the stock count
	UnitCost *int64     // minor units; nil when the stock file has none
	// Value is OnHand × UnitCost in minor units; 0 without a cost.
	Value int64
	// Sold is the units sold in the SlowDays before AsOf; LastSold the day
	// of the last sale (zero when none is known).
	Sold     float64
	LastSold civil.Date
	// CoverDays is how many days the stock lasts at that pace; +Inf when
	// nothing sold.
	CoverDays float64
	// Slow is true when the stock lasts more than SlowDays at that pace.
	Slow bool
}

// SlowDays is the window of sales a stock item's pace is measured over, and
// the cover beyond which it counts as slow-moving.
const SlowDays = 90

// Stock lists the latest stock count of every product up to asOf, with how
// it sells, the slowest (most days of cover) first and, among equals, the
// most money on the shelf first. Sales lines are matched to stock by SKU,
// or by product name when either has no SKU.
func (w *Workspace) Stock(ctx context.Context, asOf civil.Date) ([]StockItem, error) {
	tx, err := w.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("stock: %w", err)
	}
	defer tx.Rollback()
	var items []StockItem
	err = eachRow(ctx, tx, `SELECT sku, product, sum(on_hand), max(day), max(unit_cost_minor) FROM stock_levels AS s
		WHERE superseded_by IS NULL AND day = (SELECT max(day) FROM stock_levels AS t
			WHERE t.superseded_by IS NULL AND t.sku = s.sku AND t.product = s.product AND t.day <= ?)
		GROUP BY sku, product`, []any{asOf.String()}, func(rows *sql.Rows) error {
		var it StockItem
		var day string
		var cost sql.NullInt64
		if err := rows.Scan(&it.SKU, &it.Product, &it.OnHand, &day, &cost); err != nil {
			return err
		}
		var err error
		if it.AsOf, err = civil.Parse(day); err != nil {
			return err
		}
		if cost.Valid {
			c := cost.Int64
			it.UnitCost = &c
			it.Value = int64(math.Round(it.OnHand * float64(c)))
		}
		items = append(items, it)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stock: %w", err)
	}
	if len(items) == 0 {
		return nil, nil
	}
	type sold struct {
		units float64
		last  string
	}
	bySKU, byName := map[string]*sold{}, map[string]*sold{}
	from := asOf.AddDays(-SlowDays + 1).String()
	err = eachRow(ctx, tx, `SELECT l.sku, l.product, sum(CASE WHEN s.day >= ? THEN l.quantity ELSE 0 END), max(s.day)
		FROM sale_lines AS l JOIN sales AS s ON s.id = l.sale_id
		WHERE s.superseded_by IS NULL AND s.kind = 'order' AND s.day <= ?
		GROUP BY l.sku, l.product`, []any{from, asOf.String()}, func(rows *sql.Rows) error {
		var sku, product, last string
		var units float64
		if err := rows.Scan(&sku, &product, &units, &last); err != nil {
			return err
		}
		add := func(m map[string]*sold, k string) {
			if k == "" {
				return
			}
			x := m[k]
			if x == nil {
				x = &sold{}
				m[k] = x
			}
			x.units += units
			if last > x.last {
				x.last = last
			}
		}
		// A line with a SKU counts for that SKU only; a line without one
		// counts for the product of that name.
		if strings.TrimSpace(sku) != "" {
			add(bySKU, strings.ToLower(strings.TrimSpace(sku)))
		} else {
			add(byName, strings.ToLower(strings.TrimSpace(product)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stock sales: %w", err)
	}
	for i := range items {
		it := &items[i]
		// Sales by SKU, plus the lines that name the product without a SKU.
		var found []*sold
		if k := strings.ToLower(strings.TrimSpace(it.SKU)); k != "" {
			found = append(found, bySKU[k])
		}
		found = append(found, byName[strings.ToLower(strings.TrimSpace(it.Product))])
		last := ""
		for _, s := range found {
			if s == nil {
				continue
			}
			it.Sold += s.units
			if s.last > last {
				last = s.last
			}
		}
		if d, err := civil.Parse(last); err == nil {
			it.LastSold = d
		}
		it.CoverDays = math.Inf(1)
		if it.Sold > 0 {
			it.CoverDays = it.OnHand / (it.Sold / SlowDays)
		}
		it.Slow = it.OnHand > 0 && it.CoverDays > SlowDays
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.CoverDays != b.CoverDays {
			return a.CoverDays > b.CoverDays
		}
		if a.Value != b.Value {
			return a.Value > b.Value
		}
		return a.Product < b.Product
	})
	return items, nil
}
