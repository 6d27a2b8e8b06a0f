package jetstream

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// TestCloseReleasesGoroutines: after Close, the server, the connection, watchers and consumers
// are all gone (polled with a deadline: shutdown goroutines finish asynchronously).
func TestCloseReleasesGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx := context.Background()
	s := openTemp(t, t.TempDir())
	kv, _ := s.KV(ctx, "control")
	kv.Put(ctx, "a/b", []byte("x"))
	if _, err := kv.Watch(ctx, "a/"); err != nil {
		t.Fatal(err)
	}
	lg, _ := s.Log(ctx, "events", eventrail.LogOptions{})
	lg.Append(ctx, []eventrail.Record{{Key: "k", Data: []byte("x")}})
	got := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- lg.Consume(ctx, "c", eventrail.ConsumeOptions{Concurrency: 4}, func(_ context.Context, d eventrail.Delivery) {
			d.Ack()
			got <- struct{}{}
		})
	}()
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery")
	}
	s.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Consume still running after Close")
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+2 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
