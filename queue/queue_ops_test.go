package queue

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCreateQueueErrors(t *testing.T) {
	e := newEnv(t)
	e.create("exists", map[string]string{"VisibilityTimeout": "10"})
	long := strings.Repeat("a", 81)
	tests := []struct {
		name      string
		queue     string
		attrs     map[string]string
		code, msg string
	}{
		{"bad chars", "a b", nil, CodeInvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"},
		{"empty", "", nil, CodeInvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"},
		{"too long", long, nil, CodeInvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"},
		{"fifo suffix on standard", "x.fifo", nil, CodeInvalidParameterValue, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"},
		{"fifo without suffix", "x", map[string]string{"FifoQueue": "true"}, CodeInvalidParameterValue, "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."},
		{"visibility range", "v", map[string]string{"VisibilityTimeout": "43201"}, CodeInvalidAttributeValue, "Invalid value for the parameter VisibilityTimeout."},
		{"delay not a number", "v", map[string]string{"DelaySeconds": "x"}, CodeInvalidAttributeValue, "Invalid value for the parameter DelaySeconds."},
		{"retention low", "v", map[string]string{"MessageRetentionPeriod": "59"}, CodeInvalidAttributeValue, "Invalid value for the parameter MessageRetentionPeriod."},
		{"max size high", "v", map[string]string{"MaximumMessageSize": "1048577"}, CodeInvalidAttributeValue, "Invalid value for the parameter MaximumMessageSize."},
		{"wait high", "v", map[string]string{"ReceiveMessageWaitTimeSeconds": "21"}, CodeInvalidAttributeValue, "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."},
		{"unknown", "v", map[string]string{"Bogus": "1"}, CodeInvalidAttributeName, "Unknown Attribute Bogus."},
		{"dedup on standard", "v", map[string]string{"ContentBasedDeduplication": "true"}, CodeInvalidAttributeName, "Unknown Attribute ContentBasedDeduplication."},
		{"scope on standard", "v", map[string]string{"DeduplicationScope": "queue"}, CodeInvalidAttributeName, "You can specify the DeduplicationScope only when FifoQueue is set to true."},
		{"throughput on standard", "v", map[string]string{"FifoThroughputLimit": "perQueue"}, CodeInvalidAttributeName, "You can specify the FifoThroughputLimit only when FifoQueue is set to true."},
		{"redrive count", "v", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":0}`}, CodeInvalidParameterValue,
			`Value {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":0} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`},
		{"exists differently", "exists", map[string]string{"VisibilityTimeout": "20"}, CodeQueueNameExists, "A queue already exists with the same name and a different value for attribute VisibilityTimeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CreateQueue(context.Background(), &CreateQueueInput{QueueName: tt.queue, Attributes: tt.attrs})
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

func TestCreateQueueIdempotent(t *testing.T) {
	e := newEnv(t)
	u1 := e.create("q1", map[string]string{"VisibilityTimeout": "10"})
	if u1 != "http://q.test/000000000000/q1" {
		t.Fatalf("url = %s", u1)
	}
	u2 := e.create("q1", map[string]string{"VisibilityTimeout": "10"})
	u3 := e.create("q1", nil)
	if u1 != u2 || u1 != u3 {
		t.Fatalf("urls differ: %s %s %s", u1, u2, u3)
	}
	ctx := WithBaseURL(context.Background(), "http://127.0.0.1:4010/")
	out, err := e.svc.GetQueueUrl(ctx, &GetQueueUrlInput{QueueName: "q1"})
	if err != nil || out.QueueUrl != "http://127.0.0.1:4010/000000000000/q1" {
		t.Fatalf("GetQueueUrl = %+v, %v", out, err)
	}
}

func TestQueueDoesNotExist(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	missing := "http://q.test/000000000000/nope"
	calls := map[string]func() error{
		"GetQueueUrl": func() error { _, err := e.svc.GetQueueUrl(ctx, &GetQueueUrlInput{QueueName: "nope"}); return err },
		"GetQueueUrl other account": func() error {
			e.create("mine", nil)
			_, err := e.svc.GetQueueUrl(ctx, &GetQueueUrlInput{QueueName: "mine", QueueOwnerAWSAccountId: "111111111111"})
			return err
		},
		"DeleteQueue": func() error { _, err := e.svc.DeleteQueue(ctx, &QueueUrlInput{QueueUrl: missing}); return err },
		"PurgeQueue":  func() error { _, err := e.svc.PurgeQueue(ctx, &QueueUrlInput{QueueUrl: missing}); return err },
		"GetQueueAttributes": func() error {
			_, err := e.svc.GetQueueAttributes(ctx, &GetQueueAttributesInput{QueueUrl: missing})
			return err
		},
		"SetQueueAttributes": func() error {
			_, err := e.svc.SetQueueAttributes(ctx, &SetQueueAttributesInput{QueueUrl: missing})
			return err
		},
		"SendMessage": func() error {
			_, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: missing, MessageBody: ptr("x")})
			return err
		},
		"ReceiveMessage": func() error { _, err := e.svc.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: missing}); return err },
		"DeleteMessage": func() error {
			_, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: missing, ReceiptHandle: "x"})
			return err
		},
		"other account URL": func() error {
			e.create("acct", nil)
			_, err := e.svc.GetQueueAttributes(ctx, &GetQueueAttributesInput{QueueUrl: "http://q.test/111111111111/acct"})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantErr(t, call(), CodeQueueDoesNotExist, "The specified queue does not exist.")
		})
	}
}

func TestListQueues(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"b-2", "a-1", "b-1", "c"} {
		e.create(n, nil)
	}
	ctx := context.Background()
	out, err := e.svc.ListQueues(ctx, &ListQueuesInput{QueueNamePrefix: "b-"})
	if err != nil || strings.Join(out.QueueUrls, ",") != "http://q.test/000000000000/b-1,http://q.test/000000000000/b-2" {
		t.Fatalf("prefix: %+v %v", out, err)
	}
	var pages [][]string
	in := &ListQueuesInput{MaxResults: ptr(3)}
	for {
		out, err := e.svc.ListQueues(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, out.QueueUrls)
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if len(pages) != 2 || len(pages[0]) != 3 || len(pages[1]) != 1 || !strings.HasSuffix(pages[1][0], "/c") {
		t.Fatalf("pages = %v", pages)
	}
	_, err = e.svc.ListQueues(ctx, &ListQueuesInput{MaxResults: ptr(1001)})
	wantErr(t, err, CodeInvalidParameterValue, "Value 1001 for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.")
}

func TestQueueAttributes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("attrs", map[string]string{"DelaySeconds": "5"})
	a := e.attrs(url)
	want := map[string]string{
		"QueueArn": "arn:aws:sqs:us-east-1:000000000000:attrs", "VisibilityTimeout": "30", "DelaySeconds": "5",
		"MessageRetentionPeriod": "345600", "MaximumMessageSize": "1048576", "ReceiveMessageWaitTimeSeconds": "0",
		"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0",
		"ApproximateNumberOfMessagesDelayed": "0", "CreatedTimestamp": "1772366400", "SqsManagedSseEnabled": "true",
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %q, want %q", k, a[k], v)
		}
	}
	e.clock.Advance(time.Minute)
	if _, err := e.svc.SetQueueAttributes(ctx, &SetQueueAttributesInput{QueueUrl: url,
		Attributes: map[string]string{"VisibilityTimeout": "45", "DelaySeconds": "0"}}); err != nil {
		t.Fatal(err)
	}
	out, err := e.svc.GetQueueAttributes(ctx, &GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{"VisibilityTimeout", "LastModifiedTimestamp"}})
	if err != nil || len(out.Attributes) != 2 || out.Attributes["VisibilityTimeout"] != "45" || out.Attributes["LastModifiedTimestamp"] != "1772366460" {
		t.Fatalf("after set: %v %v", out, err)
	}
	errs := []struct {
		attrs     map[string]string
		code, msg string
	}{
		{map[string]string{"QueueArn": "x"}, CodeInvalidAttributeName, "Unknown Attribute QueueArn."},
		{map[string]string{"FifoQueue": "true"}, CodeInvalidAttributeName, "Unknown Attribute FifoQueue."},
		{map[string]string{"VisibilityTimeout": "-1"}, CodeInvalidAttributeValue, "Invalid value for the parameter VisibilityTimeout."},
	}
	for _, tt := range errs {
		_, err := e.svc.SetQueueAttributes(ctx, &SetQueueAttributesInput{QueueUrl: url, Attributes: tt.attrs})
		wantErr(t, err, tt.code, tt.msg)
	}
	_, err = e.svc.GetQueueAttributes(ctx, &GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{"Nope"}})
	wantErr(t, err, CodeInvalidAttributeName, "Unknown Attribute Nope.")
	fifo := e.create("f.fifo", map[string]string{"FifoQueue": "true"})
	_, err = e.svc.SetQueueAttributes(ctx, &SetQueueAttributesInput{QueueUrl: fifo, Attributes: map[string]string{"FifoQueue": "false"}})
	wantErr(t, err, CodeInvalidAttributeValue, "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
	if fa := e.attrs(fifo); fa["FifoQueue"] != "true" || fa["ContentBasedDeduplication"] != "false" {
		t.Fatalf("fifo attrs = %v", fa)
	}
}

func TestDeleteAndPurge(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url := e.create("dp", nil)
	e.send(url, "a")
	e.send(url, "b")
	if _, err := e.svc.PurgeQueue(ctx, &QueueUrlInput{QueueUrl: url}); err != nil {
		t.Fatal(err)
	}
	if a := e.attrs(url); a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("after purge: %v", a)
	}
	_, err := e.svc.PurgeQueue(ctx, &QueueUrlInput{QueueUrl: url})
	wantErr(t, err, CodePurgeQueueInProgress, "Only one PurgeQueue operation on dp is allowed every 60 seconds.")
	e.clock.Advance(61 * time.Second)
	if _, err := e.svc.PurgeQueue(ctx, &QueueUrlInput{QueueUrl: url}); err != nil {
		t.Fatalf("second purge after a minute: %v", err)
	}
	e.send(url, "c")
	if _, err := e.svc.DeleteQueue(ctx, &QueueUrlInput{QueueUrl: url}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.GetQueueUrl(ctx, &GetQueueUrlInput{QueueName: "dp"})
	wantErr(t, err, CodeQueueDoesNotExist, "")
	url = e.create("dp", nil)
	if a := e.attrs(url); a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("re-created queue has old messages: %v", a)
	}
	_, err = e.svc.GetQueueAttributes(ctx, &GetQueueAttributesInput{QueueUrl: "http://q.test/"})
	wantErr(t, err, CodeInvalidAddress, "The address http://q.test/ is not valid for this endpoint.")
}

func TestTags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	url, _ := e.svc.CreateQueue(ctx, &CreateQueueInput{QueueName: "t", Tags: map[string]string{"a": "1"}})
	if _, err := e.svc.TagQueue(ctx, &TagQueueInput{QueueUrl: url.QueueUrl, Tags: map[string]string{"b": "2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UntagQueue(ctx, &UntagQueueInput{QueueUrl: url.QueueUrl, TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	out, err := e.svc.ListQueueTags(ctx, &QueueUrlInput{QueueUrl: url.QueueUrl})
	if err != nil || len(out.Tags) != 1 || out.Tags["b"] != "2" {
		t.Fatalf("tags = %v %v", out, err)
	}
}
