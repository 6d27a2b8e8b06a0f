package queue

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	"github.com/eventrail/eventrail/awsjson"
)

// sdkEnv serves the Service through the awsjson edge on 127.0.0.1 and talks to it with the
// real aws-sdk-go-v2 SQS client.
type sdkEnv struct {
	*env
	srv    *httptest.Server
	client *sqs.Client
}

func newSDKEnv(t *testing.T, wrap func(http.Handler) http.Handler) *sdkEnv {
	t.Helper()
	e := newRealEnv(t)
	svc := &awsjson.Service{TargetPrefix: "AmazonSQS", JSONVersion: "1.0", SigningName: "sqs", QueryCompatible: QueryCompatibleCodes()}
	svc.RegisterAll(e.svc.Operations())
	h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{svc}})
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler = BaseURLMiddleware(h)
	if wrap != nil {
		handler = wrap(handler)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	client := sqs.New(sqs.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})
	return &sdkEnv{env: e, srv: srv, client: client}
}

func TestSDKRoundTrip(t *testing.T) {
	s := newSDKEnv(t, nil)
	ctx := context.Background()
	created, err := s.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("sdk"),
		Attributes: map[string]string{"VisibilityTimeout": "5"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := s.srv.URL + "/000000000000/sdk"; aws.ToString(created.QueueUrl) != want {
		t.Fatalf("QueueUrl = %s, want %s", aws.ToString(created.QueueUrl), want)
	}
	url := created.QueueUrl
	sent, err := s.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: aws.String("héllo wörld"),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"s": {DataType: aws.String("String"), StringValue: aws.String("v")},
			"n": {DataType: aws.String("Number"), StringValue: aws.String("42")},
			"b": {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2}},
		},
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-abc")},
		}})
	if err != nil {
		t.Fatalf("SendMessage (the SDK checks MD5OfMessageBody): %v", err)
	}
	batch, err := s.client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("one")}, {Id: aws.String("b"), MessageBody: aws.String("two")}}})
	if err != nil || len(batch.Successful) != 2 || len(batch.Failed) != 0 {
		t.Fatalf("SendMessageBatch: %+v %v", batch, err)
	}
	recv, err := s.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll}})
	if err != nil {
		t.Fatalf("ReceiveMessage (the SDK checks MD5OfBody): %v", err)
	}
	if len(recv.Messages) != 3 {
		t.Fatalf("received %d messages", len(recv.Messages))
	}
	m := recv.Messages[0]
	if aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) || aws.ToString(m.Body) != "héllo wörld" ||
		aws.ToString(m.MD5OfMessageAttributes) != aws.ToString(sent.MD5OfMessageAttributes) ||
		!bytes.Equal(m.MessageAttributes["b"].BinaryValue, []byte{0, 1, 2}) ||
		m.Attributes["AWSTraceHeader"] != "Root=1-abc" || m.Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("message = %+v", m)
	}
	var entries []types.DeleteMessageBatchRequestEntry
	for i, m := range recv.Messages {
		entries = append(entries, types.DeleteMessageBatchRequestEntry{Id: aws.String(string(rune('a' + i))), ReceiptHandle: m.ReceiptHandle})
	}
	del, err := s.client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: entries})
	if err != nil || len(del.Successful) != 3 {
		t.Fatalf("DeleteMessageBatch: %+v %v", del, err)
	}
	attrs, err := s.client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: url,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
	if err != nil || attrs.Attributes["ApproximateNumberOfMessages"] != "0" || attrs.Attributes["VisibilityTimeout"] != "5" {
		t.Fatalf("GetQueueAttributes: %v %v", attrs, err)
	}
	list, err := s.client.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("sd")})
	if err != nil || len(list.QueueUrls) != 1 {
		t.Fatalf("ListQueues: %+v %v", list, err)
	}
	if _, err := s.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url}); err != nil {
		t.Fatal(err)
	}
}

func TestSDKErrors(t *testing.T) {
	s := newSDKEnv(t, nil)
	ctx := context.Background()
	_, err := s.client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("missing")})
	var qdne *types.QueueDoesNotExist
	if !errors.As(err, &qdne) || qdne.ErrorCode() != "AWS.SimpleQueueService.NonExistentQueue" || qdne.ErrorMessage() != "The specified queue does not exist." {
		t.Fatalf("GetQueueUrl missing: %#v", err)
	}
	url, err := s.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("e")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url.QueueUrl, MaxNumberOfMessages: 11})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "InvalidParameterValue" || api.ErrorFault() != smithy.FaultClient ||
		api.ErrorMessage() != "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided." {
		t.Fatalf("ReceiveMessage 11: %#v", err)
	}
	if _, err := s.client.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	_, err = s.client.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: url.QueueUrl})
	var purge *types.PurgeQueueInProgress
	if !errors.As(err, &purge) || purge.ErrorCode() != "AWS.SimpleQueueService.PurgeQueueInProgress" {
		t.Fatalf("second purge: %#v", err)
	}
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusForbidden {
		t.Fatalf("purge status: %v", err)
	}
	_, err = s.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url.QueueUrl, ReceiptHandle: aws.String("garbage")})
	var rh *types.ReceiptHandleIsInvalid
	if !errors.As(err, &rh) {
		t.Fatalf("bad handle: %#v", err)
	}
}

// The SDK really validates the digests we send: corrupting MD5OfMessageBody on the wire makes
// the call fail, so the passing calls above prove our digests correct.
func TestSDKRejectsWrongMD5(t *testing.T) {
	corrupt := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Amz-Target") != "AmazonSQS.SendMessage" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body, _ := io.ReadAll(rec.Result().Body)
			body = []byte(strings.Replace(string(body), `"MD5OfMessageBody":"`, `"MD5OfMessageBody":"0`, 1))
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	}
	s := newSDKEnv(t, corrupt)
	ctx := context.Background()
	url, err := s.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("md5")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: aws.String("x")})
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("corrupted MD5 accepted: %v", err)
	}
}

// Long polling through the SDK returns as soon as a message is sent.
func TestSDKLongPoll(t *testing.T) {
	s := newSDKEnv(t, nil)
	ctx := context.Background()
	url, err := s.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("lp")})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *sqs.ReceiveMessageOutput, 1)
	go func() {
		out, err := s.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url.QueueUrl, WaitTimeSeconds: 20})
		if err != nil {
			t.Error(err)
		}
		done <- out
	}()
	waitFor(t, "receiver to block", s.blocked(1))
	start := time.Now()
	if _, err := s.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: aws.String("now")}); err != nil {
		t.Fatal(err)
	}
	select {
	case out := <-done:
		if out == nil || len(out.Messages) != 1 {
			t.Fatalf("out = %+v", out)
		}
		if lat := time.Since(start); lat > 500*time.Millisecond {
			t.Fatalf("send→receive latency %v", lat)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not return")
	}
}
