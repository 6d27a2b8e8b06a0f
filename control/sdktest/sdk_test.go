package sdktest

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/eventrail/eventrail/internal/sdktest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/control"
	"github.com/eventrail/eventrail/memstore"
)

type ingester struct {
	mu     sync.Mutex
	events []eventrail.Event
}

func (i *ingester) Ingest(_ context.Context, evs []eventrail.Event) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.events = append(i.events, evs...)
	return nil
}

// setup serves a control.Service through the awsjson edge and returns an SDK client for it.
func setup(t *testing.T) (*eventbridge.Client, *ingester) {
	t.Helper()
	st := memstore.New()
	t.Cleanup(func() { st.Close() })
	kv, err := st.KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	ing := &ingester{}
	svc, err := control.New(control.Options{Account: eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "111111111111"},
		KV: kv, Ingester: ing})
	if err != nil {
		t.Fatal(err)
	}
	return sdktest.EventsClient(t, svc.Operations()), ing
}

func TestSDKRoundTrip(t *testing.T) {
	client, ing := setup(t)
	ctx := context.Background()
	bus, err := client.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders"),
		Tags: []ebtypes.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := client.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("orders")})
	if err != nil || aws.ToString(d.Arn) != aws.ToString(bus.EventBusArn) || time.Since(aws.ToTime(d.CreationTime)) > time.Minute {
		t.Fatalf("DescribeEventBus = %+v, %v", d, err)
	}
	rule, err := client.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders"),
		EventPattern: aws.String(`{"source": ["shop"], "detail": {"amount": [{"numeric": [">", 100]}]}}`)})
	if err != nil || aws.ToString(rule.RuleArn) != "arn:aws:events:us-east-1:111111111111:rule/orders/big-orders" {
		t.Fatalf("PutRule = %+v, %v", rule, err)
	}
	pt, err := client.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big-orders"), EventBusName: aws.String("orders"),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:111111111111:q"),
			InputTransformer: &ebtypes.InputTransformer{InputPathsMap: map[string]string{"a": "$.detail.amount"}, InputTemplate: aws.String(`{"amount": <a>}`)},
			RetryPolicy:      &ebtypes.RetryPolicy{MaximumRetryAttempts: aws.Int32(3), MaximumEventAgeInSeconds: aws.Int32(600)}}}})
	if err != nil || pt.FailedEntryCount != 0 {
		t.Fatalf("PutTargets = %+v, %v", pt, err)
	}
	lt, err := client.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("big-orders"), EventBusName: aws.String("orders")})
	if err != nil || len(lt.Targets) != 1 || aws.ToInt32(lt.Targets[0].RetryPolicy.MaximumRetryAttempts) != 3 ||
		aws.ToString(lt.Targets[0].InputTransformer.InputTemplate) != `{"amount": <a>}` {
		t.Fatalf("ListTargetsByRule = %+v, %v", lt, err)
	}
	when := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	pe, err := client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`{"amount": 150}`), EventBusName: aws.String("orders"), Time: &when},
		{Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`[1]`)},
	}})
	if err != nil || pe.FailedEntryCount != 1 || aws.ToString(pe.Entries[1].ErrorCode) != "MalformedDetail" {
		t.Fatalf("PutEvents = %+v, %v", pe, err)
	}
	ing.mu.Lock()
	got := ing.events
	ing.mu.Unlock()
	if len(got) != 1 || got[0].ID != aws.ToString(pe.Entries[0].EventId) || !got[0].Time.Equal(when) || got[0].Bus != "orders" {
		t.Fatalf("ingested %+v", got)
	}
	var env map[string]any
	if err := json.Unmarshal(got[0].Envelope(), &env); err != nil || env["time"] != "2022-01-01T00:00:00Z" || env["account"] != "111111111111" {
		t.Fatalf("envelope %s", got[0].Envelope())
	}
	tp, err := client.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(`{"source": ["shop"]}`),
		Event: aws.String(string(got[0].Envelope()))})
	if err != nil || !tp.Result {
		t.Fatalf("TestEventPattern = %+v, %v", tp, err)
	}
	tags, err := client.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: bus.EventBusArn})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "team" {
		t.Fatalf("ListTagsForResource = %+v, %v", tags, err)
	}
	_, err = client.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big-orders"), EventBusName: aws.String("orders")})
	sdktest.WantAPIError(t, err, "ValidationException", "Rule can't be deleted since it has targets.")
	_, err = client.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("nope"), EventBusName: aws.String("orders")})
	var notFound *ebtypes.ResourceNotFoundException
	if !errors.As(err, &notFound) || notFound.ErrorMessage() != "Rule nope does not exist on EventBus orders." {
		t.Fatalf("DescribeRule error = %v", err)
	}
	_, err = client.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("bad"), EventPattern: aws.String(`{"source": "x"}`)})
	var badPattern *ebtypes.InvalidEventPatternException
	if !errors.As(err, &badPattern) {
		t.Fatalf("PutRule error = %v", err)
	}
	_, err = client.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("sched"), ScheduleExpression: aws.String("rate(5 minutes)")})
	if err != nil {
		t.Fatal(err)
	}
	lr, err := client.ListRules(ctx, &eventbridge.ListRulesInput{Limit: aws.Int32(1)})
	if err != nil || len(lr.Rules) != 1 || aws.ToString(lr.Rules[0].ScheduleExpression) != "rate(5 minutes)" || lr.NextToken != nil {
		t.Fatalf("ListRules = %+v, %v", lr, err)
	}
}
