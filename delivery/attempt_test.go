package delivery

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// stallDriver blocks every call until its context ends (Deliver) or until its deadline
// passes or its context ends (DeliverBefore), and records what each call was given.
type stallDriver struct {
	mu        sync.Mutex
	calls     int
	deadlines []time.Time // DeliverBefore's deadlines, or Deliver's context deadlines
	ctxHadDL  []bool      // whether the context had a deadline
	timeout   time.Duration
}

func (d *stallDriver) record(ctx context.Context, deadline time.Time) {
	_, has := ctx.Deadline()
	d.mu.Lock()
	d.calls++
	d.deadlines = append(d.deadlines, deadline)
	d.ctxHadDL = append(d.ctxHadDL, has)
	d.mu.Unlock()
}

func (d *stallDriver) callCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

// plainBlocker is a Deliverer only.
type plainBlocker struct{ *stallDriver }

func (d plainBlocker) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	dl, _ := ctx.Deadline()
	d.record(ctx, dl)
	<-ctx.Done()
	return errors.New("gave up: " + ctx.Err().Error())
}

// deadlineBlocker is a DeadlineDeliverer; its error at the deadline wraps nothing, as a
// driver's own I/O timeout might not.
type deadlineBlocker struct{ *stallDriver }

func (d deadlineBlocker) Deliver(context.Context, *eventrail.Handoff) error {
	panic("the engine must call DeliverBefore")
}

func (d deadlineBlocker) DeliverBefore(ctx context.Context, h *eventrail.Handoff, deadline time.Time) error {
	d.record(ctx, deadline)
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-t.C:
		return errors.New("i/o timeout")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// AttemptTimeout makes the driver an AttemptTimeouter when timeout is set.
func (d deadlineBlocker) AttemptTimeout(*eventrail.Handoff) time.Duration { return d.timeout }

// TestAttemptTimeoutIsTimeout: an attempt that outlasts AttemptTimeout (or the driver's own
// AttemptTimeouter answer) is a retryable TIMEOUT, whether the driver takes its deadline from
// the context or as a DeadlineDeliverer; the latter gets a context without a deadline.
func TestAttemptTimeoutIsTimeout(t *testing.T) {
	for _, c := range []struct {
		name     string
		drv      func(*stallDriver) eventrail.Deliverer
		own      time.Duration // the driver's AttemptTimeouter answer
		wantCtx  bool          // the context carries the deadline
		wantSpan time.Duration
	}{
		{"context", func(b *stallDriver) eventrail.Deliverer { return plainBlocker{b} }, 0, true, 100 * time.Millisecond},
		{"deadline", func(b *stallDriver) eventrail.Deliverer { return deadlineBlocker{b} }, 0, false, 100 * time.Millisecond},
		{"deadline/own timeout", func(b *stallDriver) eventrail.Deliverer { return deadlineBlocker{b} }, 300 * time.Millisecond, false, 300 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &stallDriver{timeout: c.own}
			h := newHarness(t, map[string]eventrail.Deliverer{"sqs": c.drv(b)}, Options{AttemptTimeout: 100 * time.Millisecond})
			ho := handoff("e1", sqsARN)
			ho.Target.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: intp(0)}
			ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
			start := time.Now()
			h.put("k", ho)
			waitCount(t, "InvocationsSentToDlq", h.m.InvocationsSentToDlq, 1)
			if took := time.Since(start); took < c.wantSpan {
				t.Errorf("the attempt ended after %v, before its timeout %v", took, c.wantSpan)
			}
			msg := h.dlq.messages()[0]
			if got := msg.attrs["ERROR_CODE"]; got != CodeTimeout {
				t.Errorf("ERROR_CODE = %q, want %q", got, CodeTimeout)
			}
			if got := msg.attrs["ERROR_MESSAGE"]; !strings.HasPrefix(got, "The target did not respond in time: ") {
				t.Errorf("ERROR_MESSAGE = %q", got)
			}
			b.mu.Lock()
			defer b.mu.Unlock()
			if b.calls != 1 || b.ctxHadDL[0] != c.wantCtx {
				t.Fatalf("calls = %d, context had a deadline: %v (want %v)", b.calls, b.ctxHadDL, c.wantCtx)
			}
			if span := b.deadlines[0].Sub(start); span < c.wantSpan || span > c.wantSpan+5*time.Second {
				t.Errorf("deadline %v after the put, want about %v", span, c.wantSpan)
			}
		})
	}
}

// TestStopAbortsAttempts: stopping the engine ends attempts in progress at once, for both kinds
// of driver, and leaves their records unacknowledged, counted nowhere, for the next run.
func TestStopAbortsAttempts(t *testing.T) {
	for _, c := range []struct {
		name string
		drv  func(*stallDriver) eventrail.Deliverer
	}{
		{"context", func(b *stallDriver) eventrail.Deliverer { return plainBlocker{b} }},
		{"deadline", func(b *stallDriver) eventrail.Deliverer { return deadlineBlocker{b} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &stallDriver{}
			h := newHarness(t, map[string]eventrail.Deliverer{"sqs": c.drv(b)}, Options{AttemptTimeout: time.Hour})
			h.put("k", handoff("e1", sqsARN), handoff("e2", sqsARN))
			waitFor(t, "both attempts under way", func() bool { return b.callCount() == 2 })
			start := time.Now()
			h.stop()
			if took := time.Since(start); took > 5*time.Second {
				t.Fatalf("Run took %v to return", took)
			}
			for _, m := range []struct {
				name string
				got  float64
			}{
				{"Invocations", value(h.m.Invocations)},
				{"FailedInvocations", value(h.m.FailedInvocations)},
				{"InvocationsSentToDlq", value(h.m.InvocationsSentToDlq)},
			} {
				if m.got != 0 {
					t.Errorf("%s = %v after shutdown, want 0", m.name, m.got)
				}
			}
			if rrs := h.retryRecords(); len(rrs) != 0 {
				t.Errorf("shutdown scheduled retries: %+v", rrs)
			}
			if n := h.engine.inflight.len(); n != 1 {
				t.Errorf("%d records held at shutdown, want 1 (unacknowledged)", n)
			}
		})
	}
}
