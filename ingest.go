package eventrail

import "context"

// Ingester accepts validated events onto their buses' durable logs: PutEvents, the scheduler,
// bus-to-bus targets, replays and the audit trail all put events through it. Ingest returns
// only after every event is on stable storage; concurrent calls are committed together (group
// commit). An error means none of the events may be assumed stored.
//
// Safe for concurrent use.
type Ingester interface {
	Ingest(ctx context.Context, events []Event) error
}

// QueueSender sends one message to a queue by ARN; the built-in queue service implements it and
// the delivery engine uses it for dead-letter queues. Attributes are String message attributes.
// It returns ErrNotFound (wrapped) when the queue does not exist.
type QueueSender interface {
	SendMessage(ctx context.Context, queueARN string, body []byte, attributes map[string]string) error
}
