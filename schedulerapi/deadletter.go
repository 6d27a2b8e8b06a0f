package schedulerapi

import (
	"time"

	"github.com/eventrail/eventrail"
)

// The message attributes EventBridge Scheduler puts on a dead-letter message (spec §6.4; AWS
// Scheduler guide, "configuring-schedule-dlq"). The delivery engine adds TARGET_ARN,
// ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS and EXHAUSTED_RETRY_CONDITION to the ones a
// schedule's hand-off carries (eventrail.Handoff.DeadLetterAttributes).
const (
	DLQAttrExecutionID        = "EXECUTION_ID"
	DLQAttrIsPayloadTruncated = "IS_PAYLOAD_TRUNCATED"
	DLQAttrScheduledTime      = "SCHEDULED_TIME"
	DLQAttrScheduleARN        = "SCHEDULE_ARN"
)

// deadLetterAttributes are the attributes one occurrence's hand-off carries for its
// dead-letter message.
func deadLetterAttributes(scheduleARN, execID string, occ time.Time) map[string]string {
	return map[string]string{
		DLQAttrScheduleARN:        scheduleARN,
		DLQAttrExecutionID:        execID,
		DLQAttrScheduledTime:      occ.UTC().Format(eventrail.TimeFormat),
		DLQAttrIsPayloadTruncated: "false", // Input is at most 8,192 characters
	}
}
