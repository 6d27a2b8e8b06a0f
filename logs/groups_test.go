package logs

import (
	"context"
	"strings"
	"testing"
)

func TestGroupAndStreamErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("/exists")
	e.stream("/exists", "s")
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"group exists", func() error {
			_, err := e.svc.CreateLogGroup(ctx, &CreateLogGroupInput{LogGroupName: "/exists"})
			return err
		},
			CodeResourceAlreadyExists, "The specified log group already exists"},
		{"group name too long", func() error {
			_, err := e.svc.CreateLogGroup(ctx, &CreateLogGroupInput{LogGroupName: strings.Repeat("a", 513)})
			return err
		}, CodeInvalidParameter, "Invalid LogGroup or LogStream, both must have length less than or equal to 512."},
		{"group name chars", func() error {
			_, err := e.svc.CreateLogGroup(ctx, &CreateLogGroupInput{LogGroupName: "a b"})
			return err
		},
			CodeInvalidParameter, `1 validation error detected: Value 'a b' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`},
		{"group class", func() error {
			_, err := e.svc.CreateLogGroup(ctx, &CreateLogGroupInput{LogGroupName: "c", LogGroupClass: "COLD"})
			return err
		}, CodeInvalidParameter, "1 validation error detected: Value 'COLD' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]"},
		{"delete missing group", func() error {
			_, err := e.svc.DeleteLogGroup(ctx, &LogGroupNameInput{LogGroupName: "nope"})
			return err
		},
			CodeResourceNotFound, "The specified log group does not exist."},
		{"stream in missing group", func() error {
			_, err := e.svc.CreateLogStream(ctx, &CreateLogStreamInput{LogGroupName: "nope", LogStreamName: "s"})
			return err
		}, CodeResourceNotFound, "The specified log group does not exist."},
		{"stream exists", func() error {
			_, err := e.svc.CreateLogStream(ctx, &CreateLogStreamInput{LogGroupName: "/exists", LogStreamName: "s"})
			return err
		}, CodeResourceAlreadyExists, "The specified log stream already exists"},
		{"stream name colon", func() error {
			_, err := e.svc.CreateLogStream(ctx, &CreateLogStreamInput{LogGroupName: "/exists", LogStreamName: "a:b"})
			return err
		}, CodeInvalidParameter, "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"},
		{"delete missing stream", func() error {
			_, err := e.svc.DeleteLogStream(ctx, &CreateLogStreamInput{LogGroupName: "/exists", LogStreamName: "nope"})
			return err
		}, CodeResourceNotFound, "The specified log stream does not exist."},
		{"describe prefix and pattern", func() error {
			_, err := e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{LogGroupNamePrefix: "a", LogGroupNamePattern: "b"})
			return err
		}, CodeInvalidParameter, "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."},
		{"describe limit", func() error {
			_, err := e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{Limit: ptr(51)})
			return err
		}, CodeInvalidParameter, "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50"},
		{"streams name and identifier", func() error {
			_, err := e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "/exists", LogGroupIdentifier: "/exists"})
			return err
		}, CodeValidation, "LogGroup name and LogGroup ARN are mutually exclusive parameters."},
		{"streams of missing group", func() error {
			_, err := e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "nope"})
			return err
		}, CodeResourceNotFound, "The specified log group does not exist."},
		{"retention value", func() error {
			_, err := e.svc.PutRetentionPolicy(ctx, &PutRetentionPolicyInput{LogGroupName: "/exists", RetentionInDays: ptr(2)})
			return err
		}, CodeInvalidParameter, "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErr(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestDescribeLogGroups(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, n := range []string{"/aws/events/b", "/aws/events/a", "/app/Events", "other"} {
		e.group(n)
	}
	out, err := e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{LogGroupNamePrefix: "/aws/"})
	if err != nil || len(out.LogGroups) != 2 || out.LogGroups[0].LogGroupName != "/aws/events/a" {
		t.Fatalf("prefix: %+v %v", out, err)
	}
	g := out.LogGroups[0]
	if g.Arn != "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/a:*" || g.LogGroupArn != strings.TrimSuffix(g.Arn, ":*") ||
		g.CreationTime != t0.UnixMilli() || g.LogGroupClass != "STANDARD" || g.RetentionInDays != nil {
		t.Fatalf("group = %+v", g)
	}
	out, err = e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{LogGroupNamePattern: "events"})
	if err != nil || len(out.LogGroups) != 3 {
		t.Fatalf("pattern (case-insensitive): %+v %v", out, err)
	}
	var names []string
	in := &DescribeLogGroupsInput{Limit: ptr(3)}
	for {
		out, err := e.svc.DescribeLogGroups(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.LogGroups {
			names = append(names, g.LogGroupName)
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if strings.Join(names, ",") != "/app/Events,/aws/events/a,/aws/events/b,other" {
		t.Fatalf("paged = %v", names)
	}
	if _, err := e.svc.PutRetentionPolicy(ctx, &PutRetentionPolicyInput{LogGroupName: "other", RetentionInDays: ptr(7)}); err != nil {
		t.Fatal(err)
	}
	out, _ = e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{LogGroupNamePrefix: "other"})
	if out.LogGroups[0].RetentionInDays == nil || *out.LogGroups[0].RetentionInDays != 7 {
		t.Fatalf("retention = %+v", out.LogGroups[0])
	}
	if _, err := e.svc.DeleteLogGroup(ctx, &LogGroupNameInput{LogGroupName: "other"}); err != nil {
		t.Fatal(err)
	}
	if out, _ := e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{LogGroupNamePrefix: "other"}); len(out.LogGroups) != 0 {
		t.Fatalf("deleted group listed: %+v", out)
	}
}

func TestDescribeLogStreams(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	for _, n := range []string{"b", "a", "c/1"} {
		e.stream("g", n)
	}
	e.put("g", "b", "x")
	out, err := e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupIdentifier: "arn:aws:logs:us-east-1:000000000000:log-group:g:*"})
	if err != nil || len(out.LogStreams) != 3 || out.LogStreams[0].LogStreamName != "a" {
		t.Fatalf("streams = %+v %v", out, err)
	}
	a, b := out.LogStreams[0], out.LogStreams[1]
	if a.Arn != "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:a" || a.FirstEventTimestamp != nil || a.StoredBytes != 0 {
		t.Fatalf("empty stream = %+v", a)
	}
	if b.FirstEventTimestamp == nil || *b.LastEventTimestamp != t0.UnixMilli() || *b.LastIngestionTime != t0.UnixMilli() {
		t.Fatalf("stream with events = %+v", b)
	}
	out, err = e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "g", OrderBy: "LastEventTime", Descending: true, Limit: ptr(1)})
	if err != nil || len(out.LogStreams) != 1 || out.LogStreams[0].LogStreamName != "b" || out.NextToken == "" {
		t.Fatalf("by time: %+v %v", out, err)
	}
	next, err := e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "g", OrderBy: "LastEventTime", Descending: true, NextToken: out.NextToken})
	if err != nil || len(next.LogStreams) != 2 {
		t.Fatalf("page 2: %+v %v", next, err)
	}
	_, err = e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "g", OrderBy: "LastEventTime", LogStreamNamePrefix: "a"})
	wantErr(t, err, CodeInvalidParameter, "Cannot order by LastEventTime with a logStreamNamePrefix.")
	out, _ = e.svc.DescribeLogStreams(ctx, &DescribeLogStreamsInput{LogGroupName: "g", LogStreamNamePrefix: "c"})
	if len(out.LogStreams) != 1 || out.LogStreams[0].LogStreamName != "c/1" {
		t.Fatalf("prefix = %+v", out)
	}
	if _, err := e.svc.DeleteLogStream(ctx, &CreateLogStreamInput{LogGroupName: "g", LogStreamName: "b"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.PutLogEvents(ctx, &PutLogEventsInput{LogGroupName: "g", LogStreamName: "b", LogEvents: []InputLogEvent{{Timestamp: ptr(t0.UnixMilli()), Message: ptr("x")}}})
	wantErr(t, err, CodeResourceNotFound, "The specified log stream does not exist.")
}
