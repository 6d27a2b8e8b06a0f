package delivery

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/metrics"
)

// blockingDriver blocks every call until release is closed or the attempt's ctx ends.
type blockingDriver struct {
	release chan struct{}
	started atomic.Int64
}

func (d *blockingDriver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	d.started.Add(1)
	select {
	case <-d.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestSlowTargetDoesNotBlockOthers(t *testing.T) {
	slow := &blockingDriver{release: make(chan struct{})}
	fast := newScript(nil)
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": slow, "lambda": fast}, Options{
		PerTargetConcurrency: 4, AttemptTimeout: time.Minute,
	})
	defer close(slow.release)
	const n = 300
	for i := 0; i < n; i++ {
		h.put("slow", handoff(fmt.Sprintf("s%d", i), sqsARN))
	}
	fastARN := "arn:aws:lambda:us-east-1:000000000000:function:fast"
	start := time.Now()
	for i := 0; i < n; i++ {
		ho := handoff(fmt.Sprintf("f%d", i), fastARN)
		ho.RuleName = "fast"
		h.put("fast", ho)
	}
	inv := h.m.Invocations.With("b", "fast")
	waitFor(t, "fast target served", func() bool { return inv.Value() == n })
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("fast target took %v behind a stuck one", el)
	}
	waitFor(t, "4 stuck attempts", func() bool { return slow.started.Load() >= 4 })
	if got := slow.started.Load(); got != 4 {
		t.Errorf("stuck target has %d attempts in flight, want PerTargetConcurrency = 4", got)
	}
	waitFor(t, "the stuck target's queue to hold the rest", func() bool { return h.engine.lane("slow").depth() == n-4 })
}

func TestRateLimitDelaysAndCounts(t *testing.T) {
	d := newScript(nil)
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{
		RateLimits: map[string]float64{sqsARN: 2},
	})
	for i := 0; i < 5; i++ {
		h.put("k", handoff(fmt.Sprintf("e%d", i), sqsARN))
	}
	// Burst 2 goes at once; the other 3 wait for tokens at +0.5 s, +1 s, +1.5 s.
	waitCount(t, "Invocations", h.m.Invocations, 2)
	waitCount(t, "ThrottledRules", h.m.ThrottledRules, 3)
	h.clock.Advance(time.Second)
	waitCount(t, "Invocations", h.m.Invocations, 4)
	h.clock.Advance(500 * time.Millisecond)
	waitCount(t, "Invocations", h.m.Invocations, 5)

	h.engine.SetRateLimit(sqsARN, 0) // removed: no more waiting
	for i := 5; i < 10; i++ {
		h.put("k", handoff(fmt.Sprintf("e%d", i), sqsARN))
	}
	waitCount(t, "Invocations", h.m.Invocations, 10)
	if got := value(h.m.ThrottledRules); got != 3 {
		t.Errorf("ThrottledRules = %v after the limit was removed", got)
	}
}

func TestBucket(t *testing.T) {
	b := newBucket(4, t0)
	var waits []time.Duration
	for i := 0; i < 6; i++ {
		waits = append(waits, b.reserve(t0))
	}
	want := []time.Duration{0, 0, 0, 0, 250 * time.Millisecond, 500 * time.Millisecond}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("waits = %v, want %v", waits, want)
	}
	// After 2 s the bucket is full again (burst 4), not 8.
	for i := 0; i < 4; i++ {
		if w := b.reserve(t0.Add(2 * time.Second)); w != 0 {
			t.Fatalf("reserve %d after refill waited %v", i, w)
		}
	}
	if w := b.reserve(t0.Add(2 * time.Second)); w != 250*time.Millisecond {
		t.Fatalf("fifth reserve after refill waited %v", w)
	}
	slow := newBucket(0.5, t0) // burst 1, one token per 2 s
	if slow.reserve(t0) != 0 || slow.reserve(t0) != 2*time.Second {
		t.Fatal("a sub-1/s rate must allow one call, then one per 2 s")
	}
}

func TestServiceOf(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:sqs:us-east-1:1:q":                                  "sqs",
		"arn:aws:events:us-east-1:1:event-bus/b":                     "events",
		"arn:aws:events:us-east-1:1:api-destination/d/0f6e9b1a-uuid": "api-destination",
		"arn:aws:lambda:us-east-1:1:function:f":                      "lambda",
		"arn:aws:logs:us-east-1:1:log-group:g:*":                     "logs",
		"not-an-arn":                                                 "",
		"arn:aws::r:a:x":                                             "",
	} {
		got, ok := ServiceOf(arn)
		if got != want || ok != (want != "") {
			t.Errorf("ServiceOf(%q) = %q, %v; want %q", arn, got, ok, want)
		}
	}
}

func TestMetricsShared(t *testing.T) {
	r := metrics.NewRegistry()
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": newScript(nil)}, Options{Metrics: metrics.NewEventBridge(r)})
	h.put("k", handoff("e1", sqsARN))
	waitCount(t, "Invocations", metrics.NewEventBridge(r).Invocations, 1)
}

// TestBackloggedTargetSpills checks that a target that cannot keep up holds at most
// LaneBacklog hand-offs in memory: the rest are parked as retry records, their router records
// acknowledged, and everything is delivered once the target recovers.
func TestBackloggedTargetSpills(t *testing.T) {
	slow := &blockingDriver{release: make(chan struct{})}
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": slow}, Options{
		PerTargetConcurrency: 2, LaneBacklog: 10, AttemptTimeout: time.Hour,
	})
	const records, per = 30, 10
	for r := 0; r < records; r++ {
		var hs []eventrail.Handoff
		for i := 0; i < per; i++ {
			hs = append(hs, handoff(fmt.Sprintf("e%d-%d", r, i), sqsARN))
		}
		h.put("slow", hs...)
	}
	// In memory: 2 attempts in flight + at most LaneBacklog queued; everything else parked.
	waitFor(t, "overflow parked", func() bool {
		return len(h.retryRecords())+h.engine.lane("slow").depth()+int(slow.started.Load()) == records*per
	})
	if d := h.engine.lane("slow").depth(); d > 10 {
		t.Fatalf("queue depth %d exceeds LaneBacklog", d)
	}
	// Records whose hand-offs were all parked are acknowledged; at most the 2-3 whose
	// hand-offs are queued or in flight stay held.
	waitFor(t, "parked records acknowledged", func() bool { return h.engine.inflight.len() <= 3 })
	if got := value(h.m.ThrottledRules); got != float64(len(h.retryRecords())) {
		t.Errorf("ThrottledRules = %v, want one per parked hand-off (%d)", got, len(h.retryRecords()))
	}
	close(slow.release)
	h.advanceUntil("all delivered", DefaultSpillDelay, func() bool { return value(h.m.Invocations) >= records*per })
	if got := value(h.m.RetryInvocationAttempts); got != 0 {
		t.Errorf("RetryInvocationAttempts = %v: parked hand-offs had not been attempted yet", got)
	}
}

// timeoutDriver reports its own attempt bound and records the deadline it was given.
type timeoutDriver struct {
	mu       sync.Mutex
	deadline time.Duration
}

func (d *timeoutDriver) AttemptTimeout(*eventrail.Handoff) time.Duration { return time.Hour }

func (d *timeoutDriver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	dl, _ := ctx.Deadline()
	d.mu.Lock()
	d.deadline = time.Until(dl)
	d.mu.Unlock()
	return nil
}

func TestDriverAttemptTimeout(t *testing.T) {
	d := &timeoutDriver{}
	h := newHarness(t, map[string]eventrail.Deliverer{"lambda": d}, Options{})
	h.put("k", handoff("e1", "arn:aws:lambda:us-east-1:000000000000:function:f"))
	waitCount(t, "Invocations", h.m.Invocations, 1)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.deadline < 50*time.Minute {
		t.Fatalf("attempt deadline %v, want the driver's 1 h instead of the default %v", d.deadline, DefaultAttemptTimeout)
	}
}
