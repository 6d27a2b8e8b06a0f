package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// sink is an HTTP target on 127.0.0.1 that records what it receives per path.
type sink struct {
	mu       sync.Mutex
	requests map[string][]*http.Request
	bodies   map[string][]string
	failures map[string]int // path → how many more requests to answer 500
}

func newSink(t *testing.T) (*sink, *httptest.Server) {
	s := &sink{requests: map[string][]*http.Request{}, bodies: map[string][]string{}, failures: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests[r.URL.Path] = append(s.requests[r.URL.Path], r)
		s.bodies[r.URL.Path] = append(s.bodies[r.URL.Path], string(b))
		switch {
		case r.URL.Path == "/gone":
			w.WriteHeader(http.StatusNotFound)
		case s.failures[r.URL.Path] > 0:
			s.failures[r.URL.Path]--
			w.WriteHeader(http.StatusInternalServerError)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *sink) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests[path])
}

func (s *sink) last(path string) (*http.Request, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.requests[path])
	return s.requests[path][n-1], s.bodies[path][n-1]
}

func TestHTTPTargetsRetriesAndDeadLetters(t *testing.T) {
	defer failOnMust(t)
	sk, srv := newSink(t)
	sk.failures["/flaky"] = 2
	p := startServer(t, t.TempDir())
	eb, q, ctx := p.Events(), p.SQS(), testContext(t)

	conn := must(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("sink"), AuthorizationType: types.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &types.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &types.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("x-api-key"), ApiKeyValue: aws.String("s3cret")}},
	}))
	dest := func(name, path string) string {
		out := must(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
			Name: aws.String(name), ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String(srv.URL + path),
			HttpMethod: types.ApiDestinationHttpMethodPost, InvocationRateLimitPerSecond: aws.Int32(100)}))
		return aws.ToString(out.ApiDestinationArn)
	}
	okArn, flakyArn, goneArn := dest("ok", "/ok"), dest("flaky", "/flaky"), dest("gone", "/gone")
	dlq := must(q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("dlq")}))
	dlqArn := "arn:aws:sqs:us-east-1:000000000000:dlq"

	must(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("orders"), EventPattern: aws.String(`{"source":["shop"]}`)}))
	out := must(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("orders"), Targets: []types.Target{
		{Id: aws.String("ok"), Arn: aws.String(okArn), InputPath: aws.String("$.detail")},
		{Id: aws.String("flaky"), Arn: aws.String(flakyArn)},
		{Id: aws.String("gone"), Arn: aws.String(goneArn), DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String(dlqArn)},
			RetryPolicy: &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(3)}},
	}}))
	if out.FailedEntryCount != 0 {
		t.Fatalf("PutTargets: %+v", out.FailedEntries)
	}
	put := must(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("shop"), DetailType: aws.String("order"), Detail: aws.String(`{"order":42}`)}}}))
	eventID := aws.ToString(put.Entries[0].EventId)

	eventually(t, 20*time.Second, "delivery to /ok", func() bool { return sk.count("/ok") == 1 })
	req, body := sk.last("/ok")
	if body != `{"order":42}` || req.Header.Get("x-api-key") != "s3cret" ||
		req.Header.Get("User-Agent") != "Amazon/EventBridge/ApiDestinations" || req.Method != http.MethodPost {
		t.Errorf("/ok got %s %q headers %v", req.Method, body, req.Header)
	}
	eventually(t, 60*time.Second, "the flaky target to succeed after two 500s", func() bool { return sk.count("/flaky") == 3 })
	if _, b := sk.last("/flaky"); !strings.Contains(b, eventID) {
		t.Errorf("/flaky final body %s lacks the event id", b)
	}

	// 404 is not retried: straight to the dead-letter queue with AWS's attributes.
	var msg struct {
		body  string
		attrs map[string]string
	}
	eventually(t, 20*time.Second, "the dead-lettered event", func() bool {
		m := must(q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: dlq.QueueUrl, WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"}}))
		if len(m.Messages) == 0 {
			return false
		}
		msg.body = aws.ToString(m.Messages[0].Body)
		msg.attrs = map[string]string{}
		for k, v := range m.Messages[0].MessageAttributes {
			msg.attrs[k] = aws.ToString(v.StringValue)
		}
		return true
	})
	if sk.count("/gone") != 1 {
		t.Errorf("the 404 target was called %d times, want 1 (not retried)", sk.count("/gone"))
	}
	if !strings.Contains(msg.body, `"id":"`+eventID+`"`) {
		t.Errorf("dead-letter body is not the original event: %s", msg.body)
	}
	want := map[string]string{
		"RULE_ARN":       "arn:aws:events:us-east-1:000000000000:rule/orders",
		"TARGET_ARN":     goneArn,
		"RETRY_ATTEMPTS": "0",
	}
	for k, v := range want {
		if msg.attrs[k] != v {
			t.Errorf("dead-letter attribute %s = %q, want %q (all: %v)", k, msg.attrs[k], v, msg.attrs)
		}
	}
	if msg.attrs["ERROR_CODE"] == "" || msg.attrs["ERROR_MESSAGE"] == "" {
		t.Errorf("dead-letter error attributes missing: %v", msg.attrs)
	}
	if _, ok := msg.attrs["EXHAUSTED_RETRY_CONDITION"]; ok {
		t.Errorf("a non-retryable failure has EXHAUSTED_RETRY_CONDITION: %v", msg.attrs)
	}
}
