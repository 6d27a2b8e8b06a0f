package schedulerapi

import (
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// BenchmarkFireOneTime measures the whole path of one occurrence on memstore: claim, read the
// schedule, build the hand-off, group-committed append, mark done.
func BenchmarkFireOneTime(b *testing.B) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(b, clock)
	at := t0.Add(time.Hour)
	createMany(b, e.svc, b.N, func(int) time.Time { return at })
	e.run(e.svc)
	waitForWithin(b, time.Minute, "loaded", func() bool {
		e.svc.rt.mu.Lock()
		defer e.svc.rt.mu.Unlock()
		return len(e.svc.rt.heap) == b.N
	})
	b.ReportAllocs()
	b.ResetTimer()
	clock.Set(at)
	waitForWithin(b, time.Minute, "all handed over", func() bool { return e.svc.rt.handed.Load() == int64(b.N) })
}

// BenchmarkHeapChurn measures planning: push an occurrence, pop the earliest.
func BenchmarkHeapChurn(b *testing.B) {
	var h fireHeap
	entries := make([]*entry, 100_000)
	for i := range entries {
		entries[i] = &entry{idx: -1, fireAt: t0.Add(time.Duration(i*7919%100_000) * time.Millisecond)}
		h.push(entries[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		e := h.pop()
		e.fireAt = e.fireAt.Add(time.Duration(100_000+i%977) * time.Millisecond)
		h.push(e)
	}
}
