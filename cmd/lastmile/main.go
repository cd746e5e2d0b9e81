// Command lastmile is the Lastmile desktop app. main only wires: it reads
// the flags, makes the Fyne app and hands over to package ui.
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones on systems without a zone database (Windows)

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	_ "lastmile/cmd/internal/memory" // one C allocator arena: a large import holds less memory
	"lastmile/cmd/internal/profile"
	"lastmile/data"
	"lastmile/data/demo"
	"lastmile/resources"
	"lastmile/ui"
)

// appID must match FyneApp.toml: preferences are stored under it.
const appID = "io.lastmile.desktop"

func main() {
	workspace := flag.String("workspace", "", "open this workspace file (default: the last one used, or the demo)")
	openDemo := flag.Bool("demo", false, "open the demo workspace")
	cpuFile := flag.String("cpuprofile", "", "record where the time goes into this file until the app closes (for a bug report)")
	memFile := flag.String("memprofile", "", "record where the memory goes into this file when the app closes (for a bug report)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: lastmile [--workspace PATH | --demo] [--cpuprofile FILE] [--memprofile FILE] [FILE...]\n\n"+
			"Opens the Lastmile desktop app. A FILE ending in .lastmile is opened as the\n"+
			"workspace; other files (CSV, XLSX…) are read on the Import screen.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	var imports []string
	for _, arg := range flag.Args() { // "Open with Lastmile" from a file manager
		switch {
		case isWorkspace(arg) && *workspace == "":
			*workspace = arg
		case isWorkspace(arg):
			fmt.Fprintf(os.Stderr, "lastmile: only one workspace can be opened at a time; %s was not opened\n", arg)
			os.Exit(2)
		default:
			if abs, err := filepath.Abs(arg); err == nil {
				arg = abs
			}
			imports = append(imports, arg)
		}
	}

	demoPath, err := demo.DefaultPath()
	if err != nil {
		fmt.Fprintln(os.Stderr, "lastmile:", err)
		os.Exit(1)
	}
	logPath := filepath.Join(filepath.Dir(demoPath), "Lastmile.log")
	if f, err := openLog(logPath); err == nil {
		defer f.Close()
		slog.SetDefault(slog.New(slog.NewTextHandler(io.MultiWriter(os.Stderr, f), nil)))
	} else {
		logPath = ""
		slog.Warn("no log file", "err", err)
	}
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("Icon.png", resources.IconPNG))

	opts := ui.Options{Workspace: *workspace, Demo: *openDemo, Import: imports, DemoPath: demoPath, Now: time.Now,
		Log: slog.Default(), LogPath: logPath}
	if os.Getenv("LASTMILE_TRACE_STARTUP") != "" {
		// The smoke test and the start-up benchmark wait for this line.
		opts.OnFirstFrame = func() {
			go func() {
				fyne.DoAndWait(func() {}) // one more pass of the event loop: the frame is drawn
				fmt.Println("lastmile: first frame")
			}()
		}
	}
	// Ctrl+C in a terminal, or a logout, closes the workspace cleanly too.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	stop, err := profile.Start(*cpuFile, *memFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lastmile:", err)
		os.Exit(1)
	}
	ui.Run(a, opts)
	if err := stop(); err != nil {
		slog.Error("profile", "err", err)
	}
}

// openLog opens the app's log file for appending (mode 0600: it can hold
// file names and customers' details from error messages). A log over 1 MB
// is kept as Lastmile.log.old and a new one started.
func openLog(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 1<<20 {
		_ = os.Rename(path, path+".old")
	}
	return os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
}

// isWorkspace tells a workspace from a file to import: by its extension, or
// by the SQLite header of a workspace that was renamed.
func isWorkspace(path string) bool {
	if strings.EqualFold(filepath.Ext(path), data.FileExt) {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "SQLite format 3\x00"
}
