// Package data is Lastmile's domain and storage layer: the domain types, the
// workspace (one SQLite file per business), the queries and the report model
// that the desktop app, the CLI and the exports all read.
//
// A workspace is opened by one process at a time (an OS lock on a file beside
// it). Writes go through a single writer connection with immediate
// transactions; screens read through a separate read-only pool, so a long
// import never blocks a chart. Every connection gets its pragmas from the DSN
// (WAL, synchronous=FULL, foreign keys, busy timeout). The package never
// imports Fyne.
package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"lastmile/data/civil"
)

// FileExt is the extension of a workspace file.
const FileExt = ".lastmile"

// applicationID is written into the SQLite header of every workspace
// ('LMS1'), so a database made by another program is never mistaken for one.
const applicationID = 0x4C4D5331

// minSQLite is the oldest SQLite this program runs on: versions before it
// have the WAL-reset corruption bug (reliability.md §1.5).
var minSQLite = [3]int{3, 51, 3}

// openHere holds the paths of the workspaces this process has open. The OS
// lock belongs to a file handle, so without this a process would be told
// that "another program" holds the workspace it holds itself.
var openHere sync.Map

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Workspace is an open workspace file. Its methods are safe for concurrent
// use; writes are serialised on the single writer connection.
type Workspace struct {
	path string
	wdb  *sql.DB // the one writer connection
	rdb  *sql.DB // read-only pool
	lock *workspaceLock

	mu       sync.RWMutex
	settings Settings

	// commitMu orders commits against readers that need one snapshot on
	// several connections: a writer holds it to commit, a reader while it
	// starts its read transactions (see snapshots).
	commitMu sync.RWMutex
}

// commit commits a write transaction, never while a reader is starting
// the read transactions of one snapshot.
func (w *Workspace) commit(tx *sql.Tx) error {
	w.commitMu.Lock()
	defer w.commitMu.Unlock()
	return tx.Commit()
}

// snapshots begins n read-only transactions that all see the same state
// of the workspace: no write commits while they start, and each reads
// before the next begins, which fixes its snapshot (WAL mode). The caller
// rolls them back.
func (w *Workspace) snapshots(ctx context.Context, n int) ([]*sql.Tx, error) {
	w.commitMu.RLock()
	defer w.commitMu.RUnlock()
	var txs []*sql.Tx
	for range n {
		tx, err := w.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err == nil {
			var one int
			err = tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&one)
		}
		if err != nil {
			for _, t := range txs {
				t.Rollback()
			}
			if tx != nil {
				tx.Rollback()
			}
			return nil, err
		}
		txs = append(txs, tx)
	}
	return txs, nil
}

// Path returns the workspace file's path.
func (w *Workspace) Path() string { return w.path }

// Name returns the name shown for the workspace: the business name from its
// settings, else the file name without its extension.
func (w *Workspace) Name() string {
	if s := w.Settings(); s.BusinessName != "" {
		return s.BusinessName
	}
	return strings.TrimSuffix(filepath.Base(w.path), FileExt)
}

// Settings returns the workspace settings.
func (w *Workspace) Settings() Settings {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.settings
}

// SaveSettings validates s and stores it. The currency cannot change once
// rows are stored (they would be relabelled, not converted). A new time zone
// moves every lead and sale that has a timestamp to its business date in
// that zone; a new country reads phone numbers again; a new attribution
// window links sales to leads again. Under a context from Watch, that
// matching reports its progress and can be stopped (ErrStopped), leaving
// the workspace and its settings as they were.
func (w *Workspace) SaveSettings(ctx context.Context, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	old := w.Settings()
	// Statements are never interrupted (see Watch): a watched save stops
	// between chunks of its work instead.
	ctx = context.WithoutCancel(ctx)
	tx, err := w.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	defer tx.Rollback()
	if s.Currency != old.Currency {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM batches`).Scan(&n); err != nil {
			return fmt.Errorf("save settings: %w", err)
		}
		if n > 0 {
			return UserErrorf("The currency cannot change from %s to %s: this workspace already holds %d imported file(s) in %s. Start a new workspace for %s.",
				old.Currency, s.Currency, n, old.Currency, s.Currency)
		}
	}
	if err := saveSettings(ctx, tx, s); err != nil {
		return err
	}
	if err := beginChanges(ctx, tx); err != nil {
		return err
	}
	var c changes
	if s.TimeZone != old.TimeZone {
		if err := redate(ctx, tx, s.Location()); err != nil {
			return err
		}
		c.leads, c.redated = true, true
	}
	if s.Country != old.Country {
		// Phone numbers written without a country code read differently.
		if err := rekey(ctx, tx, s.Country); err != nil {
			return err
		}
	}
	if s.Rematches(old) {
		c.sales, c.all = true, true
	}
	if err := derive(ctx, tx, s.AttributionWindowDays, c); err != nil {
		return err
	}
	if err := w.commit(tx); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	w.mu.Lock()
	w.settings = s
	w.mu.Unlock()
	return nil
}

// redate moves leads and sales that carry a timestamp to their business
// date in loc. Rows with a date only keep it: the file gave no time to move.
func redate(ctx context.Context, tx *sql.Tx, loc *time.Location) error {
	for _, t := range []struct{ table, col string }{{"leads", "created_at"}, {"sales", "placed_at"}} {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+t.col+`, day FROM `+t.table+` WHERE `+t.col+` IS NOT NULL`)
		if err != nil {
			return fmt.Errorf("redate %s: %w", t.table, err)
		}
		type move struct {
			id  int64
			day string
		}
		var moves []move
		for rows.Next() {
			var id int64
			var at, day string
			if err := rows.Scan(&id, &at, &day); err != nil {
				rows.Close()
				return fmt.Errorf("redate %s: %w", t.table, err)
			}
			ts, err := time.Parse(time.RFC3339, at)
			if err != nil {
				continue
			}
			if nd := civil.In(ts, loc).String(); nd != day {
				moves = append(moves, move{id, nd})
			}
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("redate %s: %w", t.table, err)
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE `+t.table+` SET day = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		for _, m := range moves {
			if _, err := stmt.ExecContext(ctx, m.day, m.id); err != nil {
				stmt.Close()
				return fmt.Errorf("redate %s: %w", t.table, err)
			}
		}
		stmt.Close()
	}
	return nil
}

// Create makes a new, empty workspace at path with settings s (zero fields
// take the computer's defaults) and opens it. It refuses to overwrite an
// existing file. The file is created with mode 0600; a folder it has to
// create gets mode 0700.
func Create(ctx context.Context, path string, s Settings) (*Workspace, error) {
	if err := checkSQLiteVersion(); err != nil {
		return nil, err
	}
	def := DefaultSettings()
	if s.TimeZone == "" {
		s.TimeZone = def.TimeZone
	}
	if s.Currency == "" {
		s.Currency = def.Currency
	}
	if s.Country == "" {
		s.Country = def.Country
	}
	if s.DateOrder == "" {
		s.DateOrder = def.DateOrder
	}
	if s.AttributionWindowDays == 0 {
		s.AttributionWindowDays = def.AttributionWindowDays
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); !exists(dir) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, &UserError{Msg: fmt.Sprintf("Cannot create the folder %s: %v.", dir, err), Err: err}
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, UserErrorf("%s already exists. Open it instead, or choose another name.", path)
		}
		return nil, &UserError{Msg: fmt.Sprintf("Cannot create %s: %v.", path, err), Err: err}
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	if err := setPageSize(ctx, path); err != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	w, err := open(ctx, path, true)
	if err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	if err := w.SaveSettings(ctx, s); err != nil {
		_ = w.Close()
		_ = os.Remove(path)
		return nil, err
	}
	return w, nil
}

// Open opens an existing workspace, brings its schema up to date and checks
// it. Files that are not workspaces, workspaces open in another process,
// newer or damaged workspaces give a *UserError.
func Open(ctx context.Context, path string) (*Workspace, error) {
	if err := checkSQLiteVersion(); err != nil {
		return nil, err
	}
	return open(ctx, path, false)
}

func open(ctx context.Context, path string, fresh bool) (w *Workspace, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	path = abs
	if _, loaded := openHere.LoadOrStore(path, true); loaded {
		return nil, &UserError{Msg: fmt.Sprintf("%s is already open in this window.", filepath.Base(path)), Err: ErrOpenHere}
	}
	defer func() {
		if err != nil {
			openHere.Delete(path)
		}
	}()
	// Look at the file before anything is created beside it, so that a
	// spreadsheet or a missing path never gets a lock file next to it.
	if err := probeFile(path, fresh); err != nil {
		return nil, err
	}
	lockPath := path + lockSuffix
	lockExisted := exists(lockPath)
	lock, unclean, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			if !lockExisted {
				_ = os.Remove(lockPath) // ours, and the workspace never opened
			}
			_ = lock.release()
		}
	}()

	wdb, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetConnMaxIdleTime(0)
	w = &Workspace{path: path, wdb: wdb, lock: lock}
	defer func() {
		if err != nil {
			_ = wdb.Close()
		}
	}()
	if err := migrate(ctx, wdb); err != nil {
		return nil, explainOpenError(path, err)
	}
	if unclean {
		slog.Warn("workspace was not closed cleanly; running the full integrity check", "path", path)
	}
	if err := checkIntegrity(ctx, wdb, unclean); err != nil {
		return nil, explainOpenError(path, err)
	}
	rdb, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	rdb.SetMaxOpenConns(4)
	w.rdb = rdb
	if w.settings, err = loadSettings(ctx, rdb); err != nil {
		_ = rdb.Close()
		return nil, err
	}
	return w, nil
}

// Close closes the connections and releases the lock. The lock file records
// the clean close, so the next open runs only the quick check.
func (w *Workspace) Close() error {
	var errs []error
	if w.rdb != nil {
		errs = append(errs, w.rdb.Close())
	}
	errs = append(errs, w.wdb.Close(), w.lock.release())
	openHere.Delete(w.path)
	return errors.Join(errs...)
}

// pageSize is the page size of a new workspace. With SQLite's default,
// 4 KiB, a million-line import took 14.4 s; with 16 KiB, 11.2–13.6 s
// (fewer, larger reads and writes of the same bytes) with the same memory,
// as the page cache is sized in bytes. 32 and 64 KiB were not clearly
// faster and took 8–32 MB more. The year's report over 100,000 sales is
// about 5% slower against its baseline.
const pageSize = 16384

// setPageSize gives the empty file Create just made its page size. It must
// come before WAL mode, which fixes the page size of an empty database.
func setPageSize(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", fileURI(path)+"?mode=rw")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "PRAGMA journal_mode = WAL")
	return err
}

// fileURI is path as an SQLite file: URI, without its query.
func fileURI(path string) string {
	// SQLite decodes %HH in a file: URI path, and ? and # end the path.
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	if filepath.VolumeName(path) != "" {
		p = "/" + p // file:/C:/... on Windows
	}
	return "file:" + p
}

// dsn builds the connection string. Every pooled connection gets these
// pragmas (a PRAGMA run through Exec would reach only one connection).
func dsn(path string, readOnly bool) string {
	q := "_foreign_keys=on&_busy_timeout=10000"
	if readOnly {
		q += "&mode=ro"
	} else {
		q += "&_journal_mode=WAL&_synchronous=FULL&_txlock=immediate&mode=rw"
	}
	return fileURI(path) + "?" + q
}

// probeFile reads the SQLite header directly, before SQLite touches the file,
// so a file that is not a workspace is refused without being changed.
func probeFile(path string, fresh bool) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &UserError{Msg: fmt.Sprintf("There is no workspace at %s. It may have been moved or deleted.", path), Err: err}
		}
		return &UserError{Msg: fmt.Sprintf("Cannot read %s: %v.", path, err), Err: err}
	}
	defer f.Close()
	hdr := make([]byte, 100)
	n, err := io.ReadFull(f, hdr)
	if n == 0 && fresh {
		return nil // the empty file Create just made
	}
	notWorkspace := func(why string) error {
		return &UserError{
			Msg: fmt.Sprintf("%s is not a Lastmile workspace (%s). Open a file ending in %s, or make a new workspace.",
				filepath.Base(path), why, FileExt),
			Err: ErrNotWorkspace,
		}
	}
	if err != nil || !bytes.HasPrefix(hdr, []byte("SQLite format 3\x00")) {
		if isSpreadsheet(path) {
			return notWorkspace("it looks like a spreadsheet")
		}
		return notWorkspace("it is not a database file")
	}
	id := binary.BigEndian.Uint32(hdr[68:72])
	version := binary.BigEndian.Uint32(hdr[60:64])
	switch {
	case fresh && id == 0 && version == 0:
		return nil // Create's empty database, its page size set
	case id == applicationID:
		if int(version) > len(migrations()) {
			return &UserError{
				Msg: fmt.Sprintf("%s was saved by a newer version of Lastmile (schema %d; this version knows up to %d). Update Lastmile to open it.",
					filepath.Base(path), version, len(migrations())),
				Err: ErrTooNew,
			}
		}
		return nil
	case id == 0 && version == 0 && exists(path+"-wal"):
		// A workspace whose creation was cut short keeps its first commit
		// in the WAL; SQLite recovers it, and migrate checks the id again.
		return nil
	default:
		return notWorkspace("it is a database made by another program")
	}
}

func isSpreadsheet(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm":
		return true
	}
	return false
}

// explainOpenError turns SQLite's terse errors into messages for people.
func explainOpenError(path string, err error) error {
	if _, ok := AsUserError(err); ok {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return &UserError{
				Msg: fmt.Sprintf("%s is damaged and cannot be opened (%v). Restore it from a backup copy.", filepath.Base(path), se),
				Err: errors.Join(ErrDamaged, err),
			}
		case sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrCantOpen:
			return &UserError{
				Msg: fmt.Sprintf("Lastmile cannot write to %s (%v). Check that the file and its folder are writable.", path, se),
				Err: err,
			}
		case sqlite3.ErrFull:
			return &UserError{Msg: fmt.Sprintf("The disk holding %s is full. Free some space and try again.", path), Err: err}
		}
	}
	return fmt.Errorf("open workspace %s: %w", path, err)
}

// checkIntegrity runs SQLite's quick check on every open, and the full
// integrity and foreign-key checks after an unclean shutdown.
func checkIntegrity(ctx context.Context, db *sql.DB, full bool) error {
	pragma := "PRAGMA quick_check"
	if full {
		pragma = "PRAGMA integrity_check"
	}
	problems, err := listProblems(ctx, db, pragma)
	if err == nil && full && len(problems) == 0 {
		problems, err = foreignKeyProblems(ctx, db)
	}
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return &UserError{
			Msg: fmt.Sprintf("The workspace failed its integrity check: %s. Restore it from a backup copy.", strings.Join(problems, "; ")),
			Err: ErrDamaged,
		}
	}
	return nil
}

// Check runs the full integrity and foreign-key checks and returns the
// problems found (none means the workspace is sound).
func (w *Workspace) Check(ctx context.Context) ([]string, error) {
	problems, err := listProblems(ctx, w.rdb, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	fk, err := foreignKeyProblems(ctx, w.rdb)
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	return append(problems, fk...), nil
}

func listProblems(ctx context.Context, db querier, pragma string) ([]string, error) {
	rows, err := db.QueryContext(ctx, pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

func foreignKeyProblems(ctx context.Context, db querier) ([]string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("row %d of %s points to a missing %s", rowid.Int64, table, parent))
	}
	return out, rows.Err()
}

var sqliteVersionErr = sync.OnceValue(func() error {
	v := SQLiteVersion()
	if !versionAtLeast(v, minSQLite) {
		return &UserError{Msg: fmt.Sprintf(
			"This copy of Lastmile was built with SQLite %s, which has a known data-corruption bug. It needs %d.%d.%d or newer; rebuild it with the pinned go-sqlite3.",
			v, minSQLite[0], minSQLite[1], minSQLite[2])}
	}
	return nil
})

// versionAtLeast reports whether the dotted version v is min or newer.
func versionAtLeast(v string, min [3]int) bool {
	var got [3]int
	for i, part := range strings.SplitN(v, ".", 3) {
		got[i], _ = strconv.Atoi(part)
	}
	for i := range got {
		if got[i] != min[i] {
			return got[i] > min[i]
		}
	}
	return true
}

func checkSQLiteVersion() error { return sqliteVersionErr() }

// SQLiteVersion returns the version of the SQLite library in use.
func SQLiteVersion() string {
	v, _, _ := sqlite3.Version()
	return v
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// DefaultDir returns the folder where Lastmile keeps its own files (the demo
// workspace among them), creating it with mode 0700: the user's
// configuration folder on Linux and Windows, Application Support on macOS.
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the configuration folder: %w", err)
	}
	dir := filepath.Join(base, "Lastmile")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	// MkdirAll leaves an existing folder's mode alone; this one holds
	// customers' personal data, so make sure only its owner can read it.
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("protect %s: %w", dir, err)
	}
	return dir, nil
}

// TableChecksums returns a SHA-256 over every row of every table, by table
// name. Two workspaces with equal checksums hold the same data; tests use it
// to show that undoing a batch restores a workspace exactly.
func (w *Workspace) TableChecksums(ctx context.Context) (map[string]string, error) {
	rows, err := w.rdb.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("checksums: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range tables {
		sum, err := tableChecksum(ctx, w.rdb, t)
		if err != nil {
			return nil, err
		}
		out[t] = sum
	}
	return out, nil
}

func tableChecksum(ctx context.Context, q querier, table string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM "`+table+`" ORDER BY 1`)
	if err != nil {
		return "", fmt.Errorf("checksum %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%T:%v\x1f", v, v)
		}
		h.Write([]byte{0x1e})
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// PrivateTempDir returns a folder for temporary copies of customer data
// (excelize unpacks large sheets there), inside DefaultDir and readable only
// by its owner, instead of the shared system temporary folder.
func PrivateTempDir() (string, error) {
	dir, err := DefaultDir()
	if err != nil {
		return "", err
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", tmp, err)
	}
	return tmp, nil
}
