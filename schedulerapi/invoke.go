package schedulerapi

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Context attributes substituted in a target's Input.
const (
	AttrScheduleARN   = "<aws.scheduler.schedule-arn>"
	AttrScheduledTime = "<aws.scheduler.scheduled-time>"
	AttrExecutionID   = "<aws.scheduler.execution-id>"
	AttrAttemptNumber = "<aws.scheduler.attempt-number>"
)

// defaultPayload is what a target receives when the schedule has no Input (AWS's "default
// notification" is undocumented).
const defaultPayload = "{}"

// HandoffKeyPrefix is the hand-off record key prefix: "t." is the delivery engine's, "sch-"
// marks the scheduler's lanes.
const HandoffKeyPrefix = "t.sch-"

// substitute replaces the context attributes in input.
func substitute(input, arn, execID string, occ time.Time) string {
	if !strings.Contains(input, "<aws.scheduler.") {
		return input
	}
	for _, kv := range [...][2]string{{AttrScheduleARN, arn}, {AttrExecutionID, execID}, {AttrAttemptNumber, "1"}} {
		if strings.Contains(input, kv[0]) {
			input = strings.ReplaceAll(input, kv[0], kv[1])
		}
	}
	if strings.Contains(input, AttrScheduledTime) {
		input = strings.ReplaceAll(input, AttrScheduledTime, occ.UTC().Format(eventrail.TimeFormat))
	}
	return input
}

// isBusTarget reports whether arn is an event bus ("arn:...:events:...:event-bus/<name>").
func isBusTarget(arn string) bool {
	p, ok := eventrail.ParseARN(arn)
	return ok && p.Service == "events" && strings.HasPrefix(p.Resource, "event-bus/")
}

// handoff builds the delivery engine's hand-off for one occurrence of sc.
// built is its IngestionTime (the same for every hand-off of a slot part, so a takeover
// rebuilds identical records).
func (s *Service) handoff(sc *storedSchedule, occ time.Time, execID string, built time.Time) eventrail.Handoff {
	t := sc.Target
	payload := defaultPayload
	if t.Input != nil {
		payload = substitute(*t.Input, sc.Arn, execID, occ)
	}
	h := eventrail.Handoff{
		EventID:              execID,
		IngestionTime:        built,
		RuleName:             sc.GroupName + "/" + sc.Name,
		RuleArn:              sc.Arn,
		Target:               engineTarget(sc),
		Payload:              []byte(payload),
		DeadLetterAttributes: deadLetterAttributes(sc.Arn, execID, occ),
	}
	if u, body, ok := s.resolveUniversal(h.Target.Arn, payload); ok {
		u.Id, u.RoleArn, u.RetryPolicy, u.DeadLetterConfig = h.Target.Id, h.Target.RoleArn, h.Target.RetryPolicy, h.Target.DeadLetterConfig
		h.Target, h.Payload = u, []byte(body)
	}
	if isBusTarget(h.Target.Arn) {
		ev := s.busEvent(sc, occ, execID, payload)
		h.Event = ev.Envelope()
		h.Payload = h.Event
		return h
	}
	if json.Valid(h.Payload) {
		h.Event = json.RawMessage(h.Payload)
	} else {
		h.Event, _ = json.Marshal(payload)
	}
	return h
}

// busEvent is the event a PutEvents-templated target puts on its bus: EventBridgeParameters'
// DetailType and Source, Input as detail, the schedule as the resource.
func (s *Service) busEvent(sc *storedSchedule, occ time.Time, execID, payload string) eventrail.Event {
	ev := eventrail.Event{ID: execID, Account: s.o.Account.ID, Region: s.o.Account.Region, Time: occ.UTC(),
		Resources: []string{sc.Arn}, Detail: json.RawMessage(payload), IngestionTime: s.now()}
	if p := sc.Target.EventBridgeParameters; p != nil {
		ev.DetailType, ev.Source = deref(p.DetailType), deref(p.Source)
	}
	if !json.Valid(ev.Detail) {
		ev.Detail, _ = json.Marshal(payload)
	}
	ev.Bus = eventrail.BusName(deref(sc.Target.Arn))
	return ev
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// engineTarget converts the schedule's target to the delivery engine's.
func engineTarget(sc *storedSchedule) eventrail.Target {
	t := sc.Target
	out := eventrail.Target{Id: sc.Name, Arn: deref(t.Arn), RoleArn: deref(t.RoleArn)}
	if p := t.RetryPolicy; p != nil {
		out.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: p.MaximumRetryAttempts, MaximumEventAgeInSeconds: p.MaximumEventAgeInSeconds}
	}
	if d := t.DeadLetterConfig; d != nil && d.Arn != nil {
		out.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: *d.Arn}
	}
	if p := t.SqsParameters; p != nil && p.MessageGroupId != nil {
		out.SqsParameters = &eventrail.SqsParameters{MessageGroupId: *p.MessageGroupId}
	}
	return out
}

// laneKey is the hand-off record key of a target ARN: one delivery lane per target.
func laneKey(arn string) string {
	sum := sha1.Sum([]byte(arn))
	return HandoffKeyPrefix + hex.EncodeToString(sum[:8])
}

// directEvent is the event ingested for h when there is no hand-off log: only event-bus
// targets can be served that way (nil otherwise, with a warning).
func (s *Service) directEvent(sc *storedSchedule, h *eventrail.Handoff, occ time.Time, execID string) *eventrail.Event {
	if s.o.Ingester == nil || !isBusTarget(h.Target.Arn) {
		s.o.Logger.Warn("schedulerapi: no hand-off log; invocation dropped", "schedule", sc.Arn, "target", h.Target.Arn)
		return nil
	}
	ev := s.busEvent(sc, occ, execID, string(h.Payload))
	ev.IngestionTime = h.IngestionTime
	return &ev
}
