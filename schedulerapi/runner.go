package schedulerapi

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail"
)

// errWatchClosed is returned by Run when the store ends the schedule watch (store closed).
var errWatchClosed = errors.New("schedulerapi: the store closed the schedule watch")

// runner holds the pending occurrences of every schedule and dispatches them when due.
type runner struct {
	s *Service

	mu      sync.Mutex
	entries map[string]*entry
	heap    fireHeap
	timer   eventrail.Timer
	armedAt time.Time
	loaded  bool // the initial state of the store has been applied

	// handed counts occurrences this runner handed over; duplicates those it found already
	// handed over by another runner or an earlier run.
	handed, duplicates atomic.Int64
	// dispatched counts occurrences given to the workers; settled those whose job ended
	// (handed over, found done, or given up because the schedule went away).
	dispatched, settled atomic.Int64

	// startDone lists the occurrences the store's claims record, while the initial state
	// loads (nil afterwards). Guarded by mu.
	startDone map[string]struct{}

	// cached is the total size of the entries' kept values. Guarded by mu.
	cached int64

	// pre holds the schedules read ahead for entries due soon (prefetch.go). Guarded by mu.
	pre map[*entry]*storedSchedule

	memoMu    sync.Mutex
	memos     map[int64]*slotMemo // slot second → what this runner knows of it
	memoSwept time.Time
	watched   map[string]bool // pending parts of others awaiting their lease

	wake chan struct{} // capacity 1: "something may be due"
	jobs chan []job
	app  eventrail.Log // the hand-off log, nil without one
	ctx  context.Context
}

func newRunner(s *Service) *runner {
	return &runner{s: s, entries: map[string]*entry{}, memos: map[int64]*slotMemo{}, pre: map[*entry]*storedSchedule{}, watched: map[string]bool{},
		wake: make(chan struct{}, 1), jobs: make(chan []job, 1024)}
}

// Run fires schedules until ctx is done, then returns nil. It returns an error when it cannot
// start (store unavailable) or when the store ends the schedule watch. It must be called at
// most once; the API (Routes) works without it.
func (s *Service) Run(ctx context.Context) error {
	if err := s.ensureDefaultGroup(ctx); err != nil {
		return err
	}
	r := s.rt
	r.ctx = ctx
	r.app = s.o.HandoffLog
	done, err := r.loadClaims(ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.startDone = done
	r.mu.Unlock()
	ch, err := s.o.KV.Watch(ctx, schedulePrefix)
	if err != nil {
		return err
	}
	r.schedulePrune(ctx)
	go r.prefetchLoop(ctx)
	var wg sync.WaitGroup
	for range s.o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx)
		}()
	}
	defer func() {
		r.mu.Lock()
		if r.timer != nil {
			r.timer.Stop()
		}
		r.mu.Unlock()
		wg.Wait()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-ch:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return errWatchClosed
			}
			r.apply(e)
		case <-r.wake:
			r.dispatchDue()
		}
	}
}

// poke is the timer callback: it wakes the loop without blocking.
func (r *runner) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// apply takes one watch event: a zero entry marks the end of the initial state.
func (r *runner) apply(kv eventrail.KVEntry) {
	now := r.s.o.Clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if kv.Key == "" {
		r.loaded, r.startDone = true, nil
		r.armLocked(now)
		return
	}
	old := r.entries[kv.Key]
	if old != nil {
		r.heap.remove(old)
		delete(r.pre, old)
		r.dropValueLocked(old)
	}
	t, sc, ok := decodeTiming(kv.Key, kv.Value)
	if !ok && !kv.Deleted {
		r.s.o.Logger.Warn("schedulerapi: unreadable schedule ignored", "key", kv.Key)
	}
	if kv.Deleted || !ok {
		delete(r.entries, kv.Key)
		if r.loaded {
			r.armLocked(now)
		}
		return
	}
	e := &entry{timing: t, idx: -1}
	if old != nil && old.uid == t.uid {
		e.last = old.last
	}
	r.entries[kv.Key] = e
	r.planLocked(e, r.fromForChange(e, now), now)
	r.keepValueLocked(e, sc)
	if r.loaded {
		r.armLocked(now)
	}
}

// fromForChange is where the search for e's next occurrence starts after e was loaded or
// changed: at start, CatchUpWindow back (the latest missed occurrence fires once); later, a
// grace period back; never before the schedule's anchor (creation or last timing change) nor
// before what this runner already dispatched.
func (r *runner) fromForChange(e *entry, now time.Time) time.Time {
	back := gracePeriod
	if !r.loaded {
		back = r.s.o.CatchUpWindow
	}
	from := now.Add(-back)
	if a := e.anchor.Add(-time.Nanosecond); a.After(from) {
		from = a // a recurring schedule has no occurrence before it was created or re-timed
	}
	if e.last.After(from) {
		from = e.last
	}
	return from
}

// planLocked puts e's next occurrence after from into the heap: the latest one already due in
// (from, now] if any, else the first after now. One-time schedules have their single
// occurrence pending until dispatched, however late.
func (r *runner) planLocked(e *entry, from, now time.Time) {
	if !e.enabled {
		return
	}
	var occ time.Time
	if e.sched == nil {
		if e.at.IsZero() || e.at.Equal(e.last) {
			return
		}
		occ = e.at
	} else {
		occ = e.latest(from, now)
		if occ.IsZero() {
			occ = e.next(maxTime(from, now))
		}
		if occ.IsZero() {
			return
		}
	}
	if _, done := r.startDone[occurrenceID(e.uid, occ)]; done {
		// Handed over before this runner started: skip it.
		e.last = occ
		r.duplicates.Add(1)
		if e.sched == nil {
			return
		}
		if occ = e.next(maxTime(occ, now)); occ.IsZero() {
			return
		}
	}
	e.occ, e.fireAt = occ, e.flexTime(occ)
	r.heap.push(e)
}

// armLocked sets the single timer to the earliest pending fire time.
func (r *runner) armLocked(now time.Time) {
	if len(r.heap) == 0 {
		if r.timer != nil {
			r.timer.Stop()
			r.timer, r.armedAt = nil, time.Time{}
		}
		return
	}
	at := r.heap[0].fireAt
	if r.timer != nil && at.Equal(r.armedAt) {
		return
	}
	if r.timer != nil {
		r.timer.Stop()
	}
	r.armedAt = at
	r.timer = r.s.o.Clock.AfterFunc(at.Sub(now), r.poke)
}

// dispatchDue hands every due occurrence to the workers and plans each entry's next one.
func (r *runner) dispatchDue() {
	now := r.s.o.Clock.Now()
	var due []job
	r.mu.Lock()
	r.timer, r.armedAt = nil, time.Time{} // the timer that woke us is spent
	for len(r.heap) > 0 && !r.heap[0].fireAt.After(now) {
		e := r.heap.pop()
		occ, fireAt := e.occ, e.fireAt
		e.last = occ
		r.planLocked(e, occ, now)
		completes := e.deleteAfter && e.idx < 0
		due = append(due, job{key: e.key, uid: e.uid, occ: occ, fireAt: fireAt, completes: completes, sc: r.pre[e], form: e.form})
		delete(r.pre, e)
		if e.idx < 0 {
			r.dropValueLocked(e) // fires no more
		}
	}
	r.dispatched.Add(int64(len(due)))
	r.armLocked(now)
	r.mu.Unlock()
	for len(due) > 0 {
		n := min(len(due), maxPartItems) // one part per chunk: workers fire them in parallel
		r.enqueue(due[:n:n])
		due = due[n:]
	}
}

// keepValueLocked keeps sc's fire form in e if e is pending and the budget allows.
func (r *runner) keepValueLocked(e *entry, sc *storedSchedule) {
	if e.idx < 0 || r.s.o.ValueCacheBytes <= 0 {
		return
	}
	f := newFireForm(sc)
	if n := f.size(); r.cached+n <= r.s.o.ValueCacheBytes {
		e.form, r.cached = f, r.cached+n
	}
}

// dropValueLocked forgets e's kept value.
func (r *runner) dropValueLocked(e *entry) {
	if e.form != nil {
		r.cached -= e.form.size()
	}
	e.form = nil
}

// enqueue gives js to the workers unless the runner is stopping.
func (r *runner) enqueue(js []job) {
	select {
	case r.jobs <- js:
	case <-r.ctx.Done():
	}
}

// later re-enqueues j after d on the service clock.
func (r *runner) later(j job, d time.Duration) {
	r.s.o.Clock.AfterFunc(d, func() {
		if r.ctx.Err() == nil {
			r.enqueue([]job{j})
		}
	})
}

// pending reports the pending fire time of the schedule at key (tests).
func (r *runner) pending(key string) (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.entries[key]
	if e == nil || e.idx < 0 {
		return time.Time{}, false
	}
	return e.fireAt, true
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
