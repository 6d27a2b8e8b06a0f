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
	t.Run("Closed", func(t *testing.T) { testClosed(t, open) })
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
