package schedulerapi

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/memstore"
)

func fuzzService(f *testing.F) *Service {
	st := memstore.New()
	f.Cleanup(func() { st.Close() })
	kv, err := st.KV(context.Background(), "scheduler")
	if err != nil {
		f.Fatal(err)
	}
	svc, err := New(Options{KV: kv, Clock: eventrail.NewFakeClock(t0)})
	if err != nil {
		f.Fatal(err)
	}
	return svc
}

// apiError reports whether err is something the edge answers as a client error.
func apiError(err error) bool {
	_, ok := eventrail.AsError(err)
	return ok
}

// FuzzCreateSchedule feeds arbitrary bodies and names to CreateSchedule and UpdateSchedule:
// they succeed or fail with an AWS error (or a body the edge reports as
// SerializationException), and never panic.
func FuzzCreateSchedule(f *testing.F) {
	seeds := []string{
		`{}`,
		`{"ScheduleExpression":"rate(1 hour)","FlexibleTimeWindow":{"Mode":"OFF"},"Target":{"Arn":"arn:aws:sqs:us-east-1:000000000000:q","RoleArn":"arn:aws:iam::000000000000:role/r"}}`,
		`{"ScheduleExpression":"cron(0 2 ? * SAT#3 *)","ScheduleExpressionTimezone":"Asia/Kolkata","FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":5},"Target":{"Arn":"a","RoleArn":"arn:aws:iam::000000000000:role/r","Input":"{}"},"StartDate":1893456000,"EndDate":"2031-01-01T00:00:00Z"}`,
		`{"ScheduleExpression":"at(2030-02-29T10:00:00)","FlexibleTimeWindow":{"Mode":"OFF"},"Target":{"Arn":"a","RoleArn":"r","RetryPolicy":{"MaximumRetryAttempts":-1}}}`,
		`{"ScheduleExpression":"rate(2 minute)","GroupName":"nope","FlexibleTimeWindow":{"Mode":"OFF"},"Target":{"Arn":"a","RoleArn":"arn:aws:iam::000000000000:role/r","EventBridgeParameters":{"Source":"aws.x"}}}`,
		`{"ScheduleExpression":null,"Target":[]}`,
	}
	for _, s := range seeds {
		f.Add("job", s)
	}
	svc := fuzzService(f)
	f.Fuzz(func(t *testing.T, name, body string) {
		req := &awsjson.RESTRequest{Params: map[string]string{"Name": name}, Body: []byte(body), Query: url.Values{}}
		for _, op := range []func(context.Context, *awsjson.RESTRequest) (any, error){svc.createSchedule, svc.updateSchedule} {
			out, err := op(context.Background(), req)
			if err != nil && !apiError(err) && req.Decode(&scheduleInput{}) == nil {
				t.Fatalf("body %q: non-API error %v", body, err)
			}
			if err == nil && out == nil {
				t.Fatalf("body %q: no output and no error", body)
			}
		}
	})
}

// FuzzParseExpression checks that any accepted expression yields timings that never panic
// and move forward.
func FuzzParseExpression(f *testing.F) {
	for _, s := range []string{"rate(1 minute)", "rate(2 minute)", "rate(10 days)", "cron(0 12 * * ? *)",
		"cron(15 10 ? * 6L 2002-2005)", "cron(0/5 8-17 ? * MON-FRI *)", "at(2030-01-31T18:00:00)", "at(2026-03-08T02:30:00)", "cron(INVALID)", " rate(1 hour)"} {
		f.Add(s, "America/New_York")
		f.Add(s, "UTC")
	}
	f.Fuzz(func(t *testing.T, expr, tz string) {
		sc, _, err := parseExpression(expr, tz)
		if err != nil {
			if !eventrail.HasCode(err, eventrail.CodeValidation) {
				t.Fatalf("%q in %q: %v", expr, tz, err)
			}
			return
		}
		tm := timing{sched: sc, uid: "u", window: 7 * time.Minute}
		if isOneTime(expr) {
			tm.sched, tm.at = nil, sc.Next(time.Time{})
		}
		n := tm.next(t0)
		if !n.IsZero() && !n.After(t0) {
			t.Fatalf("%q: next(%s) = %s", expr, t0, n)
		}
		if l := tm.latest(t0.Add(-48*time.Hour), t0); !l.IsZero() && (l.After(t0) || !l.After(t0.Add(-48*time.Hour))) {
			t.Fatalf("%q: latest = %s", expr, l)
		}
		if !n.IsZero() {
			if f := tm.flexTime(n); f.Before(n) || f.After(n.Add(7*time.Minute)) {
				t.Fatalf("%q: flexTime(%s) = %s", expr, n, f)
			}
		}
	})
}

// FuzzListQuery feeds arbitrary query strings to the List operations.
func FuzzListQuery(f *testing.F) {
	for _, s := range []string{"", "MaxResults=0", "MaxResults=100&NamePrefix=a", "NextToken=c2NoZWR1bGUv", "ScheduleGroup=x&State=ENABLED", "NextToken=%%%"} {
		f.Add(s)
	}
	svc := fuzzService(f)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req := &awsjson.RESTRequest{Query: q}
		if _, err := svc.listSchedules(context.Background(), req); err != nil && !apiError(err) {
			t.Fatalf("%q: %v", raw, err)
		}
		if _, err := svc.listGroups(context.Background(), req); err != nil && !apiError(err) {
			t.Fatalf("%q: %v", raw, err)
		}
	})
}

// FuzzResolveUniversal feeds arbitrary universal-target Inputs: never a panic, and a resolved
// target always has an ARN of this server's sqs or lambda service.
func FuzzResolveUniversal(f *testing.F) {
	f.Add("arn:aws:scheduler:::aws-sdk:sqs:sendMessage", `{"QueueUrl":"http://h/000000000000/q","MessageBody":"x","MessageGroupId":"g"}`)
	f.Add("arn:aws:scheduler:::aws-sdk:lambda:invoke", `{"FunctionName":"f","Payload":"{}"}`)
	f.Add("arn:aws:scheduler:::aws-sdk:lambda:invoke", `{"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:f","Payload":{"a":[1]}}`)
	f.Add("arn:aws:scheduler:::aws-sdk:sqs:sendMessage", `{"QueueUrl":"%zz","MessageBody":"x"}`)
	f.Add("arn:aws:scheduler:::aws-sdk:ec2:stopInstances", `{}`)
	svc := fuzzService(f)
	f.Fuzz(func(t *testing.T, arn, input string) {
		tg, _, ok := svc.resolveUniversal(arn, input)
		if !ok {
			return
		}
		if svcName, ok := eventrail.ParseARN(tg.Arn); !ok || (svcName.Service != "sqs" && svcName.Service != "lambda") {
			t.Fatalf("%q %q resolved to %q", arn, input, tg.Arn)
		}
	})
}
