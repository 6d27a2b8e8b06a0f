package schedulerapi

import (
	"context"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// The message attributes EventBridge Scheduler puts on a dead-letter message (spec §6.4; AWS
// Scheduler guide, "configuring-schedule-dlq").
const (
	DLQAttrErrorCode               = "ERROR_CODE"
	DLQAttrErrorMessage            = "ERROR_MESSAGE"
	DLQAttrExecutionID             = "EXECUTION_ID"
	DLQAttrExhaustedRetryCondition = "EXHAUSTED_RETRY_CONDITION"
	DLQAttrIsPayloadTruncated      = "IS_PAYLOAD_TRUNCATED"
	DLQAttrRetryAttempts           = "RETRY_ATTEMPTS"
	DLQAttrScheduledTime           = "SCHEDULED_TIME"
	DLQAttrScheduleARN             = "SCHEDULE_ARN"
	DLQAttrTargetARN               = "TARGET_ARN"
)

// The delivery engine's dead-letter attributes this package reads (delivery.Attr*).
const (
	engineRuleARN   = "RULE_ARN"
	engineTargetARN = "TARGET_ARN"
)

// dlqSep separates the schedule ARN from the occurrence in a hand-off's RuleArn; schedule
// names and groups ([0-9a-zA-Z-_.]) never contain it.
const dlqSep = "#"

// dlqRuleARN is the RuleArn of a scheduler hand-off: "<schedule ARN>#<execution id>#<scheduled
// time>". The delivery engine passes RuleArn to the dead-letter queue as RULE_ARN, the only
// per-hand-off value it passes; DeadLetterSender turns it back into Scheduler's attributes.
func dlqRuleARN(scheduleARN, execID string, occ time.Time) string {
	return scheduleARN + dlqSep + execID + dlqSep + occ.UTC().Format(eventrail.TimeFormat)
}

// ScheduleARNOf returns the schedule ARN of a scheduler hand-off's RuleArn (and false for
// other RuleArns).
func ScheduleARNOf(ruleARN string) (string, bool) {
	arn, _, ok := splitDLQRuleARN(ruleARN)
	return arn, ok
}

func splitDLQRuleARN(ruleARN string) (arn string, rest [2]string, ok bool) {
	p, found := eventrail.ParseARN(ruleARN)
	if !found || p.Service != "scheduler" || !strings.HasPrefix(p.Resource, "schedule/") {
		return "", rest, false
	}
	parts := strings.Split(ruleARN, dlqSep)
	if len(parts) != 3 {
		return "", rest, false
	}
	return parts[0], [2]string{parts[1], parts[2]}, true
}

// DeadLetterSender wraps the delivery engine's dead-letter queue sender (delivery.Options.DLQ):
// messages dead-lettered for a schedule get EventBridge Scheduler's attributes (EXECUTION_ID,
// SCHEDULE_ARN, SCHEDULED_TIME, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS,
// IS_PAYLOAD_TRUNCATED, and EXHAUSTED_RETRY_CONDITION when retries ran out) instead of the
// rule attributes; all other messages pass unchanged. Safe for concurrent use if next is.
func DeadLetterSender(next eventrail.QueueSender) eventrail.QueueSender {
	return dlqSender{next}
}

type dlqSender struct{ next eventrail.QueueSender }

func (d dlqSender) SendMessage(ctx context.Context, queueARN string, body []byte, attrs map[string]string) error {
	return d.next.SendMessage(ctx, queueARN, body, schedulerDLQAttributes(attrs))
}

// schedulerDLQAttributes maps the engine's attributes of a scheduler hand-off to Scheduler's.
func schedulerDLQAttributes(attrs map[string]string) map[string]string {
	arn, occ, ok := splitDLQRuleARN(attrs[engineRuleARN])
	if !ok {
		return attrs
	}
	out := make(map[string]string, len(attrs)+3)
	for k, v := range attrs {
		if k != engineRuleARN {
			out[k] = v
		}
	}
	out[DLQAttrScheduleARN] = arn
	out[DLQAttrExecutionID] = occ[0]
	out[DLQAttrScheduledTime] = occ[1]
	out[DLQAttrTargetARN] = attrs[engineTargetARN]
	out[DLQAttrIsPayloadTruncated] = "false" // Input is at most 8,192 characters
	return out
}
