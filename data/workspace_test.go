package data

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w, err := Create(context.Background(), filepath.Join(t.TempDir(), "test.lastmile"),
		Settings{TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestCreateMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.lastmile")
	w, err := Create(ctx, path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	var version, appID, channels int
	if err := w.rdb.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := w.rdb.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		t.Fatal(err)
	}
	if err := w.rdb.QueryRow("SELECT count(*) FROM channels").Scan(&channels); err != nil {
		t.Fatal(err)
	}
	if version != SchemaVersion() || appID != applicationID {
		t.Errorf("user_version %d, application_id %x; want %d, %x", version, appID, SchemaVersion(), applicationID)
	}
	if channels != 19 {
		t.Errorf("%d default channels, want the 19 of the channel list", channels)
	}
	for _, table := range []string{"settings", "profiles", "batches", "channels", "rules", "ad_stats", "leads",
		"sales", "sale_lines", "stock_levels", "matches"} {
		var n int
		if err := w.rdb.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (%v)", table, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w.Close()
	if err := w.rdb.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != SchemaVersion() {
		t.Errorf("after reopen user_version %d (%v)", version, err)
	}
	if err := w.rdb.QueryRow("SELECT count(*) FROM channels").Scan(&channels); err != nil || channels != 19 {
		t.Errorf("after reopen %d channels (%v): migrations ran twice?", channels, err)
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lastmile")
	if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Create(context.Background(), path, Settings{})
	if _, ok := AsUserError(err); !ok || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatal("Create changed an existing file")
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.lastmile")
	w, err := Create(ctx, path, Settings{TimeZone: "Europe/Berlin", Currency: "EUR", Country: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	got := w.Settings()
	if got.TimeZone != "Europe/Berlin" || got.Currency != "EUR" || got.Country != "DE" || got.AttributionWindowDays != 180 {
		t.Fatalf("created with %+v", got)
	}
	want := Settings{BusinessName: "Müller & Peña GmbH", TimeZone: "America/Denver", Currency: "JPY", Country: "JP",
		DateOrder: "dmy", AttributionWindowDays: 90}
	if err := w.SaveSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	w.Close()
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := w.Settings(); got != want {
		t.Errorf("after reopen\n got %+v\nwant %+v", got, want)
	}
	if w.Name() != "Müller & Peña GmbH" {
		t.Errorf("Name() = %q", w.Name())
	}

	for _, bad := range []Settings{
		{TimeZone: "Mars/Olympus", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 1},
		{TimeZone: "UTC", Currency: "DOLLARS", Country: "US", DateOrder: "mdy", AttributionWindowDays: 1},
		{TimeZone: "UTC", Currency: "USD", Country: "USA", DateOrder: "mdy", AttributionWindowDays: 1},
		{TimeZone: "UTC", Currency: "USD", Country: "US", DateOrder: "ymd", AttributionWindowDays: 1},
		{TimeZone: "UTC", Currency: "USD", Country: "US", DateOrder: "mdy", AttributionWindowDays: 0},
	} {
		if err := w.SaveSettings(ctx, bad); err == nil {
			t.Errorf("SaveSettings(%+v) accepted bad settings", bad)
		} else if _, ok := AsUserError(err); !ok {
			t.Errorf("SaveSettings(%+v): %v is not a message for people", bad, err)
		}
	}
	if got := w.Settings(); got != want {
		t.Errorf("a refused save changed the settings to %+v", got)
	}
}

func TestDefaultSettingsFromSystem(t *testing.T) {
	t.Setenv("TZ", "Asia/Tokyo")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MONETARY", "en_GB.UTF-8")
	s := DefaultSettings()
	if s.TimeZone != "Asia/Tokyo" || s.Currency != "GBP" || s.Country != "GB" || s.DateOrder != "dmy" {
		t.Errorf("DefaultSettings() = %+v", s)
	}
	t.Setenv("LC_MONETARY", "C")
	t.Setenv("LANG", "de_DE.UTF-8")
	if s := DefaultSettings(); s.Currency != "EUR" || s.Country != "DE" {
		t.Errorf("from LANG: %+v", s)
	}
	if err := DefaultSettings().Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestFilePermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new-folder")
	path := filepath.Join(dir, "p.lastmile")
	w, err := Create(context.Background(), path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Make SQLite create its -wal and -shm files.
	if err := w.SaveSettings(context.Background(), w.Settings()); err != nil {
		t.Fatal(err)
	}
	check := func(p string, want os.FileMode) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", filepath.Base(p), got, want)
		}
	}
	check(dir, 0o700)
	check(path, 0o600)
	check(path+"-wal", 0o600)
	check(path+"-shm", 0o600)
	check(path+lockSuffix, 0o600)
}

// TestHoldWorkspace is not a test: it is the helper process of
// TestSecondProcessIsRefused. It opens a workspace, says so, and waits.
func TestHoldWorkspace(t *testing.T) {
	path := os.Getenv("LASTMILE_HOLD_WORKSPACE")
	if path == "" {
		t.Skip("helper process for TestSecondProcessIsRefused")
	}
	w, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.Stdout.WriteString("holding\n")
	io.Copy(io.Discard, os.Stdin) // until the parent closes stdin or kills us
}

func TestSecondProcessIsRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.lastmile")
	w, err := Create(ctx, path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldWorkspace$", "-test.v")
	cmd.Env = append(os.Environ(), "LASTMILE_HOLD_WORKSPACE="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	held := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "holding") {
			held = true
			break
		}
	}
	if !held {
		t.Fatal("helper process never opened the workspace")
	}

	_, err = Open(ctx, path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open while another process holds it: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "already open") || !strings.Contains(err.Error(), "process") {
		t.Errorf("message does not tell the person what to do: %q", err)
	}

	// A crash (SIGKILL) releases the lock; the next open notices the
	// unclean close and still succeeds.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	stdin.Close()
	if s := readLockState(path + lockSuffix); s.State != "open" {
		t.Errorf("after a kill the lock file says %q, want the stale \"open\"", s.State)
	}
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("open after the other process died: %v", err)
	}
	w.Close()
	if s := readLockState(path + lockSuffix); s.State != "closed" {
		t.Errorf("after a clean close the lock file says %q", s.State)
	}
}

func TestOpenRefusesFilesThatAreNotWorkspaces(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	foreign := filepath.Join(dir, "other-app.db")
	db, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	cases := map[string][]byte{
		"orders.csv":     []byte("Name,Email,Total\n#1001,a@example.com,10.00\n"),
		"junk.bin":       {0x00, 0xff, 0x13, 0x37, 0x42},
		"empty.lastmile": {},
		"report.xlsx":    []byte("PK\x03\x04not really"),
	}
	for name, content := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"other-app.db"}
	for n := range cases {
		names = append(names, n)
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		before, _ := os.ReadFile(p)
		_, err := Open(ctx, p)
		if !errors.Is(err, ErrNotWorkspace) {
			t.Errorf("Open(%s) = %v, want ErrNotWorkspace", n, err)
			continue
		}
		if !strings.Contains(err.Error(), "not a Lastmile workspace") {
			t.Errorf("Open(%s) message: %q", n, err)
		}
		if after, _ := os.ReadFile(p); string(after) != string(before) {
			t.Errorf("Open(%s) changed the file", n)
		}
		if _, err := os.Stat(p + "-wal"); err == nil {
			t.Errorf("Open(%s) left a -wal file", n)
		}
	}
	if _, err := Open(ctx, filepath.Join(dir, "missing.lastmile")); err == nil || !strings.Contains(err.Error(), "no workspace") {
		t.Errorf("Open(missing) = %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "future.lastmile")
	w, err := Create(ctx, path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.wdb.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("Open = %v, want ErrTooNew", err)
	}
}

func TestOpenRefusesDamagedWorkspace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "damaged.lastmile")
	w, err := Create(ctx, path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite the second page (the first table's b-tree) with rubbish,
	// leaving the header intact. The header says how long a page is.
	page := int(binary.BigEndian.Uint16(b[16:18]))
	if page != pageSize {
		t.Fatalf("a new workspace has %d-byte pages, want %d", page, pageSize)
	}
	for i := page; i < 2*page && i < len(b); i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("Open(damaged) = %v, want ErrDamaged", err)
	}
	if !strings.Contains(err.Error(), "backup") {
		t.Errorf("message does not say what to do: %q", err)
	}
}

// TestPragmasOnEveryConnection reads the pragmas back on several pooled
// connections at once: a PRAGMA run through Exec reaches only one of them.
func TestPragmasOnEveryConnection(t *testing.T) {
	w := newWorkspace(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for range 4 {
		c, err := w.rdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var fk, busy int
		var mode string
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || busy != 10000 || mode != "wal" {
			t.Errorf("reader %d: foreign_keys=%d busy_timeout=%d journal_mode=%s", i, fk, busy, mode)
		}
		if _, err := c.ExecContext(ctx, "INSERT INTO settings VALUES ('x', 'y')"); err == nil {
			t.Errorf("reader %d can write", i)
		}
	}
	var sync, fk int
	var mode string
	w.wdb.QueryRow("PRAGMA synchronous").Scan(&sync)
	w.wdb.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	w.wdb.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if sync != 2 || fk != 1 || mode != "wal" {
		t.Errorf("writer: synchronous=%d (want 2, FULL) foreign_keys=%d journal_mode=%s", sync, fk, mode)
	}
}

func TestPathsThatNeedEscaping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Client #1 ? 50% off")
	path := filepath.Join(dir, "Peña & Müller.lastmile")
	w, err := Create(context.Background(), path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("workspace not at the given path: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "Peña & Müller.lastmile") {
			t.Errorf("stray file %q: the path was mangled", e.Name())
		}
	}
	w, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
}

func TestSQLiteVersionIsNewEnough(t *testing.T) {
	if err := checkSQLiteVersion(); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]bool{
		"3.51.3": true, "3.54.1": true, "3.100.0": true, "4.0.0": true,
		"3.51.2": false, "3.50.7": false, "3.9.9": false, "2.99.99": false,
	} {
		if got := versionAtLeast(v, minSQLite); got != want {
			t.Errorf("versionAtLeast(%s) = %v", v, got)
		}
	}
}

func TestUncleanCloseRunsFullCheck(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "u.lastmile")
	w, err := Create(ctx, path, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	// Pretend the last holder died: the lock file still says "open".
	l, _, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.write(lockState{State: "open", PID: 1, Opened: time.Now()}); err != nil {
		t.Fatal(err)
	}
	l.fl.Unlock()
	l2, unclean, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.release()
	if !unclean {
		t.Error("a lock file left \"open\" was not seen as an unclean close")
	}
}

// TestForeignWALDatabaseIsNotChanged: a database of another program, in WAL
// mode and open in that program (so its -wal file exists), must be refused
// and left exactly as it was.
func TestForeignWALDatabaseIsNotChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	other, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	if _, err := other.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("set-up: no -wal file: %v", err)
	}
	_, err = Open(context.Background(), path)
	if !errors.Is(err, ErrNotWorkspace) {
		t.Fatalf("Open = %v, want ErrNotWorkspace", err)
	}
	var objects int
	if err := other.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil || objects != 1 {
		t.Errorf("the other program's database now has %d objects (%v)", objects, err)
	}
	var appID int
	other.QueryRow("PRAGMA application_id").Scan(&appID)
	if appID != 0 {
		t.Errorf("application id changed to %x", appID)
	}
}

func TestFailedOpensLeaveNoLockFiles(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "orders.csv")
	os.WriteFile(csv, []byte("a,b\n1,2\n"), 0o600)
	os.Mkdir(filepath.Join(dir, "folder"), 0o700)
	for _, p := range []string{csv, filepath.Join(dir, "missing.lastmile"), filepath.Join(dir, "folder")} {
		if _, err := Open(context.Background(), p); err == nil {
			t.Errorf("Open(%s) succeeded", p)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), lockSuffix) {
			t.Errorf("a failed open left %s behind", e.Name())
		}
	}
}

func TestOpeningTwiceInOneProcess(t *testing.T) {
	w := newWorkspace(t)
	_, err := Open(context.Background(), w.Path())
	if !errors.Is(err, ErrOpenHere) || !strings.Contains(err.Error(), "already open in this window") {
		t.Fatalf("second open in the same process: %v", err)
	}
	path := w.Path()
	w.Close()
	again, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	again.Close()
}

func TestCurrencyIsLockedOnceDataIsIn(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)
	s := w.Settings()
	s.Currency = "EUR"
	if err := w.SaveSettings(ctx, s); err != nil {
		t.Fatalf("an empty workspace may change its currency: %v", err)
	}
	s.Currency = "USD"
	if err := w.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, w, info("ads", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Platform: "google_ads", Campaign: "C", From: d("2025-03-01"), Currency: "USD", Spend: 100})
	})
	s.Currency = "EUR"
	err := w.SaveSettings(ctx, s)
	if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, "cannot change from USD to EUR") {
		t.Errorf("currency change with data: %v", err)
	}
	if w.Settings().Currency != "USD" {
		t.Error("the refused change was kept")
	}
	_, err = w.WriteBatch(ctx, info("eur ads", KindAdStats), func(b *BatchWriter) error {
		return b.AdStat(AdStat{Line: 7, Platform: "google_ads", Campaign: "C", From: d("2025-03-02"), Currency: "eur", Spend: 100})
	})
	if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, "Line 7 is in EUR, but this workspace counts money in USD") {
		t.Errorf("a row in another currency: %v", err)
	}
}

func TestNewTimeZoneMovesTimestampedRows(t *testing.T) {
	ctx := context.Background()
	w := newWorkspace(t)                              // UTC
	at := time.Date(2025, 3, 2, 3, 0, 0, 0, time.UTC) // 2 March in UTC, 1 March in Denver
	mustWrite(t, w, info("leads", KindLeads), func(b *BatchWriter) error {
		if err := b.Lead(Lead{System: "crm", RecordID: "1", CreatedAt: at, Day: d("2025-03-02")}); err != nil {
			return err
		}
		return b.Lead(Lead{System: "crm", RecordID: "2", Day: d("2025-03-02")}) // a date only
	})
	leadsOn := func(day string) int {
		t.Helper()
		got, err := w.Dashboard(ctx, Period{d(day), d(day)}, FirstTouch)
		if err != nil {
			t.Fatal(err)
		}
		return got.Current.Leads
	}
	if leadsOn("2025-03-02") != 2 {
		t.Fatal("set-up: both leads on 2 March in UTC")
	}
	s := w.Settings()
	s.TimeZone = "America/Denver"
	if err := w.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if leadsOn("2025-03-01") != 1 || leadsOn("2025-03-02") != 1 {
		t.Errorf("after moving to Denver: %d on 1 March, %d on 2 March; want 1 and 1", leadsOn("2025-03-01"), leadsOn("2025-03-02"))
	}
}

func TestDuplicateOrderInOneFile(t *testing.T) {
	w := newWorkspace(t)
	_, err := w.WriteBatch(context.Background(), info("orders", KindSales), func(b *BatchWriter) error {
		for _, line := range []int{2, 9} {
			if err := b.Sale(Sale{Line: line, System: "shop", OrderID: "#1001", Day: d("2025-03-01"), Currency: "USD", Gross: 100, Net: 100}); err != nil {
				return err
			}
		}
		return nil
	})
	if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, "Line 9 repeats order #1001") {
		t.Errorf("duplicate order: %v", err)
	}
}

// TestDuplicateOrderInAFullStatement repeats an order inside a full set of
// sales written in one statement: the rows before it in that statement were
// kept (OR FAIL), so the retry must start after them to name the right
// line, and nothing of the file may stay.
func TestDuplicateOrderInAFullStatement(t *testing.T) {
	for _, tc := range []struct {
		at, repeats int // sale indexes; a sale's line is its index + 2
	}{
		{150, 140}, // both in the second statement
		{200, 5},   // the first sale is in the first statement
		{128, 127}, // the first of a statement repeats the last of the one before
	} {
		w := newWorkspace(t)
		_, err := w.WriteBatch(context.Background(), info("orders", KindSales), func(b *BatchWriter) error {
			for i := range 3 * salesPerStmt {
				order := i
				if i == tc.at {
					order = tc.repeats
				}
				s := Sale{Line: i + 2, System: "shop", OrderID: fmt.Sprintf("#%d", order), Day: d("2025-03-01"), Currency: "USD", Gross: 100, Net: 100}
				if err := b.Sale(s); err != nil {
					return err
				}
			}
			return nil
		})
		want := fmt.Sprintf("Line %d repeats order #%d", tc.at+2, tc.repeats)
		if ue, ok := AsUserError(err); !ok || !strings.Contains(ue.Msg, want) {
			t.Errorf("sale %d repeating sale %d: %v; want %q", tc.at, tc.repeats, err, want)
		}
		var n int
		if err := w.rdb.QueryRow(`SELECT count(*) FROM sales`).Scan(&n); err != nil || n != 0 {
			t.Errorf("sale %d repeating sale %d: %d sales stayed (%v), want none", tc.at, tc.repeats, n, err)
		}
	}
}

func TestExchangeRates(t *testing.T) {
	s := Settings{Rates: "eur=1.08; GBP = 1.27\nJPY=0.0067"}
	got, err := s.ExchangeRates()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"EUR": "1.08", "GBP": "1.27", "JPY": "0.0067"}
	if len(got) != len(want) {
		t.Fatalf("rates %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, bad := range []string{"EUR=inf", "EUR=NaN", "EUR=0", "EUR=-1.08", "EUR=1/2", "EUR=1e3", "EUR", "XYZ1=1.0", "EUR=1,08"} {
		if _, err := (Settings{Rates: bad}).ExchangeRates(); err == nil {
			t.Errorf("%q accepted", bad)
		} else if _, ok := AsUserError(err); !ok {
			t.Errorf("%q: not a message for people: %v", bad, err)
		}
	}
}
