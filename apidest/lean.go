package apidest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// leanClient sends invocations to plain http:// endpoints without net/http's Transport: one
// goroutine per request (the caller's), the request written in one Write from a pooled
// buffer, the answer read by a small parser that builds no Header map (lean_response.go).
// It keeps what the default client (NewHTTPClient) guarantees: keep-alive connections pooled
// per host:port (at most leanMaxIdlePerHost idle per host and leanMaxIdle in all, closed after
// leanIdleTimeout unused), a dial timeout, the whole exchange bounded by the context's
// deadline and ended by its cancellation, and a request that failed on a reused connection
// before any byte of an answer arrived (the server had closed it while idle) sent again once
// on a new connection. Safe for concurrent use.
type leanClient struct {
	dialer      net.Dialer
	idleTimeout time.Duration // leanIdleTimeout; shorter in tests

	mu      sync.Mutex
	idle    map[string][]*leanConn // per address, oldest first
	nIdle   int
	watches map[<-chan struct{}]*ctxWatch // long-lived contexts with exchanges in flight (lean_cancel.go)
	timer   *time.Timer                   // closes expired idle connections; nil when none is idle
	closed  bool
}

// Limits of the pool, those of NewHTTPClient's Transport.
const (
	leanMaxIdlePerHost = 512
	leanMaxIdle        = 2048
	leanIdleTimeout    = 90 * time.Second
	leanReadBuffer     = 4 << 10
)

// leanConn is one connection and its reader. It belongs to one request at a time, or to the
// pool.
type leanConn struct {
	nc        net.Conn
	br        *bufio.Reader
	addr      string
	idleSince time.Time
	reused    bool // it carried a request before the current one
}

func newLeanClient() *leanClient {
	return &leanClient{
		dialer:      net.Dialer{Timeout: InvocationTimeout, KeepAlive: 30 * time.Second},
		idleTimeout: leanIdleTimeout,
		idle:        map[string][]*leanConn{},
		watches:     map[<-chan struct{}]*ctxWatch{},
	}
}

// leanRequest is one invocation ready to send.
type leanRequest struct {
	addr   string // host:port
	method string
	wire   []byte // request line, headers and body
}

// do sends r and reads its answer into a: the status, Retry-After and, for a non-2xx answer,
// the body's first bytes. The exchange ends at deadline (none when zero) or when ctx is
// cancelled, whichever comes first; ctx's own deadline, if any, is not consulted (callers pass
// the earlier of it and theirs); shared says ctx is long-lived, the same for many calls (see
// hookCancel). An error means no answer was read: a dial, write or read failure, a malformed
// answer, or ctx's error when ctx ended the exchange.
func (c *leanClient) do(ctx context.Context, deadline time.Time, shared bool, r *leanRequest, a *answer) error {
	for attempt := 0; ; attempt++ {
		lc, err := c.get(ctx, deadline, r.addr, attempt > 0)
		if err != nil {
			return ctxError(ctx, err)
		}
		stale, err := c.exchange(ctx, deadline, shared, lc, r, a)
		if err == nil {
			return nil
		}
		if !stale || attempt > 0 || ctx.Err() != nil || expired(deadline) {
			return ctxError(ctx, err)
		}
		c.dropIdleSince(lc)
	}
}

// expired reports whether deadline (none when zero) has passed.
func expired(deadline time.Time) bool { return !deadline.IsZero() && !time.Now().Before(deadline) }

// ctxError is ctx's error when ctx has ended (what net/http returns then), else err.
func ctxError(ctx context.Context, err error) error {
	if e := ctx.Err(); e != nil {
		return e
	}
	return err
}

// exchange writes r on lc and reads the answer within deadline (the connection's deadline;
// none when zero), then returns lc to the pool or closes it. Cancelling ctx aborts it (shared:
// ctx is long-lived; see hookCancel).
// stale reports a failure that proves nothing of r was processed by the server on a reused
// connection: the write failed, or the connection ended before any byte of an answer.
func (c *leanClient) exchange(ctx context.Context, deadline time.Time, shared bool, lc *leanConn, r *leanRequest, a *answer) (stale bool, err error) {
	if err := lc.nc.SetDeadline(deadline); err != nil {
		lc.nc.Close()
		return lc.reused, err
	}
	hook := c.hookCancel(ctx, shared, lc)
	keep, err := lc.roundTrip(r, a)
	if !hook.release() {
		keep = false
	}
	if err != nil {
		lc.nc.Close()
		return lc.reused && !isTimeout(err) && (errors.Is(err, errWrite) || errors.Is(err, errNoAnswer)), err
	}
	if keep {
		c.put(lc)
	} else {
		lc.nc.Close()
	}
	return false, nil
}

// errWrite marks failures to send the request.
var errWrite = errors.New("writing the request")

// errNoAnswer wraps the end (EOF or reset) of a connection before any byte of an answer.
var errNoAnswer = errors.New("the server closed the connection without answering")

// roundTrip writes the request and reads the answer; keep reports that the connection may
// carry another request.
func (lc *leanConn) roundTrip(r *leanRequest, a *answer) (keep bool, err error) {
	if _, err := lc.nc.Write(r.wire); err != nil {
		return false, fmt.Errorf("%w: %w", errWrite, err)
	}
	if _, err := lc.br.Peek(1); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if connEnded(err) {
			err = fmt.Errorf("%w: %w", errNoAnswer, err)
		}
		return false, err
	}
	rh, err := readHead(lc.br, r.method)
	if err != nil {
		return false, err
	}
	ok2xx := rh.code >= 200 && rh.code <= 299
	snippet, complete := readBody(lc.br, &rh, !ok2xx)
	*a = answer{code: rh.code, status: rh.status, retryAfter: rh.retryAfter, snippet: snippet}
	return complete && !rh.close && rh.code != 101 && lc.br.Buffered() == 0, nil
}

// isTimeout reports a deadline (InvocationTimeout or a cancellation) ending a read or write.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// connEnded reports the peer closing or resetting the connection.
func connEnded(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED)
}

// get returns an idle connection to addr (unless fresh) or dials one within ctx and deadline
// (none when zero).
func (c *leanClient) get(ctx context.Context, deadline time.Time, addr string, fresh bool) (*leanConn, error) {
	if !fresh {
		if lc := c.popIdle(addr); lc != nil {
			return lc, nil
		}
	}
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline) // dialing is rare: new connections only
		defer cancel()
	}
	nc, err := c.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &leanConn{nc: nc, br: bufio.NewReaderSize(nc, leanReadBuffer), addr: addr}, nil
}

// popIdle takes the most recently used idle connection to addr that has not expired.
func (c *leanClient) popIdle(addr string) *leanConn {
	c.mu.Lock()
	list := c.idle[addr]
	n := len(list)
	if n == 0 {
		c.mu.Unlock()
		return nil
	}
	lc := list[n-1]
	list[n-1] = nil
	c.idle[addr] = list[:n-1]
	c.nIdle--
	c.mu.Unlock()
	if time.Since(lc.idleSince) >= c.idleTimeout {
		lc.nc.Close() // older ones go with the next sweep
		return nil
	}
	lc.reused = true
	return lc
}

// put returns lc to the pool, or closes it when the pool is full or closed.
func (c *leanClient) put(lc *leanConn) {
	lc.idleSince = time.Now()
	c.mu.Lock()
	if c.closed || c.nIdle >= leanMaxIdle || len(c.idle[lc.addr]) >= leanMaxIdlePerHost {
		c.mu.Unlock()
		lc.nc.Close()
		return
	}
	c.idle[lc.addr] = append(c.idle[lc.addr], lc)
	c.nIdle++
	if c.timer == nil {
		c.timer = time.AfterFunc(c.idleTimeout, c.sweep)
	}
	c.mu.Unlock()
}

// dropIdleSince closes the idle connections to stale's address that were idle since before
// stale was: a server that closed stale for idleness closed them too.
func (c *leanClient) dropIdleSince(stale *leanConn) {
	c.mu.Lock()
	list := c.idle[stale.addr]
	n := 0
	for n < len(list) && !list[n].idleSince.After(stale.idleSince) {
		n++
	}
	drop := append([]*leanConn(nil), list[:n]...)
	c.idle[stale.addr] = append(list[:0], list[n:]...)
	clear(list[len(list)-n:])
	c.nIdle -= n
	c.mu.Unlock()
	for _, lc := range drop {
		lc.nc.Close()
	}
}

// sweep closes connections idle for idleTimeout and re-arms itself while any is idle.
func (c *leanClient) sweep() {
	var drop []*leanConn
	now := time.Now()
	c.mu.Lock()
	next := time.Duration(-1)
	for addr, list := range c.idle {
		n := 0
		for n < len(list) && now.Sub(list[n].idleSince) >= c.idleTimeout {
			n++
		}
		drop = append(drop, list[:n]...)
		rest := append(list[:0], list[n:]...)
		clear(list[len(rest):])
		c.nIdle -= n
		if len(rest) == 0 {
			delete(c.idle, addr)
			continue
		}
		c.idle[addr] = rest
		if wait := c.idleTimeout - now.Sub(rest[0].idleSince); next < 0 || wait < next {
			next = wait
		}
	}
	if next >= 0 && !c.closed {
		c.timer.Reset(next)
	} else {
		c.timer = nil
	}
	c.mu.Unlock()
	for _, lc := range drop {
		lc.nc.Close()
	}
}

// close closes every idle connection; connections in use are closed when their request ends.
func (c *leanClient) close() {
	c.mu.Lock()
	c.closed = true
	idle := c.idle
	c.idle, c.nIdle = map[string][]*leanConn{}, 0
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	c.mu.Unlock()
	for _, list := range idle {
		for _, lc := range list {
			lc.nc.Close()
		}
	}
}

// bufPool holds request buffers; buffers grown past maxPooledBuf are left to the collector.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

const maxPooledBuf = 512 << 10
