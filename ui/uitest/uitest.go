// Package uitest helps test Lastmile's screens and charts headless with
// Fyne's test driver: markup golden files that the -update flag rewrites.
package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// AssertMarkup compares what c renders with the golden file
// testdata/<name>. With -update it writes the file instead; review the diff
// before committing it.
func AssertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %s", path)
		return
	}
	test.AssertRendersToMarkup(t, name, c)
}
