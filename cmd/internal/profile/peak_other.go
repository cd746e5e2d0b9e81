//go:build !linux && !darwin && !windows

package profile

// peakMemory is not known on this system.
func peakMemory() (int64, bool) { return 0, false }
