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

// hasRoom reports whether n more hand-offs fit in the lane under bound (an empty lane always
// has room).
func (l *lane) hasRoom(n, bound int) bool {
	d := l.depth()
	return d == 0 || d+n <= bound
}

// load returns the queued hand-offs plus those admitted and not yet queued. Caller holds l.mu.
func (l *lane) load() int { return len(l.queue) - l.head + l.reserved }

// waitRoom decides whether n more hand-offs may be queued in the lane for delivery from memory:
// at once if the lane (its queue and the room held for admitted callers) holds at most
// DirectBacklog-n, or nothing, else after waiting in the lane's FIFO, up to BacklogWait
// (wall-clock time), for its workers to drain it that far. That wait is the back-pressure that
// paces the router to the rate a target is served at when the server itself is the
// bottleneck; a lane that does not drain in time belongs to a slow target, and for ParkHold
// after that every caller is told at once to park instead (those already waiting too), so a
// slow target costs its callers no waiting.
//
// It returns false when the hand-offs should be parked. When it returns true, reserved is the
// room held for them, which the caller hands back to pushGroup with the jobs. Waiters are
// admitted first come first, each woken by the job pop (or the cancelled waiter) that leaves
// room for it: a full lane wakes one caller per call's worth of drained jobs, not every caller
// per job.
func (l *lane) waitRoom(ctx context.Context, n int) (ok bool, reserved int) {
	bound := l.e.o.DirectBacklog
	l.mu.Lock()
	// Room found here is room no waiter fits in: admit gives the first waiter its room as soon
	// as there is enough.
	if load := l.load(); load == 0 || load+n <= bound {
		l.mu.Unlock()
		return true, 0
	}
	if time.Now().Before(l.parkTil) {
		l.mu.Unlock()
		return false, 0
	}
	w := &roomWaiter{n: n, ready: make(chan struct{})}
	l.waiters = append(l.waiters, w)
	l.mu.Unlock()
	t := time.NewTimer(l.e.o.BacklogWait)
	defer t.Stop()
	select {
	case <-w.ready:
	case <-t.C:
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case w.admitted:
		return true, n
	case !l.dequeue(w): // released to park
		return false, 0
	case ctx.Err() != nil:
		l.admit() // w may have been what held the others back
		return false, 0
	}
	l.parkTil = time.Now().Add(l.e.o.ParkHold) // timed out: the lane belongs to a slow target
	l.releaseWaiters()
	return false, 0
}

// admit admits and wakes waiters, first come first, while their hand-offs fit under
// DirectBacklog. Caller holds l.mu.
func (l *lane) admit() {
	bound := l.e.o.DirectBacklog
	for len(l.waiters) > 0 {
		w := l.waiters[0]
		if load := l.load(); load != 0 && load+w.n > bound {
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
