package queue

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/eventrail/eventrail"
)

func handoff(arn, payload string) *eventrail.Handoff {
	return &eventrail.Handoff{EventID: "ev-1", RuleArn: "arn:aws:events:us-east-1:000000000000:rule/r",
		Payload: json.RawMessage(payload), Target: eventrail.Target{Id: "t1", Arn: arn}}
}

func TestDeliver(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("target", nil)
	fifoURL := e.create("target.fifo", map[string]string{"FifoQueue": "true"})
	arn := "arn:aws:sqs:us-east-1:000000000000:target"

	h := handoff(arn, `{"detail":{"a":1}}`)
	h.TraceHeader = "Root=1-abc"
	if err := e.svc.Deliver(ctx, h); err != nil {
		t.Fatal(err)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, AttributeNames: []string{"AWSTraceHeader"}})
	if len(got) != 1 || got[0].Body != `{"detail":{"a":1}}` || got[0].Attributes["AWSTraceHeader"] != "Root=1-abc" {
		t.Fatalf("delivered = %+v", got)
	}

	fh := handoff(arn+".fifo", `"x"`)
	fh.Target.SqsParameters = &eventrail.SqsParameters{MessageGroupId: "g1"}
	for range 2 { // a retried delivery of the same event is deduplicated
		if err := e.svc.Deliver(ctx, fh); err != nil {
			t.Fatal(err)
		}
	}
	got = e.receive(&ReceiveMessageInput{QueueUrl: fifoURL, MaxNumberOfMessages: ptr(10), AttributeNames: []string{"MessageGroupId"}})
	if len(got) != 1 || got[0].Attributes["MessageGroupId"] != "g1" {
		t.Fatalf("fifo delivered = %+v", got)
	}

	tests := []struct {
		name      string
		h         *eventrail.Handoff
		code      string
		retryable bool
	}{
		{"missing queue", handoff("arn:aws:sqs:us-east-1:000000000000:nope", "{}"), "NO_RESOURCE", false},
		{"other account", handoff("arn:aws:sqs:us-east-1:111111111111:target", "{}"), "NO_RESOURCE", false},
		{"other region", handoff("arn:aws:sqs:eu-west-1:000000000000:target", "{}"), "NO_RESOURCE", false},
		{"not sqs", handoff("arn:aws:sns:us-east-1:000000000000:target", "{}"), "NO_RESOURCE", false},
		{"fifo without group", handoff(arn+".fifo", "{}"), "SDK_CLIENT_ERROR", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.svc.Deliver(ctx, tt.h)
			var de *eventrail.DeliveryError
			if !errors.As(err, &de) || de.Code != tt.code || de.Retryable != tt.retryable {
				t.Fatalf("err = %#v, want %s retryable=%v", err, tt.code, tt.retryable)
			}
		})
	}
}

func TestQueueSender(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("dead", nil)
	sender := e.svc.Sender()
	attrs := map[string]string{"RULE_ARN": "arn:aws:events:us-east-1:000000000000:rule/r", "ERROR_CODE": "NO_RESOURCE", "RETRY_ATTEMPTS": "0"}
	if err := sender.SendMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:dead", []byte(`{"id":"1"}`), attrs); err != nil {
		t.Fatal(err)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, MessageAttributeNames: []string{"All"}})
	if len(got) != 1 || got[0].Body != `{"id":"1"}` || len(got[0].MessageAttributes) != 3 ||
		*got[0].MessageAttributes["ERROR_CODE"].StringValue != "NO_RESOURCE" || got[0].MessageAttributes["ERROR_CODE"].DataType != "String" {
		t.Fatalf("dead letter = %+v", got)
	}
	err := sender.SendMessage(ctx, "arn:aws:sqs:us-east-1:000000000000:missing", []byte("x"), nil)
	if !errors.Is(err, eventrail.ErrNotFound) {
		t.Fatalf("missing queue: %v", err)
	}
}
