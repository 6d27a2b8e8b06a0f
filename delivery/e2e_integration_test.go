//go:build integration

package delivery

// Run with: go test -tags integration -run EndToEnd ./delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/busdriver"
	"github.com/eventrail/eventrail/metrics"
	"github.com/eventrail/eventrail/router"
)

// TestEndToEndBusForwarding wires ingester → router → delivery engine → bus driver → ingester:
// bus "a" forwards everything to bus "b", whose rule delivers to a queue; buses "x" and "y"
// forward to each other forever, which the hop limit ends.
func TestEndToEndBusForwarding(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acct := eventrail.DefaultAccount
	kv, busLog, handoffs, put := wireMemstore(ctx, t)
	rule := func(bus, name, target string) {
		put(eventrail.BusKey(bus), eventrail.EventBus{Name: bus, Arn: acct.BusARN(bus)})
		put(eventrail.RuleKey(bus, name), eventrail.Rule{Name: name, Arn: acct.RuleARN(bus, name), EventBusName: bus,
			EventPattern: `{"source":["e2e"]}`, State: eventrail.RuleEnabled})
		put(eventrail.TargetsKey(bus, name), []eventrail.Target{{Id: "t", Arn: target}})
	}
	queueARN := acct.ARN("sqs", "q")
	rule("a", "to-b", acct.BusARN("b"))
	rule("b", "to-queue", queueARN)
	rule("x", "to-y", acct.BusARN("y"))
	rule("y", "to-x", acct.BusARN("x"))

	ing := router.NewIngester(busLog, router.IngesterOptions{})
	defer ing.Close()
	rt, err := router.New(router.Options{Account: acct, KV: kv, BusLog: busLog, HandoffLog: handoffs})
	if err != nil {
		t.Fatal(err)
	}
	go rt.Run(ctx)
	<-rt.Ready()
	bus, err := busdriver.New(busdriver.Options{Account: acct, Ingester: ing, Buses: kv})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]string{}
	queue := newScript(func(h *eventrail.Handoff, _ int) error {
		mu.Lock()
		defer mu.Unlock()
		got[h.EventID] = string(h.Payload)
		return nil
	})
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: handoffs, Drivers: map[string]eventrail.Deliverer{"events": bus, "sqs": queue}, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	go e.Run(ctx)

	now := time.Now().UTC().Truncate(time.Second)
	var evs []eventrail.Event
	for i := 0; i < 20; i++ {
		evs = append(evs, eventrail.Event{ID: fmt.Sprintf("id-%d", i), Source: "e2e", DetailType: "t", Account: acct.ID,
			Region: acct.Region, Time: now, Resources: []string{}, Detail: json.RawMessage(`{"n":1}`), Bus: "a", IngestionTime: now})
	}
	evs = append(evs, eventrail.Event{ID: "loop", Source: "e2e", DetailType: "t", Account: acct.ID, Region: acct.Region,
		Time: now, Resources: []string{}, Detail: json.RawMessage(`{}`), Bus: "x", IngestionTime: now})
	if err := ing.Ingest(ctx, evs); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "events forwarded a → b → queue", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 20
	})
	mu.Lock()
	if p := got["id-7"]; p == "" || !json.Valid([]byte(p)) {
		t.Errorf("payload at the queue = %q", p)
	}
	mu.Unlock()
	// x → y → x ... : hops 0..4 are forwarded, the fifth forward is refused as a loop.
	loopFailed := func() float64 {
		return m.FailedInvocations.With("x", "to-x").Value() + m.FailedInvocations.With("y", "to-y").Value() +
			m.FailedInvocations.With("x", "to-y").Value() + m.FailedInvocations.With("y", "to-x").Value()
	}
	waitFor(t, "loop stopped", func() bool { return loopFailed() == 1 })
	forwards := m.SuccessfulInvocationAttempts.With("x", "to-y").Value() + m.SuccessfulInvocationAttempts.With("y", "to-x").Value()
	if forwards != busdriver.DefaultMaxHops {
		t.Errorf("loop forwarded %v times, want %d", forwards, busdriver.DefaultMaxHops)
	}
}
