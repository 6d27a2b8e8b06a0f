package control

import (
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestPutListRemoveTargets(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "b")
	e.rule(t, "b", "r")
	out, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", EventBusName: "b", Targets: []eventrail.Target{
		{Id: "t1", Arn: queueArn},
		{Id: "t2", Arn: queueArn, InputPath: ptr("$.detail"), RetryPolicy: &eventrail.RetryPolicy{MaximumRetryAttempts: ptr(0)},
			DeadLetterConfig: &eventrail.DeadLetterConfig{Arn: "arn:aws:sqs:us-east-1:111111111111:dlq"}},
	}})
	mustOK(t, err)
	if toJSON(t, out) != `{"FailedEntryCount":0,"FailedEntries":[]}` {
		t.Fatalf("put output %s", toJSON(t, out))
	}
	// Upsert t1, add t3: order of first insertion is kept.
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", EventBusName: "b", Targets: []eventrail.Target{
		{Id: "t3", Arn: queueArn, Input: ptr(`{"a":1}`)}, {Id: "t1", Arn: queueArn + "x"}}})
	mustOK(t, err)
	l, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r", EventBusName: "b"})
	mustOK(t, err)
	want := `{"Targets":[{"Id":"t1","Arn":"` + queueArn + `x"},{"Id":"t2","Arn":"` + queueArn + `","InputPath":"$.detail","RetryPolicy":{"MaximumRetryAttempts":0},"DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:111111111111:dlq"}},{"Id":"t3","Arn":"` + queueArn + `","Input":"{\"a\":1}"}]}`
	if got := toJSON(t, l); got != want {
		t.Fatalf("list\n got %s\nwant %s", got, want)
	}
	p1, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r", EventBusName: "b", Limit: ptr(2)})
	mustOK(t, err)
	p2, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r", EventBusName: "b", NextToken: p1.NextToken})
	mustOK(t, err)
	if len(p1.Targets) != 2 || len(p2.Targets) != 1 || p2.Targets[0].Id != "t3" || p2.NextToken != "" {
		t.Fatalf("paging %s / %s", toJSON(t, p1), toJSON(t, p2))
	}
	names, err := e.s.ListRuleNamesByTarget(ctx, &ListRuleNamesByTargetInput{TargetArn: queueArn, EventBusName: "b"})
	mustOK(t, err)
	if toJSON(t, names) != `{"RuleNames":["r"]}` {
		t.Fatalf("names %s", toJSON(t, names))
	}
	rm, err := e.s.RemoveTargets(ctx, &RemoveTargetsInput{Rule: "r", EventBusName: "b", Ids: []string{"t1", "t2", "t3", "unknown"}})
	mustOK(t, err)
	if toJSON(t, rm) != `{"FailedEntryCount":0,"FailedEntries":[]}` {
		t.Fatalf("remove output %s", toJSON(t, rm))
	}
	l, err = e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r", EventBusName: "b"})
	mustOK(t, err)
	if toJSON(t, l) != `{"Targets":[]}` {
		t.Fatalf("after remove %s", toJSON(t, l))
	}
	_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "r", EventBusName: "b"})
	mustOK(t, err)
}

func TestPutTargetsErrors(t *testing.T) {
	e := newEnv(t)
	e.rule(t, "default", "r")
	longID := strings.Repeat("x", 65)
	cases := []struct {
		name      string
		in        PutTargetsInput
		code, msg string
	}{
		{"bad id", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "!@#$@!#$", Arn: queueArn, InputPath: ptr("$.detail")}}},
			"ValidationException", `1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`},
		{"long id", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "ok", Arn: queueArn}, {Id: longID, Arn: queueArn}}},
			"ValidationException", "1 validation error detected: Value '" + longID + "' at 'targets.2.member.id' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{"missing members", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{}}},
			"ValidationException", "2 validation errors detected: Value null at 'targets.1.member.id' failed to satisfy constraint: Member must not be null; Value null at 'targets.1.member.arn' failed to satisfy constraint: Member must not be null"},
		{"no targets", PutTargetsInput{Rule: "r"},
			"ValidationException", "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null"},
		{"empty targets", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{}},
			"ValidationException", "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"retry ranges", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn,
			RetryPolicy: &eventrail.RetryPolicy{MaximumRetryAttempts: ptr(186), MaximumEventAgeInSeconds: ptr(59)}}}},
			"ValidationException", "2 validation errors detected: Value '186' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185; Value '59' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"},
		{"two inputs", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn, Input: ptr("{}"), InputPath: ptr("$.detail")}}},
			"ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target t."},
		{"bad placeholder", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn, InputTransformer: &eventrail.InputTransformer{
			InputPathsMap: map[string]string{"k": "$.detail"}, InputTemplate: `{"a": <notdefinedkey>}`}}}},
			"ValidationException", "InputTemplate for target t contains invalid placeholder notdefinedkey."},
		{"dlq not sqs", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn, DeadLetterConfig: &eventrail.DeadLetterConfig{Arn: "arn:aws:sns:us-east-1:111111111111:topic"}}}},
			"ValidationException", "Parameter DeadLetterConfig.Arn is not valid. Reason: Provided Arn is not in correct format."},
		{"dlq fifo", PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn, DeadLetterConfig: &eventrail.DeadLetterConfig{Arn: queueArn + ".fifo"}}}},
			"ValidationException", "Parameter DeadLetterConfig.Arn is not valid. Reason: FIFO queues are not supported as dead-letter queues."},
		{"missing rule", PutTargetsInput{Rule: "nope", Targets: []eventrail.Target{{Id: "t", Arn: queueArn}}},
			"ResourceNotFoundException", "Rule nope does not exist on EventBus default."},
		{"missing bus", PutTargetsInput{Rule: "r", EventBusName: "nobus", Targets: []eventrail.Target{{Id: "t", Arn: queueArn}}},
			"ResourceNotFoundException", "Event bus nobus does not exist."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.PutTargets(ctx, &c.in)
			wantErr(t, err, c.code, c.msg)
		})
	}
	l, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r"})
	mustOK(t, err)
	if len(l.Targets) != 0 {
		t.Fatalf("failed calls stored targets: %s", toJSON(t, l))
	}
}

func TestTargetLimit(t *testing.T) {
	e := newEnv(t)
	e.rule(t, "default", "r")
	var seven []eventrail.Target
	for i := range 7 {
		seven = append(seven, eventrail.Target{Id: "test-target-" + strconv.Itoa(i), Arn: queueArn})
	}
	_, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: seven})
	wantErr(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: seven[:5]})
	mustOK(t, err)
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: seven[5:6]})
	wantErr(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: seven[:1]}) // replacing is fine
	mustOK(t, err)
}

func TestValidateTargetHook(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.ValidateTarget = func(t *eventrail.Target) error {
			switch {
			case strings.Contains(t.Arn, ":bogus"):
				return eventrail.Errorf(eventrail.CodeValidation, "Parameter %s is not valid. Reason: Provided Arn is not in correct format.", t.Arn)
			case strings.HasSuffix(t.Arn, ".fifo") && t.SqsParameters == nil:
				return eventrail.Errorf("ValidationException.FIFO", "not used")
			case strings.Contains(t.Arn, "missing"):
				return eventrail.Errorf(eventrail.CodeResourceNotFound, "Queue missing does not exist.")
			}
			return nil
		}
	})
	e.rule(t, "default", "r")
	_, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: "arn:aws:bogus"}}})
	wantErr(t, err, "ValidationException", "Parameter arn:aws:bogus is not valid. Reason: Provided Arn is not in correct format.")
	out, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: []eventrail.Target{
		{Id: "ok", Arn: queueArn}, {Id: "gone", Arn: "arn:aws:sqs:us-east-1:111111111111:missing"}}})
	mustOK(t, err)
	if toJSON(t, out) != `{"FailedEntryCount":1,"FailedEntries":[{"TargetId":"gone","ErrorCode":"ResourceNotFoundException","ErrorMessage":"Queue missing does not exist."}]}` {
		t.Fatalf("output %s", toJSON(t, out))
	}
	l, _ := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r"})
	if len(l.Targets) != 1 || l.Targets[0].Id != "ok" {
		t.Fatalf("stored %s", toJSON(t, l))
	}
}

func TestRemoveTargetsErrors(t *testing.T) {
	e := newEnv(t)
	_, err := e.s.RemoveTargets(ctx, &RemoveTargetsInput{Rule: "nope", Ids: []string{"a"}})
	wantErr(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
	_, err = e.s.RemoveTargets(ctx, &RemoveTargetsInput{Rule: "r"})
	wantErr(t, err, "ValidationException", "1 validation error detected: Value null at 'ids' failed to satisfy constraint: Member must not be null")
	_, err = e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "rule/x"})
	wantErr(t, err, "ValidationException", `1 validation error detected: Value 'rule/x' at 'rule' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`)
	_, err = e.s.ListRuleNamesByTarget(ctx, &ListRuleNamesByTargetInput{})
	wantErr(t, err, "ValidationException", "1 validation error detected: Value null at 'targetArn' failed to satisfy constraint: Member must not be null")
}
