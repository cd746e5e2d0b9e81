package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"lastmile/cmd/internal/profile"
	"lastmile/data"
	"lastmile/data/demo"
)

// options is what a run needs from the outside world, so tests can run the
// CLI in-process with their own arguments, output and clock.
type options struct {
	args           []string
	stdout, stderr io.Writer
	now            func() time.Time
	// defaultWorkspace returns the workspace used without --workspace; nil
	// means the app's default (the demo workspace).
	defaultWorkspace func() (string, error)
}

// usageError is a mistake in the command line: it is printed with a hint to
// the usage text, and the exit status is 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, o *options, g *globals, args []string) error
}

// globals are the flags every command accepts.
type globals struct {
	workspace string
}

var commands []command

func init() {
	commands = []command{
		{"new", "[--name N] [--currency C] [--time-zone Z] [--country C] PATH", "make a new, empty workspace at PATH", runNew},
		{"demo", "PATH", "write the demo workspace (six months of an invented shop) to PATH", runDemo},
		{"summary", "[--from D --to D] [--model first|last] [--format table|json]", "print the dashboard's headline figures for a period", runSummary},
		{"report", reportArgs, "what each channel brought: spend, leads, buyers, sales, revenue, return on ad spend, with honest ranges", runReport},
		{"export", exportArgs, "write the client report or the meeting pack: Excel with charts, PDF, CSV", runExport},
		{"stock", stockArgs, "the products sitting on the shelf, slow movers first; --feed writes a Merchant Center feed", runStock},
		{"import", "[--dry-run] [--profile NAME] [--skip-bad-rows] [--save-profile NAME] FILE...", "import ad reports, sales, leads or stock (CSV, TSV, XLSX), one batch per file", runImport},
		{"batches", "", "list the imported files (batches), newest first", runBatches},
		{"undo", "BATCH", "undo an import: its rows go, the rows it replaced come back", runUndo},
		{"settings", settingsArgs, "show the workspace's settings, or change the ones given", runSettings},
		{"check", "", "run the full integrity and foreign-key checks on the workspace", runCheck},
	}
}

const intro = `lastmile-cli does Lastmile's work without a window: the same imports and the
same figures as the desktop app, for scripts and automation.`

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: lastmile-cli [--workspace PATH] COMMAND [ARGS]\n\n%s\n\nCommands:\n", intro)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n            %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, `
Options:
  --workspace PATH   the workspace file to use (default: the demo workspace the
                     desktop app opens first; it is made if missing)
  --cpuprofile FILE  record where the time goes into FILE (for a bug report)
  --memprofile FILE  record where the memory goes into FILE (for a bug report)
  --stats            say, when the command ends, how long it took and the most
                     memory it held at once (on standard error)

Dates are written YYYY-MM-DD. Run 'lastmile-cli COMMAND --help' for a command's options.
`)
}

func run(o options) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	slog.SetDefault(slog.New(slog.NewTextHandler(o.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	err := dispatch(ctx, &o)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(o.stderr, "lastmile-cli: %s\nRun 'lastmile-cli --help' for usage.\n", ue.msg)
		return 2
	default:
		if pe, ok := data.AsUserError(err); ok {
			fmt.Fprintf(o.stderr, "lastmile-cli: %s\n", pe.Msg)
			if pe.Err != nil {
				slog.Debug("cause", "err", pe.Err)
			}
		} else {
			fmt.Fprintf(o.stderr, "lastmile-cli: %v\n", err)
		}
		return 1
	}
}

func dispatch(ctx context.Context, o *options) error {
	g := &globals{}
	fs := flag.NewFlagSet("lastmile-cli", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.workspace, "workspace", "", "")
	var cpuFile, memFile string
	fs.StringVar(&cpuFile, "cpuprofile", "", "")
	fs.StringVar(&memFile, "memprofile", "", "")
	stats := fs.Bool("stats", false, "")
	if err := fs.Parse(o.args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(o.stdout)
			return err
		}
		return usagef("%v", err)
	}
	rest := fs.Args()
	if len(rest) == 0 {
		usage(o.stderr)
		return usagef("no command given")
	}
	if rest[0] == "help" {
		usage(o.stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == rest[0] {
			stop, err := profile.Start(cpuFile, memFile)
			if err != nil {
				return err
			}
			start := time.Now()
			err = c.run(ctx, o, g, rest[1:])
			if perr := stop(); perr != nil && err == nil {
				err = perr
			}
			if *stats {
				printStats(o.stderr, c.name, time.Since(start))
			}
			return err
		}
	}
	return usagef("unknown command %q", rest[0])
}

// printStats writes what --stats asks for: the command's time and the
// program's peak memory, on one line a script can read.
func printStats(w io.Writer, name string, took time.Duration) {
	peak := "not known on this system"
	if b, ok := profile.PeakMemory(); ok {
		peak = fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	fmt.Fprintf(w, "lastmile-cli: %s took %.2f s; peak memory %s\n", name, took.Seconds(), peak)
}

// newFlags returns a flag set for a command that also accepts --workspace,
// so the global flag may come before or after the command name.
func newFlags(o *options, g *globals, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.workspace, "workspace", g.workspace, "the workspace file to use")
	// The flag package prints the usage on every parse error; parse prints
	// it only for --help, on standard output, so that a script reading the
	// output never gets usage text mixed in.
	fs.Usage = func() {}
	usages[fs] = func() {
		fmt.Fprintf(o.stdout, "Usage: lastmile-cli %s %s\n\n%s.\n\nOptions:\n", name, args, strings.ToUpper(summary[:1])+summary[1:])
		fs.SetOutput(o.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// usages holds each command's usage printer.
var usages = map[*flag.FlagSet]func(){}

// parse parses a command's flags; on --help it prints the command's usage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usages[fs]()
			return err
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

// openWorkspace opens the workspace named by --workspace, or the default
// (demo) workspace, making the demo if it is missing. With refresh, a demo
// made on an earlier day is made again for today, as the app does; without
// it (check) the file is opened as it is.
func openWorkspace(ctx context.Context, o *options, g *globals, refresh bool) (*data.Workspace, error) {
	if g.workspace != "" {
		return data.Open(ctx, g.workspace)
	}
	def := demo.DefaultPath
	if o.defaultWorkspace != nil {
		def = o.defaultWorkspace
	}
	path, err := def()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil && !refresh {
		return data.Open(ctx, path)
	}
	return demo.Ensure(ctx, path, demo.Today(o.now()))
}
