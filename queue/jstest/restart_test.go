package jstest

import (
	"context"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
	"github.com/eventrail/eventrail/logs"
	"github.com/eventrail/eventrail/queue"
)

func openStore(t *testing.T, dir string) *jetstream.Store {
	t.Helper()
	st, err := jetstream.Open(context.Background(), jetstream.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("jetstream.Open: %v", err)
	}
	return st
}

func openStoreB(b *testing.B) (*jetstream.Store, error) {
	return jetstream.Open(context.Background(), jetstream.Options{DataDir: b.TempDir()})
}

func ptr[T any](v T) *T { return &v }

// Messages sent, received (in flight) and deleted before the store closes are exactly as
// they were after it reopens from disk, receipt handles included.
func TestQueueSurvivesStoreRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	q, err := queue.Open(ctx, queue.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	url, err := q.CreateQueue(ctx, &queue.CreateQueueInput{QueueName: "durable", Attributes: map[string]string{"VisibilityTimeout": "600"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"a", "b", "c"} {
		if _, err := q.SendMessage(ctx, &queue.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: ptr(b)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := q.ReceiveMessage(ctx, &queue.ReceiveMessageInput{QueueUrl: url.QueueUrl, MaxNumberOfMessages: ptr(2)})
	if err != nil || len(got.Messages) != 2 {
		t.Fatalf("receive: %+v %v", got, err)
	}
	if _, err := q.DeleteMessage(ctx, &queue.DeleteMessageInput{QueueUrl: url.QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	q.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = openStore(t, dir)
	defer st.Close()
	q, err = queue.Open(ctx, queue.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	attrs, err := q.GetQueueAttributes(ctx, &queue.GetQueueAttributesInput{QueueUrl: url.QueueUrl, AttributeNames: []string{"All"}})
	if err != nil || attrs.Attributes["ApproximateNumberOfMessages"] != "1" || attrs.Attributes["ApproximateNumberOfMessagesNotVisible"] != "1" ||
		attrs.Attributes["VisibilityTimeout"] != "600" {
		t.Fatalf("after restart: %+v %v", attrs, err)
	}
	if _, err := q.DeleteMessage(ctx, &queue.DeleteMessageInput{QueueUrl: url.QueueUrl, ReceiptHandle: got.Messages[1].ReceiptHandle}); err != nil {
		t.Fatalf("old receipt handle: %v", err)
	}
	left, err := q.ReceiveMessage(ctx, &queue.ReceiveMessageInput{QueueUrl: url.QueueUrl, MaxNumberOfMessages: ptr(10)})
	if err != nil || len(left.Messages) != 1 || left.Messages[0].Body != "c" {
		t.Fatalf("left: %+v %v", left, err)
	}
}

func TestLogsSurviveStoreRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, dir)
	l, err := logs.Open(ctx, logs.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.CreateLogGroup(ctx, &logs.CreateLogGroupInput{LogGroupName: "/aws/events/x"}); err != nil {
		t.Fatal(err)
	}
	h := &eventrail.Handoff{EventID: "e-1", Payload: []byte(`{"hello":"world"}`),
		Event:  []byte(`{"time":"` + eventrail.SystemClock{}.Now().UTC().Format(eventrail.TimeFormat) + `"}`),
		Target: eventrail.Target{Id: "t", Arn: eventrail.DefaultAccount.ARN("logs", "log-group:/aws/events/x")}}
	if err := l.Deliver(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = openStore(t, dir)
	defer st.Close()
	l, err = logs.Open(ctx, logs.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	out, err := l.GetLogEvents(ctx, &logs.GetLogEventsInput{LogGroupName: "/aws/events/x", LogStreamName: "e-1"})
	if err != nil || len(out.Events) != 1 || !strings.Contains(out.Events[0].Message, "world") {
		t.Fatalf("after restart: %+v %v", out, err)
	}
}
