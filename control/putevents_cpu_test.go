package control

import (
	"testing"

	"github.com/eventrail/eventrail/internal/cputime"
)

// loopCPU runs body in a b.Loop and reports, besides ns/op, the process CPU time per op
// ("cpu-ns/op"): on a shared, busy machine wall time per op also counts the time the
// benchmark waited for a core, CPU time much less so.
func loopCPU(b *testing.B, body func()) {
	n, start := 0, cputime.Process()
	for b.Loop() {
		body()
		n++
	}
	b.ReportMetric(float64(cputime.Process()-start)/float64(n), "cpu-ns/op")
}
