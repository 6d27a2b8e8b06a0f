package delivery

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/eventrail/eventrail"
)

// batch is one consumed record whose hand-offs are being worked on.
type batch struct {
	key  inflightKey
	left atomic.Int64 // hand-offs not yet final
}

type inflightKey struct {
	consumer string
	seq      uint64
}

// inflight tracks the records held in memory, so that a record redelivered while still being
// worked on is not started twice, its latest Delivery is the one acknowledged, and all of them
// are kept alive with InProgress. Safe for concurrent use.
type inflight struct {
	mu sync.Mutex
	m  map[inflightKey]*batch
	d  map[*batch]eventrail.Delivery
}

// begin registers d with n hand-offs. fresh is false when the record is already in flight (d
// then replaces the older Delivery).
func (f *inflight) begin(consumer string, d eventrail.Delivery, n int) (b *batch, fresh bool) {
	k := inflightKey{consumer, d.Record().Seq}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.d == nil {
		f.d = map[*batch]eventrail.Delivery{}
	}
	if b := f.m[k]; b != nil {
		f.d[b] = d
		return b, false
	}
	b = &batch{key: k}
	b.left.Store(int64(n))
	f.m[k] = b
	f.d[b] = d
	return b, true
}

// end forgets b and returns its latest Delivery.
func (f *inflight) end(b *batch) eventrail.Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.d[b]
	delete(f.d, b)
	delete(f.m, b.key)
	return d
}

// deliveries returns the Deliveries in flight.
func (f *inflight) deliveries() []eventrail.Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]eventrail.Delivery, 0, len(f.d))
	for _, d := range f.d {
		out = append(out, d)
	}
	return out
}

// startKeepalive calls InProgress on every record in flight every AckWait/3 until ctx is done
// or the returned stop is called.
func (e *Engine) startKeepalive(ctx context.Context) (stop func()) {
	var mu sync.Mutex
	stopped := false
	var timer eventrail.Timer
	var tick func()
	arm := func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped && ctx.Err() == nil {
			timer = e.o.Clock.AfterFunc(e.o.AckWait/3, tick)
		}
	}
	tick = func() {
		for _, d := range e.inflight.deliveries() {
			_ = d.InProgress()
		}
		for _, d := range e.parked.deliveries() {
			_ = d.InProgress()
		}
		e.parked.sweep(e.o.Clock.Now().Add(-e.o.AckWait))
		arm()
	}
	arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		if timer != nil {
			timer.Stop()
		}
	}
}

// done marks one hand-off of j's batch final; the last one acknowledges the record.
func (e *Engine) done(j *job) {
	if j.group != nil {
		e.groupDone(j)
		return
	}
	if j.batch.left.Add(-1) == 0 {
		e.finish(j.batch)
	}
}

// len returns the number of records in flight.
func (f *inflight) len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.m)
}
