package eventrail

import (
	"context"
	"encoding/json"
	"time"
)

// Handoff is one (event, rule, target) the router hands to the delivery engine: the unit of
// at-least-once delivery. It carries a snapshot of the target as it was when the event matched,
// so later edits of the target do not change an event already in flight.
type Handoff struct {
	// EventID, Bus and IngestionTime identify the event.
	EventID       string    `json:"e"`
	Bus           string    `json:"b"`
	IngestionTime time.Time `json:"it"`
	// Event is the original envelope (what a dead-letter queue receives, and what API
	// destinations read dynamic path parameters from).
	Event json.RawMessage `json:"ev"`
	// Payload is what the target receives after Input / InputPath / InputTransformer. It is
	// usually JSON but need not be (a string-mode InputTransformer may produce any text).
	Payload []byte `json:"p"`
	// RuleName and RuleArn name the rule that matched.
	RuleName string `json:"r"`
	RuleArn  string `json:"ra"`
	// Target is the target as configured at match time.
	Target Target `json:"t"`
	// TraceHeader is the event's TraceHeader, if any.
	TraceHeader string `json:"th,omitempty"`
	// Hops is the event's bus-to-bus forward count (bus targets increment it).
	Hops int `json:"h,omitempty"`
	// DeadLetterAttributes, when set, stand in for the rule's attribute (RULE_ARN) on the
	// dead-letter message: producers that are not rules name themselves here (EventBridge
	// Scheduler: SCHEDULE_ARN, EXECUTION_ID, SCHEDULED_TIME, ...). The delivery engine adds
	// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, RETRY_ATTEMPTS and EXHAUSTED_RETRY_CONDITION
	// either way.
	DeadLetterAttributes map[string]string `json:"dla,omitempty"`
}

// Deliverer is what a target driver implements: invoke one target with one payload.
// A driver never retries; it returns nil on success, or a *DeliveryError saying whether a retry
// may help. Deliver must honour ctx's deadline. Drivers are safe for concurrent use.
type Deliverer interface {
	Deliver(ctx context.Context, h *Handoff) error
}

// DeliveryError is a failed delivery attempt as a driver reports it.
type DeliveryError struct {
	// Code is the dead-letter ERROR_CODE, e.g. "NO_RESOURCE", "THROTTLING", "TIMEOUT",
	// "SDK_CLIENT_ERROR", or "HTTP_500"-style codes for HTTP targets.
	Code    string
	Message string
	// Retryable says whether another attempt may succeed.
	Retryable bool
	// RetryAfter, when positive, is the earliest time the target asked to be called again.
	RetryAfter time.Duration
}

// Error returns "Code: Message".
func (e *DeliveryError) Error() string { return e.Code + ": " + e.Message }
