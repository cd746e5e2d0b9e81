// Package profile records the CPU and memory profiles a person can send
// when Lastmile is slow: both programs take --cpuprofile FILE and
// --memprofile FILE. The files are Go's pprof format (read them with
// `go tool pprof`); they hold function names and timings, never the
// workspace's data.
package profile

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// Start begins a CPU profile into cpuFile (when not empty) and returns the
// function that ends it and writes the heap profile into memFile (when not
// empty). Call the returned function once, when the work is done; its
// error says which file could not be written.
func Start(cpuFile, memFile string) (stop func() error, err error) {
	var cpu *os.File
	if cpuFile != "" {
		if cpu, err = os.Create(cpuFile); err != nil {
			return nil, fmt.Errorf("the CPU profile cannot be written: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("the CPU profile cannot be started: %w", err)
		}
	}
	if memFile != "" {
		// Every allocation of 64 KB or more, and a sample of the smaller
		// ones (Go's default rate), so that peaks show.
		runtime.MemProfileRate = 64 * 1024
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				errs = append(errs, fmt.Errorf("the CPU profile %s: %w", cpuFile, err))
			}
		}
		if memFile != "" {
			if err := writeHeap(memFile); err != nil {
				errs = append(errs, fmt.Errorf("the memory profile %s: %w", memFile, err))
			}
		}
		return errors.Join(errs...)
	}, nil
}

// writeHeap writes the allocations since the start (alloc_space shows
// where memory went over the whole run; inuse_space what is still held).
func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
