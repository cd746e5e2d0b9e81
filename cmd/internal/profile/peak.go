package profile

// PeakMemory reports the most memory the program has held in RAM at once
// since it started (its peak resident set), in bytes, and whether this
// system lets the program know it.
//
// It counts this program only. The rusage a parent reads when its child
// ends does not do that on Linux: a child started by a Go program (which
// starts it sharing the parent's memory until it loads its own) inherits
// the parent's peak there, so a benchmark that timed lastmile-cli from a
// 60 MB test binary read 60 MB whatever the import took.
func PeakMemory() (int64, bool) { return peakMemory() }
