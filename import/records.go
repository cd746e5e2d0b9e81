package importer

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
	"lastmile/data/money"
)

// rowError is a problem with one cell of one row.
type rowError struct {
	col int // 0-based; -1 for the row as a whole
	msg string
}

// builder turns rows into canonical records with a plan's conventions. It
// collects problems instead of stopping at the first.
type builder struct {
	p     *plan
	errs  []rowError
	carry string // the value carried down from the last group heading
}

func (b *builder) fail(f Field, format string, args ...any) {
	col := -1
	if c, ok := b.p.m.cols[f]; ok {
		col = c
	}
	b.errs = append(b.errs, rowError{col: col, msg: fmt.Sprintf(format, args...)})
}

// text returns a field's trimmed cell ("" when unmapped or missing).
func (b *builder) text(r Row, f Field) string {
	v, _ := b.p.m.get(r, f)
	if isMissing(v) {
		return ""
	}
	return v
}

// number parses a field's cell with its column's style; ok=false when the
// cell is missing or unmapped; a cell that is there but not a number is a
// problem.
func (b *builder) number(r Row, f Field) (decimal, bool) {
	v, mapped := b.p.m.get(r, f)
	if !mapped || isMissing(v) {
		return decimal{}, false
	}
	d, ok := parseNumber(v, b.p.numbers[b.p.m.cols[f]])
	if !ok {
		b.fail(f, "%q is not a number", v)
		return decimal{}, false
	}
	return d, true
}

// noRateMessage is the problem of an amount in a currency without an
// exchange rate; unratedCurrency reads the currency back from it.
const noRateMessage = "the amount is in %s, but the workspace counts in %s and has no exchange rate for %s: add one under Workspace settings, Exchange rates, then read the file again"

func unratedCurrency(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "the amount is in ")
	if !ok || len(rest) < 3 || !strings.Contains(rest, "has no exchange rate for "+rest[:3]) {
		return "", false
	}
	return rest[:3], true
}

// money parses an amount into minor units of the workspace currency,
// converting from the row's currency with the workspace's rate when they
// differ.
func (b *builder) money(r Row, f Field, currency string) (int64, bool) {
	d, ok := b.number(r, f)
	if !ok {
		return 0, false
	}
	if currency != "" && currency != b.p.currency {
		rate, ok := b.p.rates[currency]
		if !ok {
			b.fail(f, noRateMessage, currency, b.p.currency, currency)
			return 0, false
		}
		d = rate.times(d)
		b.p.converted[currency] = true
	}
	m, ok := d.minor(money.Scale(b.p.currency))
	if !ok {
		b.fail(f, "%q is too large", b.text(r, f))
	}
	return m, ok
}

// count parses a whole number (impressions, clicks).
func (b *builder) count(r Row, f Field) int64 {
	d, ok := b.number(r, f)
	if !ok {
		return 0
	}
	v, _ := d.minor(0)
	return v
}

// rowCurrency returns the currency of a row: its currency cell, else the
// code in the header ("Amount spent (USD)"), else the file's.
func (b *builder) rowCurrency(r Row) string {
	if c := strings.ToUpper(b.text(r, FCurrency)); c != "" {
		return c
	}
	if c := b.p.m.captures[FSpend]; c != "" {
		return c
	}
	return b.p.fileCurrency
}

// when parses a field's date or timestamp into the business date and, when
// the cell has a time, the instant.
func (b *builder) when(r Row, f Field) (civil.Date, time.Time, bool) {
	v := b.text(r, f)
	if v == "" {
		return civil.Date{}, time.Time{}, false
	}
	m, ok := b.p.dateCol(b.p.m.cols[f]).parse(v)
	if !ok {
		b.fail(f, "%q is not a date Lastmile can read", v)
		return civil.Date{}, time.Time{}, false
	}
	if tv := b.text(r, FTime); tv != "" && !m.hasTime {
		if clock, ok := parseClock(tv); ok {
			m.clock, m.hasTime = clock, true
		} else {
			b.fail(FTime, "%q is not a time of day", tv)
		}
	}
	if !m.hasTime && m.offset == nil {
		return m.date, time.Time{}, true
	}
	zone := b.p.loc
	if b.p.profile.TimeZone == "UTC" {
		zone = time.UTC
	}
	if zn := b.text(r, FTimeZone); zn != "" {
		if loc, ok := zoneNamed(zn); ok {
			zone = loc
		} else {
			b.fail(FTimeZone, "%q is not a time zone Lastmile knows", zn)
		}
	}
	at := m.instant(zone)
	return civil.In(at, b.p.loc), at.UTC(), true
}

// dateCol returns how column col writes its dates.
func (p *plan) dateCol(col int) *dateColumn {
	c, ok := p.dates[col]
	if !ok {
		c = &dateColumn{order: MonthFirst}
		if p.profile.DateOrder != "" {
			c.order = p.profile.DateOrder
		}
		p.dates[col] = c
	}
	return c
}

var clockRe = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$`)

func parseClock(s string) (time.Duration, bool) {
	m := clockRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3])
	if m[4] != "" {
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if strings.EqualFold(m[4], "pm") {
			h += 12
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second, true
}

// adStat builds an ad stat from one row.
func (b *builder) adStat(r Row) (data.AdStat, bool) {
	p := b.p
	a := data.AdStat{
		Line:     r.Line,
		Platform: p.profile.System,
		Account:  b.text(r, FAccount),
		Campaign: cmp.Or(b.text(r, FCampaign), p.campaign),
		AdGroup:  b.text(r, FAdGroup),
		Level:    p.level,
	}
	if a.Platform == "" {
		a.Platform = "other"
	}
	if day, _, ok := b.when(r, FDay); ok {
		a.From, a.To = day, day
	} else if from, _, ok := b.when(r, FDateFrom); ok {
		a.From = from
		if to, _, ok := b.when(r, FDateTo); ok {
			a.To = to
		} else {
			a.To = from
		}
	} else if !p.titleRange.From.IsZero() {
		a.From, a.To = p.titleRange.From, p.titleRange.To
	} else if len(b.errs) == 0 {
		b.fail(FDay, "the row has no date")
	}
	if a.To.Before(a.From) {
		b.fail(FDateTo, "the report ends (%s) before it starts (%s)", a.To, a.From)
	}
	a.Currency = p.currency
	cur := b.rowCurrency(r)
	if spend, ok := b.money(r, FSpend, cur); ok {
		a.Spend = spend
	}
	a.Impressions = b.count(r, FImpressions)
	a.Clicks = b.count(r, FClicks)
	if d, ok := b.number(r, FConversions); ok {
		v := d.float()
		a.Conversions = &v
	}
	if v, ok := b.money(r, FConversionValue, cur); ok {
		a.ConversionValue = &v
	}
	if d, ok := b.number(r, FPurchases); ok {
		v := d.float()
		a.Purchases = &v
	}
	if d, ok := b.number(r, FPlatformLeads); ok {
		v := d.float()
		a.Leads = &v
	}
	return a, len(b.errs) == 0
}

// lead builds a lead from one row.
func (b *builder) lead(r Row) (data.Lead, bool) {
	p := b.p
	l := data.Lead{Line: r.Line, System: p.profile.System}
	l.RecordID = b.key(r, []Field{FRecordID})
	name := b.text(r, FName)
	if fn, ln := b.text(r, FFirstName), b.text(r, FLastName); fn != "" || ln != "" {
		name = strings.TrimSpace(fn + " " + ln)
	}
	l.Name = name
	l.Company = b.text(r, FCompany)
	l.Email = b.text(r, FEmail)
	l.Phone = b.text(r, FPhone)
	l.Owner = b.text(r, FOwner)
	l.Stage = b.text(r, FStage)
	l.ClickID = b.text(r, FClickID)
	l.OrderRef = b.text(r, FOrderRef)
	if day, at, ok := b.when(r, FDate); ok {
		l.Day, l.CreatedAt = day, at
	} else if len(b.errs) == 0 {
		// Leads are counted on the day they came in, and a sale only
		// follows a lead made before it: a lead without a date cannot be
		// placed. Stamping today on a whole list would pile every lead of
		// the business's history onto one day.
		if _, mapped := p.m.cols[FDate]; mapped {
			b.fail(FDate, "the lead has no creation date")
		} else {
			b.fail(FDate, "the file has no column with the day each lead was created: export it again with the create date, or map that column with Change columns")
		}
	}
	if l.RecordID == "" {
		// No id column: the email, else the name and day, stay the same when
		// the list is exported again.
		switch {
		case l.Email != "":
			l.RecordID = "email:" + data.NormalizeEmail(l.Email)
		case l.Name != "":
			l.RecordID = "name:" + strings.ToLower(l.Name) + "|" + l.Day.String()
		default:
			b.fail(FRecordID, "the row has no id, email or name to tell it apart")
		}
	}
	l.SourceFields = b.sourceFields(r)
	return l, len(b.errs) == 0
}

// key joins the cells of fields into a record's id, falling back on FAltID.
func (b *builder) key(r Row, fields []Field) string {
	if len(b.p.profile.KeyFields) > 0 {
		fields = b.p.profile.KeyFields
	}
	var parts []string
	for _, f := range fields {
		if v := b.text(r, f); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return b.text(r, FAltID)
	}
	return strings.Join(parts, " ")
}

// sourceFields keeps the raw source columns, and splits Shopify-style
// "key: value" note lines into fields of their own.
func (b *builder) sourceFields(r Row) data.SourceFields {
	var out data.SourceFields
	for _, c := range b.p.m.source {
		if v := strings.TrimSpace(r.cell(c)); v != "" && !isMissing(v) {
			out = append(out, data.Field{Name: b.p.h.raw[c], Value: v})
		}
	}
	// The click id's column says whose click it is (gclid, Facebook click
	// id): the channel classifier reads it as a source field.
	if c, ok := b.p.m.cols[FClickID]; ok {
		if v := strings.TrimSpace(r.cell(c)); v != "" && !isMissing(v) && !slices.Contains(b.p.m.source, c) {
			out = append(out, data.Field{Name: b.p.h.raw[c], Value: v})
		}
	}
	if notes := b.text(r, FNotes); notes != "" {
		for _, line := range strings.Split(notes, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && strings.TrimSpace(k) != "" {
				out = append(out, data.Field{Name: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
			}
		}
	}
	return out
}

// sale builds one sale from the rows of one record (one row, or an order's
// line items).
func (b *builder) sale(rows []Row) (data.Sale, bool) {
	p := b.p
	r := rows[0]
	s := data.Sale{Line: r.Line, System: p.profile.System, Kind: data.SaleOrder, Currency: p.currency}
	s.OrderID = b.key(r, []Field{FOrderID})
	if s.OrderID == "" && p.contentKeys {
		s.OrderID = b.contentKey(r)
	}
	if s.OrderID == "" {
		b.fail(FOrderID, "the row has no order id")
	}
	if n := b.text(r, FOrderID); n != s.OrderID {
		s.Ref = n // the key joins the row's type to the number
	}
	s.Status = b.text(r, FStatus)
	s.Customer = b.text(r, FCustomer)
	if s.Customer == "" {
		s.Customer = b.carry
	}
	s.Company = b.text(r, FCompany)
	s.Email = b.text(r, FEmail)
	s.Phone = b.text(r, FPhone)
	s.ClickID = b.text(r, FClickID)
	if day, at, ok := b.when(r, FDate); ok {
		s.Day, s.PlacedAt = day, at
	} else if len(b.errs) == 0 {
		b.fail(FDate, "the sale has no date")
	}
	cur := b.rowCurrency(r)
	var linesTotal int64
	for _, lr := range rows {
		line := data.SaleLine{SKU: b.text(lr, FSKU), Product: b.text(lr, FProduct)}
		if q, ok := b.number(lr, FQuantity); ok {
			line.Quantity = q.float()
		}
		if amt, ok := b.money(lr, FLineTotal, cur); ok {
			line.Amount = amt
		} else if price, ok := b.money(lr, FUnitPrice, cur); ok {
			qty := line.Quantity
			if _, mapped := p.m.cols[FQuantity]; !mapped {
				qty = 1
			}
			line.Amount = int64(float64(price)*qty + 0.5*sign(float64(price)*qty))
		}
		if line.SKU != "" || line.Product != "" {
			s.Lines = append(s.Lines, line)
			linesTotal += line.Amount
		}
		for _, item := range parseItems(b.text(lr, FItems)) {
			s.Lines = append(s.Lines, item)
		}
	}
	if total, ok := b.money(r, FTotal, cur); ok {
		s.Gross = total
	} else {
		s.Gross = linesTotal
	}
	if refunded, ok := b.money(r, FRefunded, cur); ok {
		s.Refunded = refunded
	}
	s.Net = s.Gross - s.Refunded
	for _, rule := range p.profile.Kinds {
		v, mapped := p.m.get(r, rule.Field)
		if !mapped && rule.Field != FOrderID {
			continue
		}
		if matchesAny(v, rule.Values) {
			switch rule.Kind {
			case Refunded:
				s.Refunded, s.Net = s.Gross, 0
			default:
				s.Kind = rule.Kind
			}
			break
		}
	}
	switch s.Kind {
	case data.SaleRefund:
		// Credit memos and refunds are money going back, whatever sign
		// the file wrote them with.
		s.Gross = -abs(s.Gross)
		s.Refunded, s.Net = 0, s.Gross
	case data.SaleVoid:
		s.Net = 0
	case data.SaleOrder:
		if s.Net < 0 {
			// A negative order is money going back: a refund row.
			s.Kind = data.SaleRefund
		}
	}
	if s.Kind == data.SaleRefund && p.profile.RefundKeepsNumber {
		s.RefundOf = s.Number()
	}
	if ref := b.text(r, FRefundOf); ref != "" && s.Kind == data.SaleRefund {
		s.RefundOf = ref // PayPal's Reference Txn ID: the payment refunded
	}
	if s.OrderID == "" && s.Kind == data.SaleVoid {
		s.OrderID = fmt.Sprintf("line %d", r.Line) // an attempt with no id of its own
	}
	s.SourceFields = b.sourceFields(r)
	if cur != "" && cur != p.currency {
		s.SourceFields = append(s.SourceFields, data.Field{Name: "Original currency", Value: cur})
	}
	return s, len(b.errs) == 0
}

func matchesAny(v string, values []string) bool {
	n := strings.ToLower(strings.Join(strings.Fields(v), " "))
	for _, x := range values {
		if n == x || strings.EqualFold(n, x) {
			return true
		}
	}
	return false
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

var itemRe = regexp.MustCompile(`^(?:(\d+(?:\.\d+)?)\s*[×x]\s+(.+)|(.+?)\s+[×x]\s*(\d+(?:\.\d+)?))$`)

// parseItems reads a list of items written in one cell: "Camp Chair x 1,
// Stove x 2" (Square) or "1× Tent, 2× Mat" (WooCommerce). Items carry no
// amounts.
func parseItems(s string) []data.SaleLine {
	if s == "" {
		return nil
	}
	var out []data.SaleLine
	for _, part := range splitItems(s) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		line := data.SaleLine{Product: part, Quantity: 1}
		if m := itemRe.FindStringSubmatch(part); m != nil {
			if m[2] != "" {
				line.Product = strings.TrimSpace(m[2])
				line.Quantity, _ = strconv.ParseFloat(m[1], 64)
			} else {
				line.Product = strings.TrimSpace(m[3])
				line.Quantity, _ = strconv.ParseFloat(m[4], 64)
			}
		}
		out = append(out, line)
	}
	return out
}

// splitItems splits at commas that start a new item, keeping commas inside
// a name ("Patio, Stone Kit x 1") when the next piece has no quantity.
func splitItems(s string) []string {
	pieces := strings.Split(s, ",")
	var out []string
	for _, p := range pieces {
		if len(out) > 0 && !itemRe.MatchString(strings.TrimSpace(out[len(out)-1])) {
			out[len(out)-1] += "," + p
			continue
		}
		out = append(out, p)
	}
	return out
}

// stock builds a stock level from one row.
func (b *builder) stock(r Row) (data.StockLevel, bool) {
	p := b.p
	s := data.StockLevel{Line: r.Line, SKU: b.text(r, FSKU), Product: b.text(r, FProduct), Location: b.text(r, FLocation)}
	if s.Location == "" {
		s.Location = p.location
	}
	// Shopify's products export names the product on its first row only.
	if h := b.text(r, FHandle); h != "" {
		if s.Product != "" {
			if p.handleTitles == nil {
				p.handleTitles = map[string]string{}
			}
			p.handleTitles[h] = s.Product
		} else {
			s.Product = p.handleTitles[h]
		}
	}
	// A variant is its product's name with its option values: without a
	// SKU, that is what tells the sizes and colours apart.
	var opts []string
	for _, fld := range []Field{FOption1, FOption2, FOption3} {
		if v := b.text(r, fld); v != "" && !strings.EqualFold(v, "Default Title") {
			opts = append(opts, v)
		}
	}
	if len(opts) > 0 && s.Product != "" {
		s.Product += " – " + strings.Join(opts, " / ")
	}
	if h := b.text(r, FHandle); h != "" {
		s.Variant = strings.Join(append([]string{h}, opts...), "/")
	}
	if s.SKU == "" && s.Product == "" {
		b.fail(FSKU, "the row names no product (no SKU and no name)")
	}
	if q, ok := b.number(r, FOnHand); ok {
		s.OnHand = q.float()
	} else if len(b.errs) == 0 {
		b.fail(FOnHand, "the quantity on hand is missing")
	}
	if day, _, ok := b.when(r, FDate); ok {
		s.Day = day
	} else {
		s.Day = p.today
	}
	if d, _, ok := b.when(r, FReceived); ok {
		s.ReceivedOn = d
	}
	if c, ok := b.money(r, FUnitCost, b.rowCurrency(r)); ok {
		s.UnitCost = &c
		s.Currency = p.currency
	}
	return s, len(b.errs) == 0
}

// contentKey names a sale of a file with no order numbers (a bookkeeper's
// own sheet) by what its row says: its date, customer and amount as
// written, and, for the second and later of identical rows, its place
// among them. The same file read again gives the same names, so importing
// it twice changes nothing.
func (b *builder) contentKey(r Row) string {
	parts := []string{}
	for _, fld := range []Field{FDate, FCustomer, FEmail, FProduct, FTotal} {
		if v := b.text(r, fld); v != "" {
			parts = append(parts, v)
		}
	}
	k := strings.Join(parts, " · ")
	b.p.seen[k]++
	if n := b.p.seen[k]; n > 1 {
		k += fmt.Sprintf(" (%d)", n)
	}
	return k
}
