//go:build integration

package delivery

// Run with: go test -tags integration -run DirectRouting ./delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/metrics"
)

// TestDirectRoutingStuckTargetHoldsNothingBack wires ingester → router → Dispatch with two
// rules on one bus: one target never answers, the other is healthy. Every event reaches the
// healthy target, every bus-log record is acknowledged (the stuck target's hand-offs are parked
// in the hand-off log), and once the stuck target recovers it gets every event too.
func TestDirectRoutingStuckTargetHoldsNothingBack(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acct := eventrail.DefaultAccount
	kv, busLog, handoffs, put := wireMemstore(ctx, t)
	stuckARN, fastARN := acct.ARN("sqs", "stuck"), acct.ARN("lambda", "function:fast")
	for name, arn := range map[string]string{"stuck": stuckARN, "fast": fastARN} {
		put(eventrail.RuleKey("default", name), eventrail.Rule{Name: name, Arn: acct.RuleARN("default", name),
			EventBusName: "default", EventPattern: `{"source":["s"]}`, State: eventrail.RuleEnabled})
		put(eventrail.TargetsKey("default", name), []eventrail.Target{{Id: "t", Arn: arn}})
	}
	stuck := &blockingDriver{release: make(chan struct{})}
	fast := newScript(nil)
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: handoffs, Drivers: map[string]eventrail.Deliverer{"sqs": stuck, "lambda": fast},
		Metrics: m, PerTargetConcurrency: 2, AttemptTimeout: time.Hour, DirectWait: 20 * time.Millisecond,
		DirectBacklog: 10, BacklogWait: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ing := routeThrough(ctx, t, kv, busLog, e)
	const n = 200
	for i := range n {
		now := time.Now()
		ev := eventrail.Event{ID: fmt.Sprintf("id-%d", i), Source: "s", DetailType: "t", Account: acct.ID,
			Region: acct.Region, Time: now.UTC(), Resources: []string{}, Detail: json.RawMessage(`{}`),
			Bus: "default", IngestionTime: now}
		if err := ing.Ingest(ctx, []eventrail.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	fastDone := m.Invocations.With("default", "fast")
	waitFor(t, "every event at the healthy target", func() bool { return fastDone.Value() == n })
	waitFor(t, "every bus-log record acknowledged", func() bool {
		info, err := busLog.Info(ctx)
		return err == nil && info.Records == 0
	})
	if got := stuck.started.Load(); got != 2 {
		t.Errorf("stuck target has %d attempts in flight, want PerTargetConcurrency = 2", got)
	}
	close(stuck.release)
	stuckDone := m.Invocations.With("default", "stuck")
	waitFor(t, "every event at the recovered target", func() bool { return stuckDone.Value() >= n })
	for i := range n {
		id := fmt.Sprintf("id-%d", i)
		if fast.callsFor(id) != 1 {
			t.Fatalf("%s reached the healthy target %d times", id, fast.callsFor(id))
		}
	}
	waitFor(t, "hand-off log drained", func() bool {
		info, err := handoffs.Info(ctx)
		return err == nil && info.Records == 0
	})
}

// TestDirectRoutingParkingDeliversOnce pushes events through ingester → router → Dispatch with
// bounds small enough that most hand-offs are parked one way or another (lane backlog, slow
// attempts), with a driver that never fails: every event must arrive exactly once, and every
// record (bus log and hand-off log) must be acknowledged.
func TestDirectRoutingParkingDeliversOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acct := eventrail.DefaultAccount
	kv, busLog, handoffs, put := wireMemstore(ctx, t)
	put(eventrail.RuleKey("default", "r"), eventrail.Rule{Name: "r", Arn: acct.RuleARN("default", "r"),
		EventBusName: "default", EventPattern: `{"source":["s"]}`, State: eventrail.RuleEnabled})
	put(eventrail.TargetsKey("default", "r"), []eventrail.Target{{Id: "t", Arn: acct.ARN("sqs", "q")}})
	drv := newScript(func(*eventrail.Handoff, int) error { time.Sleep(200 * time.Microsecond); return nil })
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: handoffs, Drivers: map[string]eventrail.Deliverer{"sqs": drv}, Metrics: m,
		PerTargetConcurrency: 4, DirectBacklog: 20, BacklogWait: time.Millisecond, ParkHold: 5 * time.Millisecond,
		DirectWait: 2 * time.Millisecond, LaneBacklog: 50, SpillDelay: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ing := routeThrough(ctx, t, kv, busLog, e)
	const callers, perCaller = 8, 250
	var wg sync.WaitGroup
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perCaller {
				now := time.Now()
				ev := eventrail.Event{ID: fmt.Sprintf("id-%d-%d", c, i), Source: "s", DetailType: "t", Account: acct.ID,
					Region: acct.Region, Time: now.UTC(), Resources: []string{}, Detail: json.RawMessage(`{}`),
					Bus: "default", IngestionTime: now}
				if err := ing.Ingest(ctx, []eventrail.Event{ev}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	const n = callers * perCaller
	waitFor(t, "every event delivered", func() bool { return m.Invocations.Total() >= n })
	waitFor(t, "both logs drained", func() bool {
		bi, err1 := busLog.Info(ctx)
		hi, err2 := handoffs.Info(ctx)
		return err1 == nil && err2 == nil && bi.Records == 0 && hi.Records == 0
	})
	dups := 0
	for c := range callers {
		for i := range perCaller {
			if k := drv.callsFor(fmt.Sprintf("id-%d-%d", c, i)); k != 1 {
				dups += k - 1
				if k == 0 {
					t.Errorf("id-%d-%d never delivered", c, i)
				}
			}
		}
	}
	if dups > 0 {
		t.Errorf("%d duplicate deliveries without any failure or restart", dups)
	}
	t.Logf("%d events; parked batches remembered: %d; ThrottledRules %v", n, e.parked.len(), m.ThrottledRules.Total())
}
