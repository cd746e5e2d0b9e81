package profile

import "syscall"

// peakMemory asks the kernel for this process's peak resident set; on
// macOS getrusage gives it in bytes.
func peakMemory() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Maxrss, true
}
