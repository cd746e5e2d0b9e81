package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"lastmile/data"
	"lastmile/data/demo"
)

// The smoke test and the start-up benchmark run the real desktop binary in
// a real X server (Xvfb), so they need xvfb, xdotool and ImageMagick. They
// run when LASTMILE_SMOKE=1 (make test and make bench set it).

func needSmoke(tb testing.TB) {
	tb.Helper()
	if os.Getenv("LASTMILE_SMOKE") != "1" {
		tb.Skip("set LASTMILE_SMOKE=1 to run the desktop binary under Xvfb (make test does)")
	}
	if runtime.GOOS != "linux" {
		tb.Skip("the smoke test drives Xvfb, which is Linux only")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Fatalf("%s is missing: run make deps (it installs xvfb, xdotool and imagemagick)", tool)
		}
	}
}

// binary returns the desktop binary: $LASTMILE_BIN, or one built now.
func binary(tb testing.TB) string {
	tb.Helper()
	if b := os.Getenv("LASTMILE_BIN"); b != "" {
		abs, err := filepath.Abs(b)
		if err != nil {
			tb.Fatal(err)
		}
		return abs
	}
	out := filepath.Join(tb.TempDir(), "lastmile")
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", out, ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build: %v\n%s", err, b)
	}
	return out
}

// xvfb starts a virtual X server and returns its DISPLAY.
func xvfb(tb testing.TB) string {
	tb.Helper()
	for n := 90; n < 190; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			tb.Fatal(err)
		}
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		for range 100 {
			if _, err := os.Stat(sock); err == nil {
				tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
				return fmt.Sprintf(":%d", n)
			}
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
	tb.Fatal("no free display for Xvfb")
	return ""
}

// desktopRun is one run of the desktop binary.
type desktopRun struct {
	cmd     *exec.Cmd
	lines   chan string
	started time.Time
	display string
}

// start runs the binary with a private home folder, so preferences and the
// demo workspace start fresh and nothing of the developer's is touched.
func start(tb testing.TB, bin, display, home string, args ...string) *desktopRun {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"LASTMILE_TRACE_STARTUP=1", "FYNE_THEME=light")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	a := &desktopRun{cmd: cmd, lines: make(chan string, 16), display: display}
	a.started = time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			a.lines <- sc.Text()
		}
		close(a.lines)
	}()
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if tb.Failed() {
			tb.Logf("app stderr:\n%s", stderr.String())
		}
	})
	return a
}

// waitFirstFrame returns the time from start to the first frame with data.
func (a *desktopRun) waitFirstFrame(tb testing.TB) time.Duration {
	tb.Helper()
	timeout := time.After(90 * time.Second)
	for {
		select {
		case line, ok := <-a.lines:
			if !ok {
				tb.Fatal("the app exited before showing its first frame")
			}
			if strings.Contains(line, "first frame") {
				return time.Since(a.started)
			}
		case <-timeout:
			tb.Fatal("no first frame within 90 s")
		}
	}
}

func (a *desktopRun) window(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("xdotool", "search", "--sync", "--onlyvisible", "--name", "^Lastmile").Output()
	if err != nil {
		tb.Fatalf("no Lastmile window on %s: %v", a.display, err)
	}
	return strings.Fields(string(out))[0]
}

func TestSmokeDesktopBinary(t *testing.T) {
	needSmoke(t)
	bin := binary(t)
	display := xvfb(t)
	t.Setenv("DISPLAY", display)
	home := t.TempDir()

	a := start(t, bin, display, home)
	took := a.waitFirstFrame(t)
	win := a.window(t)
	title, _ := exec.Command("xdotool", "getwindowname", win).Output()
	if got := strings.TrimSpace(string(title)); got != "Lastmile — "+demo.BusinessName {
		t.Errorf("window title %q", got)
	}

	shot := filepath.Join(t.TempDir(), "screen.png")
	if out, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	colours := distinctColours(t, shot)
	if colours < 50 {
		t.Fatalf("the screenshot is blank (%d colours)", colours)
	}
	if dir := os.Getenv("LASTMILE_SMOKE_SHOT"); dir != "" {
		if b, err := os.ReadFile(shot); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "smoke.png"), b, 0o644)
		}
	}
	t.Logf("first frame after %v; screenshot has %d colours", took.Round(time.Millisecond), colours)

	// Quit with the keyboard shortcut, as a person would.
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", win, "key", "--clearmodifiers", "ctrl+q").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v\n%s", err, out)
	}
	done := make(chan error, 1)
	go func() { done <- a.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app did not quit cleanly: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the app did not quit within 20 s of Ctrl+Q")
	}

	// A clean quit closes the workspace: it opens again at once, and its
	// lock says it was closed properly.
	path := filepath.Join(home, ".config", "Lastmile", "Demo"+data.FileExt)
	lock, err := os.ReadFile(path + "-lock")
	if err != nil || !bytes.Contains(lock, []byte(`"state":"closed"`)) {
		t.Errorf("lock file after quitting: %q (%v)", lock, err)
	}
	w, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen the demo after quitting: %v", err)
	}
	w.Close()
}

func distinctColours(tb testing.TB, path string) int {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}

// BenchmarkStartupToFirstFrame starts the desktop binary on an existing demo
// workspace b.N times and reports the median time from process start to the
// first frame with the dashboard's figures (make bench runs it 5 times).
func BenchmarkStartupToFirstFrame(b *testing.B) {
	needSmoke(b)
	bin := binary(b)
	display := xvfb(b)
	b.Setenv("DISPLAY", display)
	home := b.TempDir()
	// Make the demo once, so the runs measure start-up, not generation.
	warm := start(b, bin, display, home)
	warm.waitFirstFrame(b)
	warm.cmd.Process.Signal(os.Interrupt)
	warm.cmd.Wait()

	var runs []time.Duration
	b.ResetTimer()
	for range b.N {
		a := start(b, bin, display, home)
		runs = append(runs, a.waitFirstFrame(b))
		b.StopTimer()
		a.cmd.Process.Signal(os.Interrupt)
		a.cmd.Wait()
		b.StartTimer()
	}
	slices.Sort(runs)
	b.ReportMetric(float64(runs[len(runs)/2].Milliseconds()), "ms-median-first-frame")
}
