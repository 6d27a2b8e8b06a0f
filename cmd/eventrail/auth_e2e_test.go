package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
)

// eventsClient returns an EventBridge client for p signing with the given keys.
func eventsClient(p *proc, id, secret string) *eventbridge.Client {
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(id, secret, "")}
	return eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) { o.BaseEndpoint = aws.String(p.Endpoint) })
}

func TestSigV4RequiredWhenCredentialsConfigured(t *testing.T) {
	defer failOnMust(t)
	p := startServer(t, t.TempDir(), "--credentials", "AKIDEVENTRAIL:verysecret")
	ctx := testContext(t)

	must(eventsClient(p, "AKIDEVENTRAIL", "verysecret").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{}))

	_, err := eventsClient(p, "AKIDEVENTRAIL", "wrong").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidSignatureException" {
		t.Fatalf("wrong secret: %v", err)
	}
	_, err = eventsClient(p, "AKIDUNKNOWN", "verysecret").ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	wantAPIError(t, err, "UnrecognizedClientException", "The security token included in the request is invalid.")

	req, _ := http.NewRequest(http.MethodPost, p.Endpoint, strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "AWSEvents.ListEventBuses")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Fatalf("unsigned request: status %d, error type %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}

	// The CLI signs with the configured keys too.
	c := newCLI(t, p)
	if _, stderr, ok := c.run("events", "list-event-buses"); ok || !strings.Contains(stderr, "UnrecognizedClient") {
		t.Fatalf("CLI with the wrong keys: ok=%v %s", ok, stderr)
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestTwoServersShareOneNATS: a second eventrail pointed at the first one's NATS with
// --nats-url sees the same rules and targets, and events put on either are delivered. The target
// is an HTTP endpoint (API destination), whose configuration lives in the shared store; the
// built-in queue and log services keep a per-process view and are not shared yet.
func TestTwoServersShareOneNATS(t *testing.T) {
	defer failOnMust(t)
	sk, srv := newSink(t)
	natsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	a := startServer(t, t.TempDir(), "--nats-listen", natsAddr)
	b := startServer(t, t.TempDir(), "--nats-url", "nats://"+natsAddr)
	ctx := testContext(t)

	conn := must(a.Events().CreateConnection(ctx, &eventbridge.CreateConnectionInput{Name: aws.String("c"),
		AuthorizationType: types.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &types.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &types.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("k"), ApiKeyValue: aws.String("v")}}}))
	dest := must(a.Events().CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{Name: aws.String("d"),
		ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String(srv.URL + "/shared"), HttpMethod: types.ApiDestinationHttpMethodPost}))
	must(a.Events().PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["app"]}`)}))
	must(a.Events().PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"),
		Targets: []types.Target{{Id: aws.String("http"), Arn: dest.ApiDestinationArn, InputPath: aws.String("$.detail.n")}}}))

	eventually(t, 10*time.Second, "the rule on the second server", func() bool {
		rules := must(b.Events().ListRules(ctx, &eventbridge.ListRulesInput{}))
		return len(rules.Rules) == 1
	})
	const perServer = 20
	for i, p := range []*proc{a, b} {
		for n := 0; n < perServer; n++ {
			must(p.Events().PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
				{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(fmt.Sprintf(`{"n":%d}`, i*perServer+n))}}}))
		}
	}
	eventually(t, 30*time.Second, "every event from both servers at the target", func() bool {
		sk.mu.Lock()
		defer sk.mu.Unlock()
		seen := map[string]bool{}
		for _, b := range sk.bodies["/shared"] {
			seen[b] = true
		}
		return len(seen) == 2*perServer
	})
}
