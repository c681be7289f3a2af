package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes Go profiles for performance work (README,
// Performance), when asked by the environment:
// SHUANGSUI_CPUPROFILE=FILE a CPU profile of the whole run,
// SHUANGSUI_MEMPROFILE=FILE a heap profile at its end (allocations over the
// run, and what is still in use). The returned function finishes them.
func startProfiles() (stop func()) {
	cpu, mem := os.Getenv("SHUANGSUI_CPUPROFILE"), os.Getenv("SHUANGSUI_MEMPROFILE")
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.OpenFile(cpu, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "SHUANGSUI_CPUPROFILE:", err)
		} else {
			cpuFile = f
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			f, err := os.OpenFile(mem, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err == nil {
				runtime.GC()
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "SHUANGSUI_MEMPROFILE:", err)
			}
		}
	}
}
