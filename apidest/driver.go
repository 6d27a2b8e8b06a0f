package apidest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// Driver invokes API destinations: the eventrail.Deliverer for target ARNs
// arn:…:events:…:api-destination/<name>/<uuid>. It makes exactly one attempt per Deliver and
// classifies failures (package doc). Safe for concurrent use.
type Driver struct {
	s *Service

	mu    sync.RWMutex
	cache map[string]*compiled

	tokMu  sync.Mutex
	tokens map[string]*tokenSource
}

var _ eventrail.Deliverer = (*Driver)(nil)

func newDriver(s *Service) *Driver {
	return &Driver{s: s, cache: map[string]*compiled{}, tokens: map[string]*tokenSource{}}
}

// invalidate forgets every compiled destination (after a change made through the Service).
func (d *Driver) invalidate() {
	d.mu.Lock()
	clear(d.cache)
	d.mu.Unlock()
}

// compiled is a cached destination: the target and, when the lean client may invoke it, its
// lean form (lean_request.go).
type compiled struct {
	*target
	lean *leanTarget
}

// cached returns the compiled destination for arn when the cache holds it fresh, else nil.
func (d *Driver) cached(arn string) *compiled {
	d.mu.RLock()
	c := d.cache[arn]
	d.mu.RUnlock()
	if c != nil && time.Since(c.loaded) < d.s.o.CacheTTL {
		return c
	}
	return nil
}

// resolve returns the compiled destination for arn, from the cache when it is fresh.
func (d *Driver) resolve(ctx context.Context, arn string) (*compiled, error) {
	if c := d.cached(arn); c != nil {
		return c, nil
	}
	t, err := d.load(ctx, arn)
	if err != nil {
		return nil, err
	}
	c := &compiled{target: t}
	if t.missing == nil {
		c.lean = t.compileLean(d.s)
	}
	d.mu.Lock()
	d.cache[arn] = c
	d.mu.Unlock()
	return c, nil
}

// Deliver invokes the API destination h.Target.Arn with h.Payload (spec §8.3), within ctx's
// deadline and at most InvocationTimeout. A 2xx answer is success; 429 and 5xx are retryable
// HTTP_<status> errors carrying Retry-After; 1xx, 3xx and other 4xx are permanent; network
// errors are retryable SDK_CLIENT_ERROR, timeouts retryable TIMEOUT; a destination or
// connection that does not exist is a permanent NO_RESOURCE.
func (d *Driver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > InvocationTimeout {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, InvocationTimeout)
		defer cancel()
	}
	t, err := d.resolve(ctx, h.Target.Arn)
	if err != nil {
		return transportError(ctx, err)
	}
	if t.missing != nil {
		return t.missing
	}
	hdr := t.headers
	var tok *token
	fresh := false
	if t.oauth != nil {
		tok, fresh, err = t.oauth.get(ctx)
		if err != nil {
			return authError(ctx, err)
		}
		hdr = tok.hdr
	}
	if t.lean != nil {
		dl, _ := ctx.Deadline()
		return d.deliverLean(ctx, dl, false, t, h, hdr, tok, fresh)
	}
	resp, err := d.s.do(t.request(ctx, h, hdr))
	if err != nil {
		return transportError(ctx, err)
	}
	return d.outcome(resp, t.target, tok, fresh)
}

// DeliverBefore is Deliver bounded by deadline (and at most InvocationTimeout) rather than by
// a deadline of ctx: it implements delivery.DeadlineDeliverer, which spares the engine a child
// context and a timer per attempt. ctx need only carry cancellation (if it has a deadline too,
// the earlier one applies), and should be long-lived, the same for many calls, as the engine's
// run context is: the lean client hooks such a context once, until it ends, rather than once
// per call (at most 64 such contexts at a time; calls under others hook themselves). A cached
// destination that the lean client invokes, with no OAuth token to fetch, takes no context of
// its own: the deadline becomes the connection's. The others (a cache miss, a token fetch,
// net/http) run Deliver under a context with that deadline. Safe for concurrent use.
func (d *Driver) DeliverBefore(ctx context.Context, h *eventrail.Handoff, deadline time.Time) error {
	if limit := time.Now().Add(InvocationTimeout); deadline.After(limit) {
		deadline = limit
	}
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if t := d.cached(h.Target.Arn); t != nil && t.lean != nil { // lean is nil for a missing target
		if t.oauth == nil {
			return d.deliverLean(ctx, deadline, true, t, h, t.headers, nil, false)
		}
		if tok := t.oauth.cached(); tok != nil {
			return d.deliverLean(ctx, deadline, true, t, h, tok.hdr, tok, false)
		}
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return d.Deliver(ctx, h)
}

// deliverLean makes the invocation through the Service's lean client (lean.go), ending it at
// deadline (none when zero) or when ctx is cancelled (shared: ctx is long-lived).
func (d *Driver) deliverLean(ctx context.Context, deadline time.Time, shared bool, t *compiled, h *eventrail.Handoff, hdr http.Header, tok *token, fresh bool) error {
	bp := bufPool.Get().(*[]byte)
	wire, err := t.appendRequest((*bp)[:0], h, hdr, tok == nil)
	var a answer
	if err == nil {
		err = d.s.lean.do(ctx, deadline, shared, &leanRequest{addr: t.lean.addr, method: t.method, wire: wire}, &a)
	}
	if cap(wire) <= maxPooledBuf {
		*bp = wire[:0]
		bufPool.Put(bp)
	}
	if err != nil {
		return transportError(ctx, err)
	}
	return d.classify(&a, t.target, tok, fresh)
}

// answer is what classification needs of an HTTP answer.
type answer struct {
	code       int
	status     string // "404 Not Found", as http.Response.Status
	retryAfter string // the Retry-After header
	snippet    []byte // the first bytes (at most snippetLimit) of a non-2xx body
}

// outcome classifies a net/http response and releases it for connection reuse: the body is
// drained up to drainLimit (after a snippetLimit snippet of a non-2xx body).
func (d *Driver) outcome(resp *http.Response, t *target, tok *token, fresh bool) error {
	defer resp.Body.Close()
	a := answer{code: resp.StatusCode}
	if a.code < 200 || a.code > 299 {
		a.snippet, _ = io.ReadAll(io.LimitReader(resp.Body, snippetLimit))
		a.status, a.retryAfter = resp.Status, resp.Header.Get("Retry-After")
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainLimit))
	return d.classify(&a, t, tok, fresh)
}

// classify turns an answer into Deliver's result: nil for 2xx, else an HTTP_<code>
// DeliveryError (retryable for 429 and 5xx, with Retry-After; for a 401/407 with an OAuth
// token, the token is dropped and the error retryable unless the token was just fetched).
func (d *Driver) classify(a *answer, t *target, tok *token, fresh bool) error {
	code := a.code
	if code >= 200 && code <= 299 {
		return nil
	}
	de := &eventrail.DeliveryError{Code: "HTTP_" + strconv.Itoa(code), Message: statusMessage(a.status, a.snippet)}
	switch {
	case code == http.StatusTooManyRequests || code >= 500:
		de.Retryable = true
		de.RetryAfter = retryAfter(a.retryAfter, d.s.o.Clock.Now())
	case (code == http.StatusUnauthorized || code == http.StatusProxyAuthRequired) && tok != nil:
		t.oauth.drop(tok) // the next attempt fetches a new token
		de.Retryable = !fresh
	}
	return de
}

func statusMessage(status string, body []byte) string {
	msg := "The API destination answered HTTP " + status
	if b := strings.TrimSpace(string(body)); b != "" {
		msg += ": " + b
	}
	return msg
}

// maxRetryAfter caps Retry-After at the longest an event may live (24 h).
const maxRetryAfter = 24 * time.Hour

// retryAfter parses a Retry-After header: delay-seconds (a negative number stops retries, as
// the engine treats negative RetryAfter) or an HTTP date. 0 when absent or unparsable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(min(max(n, -1), int64(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}

// transportError classifies a failure to get an answer: a timeout is a retryable TIMEOUT, a
// host that does not resolve a permanent SDK_CLIENT_ERROR, anything else a retryable one.
func transportError(ctx context.Context, err error) *eventrail.DeliveryError {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) {
		return &eventrail.DeliveryError{Code: "TIMEOUT", Message: "The API destination did not answer in time: " + err.Error(), Retryable: true}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: err.Error()}
	}
	return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: err.Error(), Retryable: true}
}

// authError classifies a failed OAuth token fetch: refused by the endpoint with a 4xx other
// than 429 is permanent (NO_PERMISSIONS); 429, 5xx and transport failures are retryable.
func authError(ctx context.Context, err error) *eventrail.DeliveryError {
	var te *tokenError
	if !errors.As(err, &te) {
		return transportError(ctx, err)
	}
	de := &eventrail.DeliveryError{Code: "NO_PERMISSIONS", Message: "OAuth authorization failed: " + te.msg}
	if te.status == http.StatusTooManyRequests || te.status >= 500 {
		de.Code, de.Retryable = "HTTP_"+strconv.Itoa(te.status), true
	}
	return de
}
