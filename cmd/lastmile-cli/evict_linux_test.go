package main

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// evictFromCache writes a freshly built program to disk and drops it from
// the page cache, so that it runs as an installed program does: read
// from disk. Run straight from the linker's output, Linux 6.x maps the
// program file's text in 2 MB pieces (the large pages the write left in
// the cache), and every piece touched counts whole in the memory of each
// run: 10–18 MB more than the same program read from disk.
func evictFromCache(tb testing.TB, path string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		tb.Fatal(err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		tb.Fatal(err)
	}
}
