//go:build integration

package delivery

// Run with: go test -tags integration -run JetStream ./delivery
// (kept behind a tag so that this package's tests do not depend on package jetstream building).

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
	"github.com/eventrail/eventrail/metrics"
)

// TestJetStreamRetriesSurviveRestart runs the engine on an embedded JetStream store: half the
// events fail their first attempt; the engine and the store are stopped while retries are
// pending, reopened from the same directory, and every event is delivered.
func TestJetStreamRetriesSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	const n = 200
	var mu sync.Mutex
	seen := map[string]int{}
	drv := newScript(func(h *eventrail.Handoff, call int) error {
		mu.Lock()
		defer mu.Unlock()
		var i int
		fmt.Sscanf(h.EventID, "e%d", &i)
		if i%2 == 0 && call == 1 {
			return retryable("THROTTLING")
		}
		seen[h.EventID]++
		return nil
	})
	open := func() (*jetstream.Store, eventrail.Log) {
		s, err := jetstream.Open(ctx, jetstream.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		lg, err := s.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
		if err != nil {
			t.Fatal(err)
		}
		return s, lg
	}
	run := func(lg eventrail.Log, m *metrics.EventBridge) func() {
		e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": drv}, Metrics: m,
			BaseBackoff: 2 * time.Second, MaxBackoff: 2 * time.Second, MinBackoff: time.Second,
			AckWait: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- e.Run(rctx) }()
		return func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		}
	}

	s1, lg1 := open()
	m1 := metrics.NewEventBridge(metrics.NewRegistry())
	stop1 := run(lg1, m1)
	for i := 0; i < n; i += 10 {
		var hs []eventrail.Handoff
		for j := i; j < i+10; j++ {
			hs = append(hs, handoff(fmt.Sprintf("e%d", j), sqsARN))
		}
		h := &harness{t: t, log: lg1}
		h.put(fmt.Sprintf("k%d", i%3), hs...)
	}
	waitFor(t, "first attempts", func() bool { return m1.InvocationAttempts.Total() >= n })
	stop1()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	_, lg2 := open()
	m2 := metrics.NewEventBridge(metrics.NewRegistry())
	stop2 := run(lg2, m2)
	defer stop2()
	restarted := time.Now()
	defer func() { t.Logf("all delivered %v after restart", time.Since(restarted)) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		got := len(seen)
		mu.Unlock()
		if got == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d events delivered after restart", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkEngineNoopJetStream is BenchmarkEngineNoop over an embedded JetStream store
// (work-queue log, fsync on every append).
func BenchmarkEngineNoopJetStream(b *testing.B) {
	ctx := context.Background()
	s, err := jetstream.Open(ctx, jetstream.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lg, err := s.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
	if err != nil {
		b.Fatal(err)
	}
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": noopDriver{}}, Metrics: m})
	if err != nil {
		b.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- e.Run(rctx) }()
	defer func() { cancel(); <-ran }()
	const perRecord, targets = 100, 8
	recs := make([][]byte, targets)
	for tg := range recs {
		hs := make([]eventrail.Handoff, perRecord)
		for i := range hs {
			hs[i] = handoff(fmt.Sprintf("%08d-0000-0000-0000-000000000000", i), sqsARN)
		}
		recs[tg], _ = json.Marshal(hs)
	}
	b.ResetTimer()
	start := time.Now()
	sent := 0
	for i := 0; sent < b.N; i++ {
		batch := make([]eventrail.Record, 0, targets)
		for tg := 0; tg < targets && sent < b.N; tg++ {
			batch = append(batch, eventrail.Record{Key: fmt.Sprintf("t.k%d", tg), Data: recs[tg]})
			sent += perRecord
		}
		if err := lg.Append(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	for m.Invocations.Total() < float64(sent) {
		time.Sleep(time.Millisecond)
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "handoffs/s")
}

// TestJetStreamParkedRecordIsJoined checks, on JetStream, that a record Dispatch parked for
// hand-offs still attempted in memory comes back with its ID, is not delivered again, and is
// acknowledged (the work-queue log empties) once the attempts end.
func TestJetStreamParkedRecordIsJoined(t *testing.T) {
	ctx := context.Background()
	s, err := jetstream.Open(ctx, jetstream.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lg, err := s.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
	if err != nil {
		t.Fatal(err)
	}
	slow := &blockingDriver{release: make(chan struct{})}
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": slow}, Metrics: m,
		AttemptTimeout: time.Minute, DirectWait: 50 * time.Millisecond, PerTargetConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- e.Run(rctx) }()
	defer func() { cancel(); <-ran }()
	res := make(chan error, 1)
	e.Dispatch(ctx, HandoffKeyPrefix+"k", "1.t.k", []eventrail.Handoff{handoff("e1", sqsARN), handoff("e2", sqsARN)},
		func(err error) { res <- err })
	if err := <-res; err != nil {
		t.Fatalf("done(%v)", err)
	}
	waitFor(t, "the parked record read back and joined", func() bool {
		return len(e.parked.deliveries()) == 1
	})
	close(slow.release)
	waitFor(t, "both delivered", func() bool { return m.Invocations.Total() == 2 })
	waitFor(t, "the parked record acknowledged", func() bool {
		info, err := lg.Info(ctx)
		return err == nil && info.Records == 0
	})
	if got := slow.started.Load(); got != 2 {
		t.Errorf("%d attempts, want 2", got)
	}
}
