// Package memory tunes how the C side of the programs (SQLite, through
// cgo) takes memory from the system. Import it for its effect:
//
//	import _ "lastmile/cmd/internal/memory"
//
// On Linux with glibc it limits the C allocator to one arena, before the
// Go runtime starts its threads. glibc otherwise gives each thread that
// allocates its own arena, up to eight per core; SQLite runs on whichever
// threads cgo calls it from, so a long import spreads its page cache over
// many arenas and holds more memory than it uses (79 MB at a million
// lines against 67 MB with one arena, measured, at the same speed).
// Elsewhere it does nothing.
package memory

// ArenasLimited reports whether the limit was set when the program
// started.
func ArenasLimited() bool { return arenasLimited() }
