package apidest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDeliverBeforeTimeoutAndCancel: DeliverBefore under a long-lived context gives up at its
// deadline (or the context's, when earlier) with a TIMEOUT, and every invocation in flight under
// the context ends at once when it is cancelled, its connection not reused; a call under the
// cancelled context ends at once too. Both clients, the lean one on its deadline-only path.
func TestDeliverBeforeTimeoutAndCancel(t *testing.T) {
	srv := newSilentServer(t)
	lean, nethttp := leanEnvs(t)
	for _, e := range []*env{lean, nethttp} {
		arn := e.dest(t, "slow", e.connArn(t), "POST", srv.url+"/in")
		if _, err := e.s.Driver().resolve(ctx, arn); err != nil { // cached: the lean fast path
			t.Fatal(err)
		}
		run, cancel := context.WithCancel(ctx)
		defer cancel()

		start := time.Now()
		de := deliveryErr(t, e.s.Driver().DeliverBefore(run, handoff(arn, `{}`, nil), start.Add(200*time.Millisecond)))
		if took := time.Since(start); de.Code != "TIMEOUT" || !de.Retryable || took < 200*time.Millisecond || took > 3*time.Second {
			t.Fatalf("slow target: %+v after %v", de, took)
		}
		short, cancelShort := context.WithTimeout(run, 200*time.Millisecond)
		start = time.Now()
		de = deliveryErr(t, e.s.Driver().DeliverBefore(short, handoff(arn, `{}`, nil), start.Add(time.Hour)))
		cancelShort()
		if took := time.Since(start); de.Code != "TIMEOUT" || took > 3*time.Second {
			t.Fatalf("the context's earlier deadline: %+v after %v", de, took)
		}

		const n = 4
		before := srv.requests.Load()
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = e.s.Driver().DeliverBefore(run, handoff(arn, `{}`, nil), time.Now().Add(time.Hour))
			}()
		}
		waitFor(t, "the requests to arrive", func() bool { return srv.requests.Load() == before+n })
		if e == lean {
			e.s.lean.mu.Lock()
			w := e.s.lean.watches[run.Done()]
			if len(e.s.lean.watches) != 1 || w == nil || len(w.conns) != n {
				t.Errorf("watches = %v, want the run context's, with %d connections", e.s.lean.watches, n)
			}
			e.s.lean.mu.Unlock()
		}
		start = time.Now()
		cancel()
		wg.Wait()
		if took := time.Since(start); took > 3*time.Second {
			t.Fatalf("cancelled invocations took %v to end", took)
		}
		for _, err := range errs {
			de := deliveryErr(t, err)
			if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable || !strings.Contains(de.Message, "context canceled") {
				t.Fatalf("cancelled: %+v", de)
			}
		}
		start = time.Now()
		if err := e.s.Driver().DeliverBefore(run, handoff(arn, `{}`, nil), time.Now().Add(time.Hour)); err == nil || time.Since(start) > 3*time.Second {
			t.Fatalf("under a cancelled context: %v after %v", err, time.Since(start))
		}
		if e == lean {
			if n := e.idleConns(srv); n != 0 {
				t.Errorf("%d aborted connections were pooled", n)
			}
			waitFor(t, "the context to be forgotten", func() bool {
				e.s.lean.mu.Lock()
				defer e.s.lean.mu.Unlock()
				return len(e.s.lean.watches) == 0
			})
		}
	}
}

// TestLeanWatchLimit: with maxWatches long-lived contexts hooked already, an exchange under
// another one hooks itself, and its cancellation still ends it at once.
func TestLeanWatchLimit(t *testing.T) {
	srv := newSilentServer(t)
	e := newEnv(t)
	arn := e.dest(t, "slow", e.basicConn(t, "c", nil), "POST", srv.url+"/in")
	if _, err := e.s.Driver().resolve(ctx, arn); err != nil {
		t.Fatal(err)
	}
	c := e.s.lean
	c.mu.Lock()
	for range maxWatches {
		c.watches[make(chan struct{})] = &ctxWatch{conns: map[*leanConn]struct{}{}}
	}
	c.mu.Unlock()

	run, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.s.Driver().DeliverBefore(run, handoff(arn, `{}`, nil), time.Now().Add(time.Hour)) }()
	waitFor(t, "the request to arrive", func() bool { return srv.requests.Load() == 1 })
	c.mu.Lock()
	hooked := len(c.watches)
	c.mu.Unlock()
	if hooked != maxWatches {
		t.Errorf("%d contexts hooked, want the limit %d", hooked, maxWatches)
	}
	cancel()
	select {
	case err := <-done:
		if de := deliveryErr(t, err); !strings.Contains(de.Message, "context canceled") {
			t.Errorf("cancelled: %+v", de)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled invocation did not end")
	}
}
