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

// hasRoom reports whether n more hand-offs fit in the lane under bound (an empty lane always
// has room).
func (l *lane) hasRoom(n, bound int) bool {
	d := l.depth()
	return d == 0 || d+n <= bound
}

// waitRoom decides whether n more hand-offs may be queued in the lane for delivery from memory:
// at once if the lane holds at most bound-n (or nothing), else after waiting up to maxWait
// (wall-clock time) for its workers to drain it that far. That wait is the back-pressure that
// paces the router to the rate a target is served at when the server itself is the
// bottleneck; a lane that does not drain in time belongs to a slow target, and for hold after
// that every caller is told at once to park instead, so a slow target costs its callers no
// waiting. It returns false when the hand-offs should be parked.
func (l *lane) waitRoom(ctx context.Context, n, bound int, maxWait, hold time.Duration) bool {
	var timeout <-chan time.Time
	for {
		l.mu.Lock()
		depth := len(l.queue) - l.head
		if depth == 0 || depth+n <= bound {
			l.mu.Unlock()
			return true
		}
		if time.Now().Before(l.parkTil) {
			l.mu.Unlock()
			return false
		}
		if l.room == nil {
			l.room = make(chan struct{})
		}
		room := l.room
		l.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(maxWait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-room:
		case <-timeout:
			l.mu.Lock()
			l.parkTil = time.Now().Add(hold)
			l.mu.Unlock()
			return false
		case <-ctx.Done():
			return false
		}
	}
}
