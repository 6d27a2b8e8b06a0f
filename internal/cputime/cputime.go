// Package cputime reads the CPU time this process has used, for benchmarks that report CPU per
// operation: on a shared, busy machine wall time per operation also counts the time spent
// waiting for a core, CPU time much less so.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the user and system CPU time this process has used so far, GC workers
// included. Safe for concurrent use.
func Process() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
