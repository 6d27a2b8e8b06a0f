// Package enginetest runs API destinations through the real delivery engine, wired as
// cmd/eventrail wires them: the driver registered for "api-destination" and the destinations'
// rate limits fed to Engine.SetRateLimit.
package enginetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/apidest"
	"github.com/eventrail/eventrail/delivery"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/metrics"
)

type stack struct {
	svc    *apidest.Service
	log    eventrail.Log
	m      *metrics.EventBridge
	engine *delivery.Engine
	ctx    context.Context // the engine's Run context
	stop   func() error    // ends Run (at most once) and returns its error
}

// newStack wires memstore, the engine and apidest as the server does.
func newStack(t *testing.T) *stack { return startStack(t, true) }

// startStack is newStack; feedRates false leaves the destinations' rate limits out of the
// engine.
func startStack(t testing.TB, feedRates bool) *stack {
	t.Helper()
	store := memstore.New()
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	kv, err := store.KV(ctx, eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := store.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.NewEventBridge(metrics.NewRegistry())
	drivers := map[string]eventrail.Deliverer{}
	eng, err := delivery.New(delivery.Options{Log: lg, Drivers: drivers, Metrics: m,
		BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MinBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	o := apidest.Options{KV: kv, AllowHTTP: true}
	if feedRates {
		o.OnRateLimit = eng.SetRateLimit
	}
	svc, err := apidest.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	drivers[delivery.ServiceAPIDestination] = svc.Driver()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- eng.Run(runCtx) }()
	var once sync.Once
	var runErr error
	stop := func() error { once.Do(func() { cancel(); runErr = <-done }); return runErr }
	t.Cleanup(func() { _ = stop() })
	return &stack{svc: svc, log: lg, m: m, engine: eng, ctx: runCtx, stop: stop}
}

// destination creates a BASIC connection and a destination on url with the given rate limit.
func (s *stack) destination(t testing.TB, url string, rate int) string {
	t.Helper()
	ctx := context.Background()
	c, err := s.svc.CreateConnection(ctx, &apidest.CreateConnectionInput{Name: "c", AuthorizationType: apidest.AuthBasic,
		AuthParameters: &apidest.AuthParameters{BasicAuthParameters: &apidest.BasicAuthParameters{Username: "u", Password: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.svc.CreateApiDestination(ctx, &apidest.CreateApiDestinationInput{Name: "d", ConnectionArn: c.ConnectionArn,
		InvocationEndpoint: url, HttpMethod: "POST", InvocationRateLimitPerSecond: &rate})
	if err != nil {
		t.Fatal(err)
	}
	return d.ApiDestinationArn
}

// send appends n hand-offs for arn, payloads {"i":k}.
func (s *stack) send(t *testing.T, arn string, n int) {
	t.Helper()
	var hs []eventrail.Handoff
	for i := range n {
		hs = append(hs, eventrail.Handoff{EventID: fmt.Sprint(i), Bus: "b", RuleName: "r", IngestionTime: time.Now(),
			Payload: []byte(fmt.Sprintf(`{"i":%d}`, i)), Event: []byte(`{}`), Target: eventrail.Target{Id: "t", Arn: arn}})
	}
	data, _ := json.Marshal(hs)
	if err := s.log.Append(context.Background(), []eventrail.Record{{Key: "t.k", Data: data}}); err != nil {
		t.Fatal(err)
	}
}

func (s *stack) waitInvocations(t *testing.T, n float64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for s.m.Invocations.With("b", "r").Value() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %v of %v invocations done", s.m.Invocations.With("b", "r").Value(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRetriedUntilDelivered: a 503 with Retry-After is retried by the engine, not the driver,
// and every event arrives exactly once.
func TestRetriedUntilDelivered(t *testing.T) {
	var mu sync.Mutex
	got := map[string]int{}
	var first atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if first.Add(1) <= 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(503)
			return
		}
		mu.Lock()
		got[string(body)]++
		mu.Unlock()
	}))
	defer srv.Close()
	s := newStack(t)
	arn := s.destination(t, srv.URL+"/", 1000)
	s.send(t, arn, 20)
	s.waitInvocations(t, 20)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 20 {
		t.Fatalf("%d distinct payloads arrived", len(got))
	}
	for p, n := range got {
		if n != 1 {
			t.Errorf("%s arrived %d times", p, n)
		}
	}
	if r := s.m.RetryInvocationAttempts.With("b", "r").Value(); r != 3 {
		t.Errorf("RetryInvocationAttempts = %v, want 3", r)
	}
}

// TestRateLimitReachesTheEngine: InvocationRateLimitPerSecond 5 spreads 10 invocations over
// about a second.
func TestRateLimitReachesTheEngine(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	s := newStack(t)
	arn := s.destination(t, srv.URL+"/", 5)
	start := time.Now()
	s.send(t, arn, 10)
	s.waitInvocations(t, 10)
	if el := time.Since(start); el < 800*time.Millisecond {
		t.Fatalf("10 invocations at 5/s took only %v", el)
	}
	if th := s.m.ThrottledRules.With("b", "r").Value(); th == 0 {
		t.Fatal("ThrottledRules not counted")
	}
}
