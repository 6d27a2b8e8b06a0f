package queue

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// A restart (a new Service on the same store) keeps queues, attributes, tags, messages,
// in-flight state, receive counts and receipt handles.
func TestRestartKeepsEverything(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("durable", map[string]string{"VisibilityTimeout": "60", "DelaySeconds": "0"})
	v := "v"
	if _, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: ptr("in-flight"),
		MessageAttributes: map[string]MessageAttributeValue{"k": {DataType: "String", StringValue: &v}}}); err != nil {
		t.Fatal(err)
	}
	inflight := e.receive(&ReceiveMessageInput{QueueUrl: url, MessageAttributeNames: []string{"All"}})[0]
	visible := e.send(url, "visible")
	deleted := e.send(url, "deleted")
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), VisibilityTimeout: ptr(1)})
	for _, m := range got {
		if m.MessageId == deleted.MessageId {
			if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.clock.Advance(time.Second) // "visible" is visible again; "in-flight" still hidden

	e.restart()

	qa := e.attrs(url)
	if qa["VisibilityTimeout"] != "60" || qa["ApproximateNumberOfMessages"] != "1" || qa["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("after restart: %v", qa)
	}
	// The receipt handle from before the restart still works.
	if _, err := e.svc.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: inflight.ReceiptHandle, VisibilityTimeout: ptr(0)}); err != nil {
		t.Fatalf("old receipt handle: %v", err)
	}
	msgs := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), AttributeNames: []string{"ApproximateReceiveCount"}, MessageAttributeNames: []string{"All"}})
	byID := map[string]Message{}
	for _, m := range msgs {
		byID[m.MessageId] = m
	}
	if len(msgs) != 2 || byID[visible.MessageId].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("messages after restart: %+v", msgs)
	}
	m := byID[inflight.MessageId]
	if m.Body != "in-flight" || m.Attributes["ApproximateReceiveCount"] != "2" || m.MD5OfMessageAttributes != inflight.MD5OfMessageAttributes {
		t.Fatalf("in-flight message after restart: %+v", m)
	}
}

// A message received just before a crash becomes visible again when its visibility timeout
// passes, even though nobody deleted it.
func TestRestartInFlightBecomesVisible(t *testing.T) {
	e := newEnv(t)
	url := e.create("crash", nil)
	e.send(url, "work")
	e.receive(&ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: ptr(30)})
	e.restart()
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url}); len(got) != 0 {
		t.Fatalf("in-flight message visible right after restart: %+v", got)
	}
	e.clock.Advance(30 * time.Second)
	if got := e.receive(&ReceiveMessageInput{QueueUrl: url}); len(got) != 1 || got[0].Body != "work" {
		t.Fatalf("after timeout: %+v", got)
	}
}

// DeleteQueue interrupted after the queue record went leaves orphan messages; Open removes
// them, and a re-created queue of that name starts empty.
func TestRestartRemovesOrphans(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("orphan", nil)
	e.send(url, "left behind")
	e.send(url, "received")
	e.receive(&ReceiveMessageInput{QueueUrl: url})
	if err := e.svc.kv.Delete(ctx, queueKey("orphan")); err != nil { // the crash point
		t.Fatal(err)
	}
	e.restart()
	for _, prefix := range []string{keyMessagePrefix, keyStatePrefix} {
		if left, err := e.svc.kv.List(ctx, prefix); err != nil || len(left) != 0 {
			t.Fatalf("orphans under %s = %v %v", prefix, left, err)
		}
	}
	url = e.create("orphan", nil)
	if qa := e.attrs(url); qa["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("re-created: %v", qa)
	}
}

// FIFO sequence numbers and deduplication survive a restart.
func TestRestartFIFO(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("r.fifo", map[string]string{"FifoQueue": "true"})
	send := func(body, dedup string) *SendMessageOutput {
		out, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: &body, MessageGroupId: ptr("g"), MessageDeduplicationId: &dedup})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := send("one", "d1")
	e.restart()
	if dup := send("one", "d1"); dup.MessageId != first.MessageId {
		t.Fatal("dedup forgotten across restart")
	}
	second := send("two", "d2")
	if second.SequenceNumber <= first.SequenceNumber {
		t.Fatalf("sequence went back: %s then %s", first.SequenceNumber, second.SequenceNumber)
	}
	got := e.receive(&ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10)})
	if len(got) != 2 || got[0].Body != "one" || got[1].Body != "two" {
		t.Fatalf("order after restart: %+v", got)
	}
}

func TestVisibilityEncodingRoundTrip(t *testing.T) {
	for _, rec := range []messageRecord{
		{Receives: 1, FirstReceive: t0, VisibleAt: t0.Add(30 * time.Second)},
		{Receives: 12, FirstReceive: t0.Add(time.Nanosecond), VisibleAt: t0.Add(1500 * time.Millisecond)},
		{},
	} {
		var v visibility
		if err := json.Unmarshal(appendVisibility(nil, &rec), &v); err != nil {
			t.Fatal(err)
		}
		if v.Receives != rec.Receives || !v.FirstReceive.Equal(rec.FirstReceive) || !v.VisibleAt.Equal(rec.VisibleAt) {
			t.Fatalf("%+v → %+v", rec, v)
		}
	}
}
