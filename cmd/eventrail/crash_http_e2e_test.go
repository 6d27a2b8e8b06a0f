package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// TestCrashWithSlowHTTPTargetDeliversEverything kills the server with SIGKILL while events flow
// to a slow HTTP target (an API destination), restarts it, and checks that every accepted event
// reached the target at least once; duplicates are counted and reported.
func TestCrashWithSlowHTTPTargetDeliversEverything(t *testing.T) {
	defer failOnMust(t)
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	var mu sync.Mutex
	received := map[string]int{}
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // a slow target: each call takes a while
		b, _ := io.ReadAll(r.Body)
		var ev struct{ ID string }
		if json.Unmarshal(b, &ev) == nil && ev.ID != "" {
			mu.Lock()
			received[ev.ID]++
			mu.Unlock()
		}
	}))
	defer target.Close()

	dataDir := t.TempDir()
	p := startServer(t, dataDir)
	eb, ctx := p.Events(), testContext(t)
	conn := must(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{Name: aws.String("slow"),
		AuthorizationType: types.ConnectionAuthorizationTypeBasic,
		AuthParameters: &types.CreateConnectionAuthRequestParameters{BasicAuthParameters: &types.CreateConnectionBasicAuthRequestParameters{
			Username: aws.String("u"), Password: aws.String("p")}}}))
	dest := must(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{Name: aws.String("slow"),
		ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String(target.URL + "/events"),
		HttpMethod: types.ApiDestinationHttpMethodPost, InvocationRateLimitPerSecond: aws.Int32(10000)}))
	must(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventPattern: aws.String(`{"source":["load"]}`)}))
	must(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"),
		Targets: []types.Target{{Id: aws.String("http"), Arn: dest.ApiDestinationArn}}}))

	acked := putUntilKilled(t, p, eb, 2000, 3*time.Second)
	mu.Lock()
	before := len(received)
	mu.Unlock()
	t.Logf("%d events acknowledged; %d had reached the slow target before SIGKILL", len(acked), before)

	startServer(t, dataDir)
	eventually(t, 120*time.Second, "every acknowledged event at the HTTP target", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for id := range acked {
			if received[id] == 0 {
				return false
			}
		}
		return true
	})
	mu.Lock()
	dups := 0
	for _, n := range received {
		dups += n - 1
	}
	mu.Unlock()
	t.Logf("all %d acknowledged events delivered at least once; %d duplicate deliveries", len(acked), dups)
}
