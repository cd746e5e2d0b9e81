package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"lastmile/data/civil"
	"lastmile/data/match"
)

// StockItem is one product on the shelf, with how fast it sells: what the
// ads team should push when it sits still. Days are counted to AsOf, the
// day of the latest stock count.
type StockItem struct {
	SKU        string
	Product    string
	OnHand     float64
	AsOf       civil.Date // the day of the stock count used
	UnitCost   *int64     // minor units; nil when the stock file has none
	Value      int64      // OnHand × UnitCost, minor units; 0 without a cost
	ReceivedOn civil.Date // when the stock arrived, zero when unknown
	FirstSeen  civil.Date // the first stock count that lists the product
	// Sold and Revenue are the units and money of the period's sale lines.
	Sold    float64
	Revenue int64
	// LastSold is the day of the last sale up to AsOf, zero when none.
	LastSold civil.Date
	// DaysOnHand is on hand ÷ the period's average units sold a day; +Inf
	// when nothing sold ("no sales"), 0 with nothing on hand.
	DaysOnHand float64
	// SellThrough is sold ÷ (sold + on hand); not OK when both are 0.
	SellThrough   float64
	SellThroughOK bool
	// DaysSinceSale counts to AsOf from the last sale; -1 when none.
	DaysSinceSale int
	// Age is the days since the last sale, else since the stock arrived,
	// else since it was first counted; AgeBucket names its bucket.
	Age       int
	AgeBucket string
	// Channels are the units sold through each channel (the matched
	// sale's first-touch channel; "" for Unattributed).
	Channels map[string]float64
	// Slow is true when stock is on hand and DaysOnHand or DaysSinceSale
	// passes the thresholds.
	Slow bool
	// Weekly holds the units sold each week of the report's Weeks.
	Weekly []float64
}

// The age buckets.
var AgeBuckets = []string{"0–30 days", "31–60 days", "61–90 days", "90+ days"}

func ageBucket(days int) string {
	switch {
	case days <= 30:
		return AgeBuckets[0]
	case days <= 60:
		return AgeBuckets[1]
	case days <= 90:
		return AgeBuckets[2]
	}
	return AgeBuckets[3]
}

// StockThresholds say when a product is slow.
type StockThresholds struct {
	// DaysOnHand: slow when the stock lasts longer than this at the
	// period's pace (default 90: a quarter's worth of stock or more).
	DaysOnHand int
	// DaysSinceSale: slow when nothing sold for longer than this (default
	// 60: two months without a sale).
	DaysSinceSale int
}

// DefaultStockThresholds are a quarter of stock on hand and two months
// without a sale: common retail rules of thumb (attribution.md §6), which
// a business can change for its own pace.
var DefaultStockThresholds = StockThresholds{DaysOnHand: 90, DaysSinceSale: 60}

// SlowDays is the window of sales the meeting pack measures pace over.
const SlowDays = 90

// StockOptions choose a stock report.
type StockOptions struct {
	// AsOf is the last day counted; the latest stock count on or before it
	// is used. Zero: today's latest count.
	AsOf civil.Date
	// Period is the window of sales the pace is measured over; zero: the
	// SlowDays before the stock count.
	Period     Period
	Thresholds StockThresholds // zero fields: the workspace's settings
}

// UnmatchedLine is a product sold in the period that no stock count lists.
type UnmatchedLine struct {
	SKU, Product string
	Sold         float64
	Revenue      int64
}

// StockReport is the stock on the shelf and how it sells.
type StockReport struct {
	AsOf       civil.Date // the latest stock count used
	Period     Period
	Currency   string
	Thresholds StockThresholds
	Items      []StockItem // slow first, then by value tied up
	Unmatched  []UnmatchedLine
	// Weeks are the starts of the period's weeks (Mondays, the first
	// clipped to the period), for StockItem.Weekly.
	Weeks []civil.Date
	// SlowValue and SlowCount sum the slow items.
	SlowValue int64
	SlowCount int
}

// The settings keys of the stock thresholds and the push list.
const (
	keySlowDaysOnHand    = "stock_slow_days_on_hand"
	keySlowDaysSinceSale = "stock_slow_days_since_sale"
	keyPushList          = "stock_push"
)

// StockThresholds reads the workspace's slow-mover thresholds.
func (w *Workspace) StockThresholds(ctx context.Context) (StockThresholds, error) {
	t := DefaultStockThresholds
	for key, dst := range map[string]*int{keySlowDaysOnHand: &t.DaysOnHand, keySlowDaysSinceSale: &t.DaysSinceSale} {
		var v string
		err := w.rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return t, fmt.Errorf("read stock thresholds: %w", err)
		default:
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				*dst = n
			}
		}
	}
	return t, nil
}

// SaveStockThresholds keeps the slow-mover thresholds.
func (w *Workspace) SaveStockThresholds(ctx context.Context, t StockThresholds) error {
	if t.DaysOnHand < 1 || t.DaysOnHand > 3650 || t.DaysSinceSale < 1 || t.DaysSinceSale > 3650 {
		return UserErrorf("Thresholds are whole numbers of days from 1 to 3650.")
	}
	for key, v := range map[string]int{keySlowDaysOnHand: t.DaysOnHand, keySlowDaysSinceSale: t.DaysSinceSale} {
		if _, err := w.wdb.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, strconv.Itoa(v)); err != nil {
			return fmt.Errorf("save stock thresholds: %w", err)
		}
	}
	return nil
}

// PushList is the products a person asked the ads team to push, by their
// key (SKU, else name), for the meeting pack.
func (w *Workspace) PushList(ctx context.Context) ([]string, error) {
	var v string
	err := w.rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyPushList).Scan(&v)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the push list: %w", err)
	}
	var out []string
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		return nil, fmt.Errorf("read the push list: %w", err)
	}
	return out, nil
}

// SavePushList keeps the products to push.
func (w *Workspace) SavePushList(ctx context.Context, keys []string) error {
	b, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	if _, err := w.wdb.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, keyPushList, string(b)); err != nil {
		return fmt.Errorf("save the push list: %w", err)
	}
	return nil
}

// Key names a stock item in the push list and the ads feed: its SKU, else
// its name.
func (it StockItem) Key() string {
	if s := strings.TrimSpace(it.SKU); s != "" {
		return s
	}
	return it.Product
}

func skuKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// nameKey normalises a product name: case, accents, punctuation and
// spacing ignored.
func nameKey(s string) string { return match.CompanyKey(s) }

// StockReport computes the stock report. Sale lines are joined to products
// by SKU; a line whose SKU no product has, or that has none, joins by its
// normalised name when exactly one product has that name, and is listed as
// unmatched otherwise.
func (w *Workspace) StockReport(ctx context.Context, o StockOptions) (StockReport, error) {
	r := StockReport{Currency: w.Settings().Currency}
	var err error
	if r.Thresholds, err = w.StockThresholds(ctx); err != nil {
		return r, err
	}
	if o.Thresholds.DaysOnHand > 0 {
		r.Thresholds.DaysOnHand = o.Thresholds.DaysOnHand
	}
	if o.Thresholds.DaysSinceSale > 0 {
		r.Thresholds.DaysSinceSale = o.Thresholds.DaysSinceSale
	}
	tx, err := w.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return r, fmt.Errorf("stock: %w", err)
	}
	defer tx.Rollback()
	asOf := o.AsOf
	if asOf.IsZero() {
		asOf = civil.Date{Year: 9999, Month: 12, Day: 31}
	}
	// The latest count of each product on or before asOf, summed over
	// locations; the first count and the latest receipt date.
	type key struct{ sku, product string }
	byKey := map[key]*StockItem{}
	var order []key
	err = eachRow(ctx, tx, `SELECT sku, product, day, sum(on_hand), max(unit_cost_minor), max(coalesce(received_on, ''))
		FROM stock_levels WHERE superseded_by IS NULL AND day <= ? GROUP BY sku, product, day ORDER BY day`,
		[]any{asOf.String()}, func(rows *sql.Rows) error {
			var k key
			var day, received string
			var onHand float64
			var cost sql.NullInt64
			if err := rows.Scan(&k.sku, &k.product, &day, &onHand, &cost, &received); err != nil {
				return err
			}
			d, err := civil.Parse(day)
			if err != nil {
				return err
			}
			it := byKey[k]
			if it == nil {
				it = &StockItem{SKU: k.sku, Product: k.product, FirstSeen: d}
				byKey[k] = it
				order = append(order, k)
			}
			// Rows come oldest first: the latest count wins.
			it.AsOf, it.OnHand, it.UnitCost = d, onHand, nil
			if cost.Valid {
				c := cost.Int64
				it.UnitCost = &c
			}
			if rd, err := civil.Parse(received); err == nil {
				it.ReceivedOn = rd
			}
			return nil
		})
	if err != nil {
		return r, fmt.Errorf("stock: %w", err)
	}
	if len(order) == 0 {
		return r, nil
	}
	for _, k := range order {
		if it := byKey[k]; it.AsOf.After(r.AsOf) {
			r.AsOf = it.AsOf
		}
	}
	if !o.AsOf.IsZero() && o.AsOf.Before(r.AsOf) {
		r.AsOf = o.AsOf
	}
	r.Period = o.Period
	if r.Period.From.IsZero() {
		r.Period = Period{From: r.AsOf.AddDays(-SlowDays + 1), To: r.AsOf}
	}

	for d := r.Period.From; !d.After(r.Period.To); d = WeekStart(d).AddDays(7) {
		r.Weeks = append(r.Weeks, d)
	}
	weekOf := func(d civil.Date) int {
		i := sort.Search(len(r.Weeks), func(i int) bool { return r.Weeks[i].After(d) }) - 1
		return max(i, 0)
	}
	for _, k := range order {
		byKey[k].Weekly = make([]float64, len(r.Weeks))
	}

	// The join: by SKU, else by a name exactly one product has.
	bySKU := map[string]*StockItem{}
	byName := map[string][]*StockItem{}
	for _, k := range order {
		it := byKey[k]
		if s := skuKey(it.SKU); s != "" {
			bySKU[s] = it
		}
		if n := nameKey(it.Product); n != "" {
			byName[n] = append(byName[n], it)
		}
	}
	find := func(sku, product string) *StockItem {
		if it := bySKU[skuKey(sku)]; it != nil && skuKey(sku) != "" {
			return it
		}
		if c := byName[nameKey(product)]; len(c) == 1 && nameKey(product) != "" {
			return c[0]
		}
		return nil
	}
	unmatched := map[key]*UnmatchedLine{}
	// The last sale of each line's product, up to the count.
	err = eachRow(ctx, tx, `SELECT l.sku, l.product, max(s.day)
		FROM sale_lines AS l JOIN sales AS s ON s.id = l.sale_id
		WHERE s.superseded_by IS NULL AND s.kind = 'order' AND s.day <= ?
		GROUP BY l.sku, l.product`, []any{r.AsOf.String()}, func(rows *sql.Rows) error {
		var sku, product, day string
		if err := rows.Scan(&sku, &product, &day); err != nil {
			return err
		}
		it := find(sku, product)
		if it == nil {
			return nil
		}
		d, err := civil.Parse(day)
		if err != nil {
			return err
		}
		if d.After(it.LastSold) {
			it.LastSold = d
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("stock sales: %w", err)
	}
	// The period's units and money by product, channel and day, summed
	// in SQL.
	err = eachRow(ctx, tx, `SELECT l.sku, l.product, coalesce(c.name, ''), s.day, total(l.quantity), sum(l.amount_minor)
		FROM sale_lines AS l JOIN sales AS s ON s.id = l.sale_id
		LEFT JOIN channels AS c ON c.id = s.first_channel_id
		WHERE s.superseded_by IS NULL AND s.kind = 'order' AND s.day BETWEEN ? AND ?
		GROUP BY 1, 2, 3, 4`, []any{r.Period.From.String(), r.Period.To.String()}, func(rows *sql.Rows) error {
		var sku, product, ch, day string
		var qty float64
		var amount int64
		if err := rows.Scan(&sku, &product, &ch, &day, &qty, &amount); err != nil {
			return err
		}
		d, err := civil.Parse(day)
		if err != nil {
			return err
		}
		it := find(sku, product)
		if it == nil {
			k := key{sku, product}
			u := unmatched[k]
			if u == nil {
				u = &UnmatchedLine{SKU: sku, Product: product}
				unmatched[k] = u
			}
			u.Sold += qty
			u.Revenue += amount
			return nil
		}
		it.Sold += qty
		it.Revenue += amount
		if it.Channels == nil {
			it.Channels = map[string]float64{}
		}
		it.Channels[ch] += qty
		it.Weekly[weekOf(d)] += qty
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("stock sales: %w", err)
	}

	days := float64(r.Period.Days())
	for _, k := range order {
		it := byKey[k]
		if it.UnitCost != nil {
			it.Value = int64(math.Round(it.OnHand * float64(*it.UnitCost)))
		}
		switch {
		case it.OnHand <= 0:
			it.DaysOnHand = 0
		case it.Sold > 0:
			it.DaysOnHand = it.OnHand / (it.Sold / days)
		default:
			it.DaysOnHand = math.Inf(1)
		}
		if total := it.Sold + math.Max(it.OnHand, 0); total > 0 {
			it.SellThrough, it.SellThroughOK = it.Sold/total, true
		}
		it.DaysSinceSale = -1
		if !it.LastSold.IsZero() {
			it.DaysSinceSale = r.AsOf.DaysSince(it.LastSold)
		}
		switch {
		case it.DaysSinceSale >= 0:
			it.Age = it.DaysSinceSale
		case !it.ReceivedOn.IsZero():
			it.Age = r.AsOf.DaysSince(it.ReceivedOn)
		default:
			it.Age = r.AsOf.DaysSince(it.FirstSeen)
		}
		it.AgeBucket = ageBucket(it.Age)
		// Nothing sold since it arrived counts as days without a sale.
		since := it.DaysSinceSale
		if since < 0 {
			since = it.Age
		}
		it.Slow = it.OnHand > 0 && (it.DaysOnHand > float64(r.Thresholds.DaysOnHand) || since > r.Thresholds.DaysSinceSale)
		r.Items = append(r.Items, *it)
		if it.Slow {
			r.SlowValue += it.Value
			r.SlowCount++
		}
	}
	sort.SliceStable(r.Items, func(i, j int) bool {
		a, b := r.Items[i], r.Items[j]
		if a.Slow != b.Slow {
			return a.Slow
		}
		if a.Value != b.Value {
			return a.Value > b.Value
		}
		return a.Product < b.Product
	})
	for _, u := range unmatched {
		r.Unmatched = append(r.Unmatched, *u)
	}
	sort.Slice(r.Unmatched, func(i, j int) bool { return r.Unmatched[i].Revenue > r.Unmatched[j].Revenue })
	return r, nil
}

// Stock lists the latest stock count of every product up to asOf with its
// pace over the SlowDays before it, slowest (most days on hand) first: the
// meeting pack's list.
func (w *Workspace) Stock(ctx context.Context, asOf civil.Date) ([]StockItem, error) {
	r, err := w.StockReport(ctx, StockOptions{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	items := r.Items
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.DaysOnHand != b.DaysOnHand {
			return a.DaysOnHand > b.DaysOnHand
		}
		if a.Value != b.Value {
			return a.Value > b.Value
		}
		return a.Product < b.Product
	})
	return items, nil
}
