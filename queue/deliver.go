package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/eventrail/eventrail"
)

// Sender returns the service as an eventrail.QueueSender (its SendMessage sends by queue ARN;
// the Service's own SendMessage is the wire operation).
func (s *Service) Sender() eventrail.QueueSender { return arnSender{s} }

type arnSender struct{ s *Service }

var _ eventrail.QueueSender = arnSender{}

// SendMessage implements eventrail.QueueSender (see Service.SendMessageToARN).
func (a arnSender) SendMessage(ctx context.Context, queueARN string, body []byte, attributes map[string]string) error {
	return a.s.SendMessageToARN(ctx, queueARN, body, attributes)
}

// SendMessageToARN sends body with String message attributes
// to the queue with ARN queueARN (dead-letter queues). A missing queue is eventrail.ErrNotFound
// (wrapped); an invalid message is the *eventrail.Error SendMessage would answer.
func (s *Service) SendMessageToARN(ctx context.Context, queueARN string, body []byte, attributes map[string]string) error {
	q := s.byARN(queueARN)
	if q == nil {
		return fmt.Errorf("queue %s: %w", queueARN, eventrail.ErrNotFound)
	}
	text := string(body)
	e := &sendEntry{Body: &text, Attrs: stringAttributes(attributes)}
	if q.fifo {
		sum := sha256.Sum256(body)
		group, dedup := "eventrail", hex.EncodeToString(sum[:])
		e.GroupID, e.DedupID = &group, &dedup
	}
	if err := validateEntry(q, e); err != nil {
		return err
	}
	_, err := s.send(ctx, q, e, "")
	if eventrail.HasCode(err, CodeQueueDoesNotExist) {
		return fmt.Errorf("queue %s: %w", queueARN, eventrail.ErrNotFound)
	}
	return err
}

func stringAttributes(in map[string]string) map[string]MessageAttributeValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]MessageAttributeValue, len(in))
	for k, v := range in {
		out[k] = MessageAttributeValue{DataType: "String", StringValue: &v}
	}
	return out
}

// Deliver implements eventrail.Deliverer for targets whose ARN is a queue of this service:
// the payload becomes the message body; FIFO queues get the target's
// SqsParameters.MessageGroupId and a deduplication id derived from the event, rule and target;
// the event's TraceHeader becomes the AWSTraceHeader system attribute. A missing queue is
// NO_RESOURCE (not retryable); an invalid message is SDK_CLIENT_ERROR (not retryable); a
// storage failure is retryable.
func (s *Service) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	q := s.byARN(h.Target.Arn)
	if q == nil {
		return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: "Queue " + h.Target.Arn + " does not exist."}
	}
	body := string(h.Payload)
	e := &sendEntry{Body: &body}
	if h.TraceHeader != "" {
		e.SysAttrs = traceAttrs(h.TraceHeader)
	}
	if q.fifo {
		if p := h.Target.SqsParameters; p != nil && p.MessageGroupId != "" {
			e.GroupID = &p.MessageGroupId
		}
		sum := sha256.Sum256([]byte(h.EventID + "\x00" + h.RuleArn + "\x00" + h.Target.Id))
		dedup := hex.EncodeToString(sum[:])
		e.DedupID = &dedup
	}
	if err := validateEntry(q, e); err != nil {
		return deliveryError(err)
	}
	_, err := s.send(ctx, q, e, "")
	return deliveryError(err)
}

// deliveryError classifies a send failure for the delivery engine.
func deliveryError(err error) error {
	if err == nil {
		return nil
	}
	if ae, ok := eventrail.AsError(err); ok {
		if ae.Code == CodeQueueDoesNotExist {
			return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: ae.Message}
		}
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: ae.Code + ": " + ae.Message}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &eventrail.DeliveryError{Code: "TIMEOUT", Message: err.Error(), Retryable: true}
	}
	return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: err.Error(), Retryable: true}
}
