package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// job is one hand-off on its way to a final outcome.
type job struct {
	h       *eventrail.Handoff
	laneKey string
	batch   *batch
	retries int       // retries already performed (0: the next attempt is the first)
	dlq     *dlqState // non-nil: delivery is over; the hand-off is to be dead-lettered
	group   *group    // non-nil: dispatched from memory (batch is then nil); index is its place
	index   int
}

// lane is one target's FIFO queue, served by up to PerTargetConcurrency workers that exist only
// while there is work. Safe for concurrent use.
type lane struct {
	e   *Engine
	key string

	mu      sync.Mutex
	queue   []*job
	head    int
	workers int
	room    chan struct{} // non-nil while Dispatch waits for room: closed by pop
	parkTil time.Time     // Dispatch parks at once until then (the lane did not drain in time)
}

// push queues j and starts a worker if the lane has room for one.
func (l *lane) push(j *job) {
	l.mu.Lock()
	l.queue = append(l.queue, j)
	start := l.workers < l.e.o.PerTargetConcurrency && l.e.track()
	if start {
		l.workers++
	}
	l.mu.Unlock()
	if start {
		go l.work()
	}
}

// pushAll queues js in order and starts as many workers as they need and the lane allows.
func (l *lane) pushAll(js []*job) {
	l.mu.Lock()
	l.queue = append(l.queue, js...)
	start := 0
	for l.workers < l.e.o.PerTargetConcurrency && start < len(js) && l.e.track() {
		l.workers++
		start++
	}
	l.mu.Unlock()
	for ; start > 0; start-- {
		go l.work()
	}
}

// pop returns the next job, or nil (and retires the calling worker) when the queue is empty or
// the engine is shutting down.
func (l *lane) pop() *job {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.head == len(l.queue) || l.e.runCtx.Err() != nil {
		l.queue, l.head = l.queue[:0], 0
		l.workers--
		return nil
	}
	j := l.queue[l.head]
	l.queue[l.head] = nil
	l.head++
	if l.room != nil {
		close(l.room)
		l.room = nil
	}
	if l.head > 1024 && l.head*2 > len(l.queue) { // reclaim the consumed front
		l.queue = append(l.queue[:0:0], l.queue[l.head:]...)
		l.head = 0
	}
	return j
}

// work serves the lane until it is empty. Each worker has its own child of the run context so
// that per-attempt deadlines do not all contend on the run context's lock.
func (l *lane) work() {
	defer l.e.jobs.Done()
	ctx, cancel := context.WithCancel(l.e.runCtx)
	defer cancel()
	for j := l.pop(); j != nil; j = l.pop() {
		l.e.process(ctx, j)
	}
}

// depth returns the number of queued jobs (tests, diagnostics).
func (l *lane) depth() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue) - l.head
}
