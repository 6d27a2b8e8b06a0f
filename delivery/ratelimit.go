package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// bucket is a token bucket: rate tokens per second, burst max(1, rate) tokens. Safe for
// concurrent use.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, now time.Time) *bucket {
	b := &bucket{rate: rate, last: now}
	b.tokens = b.burst()
	return b
}

func (b *bucket) burst() float64 { return max(1, b.rate) }

// reserve takes a token and returns how long the caller must wait before using it (0: now).
// Reservations queue up: each waiter gets the next token in turn.
func (b *bucket) reserve(now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.After(b.last) {
		b.tokens = min(b.burst(), b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

func (b *bucket) setRate(rate float64) {
	b.mu.Lock()
	b.rate = rate
	b.tokens = min(b.tokens, b.burst())
	b.mu.Unlock()
}

// limiters holds the per-ARN buckets. Safe for concurrent use.
type limiters struct {
	mu sync.RWMutex
	m  map[string]*bucket
}

// set installs, changes or (perSecond <= 0) removes the limit for arn.
func (l *limiters) set(arn string, perSecond float64, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if perSecond <= 0 {
		delete(l.m, arn)
		return
	}
	if l.m == nil {
		l.m = map[string]*bucket{}
	}
	if b, ok := l.m[arn]; ok {
		b.setRate(perSecond)
		return
	}
	l.m[arn] = newBucket(perSecond, now)
}

func (l *limiters) get(arn string) *bucket {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.m[arn]
}

// wait blocks until arn may be invoked, calling throttled once its wait is scheduled. It returns
// ctx.Err() if ctx ended first.
func (l *limiters) wait(ctx context.Context, clock eventrail.Clock, arn string, throttled func()) error {
	b := l.get(arn)
	if b == nil {
		return nil
	}
	d := b.reserve(clock.Now())
	if d <= 0 {
		return nil
	}
	ch := make(chan struct{})
	t := clock.AfterFunc(d, func() { close(ch) })
	throttled()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}

// SetRateLimit limits invocations of every target whose ARN is arn (for API destinations, the
// destination's ARN) to perSecond, with a burst of max(1, perSecond); invocations over the
// limit wait (they are delayed, not dropped) and count ThrottledRules. perSecond <= 0 removes
// the limit. Safe for concurrent use, also while Run is running.
func (e *Engine) SetRateLimit(arn string, perSecond float64) {
	e.limits.set(arn, perSecond, e.o.Clock.Now())
}
