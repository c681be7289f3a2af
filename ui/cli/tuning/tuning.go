// Package tuning sets up the Go runtime for a run of the program: the
// soft memory limit that keeps a draw on a library of millions of units
// within a laptop's memory, and the profiles written for performance work
// (README, Performance).
package tuning

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
)

// DefaultMemoryLimit is the soft memory limit of the Go runtime when the
// environment sets none (GOMEMLIMIT): above it the garbage collector runs
// more often; it never refuses memory. A draw on 10M units peaked at
// 2317 MB of RSS without it and 1512 MB with it, in the same time (README,
// Performance); smaller libraries never reach it.
const DefaultMemoryLimit = 1200 << 20

// Start applies the memory limit and, when the environment asks for them,
// starts the profiles: SHUANGSUI_CPUPROFILE=FILE a CPU profile of the whole
// run, SHUANGSUI_MEMPROFILE=FILE an allocation profile at its end. The
// returned function finishes the profiles; problems are said on stderr.
func Start(getenv func(string) string, stderr io.Writer) (stop func()) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
	cpu, mem := getenv("SHUANGSUI_CPUPROFILE"), getenv("SHUANGSUI_MEMPROFILE")
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.OpenFile(cpu, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err == nil {
			if err = pprof.StartCPUProfile(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "SHUANGSUI_CPUPROFILE:", err)
		} else {
			cpuFile = f
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				fmt.Fprintln(stderr, "SHUANGSUI_CPUPROFILE:", err)
			}
		}
		if mem != "" {
			f, err := os.OpenFile(mem, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err == nil {
				runtime.GC()
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fmt.Fprintln(stderr, "SHUANGSUI_MEMPROFILE:", err)
			}
		}
	}
}
