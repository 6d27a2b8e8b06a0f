package schedulerapi

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// Prefetch: the runner keeps only timings in memory and reads a schedule's target from the
// store when it fires. On a durable store a read costs a round trip, and a burst of
// thousands of occurrences due in one second would wait on thousands of reads, so the
// schedules due within prefetchAhead are read ahead of time, a few times a second, and
// handed to their job. A schedule changed meanwhile replaces its entry (and so drops what
// was read for it); the uid check at fire time guards the rest.

const (
	prefetchAhead = 2 * time.Second
	prefetchEvery = 100 * time.Millisecond
	// maxPrefetched bounds the schedules held read ahead (memory: about 1 KB each).
	maxPrefetched = 50_000
)

// prefetchLoop reads ahead every prefetchEvery (real time) until ctx is done.
func (r *runner) prefetchLoop(ctx context.Context) {
	t := time.NewTicker(prefetchEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.prefetch(ctx)
		}
	}
}

// prefetch reads the schedules of the entries due within prefetchAhead that have not been
// read yet.
func (r *runner) prefetch(ctx context.Context) {
	horizon := r.s.o.Clock.Now().Add(prefetchAhead)
	r.mu.Lock()
	room := maxPrefetched - len(r.pre)
	var want []*entry
	r.heap.within(horizon, func(e *entry) bool {
		if _, have := r.pre[e]; !have && e.form == nil {
			want = append(want, e)
		}
		return len(want) < room
	})
	r.mu.Unlock()
	if len(want) == 0 {
		return
	}
	got := make([]*storedSchedule, len(want))
	var wg sync.WaitGroup
	next := make(chan int, len(want))
	for i := range want {
		next <- i
	}
	close(next)
	for range min(readers, len(want)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if cur, err := r.s.o.KV.Get(ctx, want[i].key); err == nil {
					var sc storedSchedule
					if json.Unmarshal(cur.Value, &sc) == nil {
						got[i] = &sc
					}
				}
			}
		}()
	}
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, e := range want {
		if got[i] != nil && r.entries[e.key] == e && e.idx >= 0 && got[i].Uid == e.uid {
			r.pre[e] = got[i]
		}
	}
}

// within calls f for every entry due at or before horizon (in no particular order) until f
// returns false. It visits only those entries and their direct children.
func (h fireHeap) within(horizon time.Time, f func(*entry) bool) {
	if len(h) == 0 {
		return
	}
	stack := []int{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h[i].fireAt.After(horizon) {
			continue
		}
		if !f(h[i]) {
			return
		}
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(h) {
				stack = append(stack, c)
			}
		}
	}
}
