package apidest

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLeanStaleConnections: a server that closed pooled connections while they were idle
// (or reset them) costs no failed invocation and no duplicate request; the other connections
// idle since before the stale one are dropped with it.
func TestLeanStaleConnections(t *testing.T) {
	for _, reset := range []bool{false, true} {
		name := map[bool]string{false: "closed", true: "reset"}[reset]
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			gate := make(chan struct{})
			srv := newRawServer(t, func(n int32, _ *http.Request) (string, bool) {
				if n <= 4 {
					<-gate // the first four wait for each other: four pooled connections
				}
				return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
			})
			arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", srv.url+"/in")
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
						t.Error(err)
					}
				})
			}
			waitFor(t, "four requests", func() bool { return srv.requests.Load() == 4 })
			close(gate)
			wg.Wait()
			if srv.conns.Load() != 4 {
				t.Fatalf("%d connections for 4 concurrent invocations", srv.conns.Load())
			}
			srv.mu.Lock()
			for _, c := range srv.open {
				if reset {
					_ = c.(*net.TCPConn).SetLinger(0)
				}
			}
			srv.mu.Unlock()
			srv.closeIdle()
			for i := range 3 {
				if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
					t.Fatalf("invocation %d after the server closed idle connections: %v", i, err)
				}
			}
			if got := srv.requests.Load(); got != 7 {
				t.Fatalf("server read %d requests, want 7 (4 + 3, none repeated)", got)
			}
			if got := srv.conns.Load(); got != 5 {
				t.Fatalf("%d connections, want 5: one new one", got)
			}
			if got := e.idleConns(srv); got != 1 {
				t.Fatalf("%d idle connections, want 1: the stale ones are dropped together", got)
			}
		})
	}
}

// TestLeanNoRetryOnFreshConnection: an answer missing on a connection just dialled is a
// failed invocation, not a second request.
func TestLeanNoRetryOnFreshConnection(t *testing.T) {
	e := newEnv(t)
	srv := newRawServer(t, func(int32, *http.Request) (string, bool) { return "", true })
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", srv.url+"/in")
	de := deliveryErr(t, e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)))
	if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable {
		t.Fatalf("got %+v", de)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Fatalf("server read %d requests, want 1", n)
	}
	// A reused connection that fails twice (stale, then the new one too) fails once.
	var n atomic.Int32
	srv2 := newRawServer(t, func(int32, *http.Request) (string, bool) {
		if n.Add(1) == 1 {
			return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
		}
		return "", true
	})
	arn2 := e.dest(t, "d2", e.connArn(t), "POST", srv2.url+"/in")
	if err := e.s.Driver().Deliver(ctx, handoff(arn2, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	srv2.closeIdle()
	de = deliveryErr(t, e.s.Driver().Deliver(ctx, handoff(arn2, `{}`, nil)))
	if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable {
		t.Fatalf("got %+v", de)
	}
	if got := srv2.requests.Load(); got != 2 {
		t.Fatalf("server read %d requests, want 2 (the stale connection's request never arrived)", got)
	}
	// A reused connection that ends after part of an answer is not retried: the server had
	// the request.
	srv3 := newRawServer(t, func(n int32, _ *http.Request) (string, bool) {
		if n == 1 {
			return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
		}
		return "HTTP/1.1 200 OK\r\nContent-Le", true
	})
	arn3 := e.dest(t, "d3", e.connArn(t), "POST", srv3.url+"/in")
	for i := range 2 {
		err := e.s.Driver().Deliver(ctx, handoff(arn3, `{}`, nil))
		if i == 0 && err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if de := deliveryErr(t, err); de.Code != "SDK_CLIENT_ERROR" || !de.Retryable {
				t.Fatalf("got %+v", de)
			}
		}
	}
	if got := srv3.requests.Load(); got != 2 {
		t.Fatalf("server read %d requests, want 2 (no retry after part of an answer)", got)
	}
}

// TestLeanTimeoutAndCancel: a server that never answers makes a TIMEOUT at the context's
// deadline; a cancelled context ends the invocation at once, as with net/http.
func TestLeanTimeoutAndCancel(t *testing.T) {
	srv := newSilentServer(t)
	lean, nethttp := leanEnvs(t)
	for _, e := range []*env{lean, nethttp} {
		arn := e.dest(t, "slow", e.connArn(t), "POST", srv.url+"/in")
		tctx, cancel := contextWithTimeout(200 * time.Millisecond)
		start := time.Now()
		de := deliveryErr(t, e.s.Driver().Deliver(tctx, handoff(arn, `{}`, nil)))
		cancel()
		if de.Code != "TIMEOUT" || !de.Retryable || time.Since(start) > 2*time.Second {
			t.Fatalf("slow target: %+v after %v", de, time.Since(start))
		}
		cctx, cancel := contextWithCancel()
		time.AfterFunc(100*time.Millisecond, cancel)
		start = time.Now()
		de = deliveryErr(t, e.s.Driver().Deliver(cctx, handoff(arn, `{}`, nil)))
		if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable || !strings.Contains(de.Message, "context canceled") || time.Since(start) > 2*time.Second {
			t.Fatalf("cancelled: %+v after %v", de, time.Since(start))
		}
	}
}
