package schedulerapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/smithy-go"
	"github.com/eventrail/eventrail"
)

// wantAPIError checks err's code, HTTP status and message.
func wantAPIError(t *testing.T, err error, code string, status int, msg string) {
	t.Helper()
	var ae smithy.APIError
	var re *awshttp.ResponseError
	if !errors.As(err, &ae) || !errors.As(err, &re) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || re.HTTPStatusCode() != status || ae.ErrorMessage() != msg {
		t.Errorf("error = %s %d %q, want %s %d %q", ae.ErrorCode(), re.HTTPStatusCode(), ae.ErrorMessage(), code, status, msg)
	}
}

func TestScheduleLifecycle(t *testing.T) {
	clock := eventrail.NewFakeClock(time.Now().UTC().Truncate(time.Second))
	e := newEnv(t, clock)
	ctx := context.Background()
	in := createInput("nightly", "cron(0 2 * * ? *)")
	in.ScheduleExpressionTimezone = aws.String("Europe/Paris")
	in.Description = aws.String("nightly job")
	in.Target.Input = aws.String(`{"k":"v"}`)
	in.Target.DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:dlq")}
	in.Target.RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(3)}
	out, err := e.client.CreateSchedule(ctx, in)
	if err != nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	const arn = "arn:aws:scheduler:us-east-1:000000000000:schedule/default/nightly"
	if aws.ToString(out.ScheduleArn) != arn {
		t.Errorf("ScheduleArn = %s", aws.ToString(out.ScheduleArn))
	}
	got, err := e.client.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("nightly")})
	if err != nil {
		t.Fatalf("GetSchedule: %v", err)
	}
	if aws.ToString(got.Arn) != arn || aws.ToString(got.GroupName) != "default" || got.State != types.ScheduleStateEnabled ||
		got.ActionAfterCompletion != types.ActionAfterCompletionNone || aws.ToString(got.ScheduleExpressionTimezone) != "Europe/Paris" ||
		aws.ToString(got.Description) != "nightly job" || got.FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeOff ||
		!aws.ToTime(got.CreationDate).Equal(clock.Now()) || !aws.ToTime(got.LastModificationDate).Equal(clock.Now()) {
		t.Errorf("GetSchedule = %+v", got)
	}
	rp := got.Target.RetryPolicy
	if rp == nil || aws.ToInt32(rp.MaximumRetryAttempts) != 3 || aws.ToInt32(rp.MaximumEventAgeInSeconds) != 86400 ||
		aws.ToString(got.Target.Input) != `{"k":"v"}` || aws.ToString(got.Target.DeadLetterConfig.Arn) != "arn:aws:sqs:us-east-1:000000000000:dlq" {
		t.Errorf("Target = %+v", got.Target)
	}

	// UpdateSchedule replaces everything: the description and time zone fall back to defaults.
	clock.Advance(time.Minute)
	upd := &scheduler.UpdateScheduleInput{Name: aws.String("nightly"), ScheduleExpression: aws.String("rate(2 hours)"),
		FlexibleTimeWindow: &types.FlexibleTimeWindow{Mode: "FLEXIBLE", MaximumWindowInMinutes: aws.Int32(15)},
		State:              types.ScheduleStateDisabled, ActionAfterCompletion: types.ActionAfterCompletionDelete,
		Target: &types.Target{Arn: aws.String(testQueue), RoleArn: aws.String(testRole)}}
	if _, err := e.client.UpdateSchedule(ctx, upd); err != nil {
		t.Fatalf("UpdateSchedule: %v", err)
	}
	got, err = e.client.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("nightly"), GroupName: aws.String("default")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != nil || aws.ToString(got.ScheduleExpressionTimezone) != "UTC" || got.State != types.ScheduleStateDisabled ||
		aws.ToInt32(got.FlexibleTimeWindow.MaximumWindowInMinutes) != 15 || got.Target.Input != nil ||
		aws.ToInt32(got.Target.RetryPolicy.MaximumRetryAttempts) != 185 ||
		!aws.ToTime(got.LastModificationDate).Equal(clock.Now()) || aws.ToTime(got.CreationDate).Equal(clock.Now()) {
		t.Errorf("after update: %+v", got)
	}
	if _, err := e.client.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: aws.String("nightly")}); err != nil {
		t.Fatalf("DeleteSchedule: %v", err)
	}
	_, err = e.client.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("nightly")})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule nightly does not exist.")
	_, err = e.client.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: aws.String("not-existing-schedule-name")})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule not-existing-schedule-name does not exist.")
	_, err = e.client.UpdateSchedule(ctx, upd)
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule nightly does not exist.")
}

func TestCreateScheduleConflictAndIdempotency(t *testing.T) {
	e := newEnv(t, eventrail.SystemClock{})
	ctx := context.Background()
	in := createInput("once", "at(2099-01-01T00:00:00)")
	in.ClientToken = aws.String("token-1")
	first, err := e.client.CreateSchedule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.client.CreateSchedule(ctx, in) // a retry with the same token
	if err != nil || aws.ToString(again.ScheduleArn) != aws.ToString(first.ScheduleArn) {
		t.Errorf("retry with the same ClientToken = %v, %v", again, err)
	}
	in.ClientToken = aws.String("token-2")
	_, err = e.client.CreateSchedule(ctx, in)
	wantAPIError(t, err, "ConflictException", 409, "Schedule once already exists.")
}

func TestScheduleValidation(t *testing.T) {
	clock := eventrail.NewFakeClock(time.Now().UTC())
	e := newEnv(t, clock)
	ctx := context.Background()
	const v = "ValidationException"
	cases := []struct {
		name string
		edit func(*scheduler.CreateScheduleInput)
		msg  string
	}{
		{"bad-cron", func(in *scheduler.CreateScheduleInput) { in.ScheduleExpression = aws.String("cron(0 1 * * * *)") },
			"Invalid Schedule Expression cron(0 1 * * * *)."},
		{"space", func(in *scheduler.CreateScheduleInput) { in.ScheduleExpression = aws.String(" rate(10 minutes)") },
			"Invalid Schedule Expression  rate(10 minutes)."},
		{"at-z", func(in *scheduler.CreateScheduleInput) {
			in.ScheduleExpression = aws.String("at(2021-12-31T23:59:59Z)")
		},
			"Invalid Schedule Expression at(2021-12-31T23:59:59Z)."},
		{"seconds", func(in *scheduler.CreateScheduleInput) { in.ScheduleExpression = aws.String("rate(10 seconds)") },
			"Invalid Schedule Expression rate(10 seconds)."},
		{"tz", func(in *scheduler.CreateScheduleInput) { in.ScheduleExpressionTimezone = aws.String("Mars/Olympus") },
			"Invalid Schedule Expression Timezone Mars/Olympus."},
		{"bad name!", nil, "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$"},
		{strings.Repeat("n", 65), nil, "1 validation error detected: Value '" + strings.Repeat("n", 65) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"retry", func(in *scheduler.CreateScheduleInput) {
			in.Target.RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(186), MaximumEventAgeInSeconds: aws.Int32(59)}
		}, "2 validation errors detected: Value '59' at 'target.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60; " +
			"Value '186' at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185"},
		{"role", func(in *scheduler.CreateScheduleInput) { in.Target.RoleArn = aws.String("role") },
			`1 validation error detected: Value 'role' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$`},
		{"dlq", func(in *scheduler.CreateScheduleInput) {
			in.Target.DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String("arn:aws:sns:us-east-1:000000000000:t")}
		}, `1 validation error detected: Value 'arn:aws:sns:us-east-1:000000000000:t' at 'target.deadLetterConfig.arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+$`},
		{"window", func(in *scheduler.CreateScheduleInput) {
			in.FlexibleTimeWindow = &types.FlexibleTimeWindow{Mode: "FLEXIBLE", MaximumWindowInMinutes: aws.Int32(1441)}
		}, "1 validation error detected: Value '1441' at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value less than or equal to 1440"},
		{"window-missing", func(in *scheduler.CreateScheduleInput) {
			in.FlexibleTimeWindow = &types.FlexibleTimeWindow{Mode: "FLEXIBLE"}
		},
			"MaximumWindowInMinutes must be provided when Mode is FLEXIBLE."},
		{"mode", func(in *scheduler.CreateScheduleInput) {
			in.FlexibleTimeWindow = &types.FlexibleTimeWindow{Mode: "SOMETIMES"}
		},
			"1 validation error detected: Value 'SOMETIMES' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]"},
		{"state", func(in *scheduler.CreateScheduleInput) { in.State = "PAUSED" },
			"1 validation error detected: Value 'PAUSED' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"},
		{"source", func(in *scheduler.CreateScheduleInput) {
			in.Target.EventBridgeParameters = &types.EventBridgeParameters{DetailType: aws.String("d"), Source: aws.String("aws.events")}
		}, `1 validation error detected: Value 'aws.events' at 'target.eventBridgeParameters.source' failed to satisfy constraint: Member must satisfy regular expression pattern: ` + sourcePattern},
		{"end-past", func(in *scheduler.CreateScheduleInput) { in.EndDate = aws.Time(clock.Now().Add(-time.Hour)) },
			"The EndDate you specify must be in the future."},
		{"start-old", func(in *scheduler.CreateScheduleInput) { in.StartDate = aws.Time(clock.Now().Add(-time.Hour)) },
			"The StartDate you specify cannot be earlier than 5 minutes ago."},
		{"start-after-end", func(in *scheduler.CreateScheduleInput) {
			in.StartDate, in.EndDate = aws.Time(clock.Now().Add(2*time.Hour)), aws.Time(clock.Now().Add(time.Hour))
		}, "The StartDate must come before the EndDate."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := createInput(c.name, "rate(5 minutes)")
			if c.edit != nil {
				in.Name = aws.String("x")
				c.edit(in)
			}
			_, err := e.client.CreateSchedule(ctx, in)
			wantAPIError(t, err, v, 400, c.msg)
		})
	}
	in := createInput("grouped", "rate(5 minutes)")
	in.GroupName = aws.String("nope")
	_, err := e.client.CreateSchedule(ctx, in)
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule group nope does not exist.")
	// Scheduler accepts a rate() unit of the wrong number, as AWS does (rate(2 minute)).
	if _, err := e.client.CreateSchedule(ctx, createInput("lenient", "rate(2 minute)")); err != nil {
		t.Errorf("rate(2 minute): %v", err)
	}
}

func TestListSchedulesPaging(t *testing.T) {
	e := newEnv(t, eventrail.SystemClock{})
	ctx := context.Background()
	if _, err := e.client.CreateScheduleGroup(ctx, &scheduler.CreateScheduleGroupInput{Name: aws.String("ops")}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		in := createInput("job-"+itoa(i), "rate(1 hour)")
		if i%2 == 1 {
			in.GroupName = aws.String("ops")
			in.State = types.ScheduleStateDisabled
		}
		if _, err := e.client.CreateSchedule(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	p := scheduler.NewListSchedulesPaginator(e.client, &scheduler.ListSchedulesInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Schedules) > 2 {
			t.Errorf("page of %d", len(out.Schedules))
		}
		for _, s := range out.Schedules {
			names = append(names, aws.ToString(s.GroupName)+"/"+aws.ToString(s.Name))
			if aws.ToString(s.Target.Arn) != testQueue || s.CreationDate == nil {
				t.Errorf("summary %+v", s)
			}
		}
	}
	if strings.Join(names, ",") != "default/job-0,default/job-2,default/job-4,ops/job-1,ops/job-3" {
		t.Errorf("ListSchedules = %v", names)
	}
	out, err := e.client.ListSchedules(ctx, &scheduler.ListSchedulesInput{GroupName: aws.String("ops"), State: types.ScheduleStateDisabled, NamePrefix: aws.String("job-3")})
	if err != nil || len(out.Schedules) != 1 || aws.ToString(out.Schedules[0].Name) != "job-3" {
		t.Errorf("filtered ListSchedules = %+v, %v", out, err)
	}
	_, err = e.client.ListSchedules(ctx, &scheduler.ListSchedulesInput{GroupName: aws.String("missing")})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule group missing does not exist.")
	_, err = e.client.ListSchedules(ctx, &scheduler.ListSchedulesInput{MaxResults: aws.Int32(101)})
	wantAPIError(t, err, "ValidationException", 400, "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
}

func TestScheduleGroupsAndTags(t *testing.T) {
	e := newEnv(t, eventrail.SystemClock{})
	ctx := context.Background()
	out, err := e.client.CreateScheduleGroup(ctx, &scheduler.CreateScheduleGroupInput{Name: aws.String("team"),
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
	if err != nil {
		t.Fatal(err)
	}
	const garn = "arn:aws:scheduler:us-east-1:000000000000:schedule-group/team"
	if aws.ToString(out.ScheduleGroupArn) != garn {
		t.Errorf("ScheduleGroupArn = %s", aws.ToString(out.ScheduleGroupArn))
	}
	_, err = e.client.CreateScheduleGroup(ctx, &scheduler.CreateScheduleGroupInput{Name: aws.String("team")})
	wantAPIError(t, err, "ConflictException", 409, "Schedule group team already exists.")
	_, err = e.client.CreateScheduleGroup(ctx, &scheduler.CreateScheduleGroupInput{Name: aws.String("default")})
	wantAPIError(t, err, "ValidationException", 400, "This operation cannot be performed on schedule group default.")
	g, err := e.client.GetScheduleGroup(ctx, &scheduler.GetScheduleGroupInput{Name: aws.String("team")})
	if err != nil || aws.ToString(g.Arn) != garn || g.State != types.ScheduleGroupStateActive || g.CreationDate == nil {
		t.Errorf("GetScheduleGroup = %+v, %v", g, err)
	}
	_, err = e.client.GetScheduleGroup(ctx, &scheduler.GetScheduleGroupInput{Name: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule group nope does not exist.")
	groups, err := e.client.ListScheduleGroups(ctx, &scheduler.ListScheduleGroupsInput{})
	if err != nil || len(groups.ScheduleGroups) != 2 || aws.ToString(groups.ScheduleGroups[0].Name) != "default" {
		t.Errorf("ListScheduleGroups = %+v, %v", groups, err)
	}

	if _, err := e.client.TagResource(ctx, &scheduler.TagResourceInput{ResourceArn: aws.String(garn),
		Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("me")}, {Key: aws.String("env"), Value: aws.String("dev")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := e.client.ListTagsForResource(ctx, &scheduler.ListTagsForResourceInput{ResourceArn: aws.String(garn)})
	if err != nil || len(tags.Tags) != 2 || aws.ToString(tags.Tags[0].Value) != "dev" || aws.ToString(tags.Tags[1].Key) != "owner" {
		t.Errorf("ListTagsForResource = %+v, %v", tags, err)
	}
	if _, err := e.client.UntagResource(ctx, &scheduler.UntagResourceInput{ResourceArn: aws.String(garn), TagKeys: []string{"env", "absent"}}); err != nil {
		t.Fatal(err)
	}
	tags, _ = e.client.ListTagsForResource(ctx, &scheduler.ListTagsForResourceInput{ResourceArn: aws.String(garn)})
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "owner" {
		t.Errorf("after untag: %+v", tags.Tags)
	}
	_, err = e.client.ListTagsForResource(ctx, &scheduler.ListTagsForResourceInput{ResourceArn: aws.String("arn:aws:scheduler:us-east-1:000000000000:schedule/default/x")})
	wantAPIError(t, err, "ValidationException", 400, "1 validation error detected: Value 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/x' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: "+groupArnPattern)
	_, err = e.client.TagResource(ctx, &scheduler.TagResourceInput{ResourceArn: aws.String("arn:aws:scheduler:us-east-1:000000000000:schedule-group/ghost"), Tags: []types.Tag{}})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Resource arn:aws:scheduler:us-east-1:000000000000:schedule-group/ghost does not exist.")

	// Deleting a group deletes its schedules.
	in := createInput("in-team", "rate(1 hour)")
	in.GroupName = aws.String("team")
	if _, err := e.client.CreateSchedule(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.DeleteScheduleGroup(ctx, &scheduler.DeleteScheduleGroupInput{Name: aws.String("team")}); err != nil {
		t.Fatal(err)
	}
	if left, _ := e.kv.List(ctx, schedulePrefix+"team/"); len(left) != 0 {
		t.Errorf("schedules left after group deletion: %d", len(left))
	}
	_, err = e.client.DeleteScheduleGroup(ctx, &scheduler.DeleteScheduleGroupInput{Name: aws.String("team")})
	wantAPIError(t, err, "ResourceNotFoundException", 404, "Schedule group team does not exist.")
	_, err = e.client.DeleteScheduleGroup(ctx, &scheduler.DeleteScheduleGroupInput{Name: aws.String("default")})
	wantAPIError(t, err, "ValidationException", 400, "This operation cannot be performed on schedule group default.")
}
