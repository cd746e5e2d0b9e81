package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"lastmile/data/channel"
	"lastmile/data/civil"
	"lastmile/data/match"
)

// Problem is something wrong with one place in an imported file.
type Problem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Header  string `json:"header,omitempty"`
	Message string `json:"message"`
	// Skipped says the row was left out of the batch (a total row, or a bad
	// row the person chose to skip).
	Skipped bool `json:"skipped,omitempty"`
}

// BatchInfo describes one file being imported.
type BatchInfo struct {
	FileName    string
	SHA256      string // hex SHA-256 of the file's bytes
	Size        int64
	Kind        Kind
	Format      string // the recognised format, e.g. "Google Ads campaign report"
	ImportedAt  time.Time
	From, To    civil.Date // the period the file covers, if known
	Currency    string
	RowsRead    int
	RowsSkipped int
	Report      []Problem
}

// Batch is a stored batch, as listed in the import history.
type Batch struct {
	BatchInfo
	ID         int64
	Added      int
	Superseded int
}

// BatchResult is what writing a batch did.
type BatchResult struct {
	ID         int64
	Added      int // rows stored
	Superseded int // older rows with the same natural key that this batch replaced
}

// BatchWriter adds the rows of one batch inside its transaction. It is
// handed to the fill function of WriteBatch and must not be kept.
type BatchWriter struct {
	ctx      context.Context // for statements: never cancelled (see WriteBatch)
	cancel   context.Context // the caller's context, checked between rows
	tx       *sql.Tx
	conn     *sql.Conn // tx's connection, for the sales' own statements (see exec)
	id       int64
	kind     Kind
	currency string // the workspace currency: rows must be in it
	country  string // the workspace country, for phone numbers
	channels map[string]int64
	// classifier decides the channel of each row from its source fields.
	classifier *channel.Classifier
	stmts      map[string]*sql.Stmt
	res        BatchResult
	final      *BatchInfo // what Describe set, written with the counts
	// current says, per table and first key part (the system or platform),
	// whether any current row could be superseded; when none can (the first
	// import from a system), the per-row UPDATE is skipped.
	current map[string]bool
	// reader reads the sales given to Sale, and the leads' source fields.
	reader *SaleReader
	// Sales wait here and go in several to a statement (see flushSales);
	// their ids are given here, from nextSale on.
	sales []pendingSale
	lines []any // sale_lines values, saleLineCols to a line
	// The sales' statements, prepared on the driver's connection, and the
	// values of the next one.
	raw       map[string]driver.Stmt
	values    []driver.NamedValue
	saleSQLs  map[int]string // saleSQL's statements
	nextSale  int64
	firstSale int64 // the first id given, 0 before any
}

// pendingSale is a sale written at the next flush.
type pendingSale struct {
	id      int64 // the id SQLite gives it: the next after the table's largest
	line    int
	orderID string
	args    []any
}

// Describe sets what the batch covers once the rows have been read: its
// period, the rows read and skipped and the report of problems. An import
// that learns these while it writes calls it before fill returns.
func (b *BatchWriter) Describe(from, to civil.Date, rowsRead, rowsSkipped int, report []Problem) {
	b.final = &BatchInfo{From: from, To: to, RowsRead: rowsRead, RowsSkipped: rowsSkipped, Report: report}
}

// ErrCancelled is returned by WriteBatch when the caller's context was
// cancelled; nothing was written.
var ErrCancelled = errors.New("import cancelled; nothing was written")

// WriteBatch stores one file's rows as one batch, in one transaction: all of
// them or none. fill adds the rows. If a file with the same SHA-256 was
// imported before, nothing changes and a *UserError says when and as what.
// Rows whose natural key is already present supersede the older rows, which
// come back if this batch is undone. Cancelling ctx stops fill between rows
// and rolls everything back (the statements themselves are never
// interrupted, because interrupting SQLite inside a transaction can commit
// half of it).
func (w *Workspace) WriteBatch(ctx context.Context, info BatchInfo, fill func(*BatchWriter) error) (BatchResult, error) {
	sctx := context.WithoutCancel(ctx)
	// The batch's own connection writes without SQLite's row-by-row
	// foreign key checks (about 0.5 s of a million-line import): the rows
	// it wrote and changed are checked in one pass before it commits.
	conn, err := w.wdb.Conn(sctx)
	if err != nil {
		return BatchResult{}, fmt.Errorf("begin batch: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(sctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return BatchResult{}, fmt.Errorf("begin batch: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(sctx, `PRAGMA foreign_keys = ON`); err != nil {
			// A connection that would write unchecked is not used again.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(sctx, nil)
	if err != nil {
		return BatchResult{}, fmt.Errorf("begin batch: %w", err)
	}
	defer tx.Rollback()
	// Checked inside the (immediate) transaction: two imports of one file at
	// once cannot both pass.
	if prev, ok, err := batchBySHA(sctx, tx, info.SHA256); err != nil {
		return BatchResult{}, err
	} else if ok {
		return BatchResult{}, w.alreadyImported(info.FileName, prev)
	}

	report, err := json.Marshal(nonNil(info.Report))
	if err != nil {
		return BatchResult{}, err
	}
	if info.ImportedAt.IsZero() {
		info.ImportedAt = time.Now()
	}
	res, err := tx.ExecContext(sctx, `INSERT INTO batches
		(file_name, file_sha256, file_size, kind, format, imported_at, period_from, period_to, currency, rows_read, rows_skipped, report)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		info.FileName, info.SHA256, info.Size, string(info.Kind), info.Format, formatInstant(info.ImportedAt),
		nullDate(info.From), nullDate(info.To), info.Currency, info.RowsRead, info.RowsSkipped, string(report))
	if err != nil {
		return BatchResult{}, fmt.Errorf("insert batch: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return BatchResult{}, err
	}
	channels, err := channelIDs(sctx, tx)
	if err != nil {
		return BatchResult{}, err
	}
	cl, err := loadClassifier(sctx, tx)
	if err != nil {
		return BatchResult{}, err
	}
	set := w.Settings()
	bw := &BatchWriter{ctx: sctx, cancel: ctx, tx: tx, conn: conn, id: id, kind: info.Kind, currency: set.Currency, country: set.Country,
		channels: channels, classifier: cl, stmts: map[string]*sql.Stmt{}}
	defer bw.closeStmts()
	if err := fill(bw); err != nil {
		return BatchResult{}, err
	}
	if err := bw.flushSales(); err != nil {
		return BatchResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return BatchResult{}, ErrCancelled
	}
	if _, err := tx.ExecContext(sctx, `UPDATE batches SET rows_added = ?, rows_superseded = ? WHERE id = ?`,
		bw.res.Added, bw.res.Superseded, id); err != nil {
		return BatchResult{}, fmt.Errorf("update batch counts: %w", err)
	}
	if f := bw.final; f != nil {
		report, err := json.Marshal(nonNil(f.Report))
		if err != nil {
			return BatchResult{}, err
		}
		if _, err := tx.ExecContext(sctx, `UPDATE batches SET period_from = ?, period_to = ?, rows_read = ?, rows_skipped = ?, report = ? WHERE id = ?`,
			nullDate(f.From), nullDate(f.To), f.RowsRead, f.RowsSkipped, string(report), id); err != nil {
			return BatchResult{}, fmt.Errorf("update batch: %w", err)
		}
	}
	c, err := touch(sctx, tx, info.Kind, id, false)
	if err != nil {
		return BatchResult{}, err
	}
	if err := derive(sctx, tx, w.Settings().AttributionWindowDays, c); err != nil {
		return BatchResult{}, err
	}
	if err := checkKeys(sctx, tx, id, bw.firstSale, bw.nextSale); err != nil {
		return BatchResult{}, err
	}
	if err := w.commit(tx); err != nil {
		return BatchResult{}, fmt.Errorf("commit batch: %w", err)
	}
	bw.res.ID = id
	return bw.res, nil
}

func (w *Workspace) alreadyImported(name string, prev Batch) error {
	return UserErrorf("%s was already imported on %s as %s (batch %d). Nothing was changed.",
		name, prev.ImportedAt.In(w.Settings().Location()).Format("2 Jan 2006 at 15:04"), prev.Format, prev.ID)
}

// AdStat adds an ad stat row.
func (b *BatchWriter) AdStat(a AdStat) error {
	if err := b.check(KindAdStats, a.Line, a.Currency); err != nil {
		return err
	}
	if a.To.IsZero() {
		a.To = a.From
	}
	key := a.NaturalKey()
	if err := b.supersede("ad_stats", key, a.Line); err != nil {
		return err
	}
	var conv sql.NullFloat64
	if a.Conversions != nil {
		conv = sql.NullFloat64{Float64: *a.Conversions, Valid: true}
	}
	var convValue sql.NullInt64
	if a.ConversionValue != nil {
		convValue = sql.NullInt64{Int64: *a.ConversionValue, Valid: true}
	}
	optional := func(v *float64) sql.NullFloat64 {
		if v == nil {
			return sql.NullFloat64{}
		}
		return sql.NullFloat64{Float64: *v, Valid: true}
	}
	c := b.ownReader().classify(channel.Input{Platform: a.Platform, Campaign: a.Campaign})
	return b.insert("ad_stats", a.Line, `INSERT INTO ad_stats
		(batch_id, natural_key, source_line, platform, account, campaign, ad_group, level, day_from, day_to, currency,
		 spend_minor, impressions, clicks, platform_conversions, platform_conv_value_minor, channel_id, channel_rule,
		 platform_purchases, platform_leads)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.id, key, a.Line, a.Platform, a.Account, a.Campaign, a.AdGroup, a.level(), a.From.String(), a.To.String(), a.Currency,
		a.Spend, a.Impressions, a.Clicks, conv, convValue, c.channel, c.rule, optional(a.Purchases), optional(a.Leads))
}

// Lead adds a lead.
func (b *BatchWriter) Lead(l Lead) error {
	if err := b.check(KindLeads, l.Line, ""); err != nil {
		return err
	}
	key := l.NaturalKey()
	if err := b.supersede("leads", key, l.Line); err != nil {
		return err
	}
	fields, err := json.Marshal(l.SourceFields)
	if err != nil {
		return err
	}
	k := keysOf(l.OrderRef, l.Phone, "", l.Name, l.Company, b.country)
	c := b.ownReader().read(l.System, string(fields), channelInput(l.SourceFields, l.ClickID))
	return b.insert("leads", l.Line, `INSERT INTO leads
		(batch_id, natural_key, source_line, system, record_id, created_at, day, name, company, email, email_norm,
		 phone, phone_e164, order_ref, click_id, stage, owner, source_fields, channel_id, channel_rule,
		 order_norm, name_norm, company_norm, source_value, channel_generic, campaign)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.id, key, l.Line, l.System, l.RecordID, nullInstant(l.CreatedAt), l.Day.String(), l.Name, l.Company,
		l.Email, NormalizeEmail(l.Email), l.Phone, k.phone, l.OrderRef, strings.TrimSpace(l.ClickID), l.Stage, l.Owner,
		string(fields), c.channel, c.rule, k.order, k.name, k.company, c.value, c.generic, c.campaign)
}

// Sale adds a sale with its lines. Sales are written in sets, so a
// problem with one (an order repeated in the file) may be reported by a
// later call or by WriteBatch itself; either way nothing of the batch is
// kept.
func (b *BatchWriter) Sale(s Sale) error {
	rs, err := b.ownReader().ReadSale(s)
	if err != nil {
		return err
	}
	return b.WriteSale(rs)
}

// SaleReader works out what a sale's own columns say before it is written:
// its source fields as stored, its match keys, its channel, where it was
// made and the campaign it names. An importer gives it to the goroutine
// that reads the file, so that this work is done beside the writing
// rather than before it. A SaleReader is for one goroutine at a time.
type SaleReader struct {
	classifier *channel.Classifier
	channels   map[string]int64
	country    string
	readings   map[string]rowReading
}

// ownReader is the reader the writer's own goroutine uses.
func (b *BatchWriter) ownReader() *SaleReader {
	if b.reader == nil {
		b.reader = b.SaleReader()
	}
	return b.reader
}

// SaleReader returns a reader for this batch's sales.
func (b *BatchWriter) SaleReader() *SaleReader {
	return &SaleReader{classifier: b.classifier, channels: b.channels, country: b.country}
}

// ReadSale is a sale read by a SaleReader, ready for WriteSale.
type ReadSale struct {
	sale     Sale
	key      string
	fields   string
	keys     rowKeys
	reading  rowReading
	refundOf string
}

// Sale is the sale as it was given.
func (r ReadSale) Sale() Sale { return r.sale }

// ReadSale reads s.
func (r *SaleReader) ReadSale(s Sale) (ReadSale, error) {
	if s.Kind == "" {
		s.Kind = SaleOrder
	}
	fields, err := json.Marshal(s.SourceFields)
	if err != nil {
		return ReadSale{}, err
	}
	rs := ReadSale{sale: s, key: s.NaturalKey(), fields: string(fields),
		keys: saleKeysOf(s.Number(), s.Phone, "", s.Customer, s.Company, r.country)}
	if s.Kind == SaleRefund {
		rs.refundOf = match.OrderKey(s.RefundOf)
	}
	rs.reading = r.read(s.System, rs.fields, channelInput(s.SourceFields, s.ClickID))
	return rs, nil
}

// WriteSale adds a sale read by this batch's SaleReader (see Sale).
func (b *BatchWriter) WriteSale(rs ReadSale) error {
	s, k, c := rs.sale, rs.keys, rs.reading
	if err := b.check(KindSales, s.Line, s.Currency); err != nil {
		return err
	}
	if err := b.supersede("sales", rs.key, s.Line); err != nil {
		return err
	}
	// Until derive matches the sale to a lead, its own tags are all the
	// evidence there is.
	evidence := EvidenceUnknown
	if c.channel != nil {
		evidence = EvidenceTag
	}
	if b.nextSale == 0 {
		if err := b.tx.QueryRowContext(b.ctx, `SELECT coalesce(max(id), 0) + 1 FROM sales`).Scan(&b.nextSale); err != nil {
			return fmt.Errorf("line %d: store sale %s: %w", s.Line, s.OrderID, err)
		}
		b.firstSale = b.nextSale
	}
	saleID := b.nextSale
	b.nextSale++
	// The values, numbered as saleColumns says.
	b.sales = append(b.sales, pendingSale{id: saleID, line: s.Line, orderID: s.OrderID, args: []any{rs.key, s.Line, s.System, s.OrderID, string(s.Kind), s.Status,
		nullInstant(s.PlacedAt), s.Day.String(), s.Customer, s.Company, s.Email, NormalizeEmail(s.Email),
		s.Phone, k.phone, strings.TrimSpace(s.ClickID), rs.fields, s.Currency, s.Gross, s.Refunded, s.Net,
		c.channel, c.rule, k.order, k.name, k.company, c.value, c.generic,
		c.place, evidence, c.campaign, s.Ref, rs.refundOf}})
	for i, l := range s.Lines {
		b.lines = append(b.lines, saleID, i+1, l.SKU, l.Product, l.Quantity, l.Amount)
	}
	b.res.Added++
	if len(b.sales) >= salesPerStmt {
		return b.flushSales()
	}
	return nil
}

// Sales and their lines go in several rows to a statement: a statement's
// own cost, paid once per sale, was most of a large import's time. The
// statements say OR FAIL: a failing row stops its statement but keeps the
// rows before it (the import then stops and rolls back anyway), so SQLite
// needs no statement journal. With the default (ABORT) every page a
// statement first touched was copied to a temporary file: at a million
// lines, about 420,000 of the import's 850,000 writes.
const (
	salesPerStmt = 128
	linesPerStmt = 64
	saleLineCols = 6
	saleInsert   = `INSERT OR FAIL INTO sales
		(batch_id, natural_key, source_line, system, order_id, kind, status, placed_at, day, customer, company,
		 email, email_norm, phone, phone_e164, click_id, source_fields, currency, gross_minor, refunded_minor,
		 net_minor, own_channel_id, own_channel_rule, first_channel_id, last_channel_id,
		 order_norm, name_norm, company_norm, own_source_value, own_generic, place, first_evidence, last_evidence, campaign, kept_minor,
		 order_ref, refund_ref) VALUES `
	lineInsert = `INSERT OR FAIL INTO sale_lines (sale_id, line_no, sku, product, quantity, amount_minor) VALUES `
)

// saleColumns says, for each column of saleInsert, which of a sale's
// values it takes (1-based; 0: the batch's id, written into the
// statement). A new sale's first- and last-touch channel are its own
// channel, its two evidences one, and what it kept its net: each is bound
// once, so a sale binds saleCols values for its 38 columns.
var saleColumns = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 21, 21, 23, 24, 25, 26, 27, 28, 29, 29, 30, 20, 31, 32}

// saleCols is how many values a sale binds.
const saleCols = 32

// saleSQL is the statement that inserts n sales of this batch.
func (b *BatchWriter) saleSQL(n int) string {
	q, ok := b.saleSQLs[n]
	if !ok {
		q = saleInsert + saleValues(n, b.id)
		if b.saleSQLs == nil {
			b.saleSQLs = map[int]string{}
		}
		b.saleSQLs[n] = q
	}
	return q
}

// saleValues is n rows of saleInsert's values for batch.
func saleValues(n int, batch int64) string {
	var b strings.Builder
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, v := range saleColumns {
			if i > 0 {
				b.WriteString(", ")
			}
			if v == 0 {
				fmt.Fprint(&b, batch)
			} else {
				fmt.Fprintf(&b, "?%d", r*saleCols+v)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// linesSQL inserts linesPerStmt lines, lineSQL one.
var (
	linesSQL = lineInsert + valuesList(linesPerStmt, saleLineCols)
	lineSQL  = lineInsert + valuesList(1, saleLineCols)
)

// valuesList is n rows of cols placeholders.
func valuesList(n, cols int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// flushSales writes the waiting sales, then their lines. A full set goes
// in one statement; a failing set is written again a sale at a time, so
// that the message names the line at fault.
func (b *BatchWriter) flushSales() error {
	if len(b.sales) == 0 {
		return nil
	}
	sales := b.sales
	b.sales = b.sales[:0]
	if len(sales) == salesPerStmt {
		args := make([]any, 0, salesPerStmt*saleCols)
		for _, p := range sales {
			args = append(args, p.args...)
		}
		if last, err := b.exec(b.saleSQL(salesPerStmt), args); err == nil {
			if last != sales[len(sales)-1].id {
				return fmt.Errorf("line %d: store sale %s: it was given id %d, not %d", sales[0].line, sales[0].orderID, last, sales[len(sales)-1].id)
			}
			sales = nil
		} else {
			// The rows before the failing one were kept (OR FAIL): one
			// at a time from there finds the row.
			var kept int
			if err := b.tx.QueryRowContext(b.ctx, `SELECT count(*) FROM sales WHERE id BETWEEN ? AND ?`,
				sales[0].id, sales[len(sales)-1].id).Scan(&kept); err != nil {
				return fmt.Errorf("line %d: store sale %s: %w", sales[0].line, sales[0].orderID, err)
			}
			sales = sales[kept:]
		}
	}
	for _, p := range sales {
		last, err := b.exec(b.saleSQL(1), p.args)
		if err != nil {
			if isUniqueViolation(err) {
				return RepeatedInFile(KindSales, p.line, p.orderID, err)
			}
			return fmt.Errorf("line %d: store sale %s: %w", p.line, p.orderID, err)
		}
		if last != p.id {
			return fmt.Errorf("line %d: store sale %s: it was given id %d, not %d", p.line, p.orderID, last, p.id)
		}
	}
	lines := b.lines
	b.lines = b.lines[:0]
	for len(lines) > 0 {
		n, q := linesPerStmt, linesSQL
		if len(lines) < linesPerStmt*saleLineCols {
			n, q = 1, lineSQL
		}
		if _, err := b.exec(q, lines[:n*saleLineCols]); err != nil {
			return fmt.Errorf("store the lines of sale %v: %w", lines[0], err)
		}
		lines = lines[n*saleLineCols:]
	}
	return nil
}

// keyChecks find the rows a batch wrote or derive changed that point at
// nothing: the foreign keys, checked in one pass per table (?1 is the
// batch; its new sales have ids from ?2 up to, not including, ?3). A row
// found is a fault in Lastmile, not in the file.
var keyChecks = []struct{ table, query string }{
	{"sales", `SELECT count(*) FROM sales AS s
		WHERE (s.batch_id = ?1 OR s.superseded_by = ?1 OR s.id IN (SELECT id FROM lm_touched_sales)) AND (
			NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = s.batch_id)
			OR (s.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = s.superseded_by))
			OR (s.lead_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leads AS l WHERE l.id = s.lead_id))
			OR (s.own_channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels AS c WHERE c.id = s.own_channel_id))
			OR (s.first_channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels AS c WHERE c.id = s.first_channel_id))
			OR (s.last_channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels AS c WHERE c.id = s.last_channel_id)))`},
	// Lines come only with the batch's new sales, whose ids run from ?2 up
	// to ?3: every id of that run must be a sale, and no line may name
	// one past it (two range counts instead of a look-up per line).
	{"sale_lines", `SELECT (SELECT count(*) FROM sale_lines WHERE sale_id >= ?3)
		+ (?3 - ?2) - (SELECT count(*) FROM sales WHERE id >= ?2 AND id < ?3)`},
	{"leads", `SELECT count(*) FROM leads AS l
		WHERE (l.batch_id = ?1 OR l.superseded_by = ?1 OR l.id IN (SELECT id FROM lm_changed_leads)) AND (
			NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = l.batch_id)
			OR (l.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = l.superseded_by))
			OR (l.channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels AS c WHERE c.id = l.channel_id)))`},
	{"ad_stats", `SELECT count(*) FROM ad_stats AS a
		WHERE (a.batch_id = ?1 OR a.superseded_by = ?1) AND (
			NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = a.batch_id)
			OR (a.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = a.superseded_by))
			OR (a.channel_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels AS c WHERE c.id = a.channel_id)))`},
	{"stock_levels", `SELECT count(*) FROM stock_levels AS k
		WHERE (k.batch_id = ?1 OR k.superseded_by = ?1) AND (
			NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = k.batch_id)
			OR (k.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches AS b WHERE b.id = k.superseded_by)))`},
}

// checkKeys runs keyChecks for batch, whose new sales have ids from
// firstSale up to nextSale (both 0: it wrote none).
func checkKeys(ctx context.Context, q querier, batch, firstSale, nextSale int64) error {
	if firstSale == 0 {
		firstSale, nextSale = math.MaxInt64, math.MaxInt64
	}
	for _, c := range keyChecks {
		var n int
		if err := q.QueryRowContext(ctx, c.query, batch, firstSale, nextSale).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", c.table, err)
		}
		if n > 0 {
			return fmt.Errorf("check %s: %d rows of this batch point at rows that do not exist; nothing was imported", c.table, n)
		}
	}
	return nil
}

// StockLevel adds a stock level.
func (b *BatchWriter) StockLevel(s StockLevel) error {
	if err := b.check(KindStock, s.Line, s.Currency); err != nil {
		return err
	}
	key := s.NaturalKey()
	if err := b.supersede("stock_levels", key, s.Line); err != nil {
		return err
	}
	var cost sql.NullInt64
	if s.UnitCost != nil {
		cost = sql.NullInt64{Int64: *s.UnitCost, Valid: true}
	}
	return b.insert("stock_levels", s.Line, `INSERT INTO stock_levels
		(batch_id, natural_key, source_line, day, sku, product, location, on_hand, unit_cost_minor, currency, received_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.id, key, s.Line, s.Day.String(), s.SKU, s.Product, s.Location, s.OnHand, cost, s.Currency, nullDate(s.ReceivedOn))
}

// check refuses rows of the wrong kind or in another currency than the
// workspace's, and stops between rows once the caller has cancelled.
func (b *BatchWriter) check(k Kind, line int, currency string) error {
	if b.kind != k {
		return fmt.Errorf("line %d: a %s batch cannot hold %s rows", line, b.kind, k)
	}
	if currency != "" && !strings.EqualFold(currency, b.currency) {
		return UserErrorf("Line %d is in %s, but this workspace counts money in %s. Amounts are never mixed: export the report in %s, or keep %s figures in a workspace of their own.",
			line, strings.ToUpper(currency), b.currency, b.currency, strings.ToUpper(currency))
	}
	if b.cancel.Err() != nil {
		return ErrCancelled
	}
	return nil
}

// supersede marks the current row with the same natural key as replaced by
// this batch. Two rows with one key in the same file are an error: the file
// would be counting the same fact twice.
func (b *BatchWriter) supersede(table, key string, line int) error {
	// Keys of ad stats, leads and sales start with the platform or system;
	// a stock key starts with the product, so stock is checked as a whole.
	prefix := ""
	if table != "stock_levels" {
		prefix, _, _ = strings.Cut(key, "|")
		prefix += "|"
	}
	seen := table + "\x00" + prefix
	has, known := b.current[seen]
	if !known {
		// '}' follows '|': the range holds every key with this prefix.
		upper := strings.TrimSuffix(prefix, "|") + "}"
		if prefix == "" {
			upper = "\U0010FFFF"
		}
		err := b.tx.QueryRowContext(b.ctx, `SELECT EXISTS (SELECT 1 FROM `+table+`
			WHERE superseded_by IS NULL AND natural_key >= ? AND natural_key < ? AND batch_id <> ?)`,
			prefix, upper, b.id).Scan(&has)
		if err != nil {
			return fmt.Errorf("line %d: supersede: %w", line, err)
		}
		if b.current == nil {
			b.current = map[string]bool{}
		}
		b.current[seen] = has
	}
	if !has {
		return nil
	}
	stmt, err := b.stmt(`UPDATE ` + table + ` SET superseded_by = ? WHERE natural_key = ? AND superseded_by IS NULL AND batch_id <> ?`)
	if err != nil {
		return err
	}
	res, err := stmt.ExecContext(b.ctx, b.id, key, b.id)
	if err != nil {
		return fmt.Errorf("line %d: supersede: %w", line, err)
	}
	n, _ := res.RowsAffected()
	b.res.Superseded += int(n)
	return nil
}

func (b *BatchWriter) insert(table string, line int, query string, args ...any) error {
	stmt, err := b.stmt(query)
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(b.ctx, args...); err != nil {
		if isUniqueViolation(err) {
			return RepeatedInFile(tableKind[table], line, "", err)
		}
		return fmt.Errorf("store %s row: %w", table, err)
	}
	b.res.Added++
	return nil
}

// tableKind is the kind of record each table holds.
var tableKind = map[string]Kind{"ad_stats": KindAdStats, "leads": KindLeads, "stock_levels": KindStock, "sales": KindSales}

// RepeatedInFile is the refusal of a file in which line repeats a record
// an earlier line of the same file holds: the import says it, and a dry
// run that finds it says the same. id names a sale's order; err, if any,
// is the cause.
func RepeatedInFile(k Kind, line int, id string, err error) *UserError {
	if k == KindSales && id != "" {
		return &UserError{Msg: fmt.Sprintf("Line %d repeats order %s, which is already in this file. Remove the duplicate row and import again.", line, id), Err: err}
	}
	what := map[Kind]string{KindAdStats: "campaign and day", KindLeads: "lead record id", KindStock: "product, location and date"}[k]
	if what == "" {
		what = "order id"
	}
	return &UserError{Msg: fmt.Sprintf("Line %d repeats a row already in this file (the same %s twice). Remove the duplicate row and import again.", line, what), Err: err}
}

func (b *BatchWriter) stmt(q string) (*sql.Stmt, error) {
	if s, ok := b.stmts[q]; ok {
		return s, nil
	}
	s, err := b.tx.PrepareContext(b.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	b.stmts[q] = s
	return s, nil
}

func (b *BatchWriter) closeStmts() {
	for _, s := range b.stmts {
		_ = s.Close()
	}
	if len(b.raw) > 0 {
		_ = b.conn.Raw(func(any) error {
			for _, s := range b.raw {
				_ = s.Close()
			}
			return nil
		})
	}
}

// exec runs query with args on the driver's connection directly, inside
// the batch's transaction: a large import binds millions of values in the
// sales' statements, and database/sql's checking and converting of each
// one cost about 0.6 s of a million-line import. Values are those the
// sales' statements use (strings, whole numbers, floats, booleans, nil).
func (b *BatchWriter) exec(query string, args []any) (lastID int64, err error) {
	b.values = b.values[:0]
	for i, a := range args {
		switch v := a.(type) {
		case int:
			a = int64(v)
		case nil, string, int64, float64, bool:
		default:
			c, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return 0, err
			}
			a = c
		}
		b.values = append(b.values, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	err = b.conn.Raw(func(dc any) error {
		st, ok := b.raw[query]
		if !ok {
			var err error
			if st, err = dc.(driver.Conn).Prepare(query); err != nil {
				return fmt.Errorf("prepare: %w", err)
			}
			if b.raw == nil {
				b.raw = map[string]driver.Stmt{}
			}
			b.raw[query] = st
		}
		res, err := st.(driver.StmtExecContext).ExecContext(b.ctx, b.values)
		if err != nil {
			return err
		}
		lastID, err = res.LastInsertId()
		return err
	})
	return lastID, err
}

func channelIDs(ctx context.Context, q querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, id FROM channels`)
	if err != nil {
		return nil, fmt.Errorf("read channels: %w", err)
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		m[k] = id
	}
	return m, rows.Err()
}

// UndoBatch removes a batch and every row it brought; rows it had superseded
// become current again. The workspace is then exactly as before the batch
// was written (apart from batches written after it).
func (w *Workspace) UndoBatch(ctx context.Context, id int64) error {
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("undo batch %d: %w", id, err)
	}
	defer tx.Rollback()
	var kind string
	switch err := tx.QueryRowContext(ctx, `SELECT kind FROM batches WHERE id = ?`, id).Scan(&kind); {
	case errors.Is(err, sql.ErrNoRows):
		return UserErrorf("There is no batch %d in this workspace. List the batches to see their numbers.", id)
	case err != nil:
		return fmt.Errorf("undo batch %d: %w", id, err)
	}
	// A row this batch superseded whose replacement was itself superseded by
	// a later batch must stay superseded, now by that later batch; the
	// foreign key's SET NULL would otherwise make two rows current.
	tables := []string{"ad_stats", "leads", "sales", "stock_levels"}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `UPDATE `+t+` AS old SET superseded_by = (
				SELECT new.superseded_by FROM `+t+` AS new
				WHERE new.batch_id = ?1 AND new.natural_key = old.natural_key)
			WHERE old.superseded_by = ?1 AND EXISTS (
				SELECT 1 FROM `+t+` AS new
				WHERE new.batch_id = ?1 AND new.natural_key = old.natural_key AND new.superseded_by IS NOT NULL)`, id); err != nil {
			return fmt.Errorf("undo batch %d: re-point %s: %w", id, t, err)
		}
	}
	c, err := touch(ctx, tx, Kind(kind), id, true)
	if err != nil {
		return err
	}
	// Delete the batch's own rows before the batch: the order in which
	// SQLite runs the CASCADE and SET NULL actions is not defined, and an
	// older row must not become current while its replacement still exists.
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE batch_id = ?`, id); err != nil {
			return fmt.Errorf("undo batch %d: delete %s: %w", id, t, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM batches WHERE id = ?`, id); err != nil {
		return fmt.Errorf("undo batch %d: %w", id, err)
	}
	if err := derive(ctx, tx, w.Settings().AttributionWindowDays, c); err != nil {
		return err
	}
	if err := w.commit(tx); err != nil {
		return fmt.Errorf("undo batch %d: %w", id, err)
	}
	return nil
}

// Batches lists the batches, newest first.
func (w *Workspace) Batches(ctx context.Context) ([]Batch, error) {
	rows, err := w.rdb.QueryContext(ctx, batchSelect+` ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	defer rows.Close()
	var out []Batch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ImportedSpan returns how many batches the workspace holds and the days
// they cover, from the first to the last (zero when none has dates): what
// a screen needs to point to the data, without loading every batch.
func (w *Workspace) ImportedSpan(ctx context.Context) (int, Period, error) {
	var n int
	var from, to string
	err := w.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(min(period_from), ''), coalesce(max(period_to), '') FROM batches`).Scan(&n, &from, &to)
	if err != nil {
		return 0, Period{}, fmt.Errorf("imported span: %w", err)
	}
	var p Period
	if from != "" && to != "" {
		if p.From, err = civil.Parse(from); err != nil {
			return 0, Period{}, fmt.Errorf("imported span: %w", err)
		}
		if p.To, err = civil.Parse(to); err != nil {
			return 0, Period{}, fmt.Errorf("imported span: %w", err)
		}
	}
	return n, p, nil
}

// BatchBySHA returns the batch of the file with the given SHA-256, if it was
// imported.
func (w *Workspace) BatchBySHA(ctx context.Context, sha string) (Batch, bool, error) {
	return batchBySHA(ctx, w.rdb, sha)
}

func batchBySHA(ctx context.Context, q querier, sha string) (Batch, bool, error) {
	rows, err := q.QueryContext(ctx, batchSelect+` WHERE file_sha256 = ?`, sha)
	if err != nil {
		return Batch{}, false, fmt.Errorf("look up batch: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return Batch{}, false, rows.Err()
	}
	b, err := scanBatch(rows)
	return b, err == nil, err
}

const batchSelect = `SELECT id, file_name, file_sha256, file_size, kind, format, imported_at,
	coalesce(period_from, ''), coalesce(period_to, ''), coalesce(currency, ''), rows_read, rows_added,
	rows_superseded, rows_skipped, report FROM batches`

func scanBatch(rows *sql.Rows) (Batch, error) {
	var b Batch
	var kind, at, from, to, report string
	if err := rows.Scan(&b.ID, &b.FileName, &b.SHA256, &b.Size, &kind, &b.Format, &at, &from, &to,
		&b.Currency, &b.RowsRead, &b.Added, &b.Superseded, &b.RowsSkipped, &report); err != nil {
		return b, fmt.Errorf("read batch: %w", err)
	}
	b.Kind = Kind(kind)
	b.ImportedAt, _ = time.Parse(time.RFC3339, at)
	b.From, _ = civil.Parse(from)
	b.To, _ = civil.Parse(to)
	if err := json.Unmarshal([]byte(report), &b.Report); err != nil {
		return b, fmt.Errorf("read batch %d report: %w", b.ID, err)
	}
	return b, nil
}

func formatInstant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func nullInstant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatInstant(t)
}

func nullDate(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func nonNil(p []Problem) []Problem {
	if p == nil {
		return []Problem{}
	}
	return p
}
