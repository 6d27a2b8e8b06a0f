package logs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Deliver implements eventrail.Deliverer for targets whose ARN is a log group of this
// account and region ("arn:aws:logs:<r>:<a>:log-group:<name>", with or without ":*"). It
// creates a stream named after the event id if needed and puts one event: the payload as the
// message and the event's time as the timestamp — or, when the target has an InputTransformer
// whose output is {"timestamp": ..., "message": ...}, those values. A missing log group is
// NO_RESOURCE and an event outside the accepted time window SDK_CLIENT_ERROR, neither
// retryable; storage failures are retryable.
func (s *Service) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	name, ok := s.targetGroup(h.Target.Arn)
	if !ok {
		return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: "Log group " + h.Target.Arn + " does not exist."}
	}
	ts, msg := logEventOf(h)
	if msg == "" {
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: "empty log message"}
	}
	streamName := h.EventID
	if streamName == "" || strings.ContainsAny(streamName, ":*") {
		streamName = "eventrail"
	}
	st, err := s.createStream(ctx, name, streamName, true)
	if err != nil {
		return deliveryError(err)
	}
	s.mu.RLock()
	retention := s.groups[name].retentionOrNil()
	s.mu.RUnlock()
	out, err := s.appendEvents(ctx, st, []InputLogEvent{{Timestamp: &ts, Message: &msg}}, retention)
	if err != nil {
		return deliveryError(err)
	}
	if out.RejectedLogEventsInfo != nil {
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: "log event rejected: timestamp outside the accepted range"}
	}
	return nil
}

func (g *group) retentionOrNil() *int {
	if g == nil {
		return nil
	}
	return g.rec.Retention
}

// targetGroup returns the log group a target ARN names, if it is ours and exists.
func (s *Service) targetGroup(arn string) (string, bool) {
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service != "logs" || p.Account != s.acct.ID || p.Region != s.acct.Region {
		return "", false
	}
	name, found := strings.CutPrefix(p.Resource, "log-group:")
	if !found {
		return "", false
	}
	name = strings.TrimSuffix(name, ":*")
	_, err := s.lookupGroup(name)
	return name, err == nil
}

// logEventOf picks the timestamp (epoch ms) and message of the log event for h.
func logEventOf(h *eventrail.Handoff) (int64, string) {
	ts := eventTime(h)
	if h.Target.InputTransformer != nil {
		var shaped struct {
			Timestamp json.RawMessage `json:"timestamp"`
			Message   json.RawMessage `json:"message"`
		}
		if json.Unmarshal(h.Payload, &shaped) == nil && shaped.Message != nil {
			if t, ok := parseTimestamp(shaped.Timestamp); ok {
				ts = t
			}
			return ts, jsonText(shaped.Message)
		}
	}
	return ts, string(h.Payload)
}

// eventTime reads the envelope's "time", falling back to the ingestion time.
func eventTime(h *eventrail.Handoff) int64 {
	var env struct {
		Time string `json:"time"`
	}
	if json.Unmarshal(h.Event, &env) == nil {
		if t, err := time.Parse(time.RFC3339Nano, env.Time); err == nil {
			return t.UnixMilli()
		}
	}
	return h.IngestionTime.UnixMilli()
}

// parseTimestamp accepts epoch milliseconds or an RFC 3339 string.
func parseTimestamp(raw json.RawMessage) (int64, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0, false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UnixMilli(), true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return int64(f), true
	}
	return 0, false
}

// jsonText renders a message value: strings unquoted, anything else as compact JSON.
func jsonText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// deliveryError classifies an append failure for the delivery engine.
func deliveryError(err error) error {
	if ae, ok := eventrail.AsError(err); ok {
		if ae.Code == CodeResourceNotFound {
			return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: ae.Message}
		}
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: ae.Code + ": " + ae.Message}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &eventrail.DeliveryError{Code: "TIMEOUT", Message: err.Error(), Retryable: true}
	}
	return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: err.Error(), Retryable: true}
}
