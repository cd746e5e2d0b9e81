package memory

import (
	"runtime"
	"testing"
)

// On Linux (glibc, as on Debian and Ubuntu) the limit is set when the
// program starts; elsewhere nothing is done.
func TestArenasLimited(t *testing.T) {
	if got := ArenasLimited(); got != (runtime.GOOS == "linux") {
		t.Errorf("arenas limited: %v on %s", got, runtime.GOOS)
	}
}
