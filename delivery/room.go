package delivery

import (
	"context"
	"time"
)

// Defaults of the Dispatch back-pressure options.
const (
	DefaultBacklogWait = 250 * time.Millisecond
	DefaultParkHold    = time.Second
)

// parkedRetryDelay is how long a parked record that finds its lane full waits in the log.
const parkedRetryDelay = time.Second

// roomWaiter is one Dispatch waiting in a lane's FIFO for room. Its fields are guarded by the
// lane's mutex.
type roomWaiter struct {
	n        int           // hand-offs it brings
	ready    chan struct{} // closed when it is admitted or released
	admitted bool          // its n hand-offs were counted in the lane's reserved room
}

// hasRoom reports whether n more hand-offs fit in the lane under bound.
func (l *lane) hasRoom(n, bound int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fits(n, bound)
}

// fits reports whether n more hand-offs fit under bound beside the lane's load: its queue and
// the room held for admitted callers (an empty lane always has room). Caller holds l.mu.
func (l *lane) fits(n, bound int) bool {
	load := len(l.queue) - l.head + l.reserved
	return load == 0 || load+n <= bound
}

// waitRoom decides whether n more hand-offs may be queued in the lane for delivery from memory:
// at once if nobody waits and the lane (its queue and the room held for admitted callers) holds
// at most DirectBacklog-n, or nothing, else after waiting in the lane's FIFO, up to BacklogWait
// (wall-clock time), for its workers to drain it that far. That wait is the back-pressure that
// paces the router to the rate a target is served at when the server itself is the
// bottleneck; a lane that does not drain in time belongs to a slow target, and for ParkHold
// after that every caller is told at once to park instead (those already waiting too), so a
// slow target costs its callers no waiting. When the engine stops, waiters are told to park.
//
// It returns false when the hand-offs should be parked. When it returns true, room for n is
// held until the caller queues them with pushGroup. Waiters are admitted first come first,
// each woken by the job pop (or the cancelled waiter) that leaves room for it: a full lane
// wakes one caller per call's worth of drained jobs, not every caller per job.
func (l *lane) waitRoom(ctx context.Context, n int) bool {
	l.mu.Lock()
	if len(l.waiters) == 0 && l.fits(n, l.e.o.DirectBacklog) {
		l.reserved += n
		l.mu.Unlock()
		return true
	}
	if time.Now().Before(l.parkTil) {
		l.mu.Unlock()
		return false
	}
	w := &roomWaiter{n: n, ready: make(chan struct{})}
	l.waiters = append(l.waiters, w)
	l.mu.Unlock()
	t := time.NewTimer(l.e.o.BacklogWait)
	defer t.Stop()
	timedOut := false
	select {
	case <-w.ready:
	case <-t.C:
		timedOut = true
	case <-ctx.Done():
	case <-l.e.runCtx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case w.admitted:
		return true
	case !l.dequeue(w): // released to park
		return false
	case timedOut: // the lane belongs to a slow target
		l.parkTil = time.Now().Add(l.e.o.ParkHold)
		l.releaseWaiters()
	case l.e.runCtx.Err() == nil: // cancelled
		l.admit() // w may have been what held the others back
	}
	return false
}

// admit admits and wakes waiters, first come first, while their hand-offs fit under
// DirectBacklog. Caller holds l.mu.
func (l *lane) admit() {
	for len(l.waiters) > 0 {
		w := l.waiters[0]
		if !l.fits(w.n, l.e.o.DirectBacklog) {
			return
		}
		w.admitted = true
		l.reserved += w.n
		close(w.ready)
		l.waiters[0] = nil
		l.waiters = l.waiters[1:]
	}
	l.waiters = nil // let the drained backing array go
}

// dequeue removes w from the waiters and reports whether it was there. Caller holds l.mu.
func (l *lane) dequeue(w *roomWaiter) bool {
	for i, x := range l.waiters {
		if x == w {
			copy(l.waiters[i:], l.waiters[i+1:])
			l.waiters[len(l.waiters)-1] = nil
			l.waiters = l.waiters[:len(l.waiters)-1]
			return true
		}
	}
	return false
}

// releaseWaiters wakes every waiter without admitting it, to park. Caller holds l.mu.
func (l *lane) releaseWaiters() {
	for _, w := range l.waiters {
		close(w.ready)
	}
	l.waiters = nil
}
