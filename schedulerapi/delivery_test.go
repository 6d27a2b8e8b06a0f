package schedulerapi

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery"
)

// recordingTarget is an SQS-like driver that records payloads, or fails permanently.
type recordingTarget struct {
	mu       sync.Mutex
	payloads []string
	fail     bool
}

func (r *recordingTarget) Deliver(_ context.Context, h *eventrail.Handoff) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: "queue gone"}
	}
	r.payloads = append(r.payloads, string(h.Payload))
	return nil
}

func (r *recordingTarget) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.payloads...)
}

type dlqMessage struct {
	queue, body string
	attrs       map[string]string
}

type recordingDLQ struct {
	mu   sync.Mutex
	msgs []dlqMessage
}

func (d *recordingDLQ) SendMessage(_ context.Context, arn string, body []byte, attrs map[string]string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.msgs = append(d.msgs, dlqMessage{arn, string(body), attrs})
	return nil
}

func (d *recordingDLQ) all() []dlqMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]dlqMessage(nil), d.msgs...)
}

// TestThroughDeliveryEngine runs the real delivery engine on the hand-off log: an SQS target
// receives the substituted Input; a failing target's invocation reaches its dead-letter queue.
func TestThroughDeliveryEngine(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	sqs := &recordingTarget{}
	dead := &recordingTarget{fail: true}
	dlq := &recordingDLQ{}
	engine, err := delivery.New(delivery.Options{Log: e.log, Clock: clock, DLQ: dlq,
		Drivers: map[string]eventrail.Deliverer{"sqs": sqs, "lambda": dead}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	engineDone := make(chan struct{})
	go func() { defer close(engineDone); _ = engine.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-engineDone })
	e.run(e.svc)

	ok := createInput("to-queue", atExpr(t0.Add(time.Minute)))
	ok.Target.Input = aws.String(`{"when":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, ok)
	bad := createInput("to-function", atExpr(t0.Add(time.Minute)))
	bad.Target = &types.Target{Arn: aws.String("arn:aws:lambda:us-east-1:000000000000:function:gone"), RoleArn: aws.String(testRole),
		Input: aws.String(`{"x":1}`), DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:dlq")}}
	mustCreate(t, e, bad)
	waitPending(t, e.svc, DefaultGroup, "to-function", t0.Add(time.Minute))
	clock.Set(t0.Add(time.Minute))
	waitFor(t, "queue delivery", func() bool { return len(sqs.got()) == 1 })
	if got := sqs.got()[0]; got != `{"when":"2026-03-06T12:01:00Z"}` {
		t.Errorf("queue received %s", got)
	}
	waitFor(t, "dead letter", func() bool { return len(dlq.all()) == 1 })
	m := dlq.all()[0]
	if m.queue != "arn:aws:sqs:us-east-1:000000000000:dlq" || m.body != `{"x":1}` {
		t.Errorf("dead letter = %+v", m)
	}
	// EventBridge Scheduler's dead-letter attributes, not the rule ones.
	want := map[string]string{
		"ERROR_CODE":           "NO_RESOURCE",
		"ERROR_MESSAGE":        m.attrs["ERROR_MESSAGE"],
		"EXECUTION_ID":         executionID(e.uid(t, "to-function"), t0.Add(time.Minute)),
		"IS_PAYLOAD_TRUNCATED": "false",
		"RETRY_ATTEMPTS":       "0",
		"SCHEDULED_TIME":       "2026-03-06T12:01:00Z",
		"SCHEDULE_ARN":         "arn:aws:scheduler:us-east-1:000000000000:schedule/default/to-function",
		"TARGET_ARN":           "arn:aws:lambda:us-east-1:000000000000:function:gone",
	}
	if m.attrs["ERROR_MESSAGE"] == "" || !maps.Equal(m.attrs, want) {
		t.Errorf("dead-letter attributes = %v\nwant %v", m.attrs, want)
	}
}
