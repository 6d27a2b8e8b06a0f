package router

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Direct dispatch. When a Router is the only reader of its bus log (one process), the Ingester
// hands each call's events to it while they are being stored: the call's hand-offs reach the
// Dispatcher at once, instead of after the synced append and the consumer's delivery of the
// record. The record still carries every event, behind a call marker naming this Router and
// the call; when the consumer delivers it, the Router recognises its own calls, skips their
// events and acknowledges the record once their hand-offs are final. A record delivered after a
// restart, or whose direct calls could not be made final, is routed from its contents as usual.
//
// Routing runs in the Ingest caller's goroutine, so delivery's back-pressure (a Dispatch that
// waits briefly for room in a backlogged target's lane) reaches the caller, as it reached the
// consumer before.
//
// A consequence callers may observe: a target can receive an event before PutEvents answers,
// and, if the append then fails, an event whose entry was reported failed (a retried entry is
// then delivered again, which at-least-once allows). Nothing accepted is lost either way.

// errRouterStopped is a direct call's result when the Router stopped before routing it.
var errRouterStopped = errors.New("router: stopped before routing")

// directCall is one Ingest call routed directly. It is final when routing is done and every
// Dispatch group has reported. Safe for concurrent use.
type directCall struct {
	n       uint64
	created time.Time

	mu      sync.Mutex
	left    int // reports still expected (1 for routing itself until it is done)
	err     error
	waiters []func(error)
}

// report records one Dispatch group's result (or routing's own, counted as one).
func (c *directCall) report(err error) {
	c.mu.Lock()
	if err != nil && c.err == nil {
		c.err = err
	}
	c.left--
	var ws []func(error)
	if c.left == 0 {
		ws, c.waiters = c.waiters, nil
	}
	final := c.err
	c.mu.Unlock()
	for _, w := range ws {
		w(final)
	}
}

// expect adds n reports to wait for; called by routing before it dispatches.
func (c *directCall) expect(n int) {
	c.mu.Lock()
	c.left += n
	c.mu.Unlock()
}

// whenFinal calls f with the call's result once it is final (at once when it already is).
func (c *directCall) whenFinal(f func(error)) {
	c.mu.Lock()
	if c.left > 0 {
		c.waiters = append(c.waiters, f)
		c.mu.Unlock()
		return
	}
	err := c.err
	c.mu.Unlock()
	f(err)
}

// directCalls are the calls a Router dispatched directly whose records the consumer has not
// delivered yet. Safe for concurrent use.
type directCalls struct {
	origin uint64 // random, never 0
	next   atomic.Uint64
	ctx    atomic.Pointer[context.Context] // the running Router's; nil when not routing

	mu sync.Mutex
	m  map[uint64]*directCall
}

func newDirectCalls() *directCalls {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &directCalls{origin: binary.LittleEndian.Uint64(b[:]) | 1, m: map[uint64]*directCall{}}
}

// open registers a new call, or returns nil when the Router is not running.
func (d *directCalls) open() *directCall {
	if d.ctx.Load() == nil {
		return nil
	}
	c := &directCall{n: d.next.Add(1), created: time.Now(), left: 1}
	d.mu.Lock()
	d.m[c.n] = c
	d.mu.Unlock()
	return c
}

// claim removes and returns call n of marker m when this Router dispatched it, else nil.
func (d *directCalls) claim(m callMarker) *directCall {
	if m.origin != d.origin {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.m[m.n]
	delete(d.m, m.n)
	return c
}

// sweep forgets calls opened before cutoff whose record never arrived (its append failed).
func (d *directCalls) sweep(cutoff time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for n, c := range d.m {
		if c.created.Before(cutoff) {
			delete(d.m, n)
		}
	}
}

// len returns the number of unclaimed calls (tests).
func (d *directCalls) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.m)
}

// directCallTTL is how long an unclaimed direct call is remembered: far longer than a stored
// record takes to reach the router, so only calls whose append failed are forgotten.
const directCallTTL = 10 * time.Minute

// marker returns the call marker for c (origin 0 for a call not dispatched directly).
func (d *directCalls) marker(c *directCall) callMarker {
	if c == nil {
		return callMarker{}
	}
	return callMarker{origin: d.origin, n: c.n}
}

// openDirect registers an Ingest call for direct dispatch; nil when this Router cannot take it
// now (not running, or no Dispatcher).
func (r *Router) openDirect() *directCall {
	if r.opts.Dispatcher == nil {
		return nil
	}
	return r.direct.open()
}

// routeDirect routes the events in frames (one call's, as the Ingester encoded them) and
// dispatches their hand-offs, reporting to c. frames must stay unchanged while hand-offs that
// alias them live: the Ingester does not reuse a directly routed call's buffer. events is the
// number of events in frames (each target's hand-offs are sized for it).
func (r *Router) routeDirect(c *directCall, frames []byte, events int) {
	p := r.direct.ctx.Load()
	if p == nil {
		c.report(errRouterStopped)
		return
	}
	ctx := *p
	if r.opts.WrittenRevision != nil {
		r.applied.wait(ctx, r.opts.WrittenRevision(), r.opts.RuleSyncWait)
	}
	order, groups, err := r.group(frames, events, nil)
	if err != nil {
		c.report(err)
		return
	}
	c.expect(len(order))
	id := "d" + strconv.FormatUint(r.direct.origin, 36) + "-" + strconv.FormatUint(c.n, 36) + "."
	for _, key := range order {
		r.opts.Dispatcher.Dispatch(ctx, key, id+key, groups[key], c.report)
	}
	c.report(nil) // routing is done
}

// runDirect makes direct dispatch available while ctx lasts and forgets stale calls.
func (r *Router) runDirect(ctx context.Context) (stop func()) {
	r.direct.ctx.Store(&ctx)
	t := time.NewTicker(directCallTTL / 10)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				r.direct.sweep(time.Now().Add(-directCallTTL))
			case <-quit:
				return
			}
		}
	}()
	return func() { r.direct.ctx.Store(nil); t.Stop(); close(quit) }
}
