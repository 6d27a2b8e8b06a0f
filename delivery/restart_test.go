package delivery

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// recorder is a driver that records which events it delivered.
type recorder struct {
	mu   sync.Mutex
	seen map[string]int
}

func (r *recorder) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	r.seen[h.EventID]++
	return nil
}

// snapshot returns a copy of the deliveries counted so far.
func (r *recorder) snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.seen)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

// TestRestartLosesNothing stops an engine while some hand-offs are stuck in a target and
// others wait for a retry, then starts a new engine on the same log: every event is delivered.
func TestRestartLosesNothing(t *testing.T) {
	stuck := &blockingDriver{release: make(chan struct{})}
	failing := newScript(func(*eventrail.Handoff, int) error { return retryable("THROTTLING") })
	ok1 := &recorder{}
	lambdaARN := "arn:aws:lambda:us-east-1:000000000000:function:f"
	logsARN := "arn:aws:logs:us-east-1:000000000000:log-group:g"
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": stuck, "lambda": failing, "logs": ok1},
		Options{AckWait: 30 * time.Second, AttemptTimeout: time.Hour})
	const n = 20
	all := map[string]bool{}
	for i := 0; i < n; i++ {
		for key, arn := range map[string]string{"stuck": sqsARN, "retry": lambdaARN, "ok": logsARN} {
			id := fmt.Sprintf("%s-%d", key, i)
			all[id] = true
			h.put(key, handoff(id, arn))
		}
	}
	waitFor(t, "first engine delivered its share", func() bool { return ok1.count() == n })
	waitFor(t, "retries stored", func() bool { return len(h.retryRecords()) == n })
	waitFor(t, "stuck target busy", func() bool { return stuck.started.Load() > 0 })
	h.stop() // crash-like: stuck attempts are abandoned, their record unacknowledged

	ok2 := &recorder{}
	o := h.opts
	o.Drivers = map[string]eventrail.Deliverer{"sqs": ok2, "lambda": ok2, "logs": ok2}
	h.start(o)
	// Unacknowledged records come back after AckWait; retries when their time comes.
	h.advanceUntil("everything delivered", 10*time.Second, func() bool {
		ok2.mu.Lock()
		defer ok2.mu.Unlock()
		for id := range all {
			if ok1.seen[id] == 0 && ok2.seen[id] == 0 {
				return false
			}
		}
		return true
	})
	seen1, seen2 := ok1.snapshot(), ok2.snapshot() // the engine may still be redelivering
	for id := range seen2 {
		if seen1[id] > 0 {
			t.Errorf("%s was delivered by both engines although the first acknowledged it", id)
		}
	}
}

// TestWorkQueueLogDrains checks that with work-queue retention every hand-off and retry record
// is gone once delivered, i.e. everything was acknowledged.
func TestWorkQueueLogDrains(t *testing.T) {
	d := newScript(func(h *eventrail.Handoff, n int) error {
		if n == 1 {
			return retryable("THROTTLING")
		}
		return nil
	})
	h := newHarnessLog(t, map[string]eventrail.Deliverer{"sqs": d}, Options{}, eventrail.LogOptions{WorkQueue: true})
	for i := 0; i < 10; i++ {
		h.put("k", handoff(fmt.Sprintf("e%d", i), sqsARN), handoff(fmt.Sprintf("x%d", i), sqsARN))
	}
	h.advanceUntil("all delivered", time.Minute, func() bool { return value(h.m.Invocations) == 20 })
	waitFor(t, "log drained", func() bool {
		info, err := h.log.Info(context.Background())
		return err == nil && info.Records == 0
	})
}
