package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/eventrail/eventrail/internal/sdktest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
)

// wantAPIError fails unless err is an AWS API error with this code and message.
var wantAPIError = sdktest.WantAPIError

// wantFirstLine is wantAPIError comparing only the message's first line (pattern errors add a
// "\n at [Source: ...]" location line, as AWS's do).
func wantFirstLine(t *testing.T, err error, code, firstLine string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want %s: %s", err, code, firstLine)
	}
	if got, _, _ := strings.Cut(ae.ErrorMessage(), "\n"); ae.ErrorCode() != code || got != firstLine {
		t.Fatalf("got %s: %q, want %s with first line %q", ae.ErrorCode(), ae.ErrorMessage(), code, firstLine)
	}
}

// mustFailure carries an unexpected error from must to failOnMust.
type mustFailure struct{ err error }

// must returns v, or aborts the test (see failOnMust) when err is not nil.
func must[T any](v T, err error) T {
	if err != nil {
		panic(mustFailure{err})
	}
	return v
}

// failOnMust, deferred at the top of a test, turns a must failure into t.Fatal.
func failOnMust(t *testing.T) {
	if r := recover(); r != nil {
		if f, ok := r.(mustFailure); ok {
			t.Fatalf("unexpected error: %v", f.err)
		}
		panic(r)
	}
}

func TestSDKEventBusLifecycle(t *testing.T) {
	defer failOnMust(t)
	p := startServer(t, t.TempDir())
	eb, ctx := p.Events(), testContext(t)

	out := must(eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{}))
	if len(out.EventBuses) != 1 || aws.ToString(out.EventBuses[0].Name) != "default" {
		t.Fatalf("fresh server buses = %+v, want only default", out.EventBuses)
	}
	for _, name := range []string{"orders", "orders-eu", "billing"} {
		c := must(eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(name)}))
		if want := "arn:aws:events:us-east-1:000000000000:event-bus/" + name; aws.ToString(c.EventBusArn) != want {
			t.Errorf("EventBusArn = %s, want %s", aws.ToString(c.EventBusArn), want)
		}
	}
	_, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders")})
	wantAPIError(t, err, "ResourceAlreadyExistsException", "Event bus orders already exists.")

	page := must(eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NamePrefix: aws.String("orders"), Limit: aws.Int32(1)}))
	if len(page.EventBuses) != 1 || page.NextToken == nil {
		t.Fatalf("first page = %d buses, token %v; want 1 and a NextToken", len(page.EventBuses), page.NextToken)
	}
	page2 := must(eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NamePrefix: aws.String("orders"), Limit: aws.Int32(1), NextToken: page.NextToken}))
	if len(page2.EventBuses) != 1 || aws.ToString(page2.EventBuses[0].Name) == aws.ToString(page.EventBuses[0].Name) {
		t.Fatalf("second page = %+v", page2.EventBuses)
	}

	d := must(eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("billing")}))
	if aws.ToString(d.Name) != "billing" || d.CreationTime == nil {
		t.Errorf("DescribeEventBus = %+v", d)
	}
	_, err = eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", "Event bus nope does not exist.")
	_, err = eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("default")})
	wantAPIError(t, err, "ValidationException", "Cannot delete event bus default.")
	must(eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("billing")}))
	_, err = eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("billing")})
	wantAPIError(t, err, "ResourceNotFoundException", "Event bus billing does not exist.")
}

func TestSDKRulesTargetsAndTags(t *testing.T) {
	defer failOnMust(t)
	p := startServer(t, t.TempDir())
	eb, ctx := p.Events(), testContext(t)
	must(eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("shop")}))

	pat := `{"source":["shop.orders"],"detail":{"total":[{"numeric":[">",100]}]}}`
	r := must(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop"), EventPattern: aws.String(pat),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("sales")}}}))
	if want := "arn:aws:events:us-east-1:000000000000:rule/shop/big"; aws.ToString(r.RuleArn) != want {
		t.Fatalf("RuleArn = %s, want %s", aws.ToString(r.RuleArn), want)
	}
	_, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("bad"), EventPattern: aws.String(`{"source":"x"}`)})
	wantFirstLine(t, err, "InvalidEventPatternException", `Event pattern is not valid. Reason: "source" must be an object or an array`)
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("tick"), EventBusName: aws.String("shop"), ScheduleExpression: aws.String("rate(5 minutes)")})
	wantAPIError(t, err, "ValidationException", "ScheduleExpression is supported only on the default event bus.")
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("tick"), ScheduleExpression: aws.String("rate(12 hour)")})
	wantAPIError(t, err, "ValidationException", "Parameter ScheduleExpression is not valid.")

	desc := must(eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")}))
	if aws.ToString(desc.EventPattern) != pat || desc.State != types.RuleStateEnabled {
		t.Errorf("DescribeRule = pattern %s state %s", aws.ToString(desc.EventPattern), desc.State)
	}
	must(eb.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")}))
	lr := must(eb.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String("shop")}))
	if len(lr.Rules) != 1 || lr.Rules[0].State != types.RuleStateDisabled {
		t.Fatalf("ListRules after disable = %+v", lr.Rules)
	}
	must(eb.EnableRule(ctx, &eventbridge.EnableRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")}))
	_, err = eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("ghost"), EventBusName: aws.String("shop")})
	wantAPIError(t, err, "ResourceNotFoundException", "Rule ghost does not exist on EventBus shop.")

	var targets []types.Target
	for i := 1; i <= 5; i++ {
		targets = append(targets, types.Target{Id: aws.String(fmt.Sprintf("t%d", i)), Arn: aws.String(fmt.Sprintf("arn:aws:sqs:us-east-1:000000000000:q%d", i))})
	}
	pt := must(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("shop"), Targets: targets}))
	if pt.FailedEntryCount != 0 {
		t.Fatalf("PutTargets failed entries: %+v", pt.FailedEntries)
	}
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("shop"),
		Targets: []types.Target{{Id: aws.String("t6"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:q6")}}})
	wantAPIError(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("shop"),
		Targets: []types.Target{{Id: aws.String("t1"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:q1"), Input: aws.String("{}"), InputPath: aws.String("$.detail")}}})
	wantAPIError(t, err, "ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target t1.")
	lt := must(eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("big"), EventBusName: aws.String("shop")}))
	if len(lt.Targets) != 5 {
		t.Fatalf("ListTargetsByRule = %d targets, want 5", len(lt.Targets))
	}
	_, err = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")})
	wantAPIError(t, err, "ValidationException", "Rule can't be deleted since it has targets.")

	tags := must(eb.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: r.RuleArn}))
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "team" {
		t.Fatalf("tags from PutRule = %+v", tags.Tags)
	}
	must(eb.TagResource(ctx, &eventbridge.TagResourceInput{ResourceARN: r.RuleArn, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}))
	must(eb.UntagResource(ctx, &eventbridge.UntagResourceInput{ResourceARN: r.RuleArn, TagKeys: []string{"team"}}))
	tags = must(eb.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: r.RuleArn}))
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "env" {
		t.Fatalf("tags after tag/untag = %+v", tags.Tags)
	}

	ids := []string{"t1", "t2", "t3", "t4", "t5"}
	rt := must(eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("shop"), Ids: ids}))
	if rt.FailedEntryCount != 0 {
		t.Fatalf("RemoveTargets failed: %+v", rt.FailedEntries)
	}
	must(eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")}))
	_, err = eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("big"), EventBusName: aws.String("shop")})
	wantAPIError(t, err, "ResourceNotFoundException", "Rule big does not exist on EventBus shop.")
}

func TestSDKPutEventsAndTestEventPattern(t *testing.T) {
	defer failOnMust(t)
	p := startServer(t, t.TempDir())
	eb, ctx := p.Events(), testContext(t)

	out := must(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`{"a":1}`)},
		{Source: aws.String("app"), DetailType: aws.String("t")},
		{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`[1]`)},
	}}))
	if out.FailedEntryCount != 2 || aws.ToString(out.Entries[0].EventId) == "" ||
		aws.ToString(out.Entries[1].ErrorCode) != "InvalidArgument" ||
		aws.ToString(out.Entries[1].ErrorMessage) != "Parameter Detail is not valid. Reason: Detail is a required argument." ||
		aws.ToString(out.Entries[2].ErrorCode) != "MalformedDetail" {
		b, _ := json.Marshal(out.Entries)
		t.Fatalf("PutEvents entries = %s", b)
	}
	var eleven []types.PutEventsRequestEntry
	for i := 0; i < 11; i++ {
		eleven = append(eleven, types.PutEventsRequestEntry{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`{}`)})
	}
	_, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: eleven})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationException" ||
		!strings.HasSuffix(ae.ErrorMessage(), "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10") {
		t.Fatalf("11 entries: %v", err)
	}

	event := `{"id":"1","account":"123456789012","source":"app","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"t","detail":{"n":300.0}}`
	for pattern, want := range map[string]bool{
		`{"detail":{"n":[300]}}`:                   true,
		`{"detail":{"n":[{"numeric":[">",300]}]}}`: false,
		`{"source":[{"prefix":"ap"}]}`:             true,
	} {
		res := must(eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(pattern), Event: aws.String(event)}))
		if res.Result != want {
			t.Errorf("TestEventPattern(%s) = %v, want %v", pattern, res.Result, want)
		}
	}
	_, err = eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(`{"source":["app"]}`), Event: aws.String(`{not json`)})
	wantAPIError(t, err, "ValidationException", "Parameter Event is not valid.")
}

// TestSDKEventReachesQueueTarget is the whole path: a rule with a queue target, PutEvents, and
// the SQS API reading what the rule delivered.
func TestSDKEventReachesQueueTarget(t *testing.T) {
	defer failOnMust(t)
	p := startServer(t, t.TempDir())
	eb, q, ctx := p.Events(), p.SQS(), testContext(t)
	qurl := must(q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("inbox")})).QueueUrl
	must(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["app"]}`)}))
	must(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{{
		Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:inbox"),
		InputTransformer: &types.InputTransformer{
			InputPathsMap: map[string]string{"who": "$.detail.who"},
			InputTemplate: aws.String(`{"greeting": "hello <who>", "rule": <aws.events.rule-name>}`),
		}}}}))
	put := must(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`{"who":"world"}`)},
		{Source: aws.String("other"), DetailType: aws.String("t"), Detail: aws.String(`{"who":"nobody"}`)},
	}}))
	if put.FailedEntryCount != 0 {
		t.Fatal("PutEvents failed")
	}
	var body string
	eventually(t, 10*time.Second, "the event in the queue", func() bool {
		m := must(q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: qurl, WaitTimeSeconds: 1}))
		if len(m.Messages) == 0 {
			return false
		}
		body = aws.ToString(m.Messages[0].Body)
		return true
	})
	if body != `{"greeting": "hello world", "rule": "r"}` {
		t.Fatalf("queue body = %s", body)
	}
}
