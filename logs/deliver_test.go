package logs

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func logHandoff(arn, id, payload string) *eventrail.Handoff {
	ev := eventrail.Event{ID: id, DetailType: "t", Source: "s", Account: "000000000000", Region: "us-east-1",
		Time: t0.Add(-time.Minute), Detail: json.RawMessage(`{"a":1}`)}
	return &eventrail.Handoff{EventID: id, Event: ev.Envelope(), Payload: json.RawMessage(payload), IngestionTime: t0,
		RuleArn: "arn:aws:events:us-east-1:000000000000:rule/r", Target: eventrail.Target{Id: "t", Arn: arn}}
}

func TestDeliver(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("/aws/events/rule")
	arn := "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/rule"

	h := logHandoff(arn+":*", "ev-1", `{"detail":{"a":1}}`)
	if err := e.svc.Deliver(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Deliver(ctx, h); err != nil { // a retry reuses the stream
		t.Fatal(err)
	}
	got, err := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "/aws/events/rule", LogStreamName: "ev-1", StartFromHead: ptr(true)})
	if err != nil || len(got.Events) != 2 || got.Events[0].Message != `{"detail":{"a":1}}` || got.Events[0].Timestamp != t0.Add(-time.Minute).UnixMilli() {
		t.Fatalf("delivered = %+v %v", got, err)
	}

	shaped := logHandoff(arn, "ev-2", `{"timestamp":"2026-03-01T11:30:00Z","message":{"k":"v"}}`)
	shaped.Target.InputTransformer = &eventrail.InputTransformer{InputTemplate: `{"timestamp": <t>, "message": <m>}`}
	if err := e.svc.Deliver(ctx, shaped); err != nil {
		t.Fatal(err)
	}
	got, _ = e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "/aws/events/rule", LogStreamName: "ev-2"})
	if len(got.Events) != 1 || got.Events[0].Message != `{"k":"v"}` || got.Events[0].Timestamp != t0.Add(-30*time.Minute).UnixMilli() {
		t.Fatalf("transformed = %+v", got.Events)
	}

	tests := []struct {
		name string
		h    *eventrail.Handoff
		code string
	}{
		{"missing group", logHandoff("arn:aws:logs:us-east-1:000000000000:log-group:nope", "e", "{}"), "NO_RESOURCE"},
		{"other account", logHandoff("arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/rule", "e", "{}"), "NO_RESOURCE"},
		{"not logs", logHandoff("arn:aws:sqs:us-east-1:000000000000:q", "e", "{}"), "NO_RESOURCE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var de *eventrail.DeliveryError
			if err := e.svc.Deliver(ctx, tt.h); !errors.As(err, &de) || de.Code != tt.code || de.Retryable {
				t.Fatalf("err = %#v, want %s", err, tt.code)
			}
		})
	}
	old := logHandoff(arn, "ev-old", "{}")
	old.Event = json.RawMessage(`{"time":"2020-01-01T00:00:00Z"}`)
	var de *eventrail.DeliveryError
	if err := e.svc.Deliver(ctx, old); !errors.As(err, &de) || de.Code != "SDK_CLIENT_ERROR" || de.Retryable {
		t.Fatalf("too old: %#v", err)
	}
}
