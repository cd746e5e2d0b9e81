package profile

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// The peak counts memory this program touched.
func TestPeakMemoryCountsWhatWasTouched(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		if _, ok := PeakMemory(); ok {
			t.Fatal("a peak reported where none can be read")
		}
		return
	}
	const size = 64 << 20
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	peak, ok := PeakMemory()
	runtime.KeepAlive(buf)
	if !ok {
		t.Fatal("no peak on a system that has one")
	}
	if peak < size {
		t.Errorf("peak %d MB after touching %d MB", peak>>20, size>>20)
	}
}

// A child started from a big parent reports its own peak, not the
// parent's: what the rusage read on Linux gets wrong.
func TestPeakMemoryIsTheChildsOwn(t *testing.T) {
	if os.Getenv("LASTMILE_PEAK_CHILD") != "" {
		peak, _ := PeakMemory()
		os.Stdout.WriteString(strconv.FormatInt(peak, 10))
		os.Exit(0)
	}
	if runtime.GOOS != "linux" {
		t.Skip("the parent's peak leaks into a child's rusage on Linux; elsewhere there is nothing to show")
	}
	const size = 256 << 20
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPeakMemoryIsTheChildsOwn$")
	cmd.Env = append(os.Environ(), "LASTMILE_PEAK_CHILD=1")
	out, err := cmd.Output()
	runtime.KeepAlive(buf)
	if err != nil {
		t.Fatal(err)
	}
	peak, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatalf("child said %q", out)
	}
	if peak <= 0 || peak >= size/2 {
		t.Errorf("the child's peak is %d MB; its parent holds %d MB and the child a few", peak>>20, size>>20)
	}
}
