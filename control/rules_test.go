package control

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestPutDescribeListDeleteRule(t *testing.T) {
	for _, bus := range []string{"default", "custom"} {
		t.Run(bus, func(t *testing.T) {
			e := newEnv(t)
			arn := "arn:aws:events:us-east-1:111111111111:rule/r1"
			if bus != "default" {
				e.bus(t, bus)
				arn = "arn:aws:events:us-east-1:111111111111:rule/custom/r1"
			}
			if got := e.rule(t, bus, "r1"); got != arn {
				t.Fatalf("RuleArn %s, want %s", got, arn)
			}
			d, err := e.s.DescribeRule(ctx, &DescribeRuleInput{Name: "r1", EventBusName: bus})
			mustOK(t, err)
			want := `{"Name":"r1","Arn":"` + arn + `","EventPattern":` + strconv.Quote(testPattern) + `,"State":"ENABLED","EventBusName":"` + bus + `","CreatedBy":"111111111111"}`
			if got := toJSON(t, d); got != want {
				t.Fatalf("describe\n got %s\nwant %s", got, want)
			}
			l, err := e.s.ListRules(ctx, &ListRulesInput{NamePrefix: "r1", EventBusName: bus})
			mustOK(t, err)
			if len(l.Rules) != 1 || l.Rules[0].Arn != arn {
				t.Fatalf("list %s", toJSON(t, l))
			}
			_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "r1", EventBusName: bus})
			mustOK(t, err)
			_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "r1", EventBusName: bus})
			mustOK(t, err) // idempotent
			l, err = e.s.ListRules(ctx, &ListRulesInput{NamePrefix: "r1", EventBusName: bus})
			mustOK(t, err)
			if toJSON(t, l) != `{"Rules":[]}` {
				t.Fatalf("list after delete %s", toJSON(t, l))
			}
		})
	}
}

func TestPutRuleReplacesAndKeepsTargets(t *testing.T) {
	e := newEnv(t)
	_, err := e.s.PutRule(ctx, &PutRuleInput{Name: "r", EventPattern: testPattern, Description: "d",
		RoleArn: "arn:aws:iam::111111111111:role/x", State: "DISABLED", Tags: []eventrail.Tag{{Key: "a", Value: "1"}}})
	mustOK(t, err)
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn}}})
	mustOK(t, err)
	e.clk.Advance(5e9)
	_, err = e.s.PutRule(ctx, &PutRuleInput{Name: "r", ScheduleExpression: "rate(5 minutes)",
		Tags: []eventrail.Tag{{Key: "b", Value: "2"}}})
	mustOK(t, err)
	d, err := e.s.DescribeRule(ctx, &DescribeRuleInput{Name: "r"})
	mustOK(t, err)
	if d.Description != "" || d.RoleArn != "" || d.EventPattern != "" || d.State != "ENABLED" || d.ScheduleExpression != "rate(5 minutes)" {
		t.Fatalf("rule not replaced: %s", toJSON(t, d))
	}
	ts, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r"})
	mustOK(t, err)
	if len(ts.Targets) != 1 {
		t.Fatalf("targets lost: %s", toJSON(t, ts))
	}
	tags, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: d.Arn})
	mustOK(t, err)
	if toJSON(t, tags) != `{"Tags":[{"Key":"a","Value":"1"}]}` {
		t.Fatalf("tags on update must be ignored: %s", toJSON(t, tags))
	}
	// The stored value keeps creation and (re-)enable times for the scheduler.
	ent, err := e.kv.Get(ctx, eventrail.RuleKey("default", "r"))
	mustOK(t, err)
	var sr storedRule
	mustOK(t, json.Unmarshal(ent.Value, &sr))
	if !sr.CreationTime.Equal(testNow) || !sr.EnabledTime.Equal(testNow.Add(5e9)) {
		t.Fatalf("times: created %v enabled %v", sr.CreationTime, sr.EnabledTime)
	}
	var plain eventrail.Rule
	mustOK(t, json.Unmarshal(ent.Value, &plain))
	if plain.Name != "r" || plain.EventBusName != "default" || plain.State != eventrail.RuleEnabled {
		t.Fatalf("value is not a root Rule: %+v", plain)
	}
}

func TestEnableDisableRule(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "b")
	e.rule(t, "b", "r")
	_, err := e.s.DisableRule(ctx, &DisableRuleInput{Name: "r", EventBusName: "b"})
	mustOK(t, err)
	d, _ := e.s.DescribeRule(ctx, &DescribeRuleInput{Name: "r", EventBusName: "b"})
	if d.State != "DISABLED" {
		t.Fatalf("state %s", d.State)
	}
	_, err = e.s.EnableRule(ctx, &EnableRuleInput{Name: "r", EventBusName: "b"})
	mustOK(t, err)
	d, _ = e.s.DescribeRule(ctx, &DescribeRuleInput{Name: "r", EventBusName: "b"})
	if d.State != "ENABLED" {
		t.Fatalf("state %s", d.State)
	}
	_, err = e.s.EnableRule(ctx, &EnableRuleInput{Name: "nope", EventBusName: "b"})
	wantErr(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus b.")
	_, err = e.s.DisableRule(ctx, &DisableRuleInput{Name: "r", EventBusName: "nobus"})
	wantErr(t, err, "ResourceNotFoundException", "Event bus nobus does not exist.")
}

func TestRuleErrors(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "custom")
	e.rule(t, "default", "with-targets")
	_, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: "with-targets", Targets: []eventrail.Target{{Id: "t", Arn: queueArn}}})
	mustOK(t, err)
	long := strings.Repeat("r", 65)
	cases := []struct {
		name      string
		in        PutRuleInput
		code, msg string
	}{
		{"no name", PutRuleInput{EventPattern: testPattern}, "ValidationException",
			"1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"bad name and state", PutRuleInput{Name: long + " ", EventPattern: testPattern, State: "ON"}, "ValidationException",
			"3 validation errors detected: Value '" + long + " ' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; " +
				"Value '" + long + " ' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; " +
				"Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"},
		{"neither", PutRuleInput{Name: "r"}, "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."},
		{"no bus", PutRuleInput{Name: "r", EventPattern: testPattern, EventBusName: "nobus"}, "ResourceNotFoundException", "Event bus nobus does not exist."},
		{"schedule on custom bus", PutRuleInput{Name: "r", ScheduleExpression: "rate(1 minute)", EventBusName: "custom"},
			"ValidationException", "ScheduleExpression is supported only on the default event bus."},
		{"bad schedule", PutRuleInput{Name: "r", ScheduleExpression: "cron(INVALID)"}, "ValidationException", "Parameter ScheduleExpression is not valid."},
		{"bad pattern", PutRuleInput{Name: "r", EventPattern: `{"source": "x"}`}, "InvalidEventPatternException",
			"Event pattern is not valid. Reason: \"source\" must be an object or an array"},
		{"pattern quota", PutRuleInput{Name: "r", EventPattern: `{"source": ["` + strings.Repeat("x", 2100) + `"]}`}, "LimitExceededException",
			"Event pattern length exceeds the maximum allowed length of 2048 characters."},
		{"pattern model max", PutRuleInput{Name: "r", EventPattern: strings.Repeat(" ", 4097)}, "ValidationException",
			"1 validation error detected: Value '" + strings.Repeat(" ", 4097) + "' at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096"},
		{"duplicate tags", PutRuleInput{Name: "r", EventPattern: testPattern, Tags: []eventrail.Tag{{Key: "a"}, {Key: "a"}}},
			"ValidationException", "Invalid parameter: Duplicated keys are not allowed."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.PutRule(ctx, &c.in)
			wantErrPrefix(t, err, c.code, c.msg)
		})
	}
	_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "with-targets"})
	wantErr(t, err, "ValidationException", "Rule can't be deleted since it has targets.")
	_, err = e.s.DescribeRule(ctx, &DescribeRuleInput{Name: "nope"})
	wantErr(t, err, "ResourceNotFoundException", "Rule nope does not exist on EventBus default.")
	_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "nope", EventBusName: "nobus"})
	wantErr(t, err, "ResourceNotFoundException", "Event bus nobus does not exist.")
	_, err = e.s.ListRules(ctx, &ListRulesInput{EventBusName: "nobus"})
	wantErr(t, err, "ResourceNotFoundException", "Event bus nobus does not exist.")
}

func TestRuleLimitAndPaging(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxRulesPerBus = 6 })
	e.bus(t, "b")
	for i := range 6 {
		e.rule(t, "b", "rule-"+strconv.Itoa(i))
	}
	_, err := e.s.PutRule(ctx, &PutRuleInput{Name: "one-more", EventBusName: "b", EventPattern: testPattern})
	wantErr(t, err, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	e.rule(t, "b", "rule-0") // replacing does not count against the limit
	p1, err := e.s.ListRules(ctx, &ListRulesInput{EventBusName: "b", Limit: ptr(3)})
	mustOK(t, err)
	p2, err := e.s.ListRules(ctx, &ListRulesInput{EventBusName: "b", Limit: ptr(5), NextToken: p1.NextToken})
	mustOK(t, err)
	if len(p1.Rules) != 3 || len(p2.Rules) != 3 || p2.NextToken != "" || p2.Rules[0].Name != "rule-3" {
		t.Fatalf("paging: %s / %s", toJSON(t, p1), toJSON(t, p2))
	}
}

// putManagedRule stores a rule as another service would (ManagedBy set).
func putManagedRule(t *testing.T, e *testEnv, name string) {
	t.Helper()
	r := storedRule{Rule: eventrail.Rule{Name: name, Arn: testAccount.RuleARN("default", name), EventBusName: "default",
		EventPattern: testPattern, State: eventrail.RuleEnabled, ManagedBy: "archive.events.eventrail"}}
	_, err := e.kv.Put(ctx, eventrail.RuleKey("default", name), mustJSON(r))
	mustOK(t, err)
	_, err = e.kv.Put(ctx, eventrail.TargetsKey("default", name), mustJSON([]eventrail.Target{{Id: "Events-Archive-a", Arn: "arn:aws:events:us-east-1:111111111111:event-bus/default"}}))
	mustOK(t, err)
}

func TestManagedRules(t *testing.T) {
	e := newEnv(t)
	putManagedRule(t, e, "Events-Archive-a")
	const force = "Events-Archive-a is a managed rule. Set 'force' parameter to true to override."
	const noForce = "Events-Archive-a is a managed rule and cannot be modified."
	_, err := e.s.PutRule(ctx, &PutRuleInput{Name: "Events-Archive-a", EventPattern: testPattern})
	wantErr(t, err, "ManagedRuleException", noForce)
	_, err = e.s.DisableRule(ctx, &DisableRuleInput{Name: "Events-Archive-a"})
	wantErr(t, err, "ManagedRuleException", noForce)
	_, err = e.s.PutTargets(ctx, &PutTargetsInput{Rule: "Events-Archive-a", Targets: []eventrail.Target{{Id: "x", Arn: queueArn}}})
	wantErr(t, err, "ManagedRuleException", noForce)
	_, err = e.s.TagResource(ctx, &TagResourceInput{ResourceARN: testAccount.RuleARN("default", "Events-Archive-a"), Tags: []eventrail.Tag{{Key: "k"}}})
	wantErr(t, err, "ManagedRuleException", noForce)
	_, err = e.s.RemoveTargets(ctx, &RemoveTargetsInput{Rule: "Events-Archive-a", Ids: []string{"Events-Archive-a"}})
	wantErr(t, err, "ManagedRuleException", force)
	_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "Events-Archive-a"})
	wantErr(t, err, "ManagedRuleException", force)
	_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "Events-Archive-a", Force: true})
	mustOK(t, err)
	if left, _ := e.kv.List(ctx, "targets/default/"); len(left) != 0 {
		t.Fatalf("targets left after forced delete: %v", left)
	}
}

func TestNewRuleDropsOrphanTargets(t *testing.T) {
	e := newEnv(t)
	_, err := e.kv.Put(ctx, eventrail.TargetsKey("default", "r"), mustJSON([]eventrail.Target{{Id: "stale", Arn: queueArn}}))
	mustOK(t, err)
	e.rule(t, "default", "r")
	l, err := e.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r"})
	mustOK(t, err)
	if len(l.Targets) != 0 {
		t.Fatalf("orphan targets attached to a new rule: %s", toJSON(t, l))
	}
}
