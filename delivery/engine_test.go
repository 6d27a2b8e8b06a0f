package delivery

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func retryable(code string) error {
	return &eventrail.DeliveryError{Code: code, Message: code + " from target", Retryable: true}
}

func permanent(code string) error {
	return &eventrail.DeliveryError{Code: code, Message: code + " from target"}
}

func TestDeliverSuccess(t *testing.T) {
	d := newScript(nil)
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.put("k1", handoff("e1", sqsARN), handoff("e2", sqsARN))
	h.put("k2", handoff("e3", sqsARN))
	waitCount(t, "Invocations", h.m.Invocations, 3)
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"InvocationAttempts", value(h.m.InvocationAttempts), 3},
		{"SuccessfulInvocationAttempts", value(h.m.SuccessfulInvocationAttempts), 3},
		{"RetryInvocationAttempts", value(h.m.RetryInvocationAttempts), 0},
		{"FailedInvocations", value(h.m.FailedInvocations), 0},
		{"InvocationsCreated", h.m.InvocationsCreated.With().Value(), 3},
		{"StartLatency count", float64(h.m.IngestionToInvocationStartLatency.With("b", "r").Count()), 3},
		{"SuccessLatency count", float64(h.m.IngestionToInvocationSuccessLatency.With("b", "r").Count()), 3},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	for _, id := range []string{"e1", "e2", "e3"} {
		if n := d.callsFor(id); n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
	waitFor(t, "records acknowledged", func() bool { return h.engine.inflight.len() == 0 })
}

func TestRetryThenSuccess(t *testing.T) {
	d := newScript(func(h *eventrail.Handoff, n int) error {
		if n < 3 {
			return retryable("THROTTLING")
		}
		return nil
	})
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.put("k", handoff("e1", sqsARN))
	h.advanceUntil("delivered", DefaultMaxBackoff, func() bool { return value(h.m.Invocations) == 1 })
	if got := value(h.m.InvocationAttempts); got != 3 {
		t.Errorf("InvocationAttempts = %v, want 3", got)
	}
	if got := value(h.m.RetryInvocationAttempts); got != 2 {
		t.Errorf("RetryInvocationAttempts = %v, want 2", got)
	}
	if got := value(h.m.SuccessfulInvocationAttempts); got != 1 {
		t.Errorf("SuccessfulInvocationAttempts = %v, want 1", got)
	}
	rrs := h.retryRecords()
	if len(rrs) != 2 || rrs[0].Retries != 1 || rrs[1].Retries != 2 {
		t.Fatalf("retry records = %+v", rrs)
	}
	if len(h.dlq.messages()) != 0 {
		t.Fatal("nothing may reach the DLQ")
	}
}

func TestBackoffSchedule(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return retryable("HTTP_503") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.put("k", handoff("e1", sqsARN))
	waitFor(t, "first retry record", func() bool { return len(h.retryRecords()) == 1 })
	rr := h.retryRecords()[0]
	// retry 1: MinBackoff + 0.5 · min(MaxBackoff, BaseBackoff·2^0)
	if want := t0.Add(DefaultMinBackoff + DefaultBaseBackoff/2); !rr.NotBefore.Equal(want) {
		t.Fatalf("NotBefore = %v, want %v", rr.NotBefore, want)
	}
	e := h.engine
	for n, want := range map[int]time.Duration{
		1:   100*time.Millisecond + 500*time.Millisecond,
		4:   100*time.Millisecond + 4*time.Second,
		10:  100*time.Millisecond + 256*time.Second,     // 0.5 · 2^9 s
		11:  100*time.Millisecond + DefaultMaxBackoff/2, // 2^10 s capped at 15 min
		185: 100*time.Millisecond + DefaultMaxBackoff/2,
	} {
		if got := e.backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error {
		return &eventrail.DeliveryError{Code: "HTTP_429", Message: "slow down", Retryable: true, RetryAfter: 20 * time.Minute}
	})
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.put("k", handoff("e1", sqsARN))
	waitFor(t, "retry record", func() bool { return len(h.retryRecords()) == 1 })
	if got, want := h.retryRecords()[0].NotBefore, t0.Add(20*time.Minute); !got.Equal(want) {
		t.Fatalf("NotBefore = %v, want %v (Retry-After beats the backoff)", got, want)
	}
	h.clock.Advance(19 * time.Minute)
	if n := d.callsFor("e1"); n != 1 {
		t.Fatalf("retried before Retry-After: %d calls", n)
	}
	h.advanceUntil("second attempt", time.Minute, func() bool { return d.callsFor("e1") == 2 })
}

func TestExhaustedByAttempts(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return retryable("THROTTLING") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	ho := handoff("e1", sqsARN)
	ho.Target.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: intp(2)}
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	h.advanceUntil("dead-lettered", DefaultMaxBackoff, func() bool { return value(h.m.InvocationsSentToDlq) == 1 })
	msgs := h.dlq.messages()
	if len(msgs) != 1 {
		t.Fatalf("DLQ got %d messages", len(msgs))
	}
	checkDLQ(t, msgs[0], ho, map[string]string{
		"ERROR_CODE": "THROTTLING", "ERROR_MESSAGE": "THROTTLING from target",
		"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts", "RETRY_ATTEMPTS": "2",
	})
	if n := d.callsFor("e1"); n != 3 {
		t.Errorf("attempts = %d, want 3 (1 + 2 retries)", n)
	}
	if got := value(h.m.Invocations); got != 0 {
		t.Errorf("Invocations = %v; dead-lettered invocations are not counted", got)
	}
	if got := value(h.m.DeadLetterInvocations); got != 1 {
		t.Errorf("DeadLetterInvocations = %v", got)
	}
}

func TestZeroRetriesMeansOneAttempt(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return retryable("TIMEOUT") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	ho := handoff("e1", sqsARN)
	ho.Target.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: intp(0)}
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	waitCount(t, "InvocationsSentToDlq", h.m.InvocationsSentToDlq, 1)
	checkDLQ(t, h.dlq.messages()[0], ho, map[string]string{
		"ERROR_CODE": "TIMEOUT", "ERROR_MESSAGE": "TIMEOUT from target",
		"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts", "RETRY_ATTEMPTS": "0",
	})
	if len(h.retryRecords()) != 0 {
		t.Fatal("no retry may be scheduled")
	}
}

func TestExhaustedByAge(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return retryable("HTTP_500") })
	// Delays with jitter 1 and no floor: 10 s, 20 s, 40 s, ... An event aged 60 s at most gets
	// retries at +10 s and +30 s; the third (+70 s) would be too late.
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{
		BaseBackoff: 10 * time.Second, MaxBackoff: time.Hour, MinBackoff: -1,
		rand: func() float64 { return 1 },
	})
	ho := handoff("e1", sqsARN)
	ho.Target.RetryPolicy = &eventrail.RetryPolicy{MaximumEventAgeInSeconds: intp(60)}
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	h.advanceToRetries("dead-lettered", func() bool { return value(h.m.InvocationsSentToDlq) == 1 })
	checkDLQ(t, h.dlq.messages()[0], ho, map[string]string{
		"ERROR_CODE": "HTTP_500", "ERROR_MESSAGE": "HTTP_500 from target",
		"EXHAUSTED_RETRY_CONDITION": "MaximumEventAgeInSeconds", "RETRY_ATTEMPTS": "2",
	})
	if n := d.callsFor("e1"); n != 3 {
		t.Errorf("attempts = %d, want 3", n)
	}
	if at := h.dlq.messages()[0].at; at.Sub(t0) > 60*time.Second {
		t.Errorf("dead-lettered at +%v, after the event's maximum age", at.Sub(t0))
	}
}

func TestNonRetryableGoesStraightToDLQ(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"permanent", permanent("NO_RESOURCE")},
		{"negative Retry-After", &eventrail.DeliveryError{Code: "HTTP_503", Message: "NO_RESOURCE from target", Retryable: true, RetryAfter: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newScript(func(*eventrail.Handoff, int) error { return tc.err })
			h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
			ho := handoff("e1", sqsARN)
			ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
			h.put("k", ho)
			waitCount(t, "InvocationsSentToDlq", h.m.InvocationsSentToDlq, 1)
			de := tc.err.(*eventrail.DeliveryError)
			checkDLQ(t, h.dlq.messages()[0], ho, map[string]string{
				"ERROR_CODE": de.Code, "ERROR_MESSAGE": de.Message, "RETRY_ATTEMPTS": "0",
			})
			if d.callsFor("e1") != 1 || len(h.retryRecords()) != 0 {
				t.Fatalf("a non-retryable failure must not be retried")
			}
		})
	}
}

func TestUnknownServiceIsNoResource(t *testing.T) {
	h := newHarness(t, map[string]eventrail.Deliverer{}, Options{})
	ho := handoff("e1", "arn:aws:kinesis:us-east-1:000000000000:stream/s")
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	waitCount(t, "InvocationsSentToDlq", h.m.InvocationsSentToDlq, 1)
	if code := h.dlq.messages()[0].attrs["ERROR_CODE"]; code != "NO_RESOURCE" {
		t.Fatalf("ERROR_CODE = %q", code)
	}
}

func TestNoDLQIsCountedAndDropped(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return permanent("NO_PERMISSIONS") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.put("k", handoff("e1", sqsARN))
	waitCount(t, "FailedInvocations", h.m.FailedInvocations, 1)
	waitCount(t, "Invocations", h.m.Invocations, 1)
	waitCount(t, "DeadLetterInvocations", h.m.DeadLetterInvocations, 1)
	if len(h.dlq.messages()) != 0 || value(h.m.InvocationsSentToDlq) != 0 {
		t.Fatal("nothing may be sent to a DLQ that is not configured")
	}
	waitFor(t, "record acknowledged", func() bool { return h.engine.inflight.len() == 0 })
}

func TestDLQWriteIsRetried(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return permanent("NO_RESOURCE") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.dlq.fail = func(call int) error {
		if call <= 2 {
			return errors.New("queue unavailable")
		}
		return nil
	}
	ho := handoff("e1", sqsARN)
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	h.advanceUntil("dead-lettered", DefaultMaxBackoff, func() bool { return value(h.m.InvocationsSentToDlq) == 1 })
	if got := value(h.m.InvocationsFailedToBeSentToDlq); got != 2 {
		t.Errorf("InvocationsFailedToBeSentToDlq = %v, want 2", got)
	}
	checkDLQ(t, h.dlq.messages()[0], ho, map[string]string{
		"ERROR_CODE": "NO_RESOURCE", "ERROR_MESSAGE": "NO_RESOURCE from target", "RETRY_ATTEMPTS": "0",
	})
	if d.callsFor("e1") != 1 {
		t.Fatal("the target must not be invoked again while the DLQ write is retried")
	}
}

func TestDLQMissingQueueDrops(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return permanent("NO_RESOURCE") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	h.dlq.fail = func(int) error { return fmt.Errorf("queue dlq: %w", eventrail.ErrNotFound) }
	ho := handoff("e1", sqsARN)
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	waitCount(t, "FailedInvocations", h.m.FailedInvocations, 1)
	if got := value(h.m.InvocationsFailedToBeSentToDlq); got != 1 {
		t.Errorf("InvocationsFailedToBeSentToDlq = %v, want 1", got)
	}
	if len(h.retryRecords()) != 0 {
		t.Error("a missing queue must not be retried")
	}
}

// checkDLQ checks a dead-letter message: the original event as body and exactly the expected
// attributes (RULE_ARN and TARGET_ARN added here).
func checkDLQ(t *testing.T, m dlqMessage, ho eventrail.Handoff, want map[string]string) {
	t.Helper()
	if m.queue != dlqARN {
		t.Errorf("queue = %q", m.queue)
	}
	if m.body != string(ho.Event) {
		t.Errorf("body = %s, want the original event %s", m.body, ho.Event)
	}
	want["RULE_ARN"] = ho.RuleArn
	want["TARGET_ARN"] = ho.Target.Arn
	if len(m.attrs) != len(want) {
		t.Errorf("attributes = %v, want %v", m.attrs, want)
	}
	for k, v := range want {
		if m.attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, m.attrs[k], v)
		}
	}
}

func TestNewRequiresLog(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New without a Log must fail")
	}
}

func TestDLQConfiguredWithoutQueueService(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return permanent("NO_RESOURCE") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{DLQ: absentDLQ{}})
	ho := handoff("e1", sqsARN)
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	h.put("k", ho)
	waitCount(t, "FailedInvocations", h.m.FailedInvocations, 1)
	waitCount(t, "InvocationsFailedToBeSentToDlq", h.m.InvocationsFailedToBeSentToDlq, 1)
}

// brokenLog is a Log whose consumers cannot start.
type brokenLog struct{ eventrail.Log }

func (brokenLog) Consume(ctx context.Context, name string, o eventrail.ConsumeOptions, h func(context.Context, eventrail.Delivery)) error {
	return errors.New("consumer cannot start")
}

func TestRunReportsConsumerFailure(t *testing.T) {
	e, err := New(Options{Log: brokenLog{}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.Run(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || err.Error() != "consumer cannot start" {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return when its consumers failed")
	}
}
