package control

import (
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestDefaultBusAlwaysExists(t *testing.T) {
	e := newEnv(t)
	out, err := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{})
	mustOK(t, err)
	if out.Name != "default" || out.Arn != "arn:aws:events:us-east-1:111111111111:event-bus/default" {
		t.Fatalf("default bus = %+v", out)
	}
	// A second Service on the same KV keeps the existing default bus.
	e2 := newEnvOn(t, e.kv)
	out2, err := e2.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: "default"})
	mustOK(t, err)
	if !out2.CreationTime.Equal(out.CreationTime.Time) {
		t.Fatalf("default bus recreated: %v vs %v", out2.CreationTime, out.CreationTime)
	}
}

func TestCreateDescribeDeleteBus(t *testing.T) {
	e := newEnv(t)
	out, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "b1", Description: "test bus",
		Tags: []eventrail.Tag{{Key: "k", Value: "v"}}})
	mustOK(t, err)
	if got := toJSON(t, out); got != `{"EventBusArn":"arn:aws:events:us-east-1:111111111111:event-bus/b1","Description":"test bus"}` {
		t.Fatalf("create output %s", got)
	}
	d, err := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: "arn:aws:events:us-east-1:111111111111:event-bus/b1"})
	mustOK(t, err)
	want := `{"Name":"b1","Arn":"arn:aws:events:us-east-1:111111111111:event-bus/b1","Description":"test bus","CreationTime":1786106096,"LastModifiedTime":1786106096}`
	if got := toJSON(t, d); got != want {
		t.Fatalf("describe\n got %s\nwant %s", got, want)
	}
	tags, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: d.Arn})
	mustOK(t, err)
	if toJSON(t, tags) != `{"Tags":[{"Key":"k","Value":"v"}]}` {
		t.Fatalf("tags %s", toJSON(t, tags))
	}
	e.rule(t, "b1", "r1")
	_, err = e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "b1"})
	mustOK(t, err)
	_, err = e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: "b1"})
	wantErr(t, err, "ResourceNotFoundException", "Event bus b1 does not exist.")
	if left, _ := e.kv.List(ctx, "rule/b1/"); len(left) != 0 {
		t.Fatalf("rules left behind: %v", left)
	}
	// Re-created bus starts without the old tags.
	e.bus(t, "b1")
	tags, err = e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: d.Arn})
	mustOK(t, err)
	if len(tags.Tags) != 0 {
		t.Fatalf("tags survived deletion: %v", tags.Tags)
	}
}

func TestBusErrors(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "dup")
	long := strings.Repeat("a", 257)
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"duplicate", func() error { _, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "dup"}); return err },
			"ResourceAlreadyExistsException", "Event bus dup already exists."},
		{"default exists", func() error {
			_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "default"})
			return err
		}, "ResourceAlreadyExistsException", "Event bus default already exists."},
		{"missing name", func() error { _, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{}); return err },
			"ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"bad name", func() error {
			_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: long + "!"})
			return err
		}, "ValidationException", "2 validation errors detected: Value '" + long + "!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+; Value '" + long + "!' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"slash", func() error { _, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "a/b"}); return err },
			"ValidationException", "Event bus name must not contain '/'."},
		{"log config enum", func() error {
			_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "x", LogConfig: &LogConfig{Level: "LOUD"}})
			return err
		}, "ValidationException", "1 validation error detected: Value 'LOUD' at 'logConfig.level' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ERROR, INFO, TRACE]"},
		{"partner", func() error {
			_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "aws.partner/x/y", EventSourceName: "aws.partner/x/y"})
			return err
		}, "ResourceNotFoundException", "Event source aws.partner/x/y does not exist."},
		{"delete default", func() error { _, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "default"}); return err },
			"ValidationException", "Cannot delete event bus default."},
		{"describe missing", func() error { _, err := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: "nope"}); return err },
			"ResourceNotFoundException", "Event bus nope does not exist."},
		{"update missing", func() error { _, err := e.s.UpdateEventBus(ctx, &UpdateEventBusInput{Name: "nope"}); return err },
			"ResourceNotFoundException", "Event bus nope does not exist."},
		{"list limit", func() error { _, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{Limit: ptr(0)}); return err },
			"ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"bad token", func() error { _, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{NextToken: "!!"}); return err },
			"ValidationException", "The NextToken provided is not valid."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.call(), c.code, c.msg) })
	}
	// Deleting a bus that does not exist succeeds (AWS: test_describe_delete_not_existing_event_bus).
	_, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "never-was"})
	mustOK(t, err)
}

func TestBusLimit(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxBuses = 3 })
	e.bus(t, "b1")
	e.bus(t, "b2")
	_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "b3"})
	wantErr(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
}

func TestListEventBusesPaging(t *testing.T) {
	e := newEnv(t)
	for i := range 6 {
		e.bus(t, "test-bus-"+strconv.Itoa(i))
	}
	e.bus(t, "other")
	out, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{NamePrefix: "test-bus", Limit: ptr(3)})
	mustOK(t, err)
	if len(out.EventBuses) != 3 || out.NextToken == "" || out.EventBuses[0].Name != "test-bus-0" {
		t.Fatalf("page 1 = %s", toJSON(t, out))
	}
	out2, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{NamePrefix: "test-bus", Limit: ptr(5), NextToken: out.NextToken})
	mustOK(t, err)
	if len(out2.EventBuses) != 3 || out2.NextToken != "" || out2.EventBuses[0].Name != "test-bus-3" {
		t.Fatalf("page 2 = %s", toJSON(t, out2))
	}
	all, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{})
	mustOK(t, err)
	if len(all.EventBuses) != 8 || all.EventBuses[0].Name != "default" {
		t.Fatalf("all = %s", toJSON(t, all))
	}
	none, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{NamePrefix: "zzz"})
	mustOK(t, err)
	if toJSON(t, none) != `{"EventBuses":[]}` {
		t.Fatalf("empty list = %s", toJSON(t, none))
	}
}

func TestUpdateEventBus(t *testing.T) {
	e := newEnv(t)
	_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: "u", Description: "old"})
	mustOK(t, err)
	e.clk.Advance(10e9)
	out, err := e.s.UpdateEventBus(ctx, &UpdateEventBusInput{Name: "u", Description: ptr("new"),
		DeadLetterConfig: &eventrail.DeadLetterConfig{Arn: queueArn}, LogConfig: &LogConfig{Level: "INFO", IncludeDetail: "FULL"}})
	mustOK(t, err)
	want := `{"Arn":"arn:aws:events:us-east-1:111111111111:event-bus/u","Name":"u","Description":"new","DeadLetterConfig":{"Arn":"` + queueArn + `"},"LogConfig":{"IncludeDetail":"FULL","Level":"INFO"}}`
	if got := toJSON(t, out); got != want {
		t.Fatalf("update\n got %s\nwant %s", got, want)
	}
	d, err := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: "u"})
	mustOK(t, err)
	if d.Description != "new" || d.LogConfig == nil || d.LastModifiedTime.Sub(d.CreationTime.Time) != 10e9 {
		t.Fatalf("describe after update = %s", toJSON(t, d))
	}
}
