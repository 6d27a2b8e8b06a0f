package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// waitLong bounds every wait for something that must happen; it is generous because CI
// machines are noisy, and only a failing test ever waits that long.
const waitLong = 10 * time.Second

// RunStoreTests runs the whole conformance suite. open must return a new, empty store each
// time it is called; the suite closes it (Close must be idempotent).
func RunStoreTests(t *testing.T, open func(t *testing.T) eventrail.Store) {
	fresh := func(t *testing.T) eventrail.Store {
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("KV", func(t *testing.T) { runKVTests(t, fresh) })
	t.Run("Watch", func(t *testing.T) { runWatchTests(t, fresh) })
	t.Run("Log", func(t *testing.T) { runLogTests(t, fresh) })
	t.Run("Consume", func(t *testing.T) { runConsumeTests(t, fresh) })
	t.Run("Redelivery", func(t *testing.T) { runRedeliveryTests(t, fresh) })
	t.Run("Names", func(t *testing.T) { testNames(t, fresh) })
	t.Run("Closed", func(t *testing.T) { testClosed(t, open) })
	t.Run("CloseStopsConsume", func(t *testing.T) { testCloseStopsConsume(t, open) })
}

// testNames: bucket, log and consumer names are [A-Za-z0-9_-]+; filters are key tokens with
// "*" and a final ">".
func testNames(t *testing.T, open opener) {
	ctx := ctxFor(t)
	s := open(t)
	for _, bad := range []string{"", "a.b", "a b", "a/b", "a*", ">"} {
		if _, err := s.KV(ctx, bad); err == nil {
			t.Errorf("KV(%q): no error", bad)
		}
		if _, err := s.Log(ctx, bad, eventrail.LogOptions{}); err == nil {
			t.Errorf("Log(%q): no error", bad)
		}
	}
	lg := openLog(t, s, "Good_name-1", eventrail.LogOptions{})
	openKV(t, s, "Good_name-1")
	nop := func(context.Context, eventrail.Delivery) {}
	for _, c := range []struct{ name, filter string }{{"a.b", ""}, {"", ""}, {"c", "a..b"}, {"c", "a.>.b"}, {"c", "a b"}} {
		cctx, cancel := context.WithTimeout(ctx, waitLong)
		if err := lg.Consume(cctx, c.name, eventrail.ConsumeOptions{Filter: c.filter}, nop); err == nil {
			t.Errorf("Consume(%q, filter %q): no error", c.name, c.filter)
		}
		cancel()
	}
	if _, err := lg.Read(ctx, 1, "a..b", 10); err == nil {
		t.Errorf("Read with bad filter: no error")
	}
}

// testCloseStopsConsume: a running Consume returns ErrClosed when the store closes.
func testCloseStopsConsume(t *testing.T, open opener) {
	s := open(t)
	lg := openLog(t, s, "events", eventrail.LogOptions{})
	started := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- lg.Consume(ctxFor(t), "c", eventrail.ConsumeOptions{}, func(_ context.Context, d eventrail.Delivery) {
			d.Ack()
			started <- struct{}{}
		})
	}()
	mustAppend(t, lg, records("k", "r", 1))
	select {
	case <-started:
	case <-time.After(waitLong):
		t.Fatal("no delivery")
	}
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, eventrail.ErrClosed) {
			t.Fatalf("Consume after Close returned %v, want ErrClosed", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Consume did not return after Close")
	}
}

type opener = func(t *testing.T) eventrail.Store

// ctxFor returns a context cancelled when t ends.
func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

func openKV(t *testing.T, s eventrail.Store, name string) eventrail.KV {
	t.Helper()
	kv, err := s.KV(ctxFor(t), name)
	if err != nil {
		t.Fatalf("KV(%q): %v", name, err)
	}
	return kv
}

func openLog(t *testing.T, s eventrail.Store, name string, o eventrail.LogOptions) eventrail.Log {
	t.Helper()
	l, err := s.Log(ctxFor(t), name, o)
	if err != nil {
		t.Fatalf("Log(%q): %v", name, err)
	}
	return l
}

// eventually polls cond until it holds or waitLong passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// testClosed: after Close, operations fail with ErrClosed rather than hang or panic.
func testClosed(t *testing.T, open opener) {
	s := open(t)
	ctx := ctxFor(t)
	kv := openKV(t, s, "closed")
	lg := openLog(t, s, "closed", eventrail.LogOptions{})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := s.KV(ctx, "other"); err == nil {
		t.Errorf("KV after Close: no error")
	}
	if _, err := kv.Put(ctx, "k", []byte("v")); !errors.Is(err, eventrail.ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if err := lg.Append(ctx, []eventrail.Record{{Key: "a", Data: []byte("x")}}); !errors.Is(err, eventrail.ErrClosed) {
		t.Errorf("Append after Close: %v, want ErrClosed", err)
	}
	done := make(chan error, 1)
	go func() {
		done <- lg.Consume(ctx, "c", eventrail.ConsumeOptions{}, func(context.Context, eventrail.Delivery) {})
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("Consume after Close returned nil")
		}
	case <-time.After(waitLong):
		t.Fatalf("Consume after Close did not return")
	}
}
