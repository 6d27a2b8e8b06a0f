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
	group   *group    // non-nil: dispatched from memory (batch is then nil)
	final   bool      // of a group's job: it is final (guarded by group.mu)
}

// lane is one target's FIFO queue, served by up to PerTargetConcurrency workers that exist only
// while there is work. Safe for concurrent use.
type lane struct {
	e   *Engine
	key string

	mu       sync.Mutex
	queue    []*job
	head     int
	workers  int
	waiters  []*roomWaiter // Dispatch calls waiting for room, first come first admitted (waitRoom)
	reserved int           // hand-offs admitted by waitRoom and not yet queued by pushGroup
	parkTil  time.Time     // Dispatch parks at once until then (the lane did not drain in time)

	series seriesCache // the metric series of the lane's rule
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

// pushGroup queues the jobs of js, for which waitRoom held room, in order and starts as many
// workers as they need and the lane allows.
func (l *lane) pushGroup(js []job) {
	l.mu.Lock()
	l.reserved -= len(js)
	for i := range js {
		l.queue = append(l.queue, &js[i])
	}
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
	l.admit()
	if l.head > 1024 && l.head*2 > len(l.queue) { // reclaim the consumed front
		l.queue = append(l.queue[:0:0], l.queue[l.head:]...)
		l.head = 0
	}
	return j
}

// work serves the lane until it is empty.
func (l *lane) work() {
	defer l.e.jobs.Done()
	w := worker{lane: l, run: l.e.runCtx}
	defer w.close()
	for j := l.pop(); j != nil; j = l.pop() {
		l.e.process(&w, j)
	}
}

// worker is the state of one lane worker goroutine; not safe for concurrent use. Workers come
// and go with the lane's work (often one per job under load), so starting one costs nothing
// beyond the goroutine: the context drivers without DeadlineDeliverer need is made on first use.
type worker struct {
	lane   *lane
	run    context.Context    // the engine's run context: cancelled on shutdown
	ctx    context.Context    // nil, or a child of run (see attemptParent)
	cancel context.CancelFunc // cancels ctx
}

// attemptParent returns the context to derive per-attempt deadline contexts from: the worker's
// own child of the run context, so that the attempts of all workers do not contend on the run
// context's lock.
func (w *worker) attemptParent() context.Context {
	if w.ctx == nil {
		w.ctx, w.cancel = context.WithCancel(w.run)
	}
	return w.ctx
}

// close releases the worker's context.
func (w *worker) close() {
	if w.cancel != nil {
		w.cancel()
	}
}

// depth returns the number of queued jobs (tests, diagnostics).
func (l *lane) depth() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue) - l.head
}
