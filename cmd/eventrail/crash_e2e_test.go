package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// TestCrashDuringPutEventsLosesNothing kills the server with SIGKILL while clients put events,
// restarts it on the same data directory, and checks that every event that received an EventId
// reached the rule's queue target (at least once; duplicates are counted and reported).
func TestCrashDuringPutEventsLosesNothing(t *testing.T) {
	defer failOnMust(t)
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dataDir := t.TempDir()
	p := startServer(t, dataDir)
	ctx := testContext(t)
	qurl := must(p.SQS().CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("sink")})).QueueUrl
	eb := p.Events()
	must(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventPattern: aws.String(`{"source":["load"]}`)}))
	must(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"),
		Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:sink")}}}))

	acked := putUntilKilled(t, p, eb, 4000, 3*time.Second)
	t.Logf("%d events acknowledged before SIGKILL", len(acked))
	if len(acked) == 0 {
		t.Fatal("no event was acknowledged before the kill")
	}

	p2 := startServer(t, dataDir)
	seen, dups := drainQueue(t, p2.SQS(), aws.ToString(qurl), acked, 90*time.Second)
	missing := 0
	for id := range acked {
		if seen[id] == 0 {
			missing++
		}
	}
	t.Logf("after restart: %d of %d acknowledged events delivered, %d duplicate deliveries", len(acked)-missing, len(acked), dups)
	if missing > 0 {
		t.Fatalf("%d acknowledged events were lost", missing)
	}
}

// putUntilKilled runs 8 clients putting 10-entry batches; after limit events are acknowledged
// or maxLoad passes, it kills the server while the clients are still sending. It returns the
// acknowledged EventIds.
func putUntilKilled(t *testing.T, p *proc, eb *eventbridge.Client, limit int, maxLoad time.Duration) map[string]bool {
	var mu sync.Mutex
	acked := map[string]bool{}
	var count atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), maxLoad+10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				entries := make([]types.PutEventsRequestEntry, 10)
				for i := range entries {
					entries[i] = types.PutEventsRequestEntry{Source: aws.String("load"), DetailType: aws.String("t"),
						Detail: aws.String(fmt.Sprintf(`{"client":%d,"n":%d,"i":%d}`, c, n, i))}
				}
				out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				for _, e := range out.Entries {
					if e.EventId != nil {
						acked[*e.EventId] = true
					}
				}
				mu.Unlock()
				count.Add(int64(len(out.Entries)))
			}
		}(c)
	}
	deadline := time.Now().Add(maxLoad)
	for count.Load() < int64(limit) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.Kill()
	cancel()
	wg.Wait()
	return acked
}

// drainQueue receives and deletes messages until every wanted event id was seen or the
// deadline passes; it returns how often each id was seen and the number of duplicates.
func drainQueue(t *testing.T, q *sqs.Client, url string, want map[string]bool, within time.Duration) (map[string]int, int) {
	ctx, cancel := context.WithTimeout(context.Background(), within+30*time.Second)
	defer cancel()
	seen := map[string]int{}
	dups, found := 0, 0
	eventually(t, within, fmt.Sprintf("all %d acknowledged events in the queue", len(want)), func() bool {
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil {
			t.Logf("receive: %v", err)
			return false
		}
		var del []sqstypes.DeleteMessageBatchRequestEntry
		for i, m := range out.Messages {
			var ev struct{ ID string }
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &ev); err != nil {
				t.Fatalf("queue body is not an event: %s", aws.ToString(m.Body))
			}
			seen[ev.ID]++
			if seen[ev.ID] > 1 {
				dups++
			} else if want[ev.ID] {
				found++
			}
			del = append(del, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
		if len(del) > 0 {
			if _, err := q.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: del}); err != nil {
				t.Logf("delete: %v", err)
			}
		}
		return found == len(want)
	})
	return seen, dups
}
