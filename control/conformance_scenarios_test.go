package control

import (
	"strconv"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

// Patterns of test_event_pattern[..._EXC] cases that patterns.jsonl does not carry, transcribed
// from the recorded test templates (sent as Python's json.dumps renders them).
var extraExcPatterns = map[string]string{
	"content_anything_but_string_list_null_type_EXC": `{"detail": {"state": [{"anything-but": ["stopped", null]}]}}`,
	"content_anything_suffix_ignorecase_EXC":         `{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}`,
	"content_anything_suffix_int_EXC":                `{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}`,
	"content_anything_suffix_list_type_EXC":          `{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}`,
	"content_anything_wildcard_list_type_EXC":        `{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}`,
	"content_anything_wildcard_type_EXC":             `{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}`,
	"content_ip_address_bad_ip_EXC":                  `{"detail": {"sourceIPAddress": [{"cidr": "xx.11.xx/8"}]}}`,
	"content_ip_address_bad_mask_EXC":                `{"detail": {"sourceIPAddress": [{"cidr": "bad-/64filter"}]}}`,
	"content_numeric_EXC":                            `{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}`,
	"content_numeric_number_EXC":                     `{"detail": {"c-count": [{"numeric": 10}]}}`,
	"content_numeric_operatorcasing_EXC":             `{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}`,
	"content_numeric_syntax_EXC":                     `{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}`,
	"content_wildcard_repeating_star_EXC":            `{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}`,
}

// testName splits a case id into the test function and its parameter.
func testName(id string) (fn, param string) {
	_, tid, _ := strings.Cut(id, "::")
	tid, _, _ = strings.Cut(tid, "#")
	if i := strings.LastIndex(tid, "::"); i >= 0 {
		tid = tid[i+2:]
	}
	fn, param, _ = strings.Cut(tid, "[")
	return fn, strings.TrimSuffix(param, "]")
}

// scenarioFor maps a recorded error to the calls that produced it; ok is false for
// operations of other packages (archives, replays, connections, API destinations).
func scenarioFor(c errorCase, patterns map[string]patternCase) (scenario, bool) {
	fn, param := testName(c.ID)
	if s, ok := patternScenario(fn, param, patterns); ok {
		return s, true
	}
	switch fn {
	case "test_create_multiple_event_buses_same_name", "test_delete_default_event_bus", "test_describe_delete_not_existing_event_bus",
		"test_put_events_nonexistent_event_bus":
		return busScenario(fn, c.Path), true
	case "test_describe_nonexistent_rule", "test_delete_rule_with_targets", "tests_put_rule_with_invalid_schedule_cron",
		"tests_put_rule_with_schedule_custom_event_bus":
		return ruleScenario(fn, param), true
	case "test_add_exceed_fife_targets_per_rule", "test_put_target_id_validation", "test_put_event_input_path_and_input_transformer",
		"test_put_events_with_input_transformer_missing_keys":
		return targetScenario(fn, c.Path), true
	case "test_put_event_malformed_detail", "test_put_event_with_too_big_detail", "test_put_event_without_detail",
		"test_put_event_without_detail_type", "test_put_events_exceed_limit_ten_entries", "test_put_events_without_source":
		return putEventsScenario(fn, param), true
	case "test_put_permission_non_existing_event_bus", "test_remove_permission_non_existing_sid":
		return permissionScenario(fn, param), true
	case "test_list_tags_for_deleted_event_bus", "test_list_tags_for_deleted_rule", "tests_tag_list_untag_not_existing_resource":
		return tagScenario(fn, param, c.Path), true
	}
	return scenario{}, false
}

func patternScenario(fn, param string, patterns map[string]patternCase) (scenario, bool) {
	test := func(pat, ev string) func(*testing.T, *testEnv) (error, map[string]string) {
		return func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: pat, Event: ev})
			return err, nil
		}
	}
	const numericPattern = `{"body": {"test2": [{"numeric": [">", 100]}]}}`
	switch fn {
	case "test_event_pattern":
		p, ok := patterns["localstack/template/"+param]
		if !ok {
			p = patternCase{Pattern: extraExcPatterns[param], Event: sampleEvent}
		}
		return scenario{op: "TestEventPattern", run: test(p.Pattern, p.Event), firstLine: true}, p.Pattern != ""
	case "test_invalid_json_event_pattern":
		p, ok := patterns["localstack/invalid-json/"+param]
		return scenario{op: "TestEventPattern", run: test(p.Pattern, p.Event)}, ok
	case "test_array_event_payload":
		return scenario{op: "TestEventPattern", run: test(numericPattern, `["plain string"]`)}, true
	case "test_plain_string_payload":
		return scenario{op: "TestEventPattern", run: test(numericPattern, `plain string`)}, true
	case "test_invalid_event_payload":
		return scenario{op: "TestEventPattern", run: test(numericPattern, `{"testEvent": "value"}`)}, true
	}
	return scenario{}, false
}

func busScenario(fn, path string) scenario {
	const bus = "this-bus-does-not-exist-1234567890-ab12"
	subs := map[string]string{bus: "<bus-name>"}
	switch fn {
	case "test_create_multiple_event_buses_same_name":
		return scenario{op: "CreateEventBus", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			e.bus(t, bus)
			_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: bus})
			return err, subs
		}}
	case "test_delete_default_event_bus":
		return scenario{op: "DeleteEventBus", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "default"})
			return err, nil
		}}
	case "test_put_events_nonexistent_event_bus":
		return scenario{op: "DescribeEventBus", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{
				{Source: "MySource", DetailType: "CustomType", Detail: `{"message": "for the default event bus"}`},
				{Source: "MySource", DetailType: "CustomType", Detail: `{"message": "for the custom event bus"}`, EventBusName: bus}}})
			mustOK(t, err)
			if _, evs := e.ing.snapshot(); out.FailedEntryCount != 0 || out.Entries[1].EventId == "" || len(evs) != 1 {
				t.Fatalf("put to a missing bus must succeed and be dropped: %s", toJSON(t, out))
			}
			_, err = e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: bus})
			return err, map[string]string{bus: "<custom-event-bus>"}
		}}
	}
	// test_describe_delete_not_existing_event_bus: describe fails; the delete that follows
	// succeeds, and the snapshot "delete-not-existing-event-bus" re-records the describe error.
	op := "DescribeEventBus"
	if strings.Contains(path, "delete") {
		op = "DeleteEventBus"
	}
	return scenario{op: op, run: func(t *testing.T, e *testEnv) (error, map[string]string) {
		_, describeErr := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: bus})
		_, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: bus})
		mustOK(t, err)
		return describeErr, subs
	}}
}

func ruleScenario(fn, param string) scenario {
	const rule = "test-rule-1a2b"
	switch fn {
	case "test_describe_nonexistent_rule":
		return scenario{op: "DescribeRule", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.DescribeRule(ctx, &DescribeRuleInput{Name: rule})
			return err, map[string]string{rule: "<rule-name>"}
		}}
	case "test_delete_rule_with_targets":
		return scenario{op: "DeleteRule", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			e.rule(t, "", rule)
			_, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: rule, Targets: []eventrail.Target{{Id: "test-target-1", Arn: queueArn}}})
			mustOK(t, err)
			_, err = e.s.DeleteRule(ctx, &DeleteRuleInput{Name: rule})
			return err, nil
		}}
	case "tests_put_rule_with_invalid_schedule_cron":
		return scenario{op: "PutRule", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.PutRule(ctx, &PutRuleInput{Name: rule, ScheduleExpression: param})
			return err, nil
		}}
	}
	return scenario{op: "PutRule", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
		e.bus(t, "test-bus-1a2b")
		_, err := e.s.PutRule(ctx, &PutRuleInput{Name: rule, EventBusName: "test-bus-1a2b", ScheduleExpression: "rate(1 minute)"})
		return err, nil
	}}
}

func targetScenario(fn, path string) scenario {
	const rule, target = "test-rule-3c4d", "test-target-3c4d"
	put := func(ts ...eventrail.Target) func(*testing.T, *testEnv) (error, map[string]string) {
		return func(t *testing.T, e *testEnv) (error, map[string]string) {
			e.rule(t, "", rule)
			_, err := e.s.PutTargets(ctx, &PutTargetsInput{Rule: rule, Targets: ts})
			subs := map[string]string{target: "<target-id>"}
			if len(ts[0].Id) > 64 {
				subs = map[string]string{ts[0].Id: "second-invalid-target-id"}
			}
			return err, subs
		}
	}
	switch fn {
	case "test_add_exceed_fife_targets_per_rule":
		var ts []eventrail.Target
		for i := range 7 {
			ts = append(ts, eventrail.Target{Id: "test-target-" + strconv.Itoa(i), Arn: queueArn})
		}
		return scenario{op: "PutTargets", run: put(ts...)}
	case "test_put_target_id_validation":
		id := "!@#$@!#$"
		if strings.Contains(path, "length") {
			id = "c5d8c7e9a1b24f6e8d0c2a4b6e8f0a1c-3e5f7a9b1c2d4e6f8a0b2c4d6e8f0a1b-extra"
		}
		return scenario{op: "PutTargets", run: put(eventrail.Target{Id: id, Arn: queueArn, InputPath: ptr("$.detail")})}
	case "test_put_event_input_path_and_input_transformer":
		return scenario{op: "PutTargets", run: put(eventrail.Target{Id: target, Arn: queueArn, InputPath: ptr("$.detail"),
			InputTransformer: &eventrail.InputTransformer{InputPathsMap: map[string]string{"detail-type": "$.detail-type"}, InputTemplate: `"<detail-type>"`}})}
	}
	return scenario{op: "PutTargets", run: put(eventrail.Target{Id: target, Arn: queueArn,
		InputTransformer: &eventrail.InputTransformer{InputPathsMap: map[string]string{"detail-type": "$.detail-type"},
			InputTemplate: `{"detail-type": <detail-type>, "notdefinedkey": <notdefinedkey>}`}})}
}

func putEventsScenario(fn, param string) scenario {
	const detail = `{"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz"}}`
	const src = "core.update-account-command"
	entryErr := func(en PutEventsEntry) func(*testing.T, *testEnv) (error, map[string]string) {
		return func(t *testing.T, e *testEnv) (error, map[string]string) {
			out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{en}})
			if err != nil {
				return err, nil
			}
			if out.FailedEntryCount != 1 {
				t.Fatalf("entry accepted: %s", toJSON(t, out))
			}
			return eventrail.Errorf(out.Entries[0].ErrorCode, "%s", out.Entries[0].ErrorMessage), nil
		}
	}
	switch fn {
	case "test_put_event_malformed_detail":
		d := map[string]string{"ARRAY": "[]", "MALFORMED_JSON": "{{}", "SERIALIZED_STRING": `"NotJSON"`, "STRING": "NotJSON"}[param]
		return scenario{op: "PutEvents", run: entryErr(PutEventsEntry{Source: src, DetailType: src, Detail: d})}
	case "test_put_event_without_detail":
		return scenario{op: "PutEvents", run: entryErr(PutEventsEntry{Source: src, DetailType: src})}
	case "test_put_event_without_detail_type":
		return scenario{op: "PutEvents", run: entryErr(PutEventsEntry{Source: "some.source", Detail: detail})}
	case "test_put_events_without_source":
		return scenario{op: "PutEvents", run: entryErr(PutEventsEntry{DetailType: src, Detail: detail})}
	case "test_put_event_with_too_big_detail":
		big := `{"payload": ["` + strings.Repeat("p", 262127-len(`{"payload": [""]}`)) + `"]}`
		return scenario{op: "PutEvents", run: entryErr(PutEventsEntry{Source: src, DetailType: src, Detail: big})}
	}
	// test_put_events_exceed_limit_ten_entries[custom|default]
	return scenario{op: "PutEvents", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
		bus := "default"
		if param == "custom" {
			bus = "test-bus-5e6f"
			e.bus(t, bus)
		}
		entries := make([]PutEventsEntry, 11)
		for i := range entries {
			entries[i] = PutEventsEntry{Source: src, DetailType: src, Detail: detail, EventBusName: bus}
		}
		_, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: entries})
		return err, map[string]string{"eventBusName=" + bus: "eventBusName=<bus-name>"}
	}}
}

func permissionScenario(fn, param string) scenario {
	if fn == "test_put_permission_non_existing_event_bus" {
		return scenario{op: "PutPermission", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{EventBusName: "non-existing-bus-7a8b", Action: "events:PutEvents", Principal: "*", StatementId: "statement-id"})
			return err, map[string]string{"non-existing-bus-7a8b": "<bus-name>"}
		}}
	}
	policyExists, busKind, _ := strings.Cut(param, "-")
	return scenario{op: "RemovePermission", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
		bus := "default"
		if busKind == "custom" {
			bus = "test-bus-9c0d"
			e.bus(t, bus)
		}
		if policyExists == "True" {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{EventBusName: bus, Action: "events:PutEvents", Principal: testAccount.ID, StatementId: "statement-1e2f"})
			mustOK(t, err)
		}
		_, err := e.s.RemovePermission(ctx, &RemovePermissionInput{EventBusName: bus, StatementId: "non-existing-sid"})
		return err, nil
	}}
}

func tagScenario(fn, param, path string) scenario {
	switch fn {
	case "test_list_tags_for_deleted_event_bus":
		return scenario{op: "ListTagsForResource", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			e.bus(t, "test_bus-1f2e")
			_, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "test_bus-1f2e"})
			mustOK(t, err)
			_, err = e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: testAccount.BusARN("test_bus-1f2e")})
			return err, map[string]string{"test_bus-1f2e": "<bus_name>"}
		}}
	case "test_list_tags_for_deleted_rule":
		return scenario{op: "ListTagsForResource", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			e.bus(t, "test_bus-3a4b")
			arn := e.rule(t, "test_bus-3a4b", "test_rule-3a4b")
			_, err := e.s.DeleteRule(ctx, &DeleteRuleInput{Name: "test_rule-3a4b", EventBusName: "test_bus-3a4b"})
			mustOK(t, err)
			_, err = e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: arn})
			return err, map[string]string{"test_rule-3a4b": "<rule_name>", "test_bus-3a4b": "<bus_name>"}
		}}
	}
	const name = "5b6c7d8e"
	arn := testAccount.BusARN(name)
	if param == "not_existing_rule" {
		arn = testAccount.RuleARN("default", name)
	}
	subs := map[string]string{name: "<not-existing-resource-name>"}
	switch {
	case strings.HasPrefix(path, "/tag_"):
		return scenario{op: "TagResource", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.TagResource(ctx, &TagResourceInput{ResourceARN: arn, Tags: []eventrail.Tag{{Key: "tag1", Value: "value1"}}})
			return err, subs
		}}
	case strings.HasPrefix(path, "/untag_"):
		return scenario{op: "UntagResource", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
			_, err := e.s.UntagResource(ctx, &UntagResourceInput{ResourceARN: arn, TagKeys: []string{"tag1"}})
			return err, subs
		}}
	}
	return scenario{op: "ListTagsForResource", run: func(t *testing.T, e *testEnv) (error, map[string]string) {
		_, err := e.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: arn})
		return err, subs
	}}
}
