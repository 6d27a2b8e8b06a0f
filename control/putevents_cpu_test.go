package control

import (
	"syscall"
	"testing"
	"time"
)

// processCPU returns the CPU time (user + system) this process has used, GC workers included.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loopCPU runs body in a b.Loop and reports, besides ns/op, the process CPU time per op
// ("cpu-ns/op"): on a shared, busy machine wall time per op also counts the time the
// benchmark waited for a core, CPU time much less so.
func loopCPU(b *testing.B, body func()) {
	n, start := 0, processCPU()
	for b.Loop() {
		body()
		n++
	}
	b.ReportMetric(float64(processCPU()-start)/float64(n), "cpu-ns/op")
}
