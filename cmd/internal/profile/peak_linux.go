package profile

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakMemory reads VmHWM ("high water mark") from /proc/self/status: the
// kernel's peak resident set of this process's own memory, which starts
// afresh when a program is loaded.
func peakMemory() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		rest, ok := strings.CutPrefix(s.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}
