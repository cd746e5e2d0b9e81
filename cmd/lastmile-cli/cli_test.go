package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
)

func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return cliWithDefault(t, filepath.Join(t.TempDir(), "Demo.lastmile"), args...)
}

func cliWithDefault(t *testing.T, def string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(options{
		args: args, stdout: &out, stderr: &errb,
		now:              func() time.Time { return time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC) },
		defaultWorkspace: func() (string, error) { return def, nil },
	})
	return code, out.String(), errb.String()
}

// knownWorkspace holds, for 8–14 March 2025 (previous period 1–7 March):
//
//	ad spend   Google 12.50 + 7.50 = 20.00 (current); Google 5.00 (previous)
//	leads      L1 Google (3 Mar), L2 trade show (10 Mar), L3 trade show (12 Mar)
//	sales      S1 100.00 by L2's email (trade show, 11 Mar)
//	           S2  30.00 by L1's email (Google, 13 Mar)
//	           S3  12.34 no lead, no source (Unattributed, 9 Mar)
//	           R1  −4.34 refund (Unattributed, 14 Mar)
//	           S0  40.00 by L1's email (Google, 5 Mar, previous period)
//
// Current: spend 20.00, leads 2, sales 3, revenue 138.00, paid revenue
// 30.00 → ROAS 1.5. Previous: spend 5.00, leads 1, sales 1, revenue 40.00,
// ROAS 8.0.
func knownWorkspace(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "known.lastmile")
	w, err := data.Create(ctx, path, data.Settings{BusinessName: "Known Shop", TimeZone: "UTC", Currency: "USD", Country: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	d := civil.MustParse
	write := func(name string, k data.Kind, fill func(*data.BatchWriter) error) {
		if _, err := w.WriteBatch(ctx, data.BatchInfo{FileName: name, SHA256: name, Kind: k, Format: "test"}, fill); err != nil {
			t.Fatal(err)
		}
	}
	write("ads", data.KindAdStats, func(b *data.BatchWriter) error {
		for _, a := range []data.AdStat{
			{From: d("2025-03-06"), Spend: 500},
			{From: d("2025-03-08"), Spend: 1250},
			{From: d("2025-03-14"), Spend: 750},
		} {
			a.Platform, a.Campaign, a.Currency = "google_ads", "Search", "USD"
			if err := b.AdStat(a); err != nil {
				return err
			}
		}
		return nil
	})
	tradeShow := data.SourceFields{{Name: "Lead Source", Value: "Trade show"}}
	write("leads", data.KindLeads, func(b *data.BatchWriter) error {
		for _, l := range []data.Lead{
			{RecordID: "L1", Day: d("2025-03-03"), Email: "ann@example.com", SourceFields: data.SourceFields{{Name: "utm_source", Value: "google"}, {Name: "utm_medium", Value: "cpc"}}},
			{RecordID: "L2", Day: d("2025-03-10"), Email: "bo@example.com", SourceFields: tradeShow},
			{RecordID: "L3", Day: d("2025-03-12"), Email: "cy@example.com", SourceFields: tradeShow},
		} {
			l.System = "crm"
			if err := b.Lead(l); err != nil {
				return err
			}
		}
		return nil
	})
	write("sales", data.KindSales, func(b *data.BatchWriter) error {
		for _, s := range []data.Sale{
			{OrderID: "S0", Day: d("2025-03-05"), Email: "ann@example.com", Gross: 4000, Net: 4000},
			{OrderID: "S1", Day: d("2025-03-11"), Email: "bo@example.com", Gross: 10000, Net: 10000},
			{OrderID: "S2", Day: d("2025-03-13"), Email: "ann@example.com", Gross: 3000, Net: 3000},
			{OrderID: "S3", Day: d("2025-03-09"), Gross: 1234, Net: 1234},
			{OrderID: "R1", Day: d("2025-03-14"), Kind: data.SaleRefund, Gross: -434, Net: -434},
		} {
			s.System, s.Currency = "shop", "USD"
			if err := b.Sale(s); err != nil {
				return err
			}
		}
		return nil
	})
	return path
}

func TestSummaryJSON(t *testing.T) {
	path := knownWorkspace(t)
	code, out, errOut := cli(t, "--workspace", path, "summary", "--from", "2025-03-08", "--to", "2025-03-14", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Workspace, From, To, PreviousFrom, PreviousTo, Currency, Model string
		Current, Previous, Change                                      map[string]*float64
		Channels                                                       []struct {
			Channel        string
			Spend, Revenue float64
			Leads, Sales   int
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Workspace != "Known Shop" || got.From != "2025-03-08" || got.To != "2025-03-14" || got.Currency != "USD" || got.Model != "first" {
		t.Errorf("header: %+v", got)
	}
	want := map[string][2]float64{
		"spend": {20, 5}, "leads": {2, 1}, "sales": {3, 1}, "revenue": {138, 40}, "roas": {1.5, 8},
	}
	for k, w := range want {
		if got.Current[k] == nil || *got.Current[k] != w[0] {
			t.Errorf("current %s = %v, want %v", k, deref(got.Current[k]), w[0])
		}
		if got.Previous[k] == nil || *got.Previous[k] != w[1] {
			t.Errorf("previous %s = %v, want %v", k, deref(got.Previous[k]), w[1])
		}
	}
	if c := got.Change["spend"]; c == nil || *c != 3 { // 20 against 5: +300%
		t.Errorf("change in spend %v, want 3", deref(c))
	}
	wantCh := map[string][4]float64{ // spend, leads, sales, revenue
		"Google Ads":          {20, 0, 1, 30},
		"Trade show / events": {0, 2, 1, 100},
		// The $8 sale has neither lead nor tag, and the file names no
		// place of sale.
		"Source unknown: other sales": {0, 0, 1, 8},
	}
	if len(got.Channels) != len(wantCh) {
		t.Errorf("channels %+v", got.Channels)
	}
	for _, c := range got.Channels {
		w := wantCh[c.Channel]
		if c.Spend != w[0] || float64(c.Leads) != w[1] || float64(c.Sales) != w[2] || c.Revenue != w[3] {
			t.Errorf("%s: %+v, want %v", c.Channel, c, w)
		}
	}
	// Money is written with its two decimals, exactly.
	if !strings.Contains(out, `"revenue": 138.00`) || !strings.Contains(out, `"spend": 20.00`) {
		t.Errorf("money not written with cents:\n%s", out)
	}
}

func TestSummaryNullWithoutSpendAndTable(t *testing.T) {
	path := knownWorkspace(t)
	code, out, _ := cli(t, "--workspace", path, "summary", "--from", "2025-02-01", "--to", "2025-02-28", "--format", "json")
	if code != 0 || !strings.Contains(out, `"roas": null`) {
		t.Errorf("a period without spend should give a null ROAS (exit %d):\n%s", code, out)
	}
	code, out, _ = cli(t, "summary", "--workspace", path, "--from", "2025-03-08", "--to", "2025-03-14")
	if code != 0 {
		t.Fatalf("table: exit %d", code)
	}
	for _, want := range []string{"Known Shop", "8 Mar – 14 Mar 2025 (7 days)", "Return on ad spend", "1.50×", "8.00×", "−81%", "Trade show / events", "$100"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"summary", "--format", "xml"},
		{"summary", "--from", "03/08/2025"},
		{"summary", "--from", "2025-03-10", "--to", "2025-03-01"},
		{"summary", "extra"},
		{"demo"},
		{"--bogus"},
	} {
		code, out, errOut := cli(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
		if out != "" {
			t.Errorf("%v: a usage error wrote to standard output: %q", args, out)
		}
		if !strings.Contains(errOut, "lastmile-cli:") {
			t.Errorf("%v: no message: %q", args, errOut)
		}
	}
	code, out, _ := cli(t, "--help")
	if code != 0 || !strings.Contains(out, "Usage: lastmile-cli") || !strings.Contains(out, "summary") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	code, out, _ = cli(t, "summary", "--help")
	if code != 0 || !strings.Contains(out, "--format") {
		t.Errorf("summary --help: exit %d\n%s", code, out)
	}
}

func TestDemoAndCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.lastmile")
	code, out, errOut := cli(t, "demo", "--anchor", "2025-05-31", path)
	if code != 0 || !strings.Contains(out, "Wrote the demo workspace") {
		t.Fatalf("demo: exit %d %s %s", code, out, errOut)
	}
	code, out, _ = cli(t, "--workspace", path, "check")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("check: exit %d %s", code, out)
	}
	code, _, errOut = cli(t, "demo", path)
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("demo over an existing file: exit %d %s", code, errOut)
	}
	// The default workspace is the demo, made on first use.
	code, out, errOut = cli(t, "summary")
	if code != 0 || !strings.Contains(out, "Alder & Pine Furniture (Demo)") {
		t.Errorf("summary of the default workspace: exit %d %s %s", code, out, errOut)
	}
}

func TestBadDatesTouchNothing(t *testing.T) {
	def := filepath.Join(t.TempDir(), "Demo.lastmile")
	code, _, _ := cliWithDefault(t, def, "summary", "--from", "2025-13-01")
	if code != 2 {
		t.Errorf("exit %d", code)
	}
	if _, err := os.Stat(def); err == nil {
		t.Error("a usage error made the demo workspace")
	}
}

func TestNotAWorkspace(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(csv, []byte("Name,Total\n#1,10.00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "--workspace", csv, "check")
	if code != 1 || !strings.Contains(errOut, "orders.csv is not a Lastmile workspace") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// --cpuprofile and --memprofile write the two profiles a person can send
// with a bug report; a profile that cannot be written fails the run.
func TestProfilesForABugReport(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	if code, _, stderr := cli(t, "--cpuprofile", cpu, "--memprofile", mem, "summary", "--format", "json"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
	code, _, stderr := cli(t, "--cpuprofile", filepath.Join(dir, "no", "cpu.pprof"), "summary")
	if code != 1 || !strings.Contains(stderr, "CPU profile") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// --stats says, on standard error and after the command's own output, how
// long the command took and the program's peak memory; without it nothing
// is added.
func TestStatsLine(t *testing.T) {
	code, stdout, stderr := cli(t, "--stats", "summary", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(strings.TrimSpace(stdout), "{") {
		t.Errorf("the stats line reached standard output: %q", stdout)
	}
	m := regexp.MustCompile(`^lastmile-cli: summary took [0-9]+\.[0-9]{2} s; peak memory ([0-9]+\.[0-9]) MB\n$`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q", stderr)
	}
	if mb, _ := strconv.ParseFloat(m[1], 64); mb < 1 || mb > 4096 {
		t.Errorf("peak memory %s MB", m[1])
	}
	if _, _, stderr := cli(t, "summary", "--format", "json"); strings.Contains(stderr, "peak memory") {
		t.Errorf("stats without --stats: %q", stderr)
	}
}
