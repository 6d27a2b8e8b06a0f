package schedule

import (
	"time"

	"github.com/eventrail/eventrail"
)

// Scheduled-event constants (spec §6.3).
const (
	EventSource     = "aws.events"
	EventDetailType = "Scheduled Event"
)

// Event returns the event a scheduled rule emits for the tick at fire: source "aws.events",
// detail-type "Scheduled Event", resources [rule ARN], detail {}, time = fire (UTC, whole
// seconds). id is the event id (a UUID chosen by the caller, e.g. derived from rule and tick so
// that a retried tick keeps its id).
func Event(acct eventrail.Account, ruleName, id string, fire time.Time) eventrail.Event {
	return eventrail.Event{
		ID:         id,
		DetailType: EventDetailType,
		Source:     EventSource,
		Account:    acct.ID,
		Time:       fire.UTC().Truncate(time.Second),
		Region:     acct.Region,
		Resources:  []string{acct.RuleARN(eventrail.DefaultBusName, ruleName)},
		Detail:     []byte("{}"),
		Bus:        eventrail.DefaultBusName,
	}
}
