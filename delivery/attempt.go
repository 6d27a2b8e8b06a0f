package delivery

import (
	"context"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
)

// Error codes the engine itself assigns (drivers assign the rest).
const (
	CodeTimeout     = "TIMEOUT"
	CodeClientError = "SDK_CLIENT_ERROR"
	CodeNoResource  = "NO_RESOURCE"
)

// The EXHAUSTED_RETRY_CONDITION values (spec §5.5).
const (
	ConditionAttempts = "MaximumRetryAttempts"
	ConditionAge      = "MaximumEventAgeInSeconds"
)

// process takes one job to its next step, on worker w: an attempt (then final, retry
// scheduled, or dead-letter), or a dead-letter write.
func (e *Engine) process(w *worker, j *job) {
	ctx := w.run
	if j.dlq != nil {
		e.deadLetter(ctx, j)
		return
	}
	h := j.h
	ms := w.lane.series.get(e.o.Metrics, h.Bus, h.RuleName)
	if err := e.limits.wait(ctx, e.o.Clock, h.Target.Arn, ms.throttledInc); err != nil {
		return // shutting down: the record stays unacknowledged
	}
	start := e.o.Clock.Now()
	if h.IngestionTime.IsZero() {
		h.IngestionTime = start // event age then counts from the first attempt
	}
	if j.retries == 0 {
		ms.toStart.Observe(msSince(h.IngestionTime, start))
	} else {
		ms.retries.Inc()
	}
	ms.attempts.Inc()
	derr := e.attempt(w, h)
	end := e.o.Clock.Now()
	if j.retries == 0 {
		ms.toComplete.Observe(msSince(h.IngestionTime, end))
	}
	if derr == nil {
		ms.successes.Inc()
		ms.toSuccess.Observe(msSince(h.IngestionTime, end))
		ms.invocations.Inc()
		e.done(j)
		return
	}
	if e.runCtx.Err() != nil {
		return // the failure may be our own shutdown: leave the record for redelivery
	}
	e.failed(ctx, j, derr, end)
}

// attempt makes one driver call bounded by AttemptTimeout and classifies its error. A driver
// that implements DeadlineDeliverer is given the deadline as such, with the run context; any
// other gets a context with that deadline, a child of w's.
func (e *Engine) attempt(w *worker, h *eventrail.Handoff) *eventrail.DeliveryError {
	drv, err := e.Resolve(h.Target.Arn)
	if err != nil {
		return classify(err, false)
	}
	timeout := e.o.AttemptTimeout
	if t, ok := drv.(AttemptTimeouter); ok {
		if d := t.AttemptTimeout(h); d > 0 {
			timeout = d
		}
	}
	deadline := time.Now().Add(timeout)
	if dd, ok := drv.(DeadlineDeliverer); ok {
		err := callDriver(w.run, nil, dd, h, deadline)
		return classify(err, err != nil && !time.Now().Before(deadline))
	}
	ctx, cancel := context.WithDeadline(w.attemptParent(), deadline)
	defer cancel()
	err = callDriver(ctx, drv, nil, h, deadline)
	return classify(err, errors.Is(ctx.Err(), context.DeadlineExceeded))
}

// AttemptTimeouter is implemented by drivers whose targets need another bound on one attempt
// than Options.AttemptTimeout (e.g. functions with their own configured timeout). A zero or
// negative answer keeps the default.
type AttemptTimeouter interface {
	AttemptTimeout(h *eventrail.Handoff) time.Duration
}

// DeadlineDeliverer is implemented by drivers that can bound an attempt by a deadline passed
// apart from the context, which spares the engine a child context (and its timer) per attempt.
// The engine then calls DeliverBefore instead of Deliver, with a ctx that carries only
// cancellation: the engine's long-lived run context, the same for every attempt, which ends
// when the engine stops (a driver may hook it once rather than per call). DeliverBefore must behave as Deliver would
// under a context with that deadline: give up by deadline (any error but a
// *eventrail.DeliveryError returned once the deadline has passed is classified TIMEOUT, as is
// one wrapping context.DeadlineExceeded), and return promptly when ctx is cancelled. It is
// called from many goroutines at once.
type DeadlineDeliverer interface {
	DeliverBefore(ctx context.Context, h *eventrail.Handoff, deadline time.Time) error
}

// callDriver calls dd.DeliverBefore when dd is not nil, else drv.Deliver, turning a driver
// panic into a retryable error so one bad driver cannot take the engine down.
func callDriver(ctx context.Context, drv eventrail.Deliverer, dd DeadlineDeliverer, h *eventrail.Handoff, deadline time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &eventrail.DeliveryError{Code: CodeClientError, Message: "driver panic", Retryable: true}
		}
	}()
	if dd != nil {
		return dd.DeliverBefore(ctx, h, deadline)
	}
	return drv.Deliver(ctx, h)
}

// classify turns a driver's error into a DeliveryError: DeliveryErrors pass through; an
// expired attempt deadline (an error wrapping context.DeadlineExceeded, or expired set: the
// attempt's deadline had passed) is a retryable TIMEOUT; anything else is a retryable
// SDK_CLIENT_ERROR.
func classify(err error, expired bool) *eventrail.DeliveryError {
	if err == nil {
		return nil
	}
	var de *eventrail.DeliveryError
	if errors.As(err, &de) {
		if de.Code == "" {
			c := *de
			c.Code = CodeClientError
			return &c
		}
		return de
	}
	if expired || errors.Is(err, context.DeadlineExceeded) {
		return &eventrail.DeliveryError{Code: CodeTimeout, Message: "The target did not respond in time: " + err.Error(), Retryable: true}
	}
	return &eventrail.DeliveryError{Code: CodeClientError, Message: err.Error(), Retryable: true}
}

// failed decides what follows a failed attempt at time now: a retry, or the dead-letter path.
func (e *Engine) failed(ctx context.Context, j *job, derr *eventrail.DeliveryError, now time.Time) {
	policy := j.h.Target.RetryPolicy
	switch {
	case !derr.Retryable || derr.RetryAfter < 0:
		e.exhausted(ctx, j, derr, "")
		return
	case j.retries >= policy.Attempts():
		e.exhausted(ctx, j, derr, ConditionAttempts)
		return
	}
	delay := max(e.backoff(j.retries+1), derr.RetryAfter)
	next := now.Add(delay)
	if next.After(eventOrigin(j.h, now).Add(policy.MaxAge())) {
		e.exhausted(ctx, j, derr, ConditionAge)
		return
	}
	e.scheduleRetry(ctx, j, next, nil)
}

// exhausted ends delivery: the hand-off goes to its dead-letter queue, or is dropped.
func (e *Engine) exhausted(ctx context.Context, j *job, derr *eventrail.DeliveryError, condition string) {
	j.dlq = &dlqState{Code: derr.Code, Message: derr.Message, Condition: condition, Retries: j.retries}
	e.deadLetter(ctx, j)
}

// eventOrigin is when the event's age is measured from: its ingestion time, or now if unknown.
func eventOrigin(h *eventrail.Handoff, now time.Time) time.Time {
	if h.IngestionTime.IsZero() {
		return now
	}
	return h.IngestionTime
}

// msSince returns the milliseconds from t to now (0 if t is unknown or later).
func msSince(t, now time.Time) float64 {
	if t.IsZero() || now.Before(t) {
		return 0
	}
	return float64(now.Sub(t)) / float64(time.Millisecond)
}
