package metrics

import "testing"

func BenchmarkCounterWithInc(b *testing.B) {
	c := NewEventBridge(NewRegistry()).Invocations
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.With("bus", "rule").Inc()
		}
	})
}

func BenchmarkHistogramObserve(b *testing.B) {
	h := NewEventBridge(NewRegistry()).IngestionToInvocationStartLatency.With("bus", "rule")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		v := 0.0
		for pb.Next() {
			h.Observe(v)
			v += 7
		}
	})
}

// BenchmarkCounterWith measures the series lookup alone, on one goroutine (the per-event cost
// of naming a (bus, rule) series).
func BenchmarkCounterWith(b *testing.B) {
	c := NewEventBridge(NewRegistry()).Invocations
	c.With("bus", "other-rule")
	b.ReportAllocs()
	for b.Loop() {
		c.With("bus", "rule")
	}
}
