package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// advanceClock moves a --test-clock server's clock forward.
func advanceClock(t *testing.T, p *proc, d time.Duration) time.Time {
	t.Helper()
	resp, err := http.Post(p.Endpoint+"/_eventrail/test/clock", "application/json", strings.NewReader(fmt.Sprintf(`{"advance":%q}`, d.String())))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Now time.Time }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("test clock: status %d, %v", resp.StatusCode, err)
	}
	return out.Now
}

type scheduledEvent struct {
	Source     string          `json:"source"`
	DetailType string          `json:"detail-type"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
	Time       string          `json:"time"`
}

// receiveAll returns every message waiting in the queue (deleting them).
func receiveAll(t *testing.T, p *proc, url *string) []scheduledEvent {
	ctx := testContext(t)
	var got []scheduledEvent
	for {
		m := must(p.SQS().ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10}))
		if len(m.Messages) == 0 {
			return got
		}
		for _, msg := range m.Messages {
			var ev scheduledEvent
			if err := json.Unmarshal([]byte(aws.ToString(msg.Body)), &ev); err != nil {
				t.Fatalf("not an event: %s", aws.ToString(msg.Body))
			}
			got = append(got, ev)
			must(p.SQS().DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: url, ReceiptHandle: msg.ReceiptHandle}))
		}
	}
}

func TestScheduledRuleFiresOncePerTick(t *testing.T) {
	defer failOnMust(t)
	dataDir := t.TempDir()
	p := startServer(t, dataDir, "--test-clock")
	ctx := testContext(t)
	qurl := must(p.SQS().CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("ticks")})).QueueUrl
	rule := must(p.Events().PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("every-minute"), ScheduleExpression: aws.String("rate(1 minute)")}))
	must(p.Events().PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("every-minute"),
		Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:ticks")}}}))

	// One minute and a second later exactly one tick is due (a rate counts from the rule's
	// creation; if the scheduler sees the rule after the move, the due tick fires at once).
	advanceClock(t, p, 61*time.Second)
	var got []scheduledEvent
	eventually(t, 30*time.Second, "the first tick", func() bool {
		got = append(got, receiveAll(t, p, qurl)...)
		return len(got) > 0
	})
	if len(got) != 1 {
		t.Fatalf("got %d scheduled events for one tick: %+v", len(got), got)
	}
	ev := got[0]
	if ev.Source != "aws.events" || ev.DetailType != "Scheduled Event" || string(ev.Detail) != "{}" ||
		len(ev.Resources) != 1 || ev.Resources[0] != aws.ToString(rule.RuleArn) {
		t.Fatalf("scheduled event = %+v", ev)
	}

	// Restart: the new process's test clock starts at the real time again, before the tick that
	// already fired; that tick must not fire a second time.
	p.Stop()
	p2 := startServer(t, dataDir, "--test-clock")
	advanceClock(t, p2, 0)
	if again := receiveAll(t, p2, qurl); len(again) != 0 {
		t.Fatalf("after restart the fired tick fired again: %+v", again)
	}
	// The new clock reads about the rule's creation time again: the next tick is creation + 2 min.
	advanceClock(t, p2, 121*time.Second)
	var next []scheduledEvent
	eventually(t, 30*time.Second, "the next tick after restart", func() bool {
		next = append(next, receiveAll(t, p2, qurl)...)
		return len(next) > 0
	})
	if len(next) != 1 || next[0].Time == ev.Time {
		t.Fatalf("after restart got %+v; want only the tick after %s", next, ev.Time)
	}
}
