package delivery

import (
	"context"
	"errors"
	"strconv"

	"github.com/eventrail/eventrail"
)

// The dead-letter message attributes (spec §5.5).
const (
	AttrRuleARN                 = "RULE_ARN"
	AttrTargetARN               = "TARGET_ARN"
	AttrErrorCode               = "ERROR_CODE"
	AttrErrorMessage            = "ERROR_MESSAGE"
	AttrExhaustedRetryCondition = "EXHAUSTED_RETRY_CONDITION"
	AttrRetryAttempts           = "RETRY_ATTEMPTS"
)

// DeadLetterAttributes returns the message attributes of the dead-letter message for h: the
// rule's (RULE_ARN), or h.DeadLetterAttributes when its producer set them, then the failure's.
func DeadLetterAttributes(h *eventrail.Handoff, code, message, condition string, retries int) map[string]string {
	a := make(map[string]string, 6+len(h.DeadLetterAttributes))
	if len(h.DeadLetterAttributes) > 0 {
		for k, v := range h.DeadLetterAttributes {
			a[k] = v
		}
	} else {
		a[AttrRuleARN] = h.RuleArn
	}
	a[AttrTargetARN] = h.Target.Arn
	a[AttrErrorCode] = code
	a[AttrErrorMessage] = message
	a[AttrRetryAttempts] = strconv.Itoa(retries)
	if condition != "" {
		a[AttrExhaustedRetryCondition] = condition
	}
	return a
}

// deadLetter ends a hand-off whose delivery is over (j.dlq set): it writes the original event to
// the target's dead-letter queue, or drops it (counted, logged) when there is none. A failed
// write is retried later (durably) up to DLQMaxTries times, unless the queue does not exist.
func (e *Engine) deadLetter(ctx context.Context, j *job) {
	h, st := j.h, j.dlq
	m := e.o.Metrics
	bus, rule := h.Bus, h.RuleName
	arn := ""
	if h.Target.DeadLetterConfig != nil {
		arn = h.Target.DeadLetterConfig.Arn
	}
	if arn == "" {
		e.drop(j, "no dead-letter queue")
		return
	}
	if e.o.DLQ == nil {
		m.InvocationsFailedToBeSentToDlq.With(bus, rule).Inc()
		e.drop(j, "dead-letter queue "+arn+" configured but this server has no queue service")
		return
	}
	sendCtx, cancel := context.WithTimeout(ctx, e.o.AttemptTimeout)
	err := e.o.DLQ.SendMessage(sendCtx, arn, h.Event, DeadLetterAttributes(h, st.Code, st.Message, st.Condition, st.Retries))
	cancel()
	if err == nil {
		m.InvocationsSentToDlq.With(bus, rule).Inc()
		m.DeadLetterInvocations.With(bus, rule).Inc()
		e.done(j)
		return
	}
	if e.runCtx.Err() != nil {
		return
	}
	m.InvocationsFailedToBeSentToDlq.With(bus, rule).Inc()
	next := *st
	next.Tries++
	if errors.Is(err, eventrail.ErrNotFound) || next.Tries >= e.o.DLQMaxTries {
		e.drop(j, "dead-letter queue "+arn+" did not take the event: "+err.Error())
		return
	}
	e.scheduleRetry(ctx, j, e.o.Clock.Now().Add(e.backoff(next.Tries)), &next)
}

// drop ends a hand-off that neither reached its target nor a dead-letter queue.
func (e *Engine) drop(j *job, why string) {
	h, st := j.h, j.dlq
	m := e.o.Metrics
	m.Invocations.With(h.Bus, h.RuleName).Inc()
	m.FailedInvocations.With(h.Bus, h.RuleName).Inc()
	m.DeadLetterInvocations.With(h.Bus, h.RuleName).Inc()
	e.o.Logger.Warn("delivery: event dropped after failed delivery",
		"event", h.EventID, "bus", h.Bus, "rule", h.RuleName, "target", h.Target.Arn,
		"error_code", st.Code, "error_message", st.Message, "exhausted", st.Condition,
		"retries", st.Retries, "reason", why)
	e.done(j)
}
