package report

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lastmile/data/reportfmt"
)

func TestCSVTables(t *testing.T) {
	p, _ := demoPack(t, Meeting)
	dir := t.TempDir()
	files, err := WriteCSV(dir, p, false)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"channels.csv", "digital-and-traditional.csv", "revenue-by-week.csv", "order-values.csv", "platform-claims.csv", "to-review.csv", "slow-moving-stock.csv", "products-to-push.csv"}
	if len(files) != len(names) {
		t.Fatalf("files %v", files)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "channels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\ufeff") || !strings.Contains(string(raw), "\r\n") {
		t.Error("no byte-order mark or CRLF")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := p.Report
	colRevenue := channelCol("revenue")
	if len(recs) != len(r.Channels)+len(r.Unknown)+2 {
		t.Fatalf("%d rows for %d channels", len(recs)-1, len(r.Channels))
	}
	for i, c := range r.Channels {
		name := recs[i+1][0]
		if c.Channel.Key == "walk_in" {
			// The name that looks like a formula is neutralised.
			if !strings.HasPrefix(name, "'=HYPERLINK") {
				t.Errorf("formula not neutralised: %q", name)
			}
			continue
		}
		if name != c.Channel.Name || recs[i+1][colRevenue-1] != reportfmt.Money(c.Revenue, "USD").String() {
			t.Errorf("row %d: %q %q, want %q %s", i+1, name, recs[i+1][colRevenue-1], c.Channel.Name, reportfmt.Money(c.Revenue, "USD"))
		}
	}
	// A second export refuses to overwrite; with overwrite it replaces.
	if _, err := WriteCSV(dir, p, false); !errors.Is(err, ErrExists) {
		t.Errorf("overwrote without asking: %v", err)
	}
	if _, err := WriteCSV(dir, p, true); err != nil {
		t.Errorf("overwrite: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".lastmile-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A failing writer leaves neither the target nor a temporary file.
func TestWriteFileIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(path, []byte("the old report"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := WriteFile(path, true, func(w io.Writer) error {
		w.Write([]byte("half a rep"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the old report" {
		t.Errorf("the old file became %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".lastmile-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestKillDuringExport kills a process in the middle of writing a report:
// the report's name must not exist afterwards, whole or in part.
func TestKillDuringExport(t *testing.T) {
	if path := os.Getenv("LASTMILE_KILL_CHILD"); path != "" {
		WriteFile(path, false, func(w io.Writer) error {
			w.Write(make([]byte, 1<<20))
			os.WriteFile(path+".ready", nil, 0o600)
			time.Sleep(time.Minute) // killed here
			return nil
		})
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringExport$")
	cmd.Env = append(os.Environ(), "LASTMILE_KILL_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path + ".ready"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child never started writing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a killed export left %s: %v", path, err)
	}
}
