package metrics

import (
	"context"
	"os"
	"testing"
	"time"

	"lastmile/data"
	"lastmile/data/civil"
)

func TestZZBuild(t *testing.T) {
	path := os.Getenv("LM_LARGE")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	w, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	end := civil.MustParse("2026-11-24")
	for _, days := range []int{30, 365} {
		p := data.Period{From: end.AddDays(-days + 1), To: end}
		for range 3 {
			t0 := time.Now()
			a, err := w.Aggregates(ctx, data.ReportOptions{Period: p})
			if err != nil {
				t.Fatal(err)
			}
			t1 := time.Now()
			if _, err := Build(a); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d days: aggregates %v build %v", days, t1.Sub(t0), time.Since(t1))
		}
	}
}

func TestZZQuick(t *testing.T) {
	path := os.Getenv("LM_LARGE")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	w, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	end := civil.MustParse("2026-11-24")
	p := data.Period{From: end.AddDays(-364), To: end}
	for range 4 {
		t0 := time.Now()
		a, err := w.Aggregates(ctx, data.ReportOptions{Period: p, Quick: true})
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		if _, err := Build(a); err != nil {
			t.Fatal(err)
		}
		t.Logf("quick: aggregates %v build %v", t1.Sub(t0), time.Since(t1))
	}
}
