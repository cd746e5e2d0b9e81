// Command lastmile-cli does Lastmile's work without a window: it writes the
// demo workspace, prints the dashboard's figures and checks a workspace. It
// uses the very same packages as the desktop app, so its numbers are the
// window's numbers.
//
// Exit status: 0 on success, 1 when the work failed, 2 on a usage error.
package main

import (
	"os"
	"time"

	_ "lastmile/cmd/internal/memory" // one C allocator arena: a large import holds less memory
)

func main() {
	os.Exit(run(options{
		args:   os.Args[1:],
		stdout: os.Stdout,
		stderr: os.Stderr,
		now:    time.Now,
	}))
}
