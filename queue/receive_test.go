package queue

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestReceiveVisibilityAndDelete(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("vis", map[string]string{"VisibilityTimeout": "30"})
	sent := e.send(url, "hello")
	msgs := e.receive(&ReceiveMessageInput{QueueUrl: url, AttributeNames: []string{"All"}})
	if len(msgs) != 1 || msgs[0].MessageId != sent.MessageId || msgs[0].Body != "hello" || msgs[0].MD5OfBody != md5Hex("hello") {
		t.Fatalf("msgs = %+v", msgs)
	}
	a := msgs[0].Attributes
	if a["ApproximateReceiveCount"] != "1" || a["SentTimestamp"] != "1772366400000" || a["SenderId"] != "000000000000" ||
		a["ApproximateFirstReceiveTimestamp"] != "1772366400000" {
		t.Fatalf("attributes = %v", a)
	}
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url}); len(got) != 0 {
		t.Fatalf("in-flight message received again: %+v", got)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" || qa["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("counts = %v", qa)
	}
	e.clock.Advance(30 * time.Second)
	again := e.receive(&ReceiveMessageInput{QueueUrl: url, MessageSystemAttributeNames: []string{"ApproximateReceiveCount"}})
	if len(again) != 1 || again[0].Attributes["ApproximateReceiveCount"] != "2" || again[0].ReceiptHandle == msgs[0].ReceiptHandle {
		t.Fatalf("after expiry: %+v", again)
	}
	// A stale handle is accepted but does not delete.
	if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: msgs[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("stale handle deleted the message: %v", qa)
	}
	if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: again[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: again[0].ReceiptHandle}); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	e.clock.Advance(time.Hour)
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" || qa["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("after delete: %v", qa)
	}
}

func TestReceiveErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("errs", nil)
	other := e.create("other", nil)
	e.send(other, "x")
	otherHandle := e.receive(&ReceiveMessageInput{QueueUrl: other})[0].ReceiptHandle
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"max 11", func() error {
			_, err := e.svc.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(11)})
			return err
		}, CodeInvalidParameterValue, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."},
		{"wait 21", func() error {
			_, err := e.svc.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(21)})
			return err
		}, CodeInvalidParameterValue, "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."},
		{"wait -1", func() error {
			_, err := e.svc.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(-1)})
			return err
		}, CodeInvalidParameterValue, "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided."},
		{"garbage handle", func() error {
			_, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: "garbage"})
			return err
		}, CodeReceiptHandleIsInvalid, `The input receipt handle "garbage" is not a valid receipt handle.`},
		{"other queue's handle", func() error {
			_, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: otherHandle})
			return err
		}, CodeReceiptHandleIsInvalid, fmt.Sprintf("The input receipt handle %q is not a valid receipt handle.", otherHandle)},
		{"visibility without handle", func() error {
			_, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: url, VisibilityTimeout: ptr(1)})
			return err
		}, CodeMissingParameter, "The request must contain the parameter ReceiptHandle."},
		{"visibility range", func() error {
			_, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: other, ReceiptHandle: otherHandle, VisibilityTimeout: ptr(43201)})
			return err
		}, CodeInvalidParameterValue, "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErr(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestChangeMessageVisibility(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("cmv", nil)
	e.send(url, "a")
	m := e.receive(&ReceiveMessageInput{QueueUrl: url})[0]
	if _, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: ptr(0)}); err != nil {
		t.Fatal(err)
	}
	m2 := e.receive(&ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: ptr(100)})
	if len(m2) != 1 {
		t.Fatal("message not visible after ChangeMessageVisibility(0)")
	}
	_, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: ptr(5)})
	wantErr(t, err, CodeInvalidParameterValue, "Value "+m.ReceiptHandle+" for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.")
	if _, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: m2[0].ReceiptHandle, VisibilityTimeout: ptr(10)}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(10 * time.Second)
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url}); len(got) != 1 {
		t.Fatal("message not visible after its changed timeout")
	}
	out, err := e.svc.ChangeMessageVisibilityBatch(ctx, &ChangeMessageVisibilityBatchInput{QueueUrl: url, Entries: []ChangeMessageVisibilityBatchRequestEntry{
		{Id: "bad", ReceiptHandle: "garbage", VisibilityTimeout: ptr(1)}}})
	if err != nil || len(out.Failed) != 1 || out.Failed[0].Code != "ReceiptHandleIsInvalid" {
		t.Fatalf("batch = %+v %v", out, err)
	}
}

func TestReceiveManyAndDeleteBatch(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("many", nil)
	for i := range 15 {
		e.send(url, fmt.Sprint(i))
	}
	first := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)})
	second := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)})
	if len(first) != 10 || len(second) != 5 {
		t.Fatalf("got %d then %d", len(first), len(second))
	}
	for i, m := range append(first, second...) {
		if m.Body != fmt.Sprint(i) {
			t.Fatalf("message %d body %q: standard queues should still come out oldest first here", i, m.Body)
		}
	}
	var entries []DeleteMessageBatchRequestEntry
	for i, m := range first {
		entries = append(entries, DeleteMessageBatchRequestEntry{Id: fmt.Sprint("e", i), ReceiptHandle: m.ReceiptHandle})
	}
	entries = append(entries[:9], DeleteMessageBatchRequestEntry{Id: "bad", ReceiptHandle: "nope"})
	out, err := e.svc.DeleteMessageBatch(ctx, &DeleteMessageBatchInput{QueueUrl: url, Entries: entries})
	if err != nil || len(out.Successful) != 9 || len(out.Failed) != 1 || out.Failed[0].Id != "bad" || !out.Failed[0].SenderFault {
		t.Fatalf("batch = %+v %v", out, err)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessagesNotVisible"] != "6" {
		t.Fatalf("counts = %v", qa)
	}
}

func TestDelayAndRetention(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("delay", map[string]string{"DelaySeconds": "10", "MessageRetentionPeriod": "60"})
	e.send(url, "queue-delay")
	if _, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: ptr("no-delay"), DelaySeconds: ptr(0)}); err != nil {
		t.Fatal(err)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessagesDelayed"] != "1" || qa["ApproximateNumberOfMessages"] != "1" {
		t.Fatalf("counts = %v", qa)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), VisibilityTimeout: ptr(0)})
	if len(got) != 1 || got[0].Body != "no-delay" {
		t.Fatalf("before delay: %+v", got)
	}
	e.clock.Advance(10 * time.Second)
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), VisibilityTimeout: ptr(0)}); len(got) != 2 {
		t.Fatalf("after delay: %+v", got)
	}
	e.clock.Advance(50 * time.Second)
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" || qa["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("expired messages counted before any receive: %v", qa)
	}
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)}); len(got) != 0 {
		t.Fatalf("after retention: %+v", got)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("expired messages still counted: %v", qa)
	}
}

func TestMessageAttributeSelection(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("sel", nil)
	str := func(v string) MessageAttributeValue {
		return MessageAttributeValue{DataType: "String", StringValue: &v}
	}
	_, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: ptr("msg"), MessageAttributes: map[string]MessageAttributeValue{
		"Hello": str("There"), "General": str("Kenobi"), "Help.Me": str("Me")},
		MessageSystemAttributes: map[string]MessageAttributeValue{"AWSTraceHeader": str("Root=1-5759e988-bd862e3fe1be46a994272793")}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		names []string
		n     int
		md5   string
	}{
		{nil, 0, ""},
		{[]string{"All"}, 3, "4c360f3fdafd970e05fae2f149d997f5"},
		{[]string{".*"}, 3, "4c360f3fdafd970e05fae2f149d997f5"},
		{[]string{"Hello"}, 1, "a311262e065454b75da111d535b8dacd"},
		{[]string{"Hel.*"}, 0, ""},
		{[]string{"Help.*", "Hello"}, 2, "83fee93c1bcd8b9a5a923ffacdc636c7"},
		{[]string{"General", "Hello"}, 2, "fca026605781cb4126a1e9044df24232"},
	}
	for _, tt := range tests {
		m := e.receive(&ReceiveMessageInput{QueueUrl: url, MessageAttributeNames: tt.names, VisibilityTimeout: ptr(0),
			MessageSystemAttributeNames: []string{"AWSTraceHeader"}})[0]
		if len(m.MessageAttributes) != tt.n || m.MD5OfMessageAttributes != tt.md5 {
			t.Errorf("%v: %d attributes, md5 %q; want %d, %q", tt.names, len(m.MessageAttributes), m.MD5OfMessageAttributes, tt.n, tt.md5)
		}
		if m.Attributes["AWSTraceHeader"] != "Root=1-5759e988-bd862e3fe1be46a994272793" || len(m.Attributes) != 1 {
			t.Errorf("system attributes = %v", m.Attributes)
		}
	}
}

func TestFIFOOrderingAndDedup(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("o.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	send := func(group, body string) *SendMessageOutput {
		out, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: &body, MessageGroupId: &group})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a1 := send("a", "a1")
	send("a", "a2")
	send("b", "b1")
	dup := send("a", "a1")
	if dup.MessageId != a1.MessageId || dup.SequenceNumber != a1.SequenceNumber || len(a1.SequenceNumber) != 20 {
		t.Fatalf("dedup: %+v vs %+v", dup, a1)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(1), AttributeNames: []string{"All"}})
	if len(got) != 1 || got[0].Body != "a1" || got[0].Attributes["MessageGroupId"] != "a" || got[0].Attributes["SequenceNumber"] != a1.SequenceNumber {
		t.Fatalf("first = %+v", got)
	}
	// Group a is blocked while a1 is in flight; b1 is next.
	next := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)})
	if len(next) != 1 || next[0].Body != "b1" {
		t.Fatalf("second = %+v", next)
	}
	if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	last := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)})
	if len(last) != 1 || last[0].Body != "a2" {
		t.Fatalf("third = %+v", last)
	}
	e.clock.Advance(31 * time.Second)
	_, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: last[0].ReceiptHandle})
	wantErr(t, err, CodeInvalidParameterValue, "Value "+last[0].ReceiptHandle+" for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
	e.clock.Advance(5 * time.Minute)
	if again := send("a", "a1"); again.MessageId == a1.MessageId {
		t.Fatal("dedup id remembered past the 5-minute window")
	}
}

func TestRedriveToDeadLetterQueue(t *testing.T) {
	e := newEnv(t)
	dlqURL := e.create("dlq", nil)
	dlqARN := e.attrs(dlqURL)["QueueArn"]
	url := e.create("src", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"2"}`})
	sent := e.send(url, "poison")
	for i := range 2 {
		if got := e.receive(&ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: ptr(0)}); len(got) != 1 {
			t.Fatalf("receive %d: %+v", i+1, got)
		}
	}
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url}); len(got) != 0 {
		t.Fatalf("third receive should move the message: %+v", got)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: dlqURL, AttributeNames: []string{"All"}})
	if len(got) != 1 || got[0].MessageId != sent.MessageId || got[0].Body != "poison" ||
		got[0].Attributes["DeadLetterQueueSourceArn"] != "arn:aws:sqs:us-east-1:000000000000:src" {
		t.Fatalf("dlq = %+v", got)
	}
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" || qa["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("source counts = %v", qa)
	}
	src, err := e.svc.ListDeadLetterSourceQueues(context.Background(), &ListDeadLetterSourceQueuesInput{QueueUrl: dlqURL})
	if err != nil || len(src.QueueUrls) != 1 || src.QueueUrls[0] != url {
		t.Fatalf("ListDeadLetterSourceQueues = %+v %v", src, err)
	}
}
