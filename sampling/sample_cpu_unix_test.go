//go:build unix

package sampling

import "syscall"

// processCPU returns the user plus system CPU time of the process so far,
// in nanoseconds, or -1 where it is unknown. Benchmarks report it beside
// wall time because the benchmark machine may be shared.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
