package apidest

import (
	"context"
	"time"
)

// Cancellation of lean exchanges. An exchange under a short-lived context (Deliver's: one per
// invocation) hooks that context itself with context.AfterFunc. Exchanges under a long-lived
// context (DeliverBefore's: the delivery engine's run context, the same for every invocation)
// share one hook per context instead: the client keeps the connections in flight under each
// such context and aborts them all when it ends, so registering an exchange is a map insertion
// under the client's lock, with no allocation and no contention on the context's own lock.

// maxWatches bounds the long-lived contexts the client hooks at once (each is forgotten only
// when it ends); exchanges under further ones hook themselves.
const maxWatches = 64

// ctxWatch is the hook of one long-lived context: the connections in flight under it.
type ctxWatch struct {
	conns map[*leanConn]struct{}
}

// cancelHook is an exchange's registration for cancellation (a value: making one allocates
// nothing when the context is long-lived).
type cancelHook struct {
	c    *leanClient
	done <-chan struct{} // set when registered with c.watch
	lc   *leanConn
	stop func() bool // set when registered with context.AfterFunc
}

// hookCancel arranges for lc's deadline to be moved to the past, ending the exchange on it at
// once, when ctx is cancelled. shared says ctx is long-lived. The hook's release must be called
// when the exchange is over. The caller must have set lc's deadline for the exchange first.
func (c *leanClient) hookCancel(ctx context.Context, shared bool, lc *leanConn) cancelHook {
	done := ctx.Done()
	switch {
	case done == nil:
		return cancelHook{}
	case shared && c.watch(ctx, done, lc):
		return cancelHook{c: c, done: done, lc: lc}
	}
	return cancelHook{stop: context.AfterFunc(ctx, func() { _ = lc.nc.SetDeadline(aLongTimeAgo) })}
}

// release ends the registration; false means the context's end has touched the connection
// meanwhile (it must then not be reused).
func (h cancelHook) release() bool {
	switch {
	case h.stop != nil:
		return h.stop()
	case h.done != nil:
		return h.c.unwatch(h.done, h.lc)
	}
	return true
}

// watch registers lc as in flight under ctx (done is ctx.Done()) and returns true, or returns
// false when the client already watches maxWatches contexts.
func (c *leanClient) watch(ctx context.Context, done <-chan struct{}, lc *leanConn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.watches[done]
	if w == nil {
		if len(c.watches) >= maxWatches {
			return false
		}
		w = &ctxWatch{conns: map[*leanConn]struct{}{}}
		c.watches[done] = w
		context.AfterFunc(ctx, func() { c.abortWatched(done) }) // at once if ctx has ended
	}
	w.conns[lc] = struct{}{}
	return true
}

// unwatch ends lc's registration under done and reports false when done's context ended
// meanwhile (abortWatched took lc).
func (c *leanClient) unwatch(done <-chan struct{}, lc *leanConn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.watches[done]
	if w == nil {
		return false
	}
	if _, ok := w.conns[lc]; !ok {
		return false
	}
	delete(w.conns, lc)
	return true
}

// abortWatched ends every exchange in flight under the context whose Done channel is done, and
// forgets that context.
func (c *leanClient) abortWatched(done <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.watches[done]
	delete(c.watches, done)
	if w == nil {
		return
	}
	for lc := range w.conns {
		_ = lc.nc.SetDeadline(aLongTimeAgo) // under mu: unwatch cannot have returned true
	}
}

// aLongTimeAgo is a deadline that makes blocked reads and writes return at once.
var aLongTimeAgo = time.Unix(1, 0)
