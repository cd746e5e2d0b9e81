package profile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Both profiles are written, as pprof files (gzip-compressed protocol
// buffers), and only when asked for.
func TestStartWritesBothProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	stop, err := Start(cpu, mem)
	if err != nil {
		t.Fatal(err)
	}
	sink := 0
	for i := range 2_000_000 {
		sink += len(strings.Repeat("x", i%7))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s is not a pprof file (%d bytes)", filepath.Base(p), len(b))
		}
	}
	_ = sink

	stop, err = Start("", "")
	if err != nil || stop() != nil {
		t.Fatalf("no profiles asked for: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the folder, want the 2 profiles", len(entries))
	}
}

// A profile that cannot be written says which file.
func TestStartNamesTheFileItCannotWrite(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "missing", "cpu.pprof")
	if _, err := Start(bad, ""); err == nil || !strings.Contains(err.Error(), "CPU profile") {
		t.Errorf("got %v", err)
	}
	stop, err := Start("", filepath.Join(t.TempDir(), "missing", "mem.pprof"))
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err == nil || !strings.Contains(err.Error(), "mem.pprof") {
		t.Errorf("got %v", err)
	}
}
