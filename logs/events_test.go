package logs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPutLogEventsValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	e.stream("g", "s")
	ms := t0.UnixMilli()
	ev := func(ts int64, m string) InputLogEvent { return InputLogEvent{Timestamp: &ts, Message: &m} }
	tests := []struct {
		name      string
		in        PutLogEventsInput
		code, msg string
	}{
		{"missing group", PutLogEventsInput{LogGroupName: "nope", LogStreamName: "s", LogEvents: []InputLogEvent{ev(ms, "x")}},
			CodeResourceNotFound, "The specified log group does not exist."},
		{"missing stream", PutLogEventsInput{LogGroupName: "g", LogStreamName: "nope", LogEvents: []InputLogEvent{ev(ms, "x")}},
			CodeResourceNotFound, "The specified log stream does not exist."},
		{"wrong order", PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{ev(ms, "b"), ev(ms-1, "a")}},
			CodeInvalidParameter, "Log events in a single PutLogEvents request must be in chronological order."},
		{"span", PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{ev(ms-25*3600000, "a"), ev(ms, "b")}},
			CodeInvalidParameter, "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."},
		{"no events", PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{}},
			CodeInvalidParameter, "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"null members", PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{{}}},
			CodeInvalidParameter, "2 validation errors detected: Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must not be null; Value null at 'logEvents.1.member.message' failed to satisfy constraint: Member must not be null"},
		{"too large", PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{ev(ms, strings.Repeat("x", 1048551))}},
			CodeInvalidParameter, "Upload too large: 1048577 bytes exceeds limit of 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.PutLogEvents(ctx, &tt.in)
			wantErr(t, err, tt.code, tt.msg)
		})
	}
}

func TestPutLogEventsRejections(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	e.stream("g", "s")
	ms := t0.UnixMilli()
	day := int64(24 * 3600 * 1000)
	ev := func(ts int64, m string) InputLogEvent { return InputLogEvent{Timestamp: &ts, Message: &m} }
	e.clock.Advance(15 * 24 * time.Hour) // now = t0 + 15 days
	now := ms + 15*day
	out, err := e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s",
		LogEvents: []InputLogEvent{ev(now-15*day, "old"), ev(now-15*day+1, "old2"), ev(now, "ok"), ev(now+3*3600000, "new")}})
	// The span check applies first in AWS too: this batch spans more than 24 h.
	wantErr(t, err, CodeInvalidParameter, "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	out, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s",
		LogEvents: []InputLogEvent{ev(now-14*day-2, "old"), ev(now-14*day-1, "old2")}})
	if err != nil || out.RejectedLogEventsInfo == nil || *out.RejectedLogEventsInfo.TooOldLogEventEndIndex != 1 || out.NextSequenceToken == "" {
		t.Fatalf("too old: %+v %v", out, err)
	}
	out, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s",
		LogEvents: []InputLogEvent{ev(now-14*day+1000, "ok-old")}})
	if err != nil || out.RejectedLogEventsInfo != nil {
		t.Fatalf("within 14 days: %+v %v", out, err)
	}
	if _, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s", LogEvents: []InputLogEvent{ev(now, "ok")}}); err != nil {
		t.Fatal(err)
	}
	out, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s",
		LogEvents: []InputLogEvent{ev(now+1, "ok2"), ev(now+2*3600000+1, "new"), ev(now+3*3600000, "newer")}})
	if err != nil || out.RejectedLogEventsInfo == nil || *out.RejectedLogEventsInfo.TooNewLogEventStartIndex != 1 {
		t.Fatalf("too new: %+v %v", out, err)
	}
	got, err := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", StartFromHead: ptr(true)})
	if err != nil || strings.Join(messages(got.Events), ",") != "ok-old,ok,ok2" {
		t.Fatalf("stored = %v %v", got, err)
	}
	if _, err := e.svc.PutRetentionPolicy(ctx, &PutRetentionPolicyInput{LogGroupName: "g", RetentionInDays: ptr(1)}); err != nil {
		t.Fatal(err)
	}
	out, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "s",
		LogEvents: []InputLogEvent{ev(now-day-1000, "expired")}})
	if err != nil || out.RejectedLogEventsInfo == nil || *out.RejectedLogEventsInfo.ExpiredLogEventEndIndex != 0 {
		t.Fatalf("expired: %+v %v", out, err)
	}
	e.clock.Advance(25 * time.Hour)
	got, _ = e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", StartFromHead: ptr(true)})
	if len(got.Events) != 0 {
		t.Fatalf("events past retention returned: %v", messages(got.Events))
	}
}

func TestGetLogEventsPaging(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	e.stream("g", "s")
	var msgs []string
	for i := range 25 {
		msgs = append(msgs, fmt.Sprint("m", i))
	}
	e.put("g", "s", msgs...)
	in := &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", StartFromHead: ptr(true), Limit: ptr(10)}
	var all []string
	for range 10 {
		out, err := e.svc.GetLogEvents(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, messages(out.Events)...)
		if out.NextForwardToken == in.NextToken {
			break
		}
		in.NextToken = out.NextForwardToken
	}
	if strings.Join(all, ",") != strings.Join(msgs, ",") {
		t.Fatalf("forward = %v", all)
	}
	// Without startFromHead the newest events come back, oldest first; backward tokens page
	// toward the start.
	out, err := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", Limit: ptr(10)})
	if err != nil || strings.Join(messages(out.Events), ",") != strings.Join(msgs[15:], ",") {
		t.Fatalf("tail = %v %v", messages(out.Events), err)
	}
	back, err := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", Limit: ptr(10), NextToken: out.NextBackwardToken})
	if err != nil || strings.Join(messages(back.Events), ",") != strings.Join(msgs[5:15], ",") {
		t.Fatalf("backward = %v %v", messages(back.Events), err)
	}
	// A forward token from the tail sees later events.
	tok := out.NextForwardToken
	e.clock.Advance(time.Second)
	e.put("g", "s", "late")
	more, _ := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", NextToken: tok})
	if strings.Join(messages(more.Events), ",") != "late" || more.Events[0].IngestionTime != t0.Add(time.Second).UnixMilli() {
		t.Fatalf("late = %+v", more.Events)
	}
	window, _ := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", StartFromHead: ptr(true),
		StartTime: ptr(t0.UnixMilli() + 3), EndTime: ptr(t0.UnixMilli() + 6)})
	if strings.Join(messages(window.Events), ",") != "m3,m4,m5" {
		t.Fatalf("window = %v", messages(window.Events))
	}
	_, err = e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", NextToken: "bogus"})
	wantErr(t, err, CodeInvalidParameter, "The specified nextToken is invalid.")
	_, err = e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s", Limit: ptr(10001)})
	wantErr(t, err, CodeInvalidParameter, "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000")
	_, err = e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "nope"})
	wantErr(t, err, CodeResourceNotFound, "The specified log stream does not exist.")
}

func TestFilterLogEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	e.stream("g", "api")
	e.stream("g", "worker")
	e.put("g", "api", `{"level":"ERROR","code":500}`, `INFO ok`, `{"level":"INFO","code":200}`)
	e.put("g", "worker", `ERROR disk full`, `WARN slow`)
	filter := func(in FilterLogEventsInput) []string {
		t.Helper()
		in.LogGroupName = "g"
		out, err := e.svc.FilterLogEvents(ctx, &in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range out.Events {
			got = append(got, ev.LogStreamName+":"+ev.Message)
		}
		return got
	}
	tests := []struct {
		in   FilterLogEventsInput
		want string
	}{
		{FilterLogEventsInput{}, `api:{"level":"ERROR","code":500}|worker:ERROR disk full|api:INFO ok|worker:WARN slow|api:{"level":"INFO","code":200}`},
		{FilterLogEventsInput{FilterPattern: "ERROR"}, `api:{"level":"ERROR","code":500}|worker:ERROR disk full`},
		{FilterLogEventsInput{FilterPattern: `{ $.code >= 500 }`}, `api:{"level":"ERROR","code":500}`},
		{FilterLogEventsInput{FilterPattern: `?WARN ?INFO -ok`}, `worker:WARN slow|api:{"level":"INFO","code":200}`},
		{FilterLogEventsInput{FilterPattern: "ERROR", LogStreamNames: []string{"worker"}}, `worker:ERROR disk full`},
		{FilterLogEventsInput{LogStreamNamePrefix: "wor"}, `worker:ERROR disk full|worker:WARN slow`},
		{FilterLogEventsInput{StartTime: ptr(t0.UnixMilli() + 1), EndTime: ptr(t0.UnixMilli() + 2)}, `api:INFO ok|worker:WARN slow`},
	}
	for _, tt := range tests {
		if got := strings.Join(filter(tt.in), "|"); got != tt.want {
			t.Errorf("%+v:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
	var pages []string
	in := &FilterLogEventsInput{LogGroupName: "g", Limit: ptr(2)}
	for {
		out, err := e.svc.FilterLogEvents(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, fmt.Sprint(len(out.Events)))
		if len(out.SearchedLogStreams) != 2 || out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if strings.Join(pages, ",") != "2,2,1" {
		t.Fatalf("pages = %v", pages)
	}
	_, err := e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "g", NextToken: "!!"})
	wantErr(t, err, CodeInvalidParameter, "The specified nextToken is invalid.")
	_, err = e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "g", Limit: ptr(10001)})
	wantErr(t, err, CodeInvalidParameter, "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000")
	_, err = e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "nope"})
	wantErr(t, err, CodeResourceNotFound, "The specified log group does not exist.")
	_, err = e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "g", FilterPattern: "{ $.a = "})
	wantErr(t, err, CodeInvalidParameter, "Invalid filter pattern: { $.a = ")
}
