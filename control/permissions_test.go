package control

import (
	"encoding/json"
	"strings"
	"testing"
)

func describePolicy(t *testing.T, e *testEnv, bus string) string {
	t.Helper()
	d, err := e.s.DescribeEventBus(ctx, &DescribeEventBusInput{Name: bus})
	mustOK(t, err)
	return d.Policy
}

func TestPutRemovePermission(t *testing.T) {
	for _, bus := range []string{"default", "custom"} {
		t.Run(bus, func(t *testing.T) {
			e := newEnv(t)
			if bus != "default" {
				e.bus(t, bus)
			}
			arn := testAccount.BusARN(bus)
			for _, p := range []PutPermissionInput{
				{EventBusName: bus, Action: "events:PutEvents", Principal: "111111111111", StatementId: "s1"},
				{EventBusName: bus, Action: "events:PutEvents", Principal: "222222222222", StatementId: "s2"},
				{EventBusName: bus, Action: "events:PutEvents", Principal: "*", StatementId: "s3"},
				{EventBusName: bus, Action: "events:PutEvents", Principal: "*", StatementId: "s3",
					Condition: &PermissionCondition{Type: "StringEquals", Key: "aws:PrincipalOrgID", Value: "o-1"}},
			} {
				_, err := e.s.PutPermission(ctx, &p)
				mustOK(t, err)
			}
			want := `{"Version":"2012-10-17","Statement":[` +
				`{"Sid":"s1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"events:PutEvents","Resource":"` + arn + `"},` +
				`{"Sid":"s2","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"events:PutEvents","Resource":"` + arn + `"},` +
				`{"Sid":"s3","Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"` + arn + `","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`
			if got := describePolicy(t, e, bus); got != want {
				t.Fatalf("policy\n got %s\nwant %s", got, want)
			}
			l, err := e.s.ListEventBuses(ctx, &ListEventBusesInput{NamePrefix: bus})
			mustOK(t, err)
			if l.EventBuses[0].Policy != want {
				t.Fatalf("ListEventBuses policy %q", l.EventBuses[0].Policy)
			}
			_, err = e.s.RemovePermission(ctx, &RemovePermissionInput{EventBusName: bus, StatementId: "s1"})
			mustOK(t, err)
			if got := describePolicy(t, e, bus); strings.Contains(got, `"s1"`) || !strings.Contains(got, `"s2"`) {
				t.Fatalf("after remove: %s", got)
			}
			_, err = e.s.RemovePermission(ctx, &RemovePermissionInput{EventBusName: bus, StatementId: "non-existing-sid"})
			wantErr(t, err, "ResourceNotFoundException", "Statement with the provided id does not exist.")
			_, err = e.s.RemovePermission(ctx, &RemovePermissionInput{EventBusName: bus, RemoveAllPermissions: true})
			mustOK(t, err)
			if got := describePolicy(t, e, bus); got != "" {
				t.Fatalf("after remove all: %s", got)
			}
			_, err = e.s.RemovePermission(ctx, &RemovePermissionInput{EventBusName: bus, StatementId: "non-existing-sid"})
			wantErr(t, err, "ResourceNotFoundException", "Statement with the provided id does not exist.")
		})
	}
}

func TestPutPermissionPolicyDocument(t *testing.T) {
	e := newEnv(t)
	doc := `{"Version": "2012-10-17", "Statement": [{"Sid": "s5", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "events:ListRules", "Resource": "*"}]}`
	_, err := e.s.PutPermission(ctx, &PutPermissionInput{EventBusName: "default", Action: "events:PutEvents", Principal: "*", StatementId: "old"})
	mustOK(t, err)
	_, err = e.s.PutPermission(ctx, &PutPermissionInput{Policy: doc})
	mustOK(t, err)
	got := describePolicy(t, e, "default")
	var a, b any
	mustOK(t, json.Unmarshal([]byte(got), &a))
	mustOK(t, json.Unmarshal([]byte(doc), &b))
	if toJSON(t, a) != toJSON(t, b) {
		t.Fatalf("policy %s", got)
	}
	// Statements can then be added to and removed from a whole-document policy.
	_, err = e.s.PutPermission(ctx, &PutPermissionInput{Action: "events:PutEvents", Principal: "*", StatementId: "s6"})
	mustOK(t, err)
	_, err = e.s.RemovePermission(ctx, &RemovePermissionInput{StatementId: "s5"})
	mustOK(t, err)
	if got := describePolicy(t, e, "default"); strings.Contains(got, "s5") || !strings.Contains(got, "s6") {
		t.Fatalf("policy %s", got)
	}
}

func TestPermissionErrors(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxPolicyLength = 300 })
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"missing bus", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{EventBusName: "nope", Action: "events:PutEvents", Principal: "*", StatementId: "statement-id"})
			return err
		}, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"bad principal", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{Action: "events:PutEvents", Principal: "12", StatementId: "s"})
			return err
		}, "ValidationException", `1 validation error detected: Value '12' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\d{12}|\*)`},
		{"bad action", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{Action: "sqs:Send", Principal: "*", StatementId: "s"})
			return err
		}, "ValidationException", `1 validation error detected: Value 'sqs:Send' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: events:[a-zA-Z]+`},
		{"missing statement id", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{Action: "events:PutEvents", Principal: "*"})
			return err
		}, "ValidationException", "Parameter StatementId is required."},
		{"bad condition", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{Action: "events:PutEvents", Principal: "*", StatementId: "s",
				Condition: &PermissionCondition{Type: "StringLike", Key: "aws:PrincipalOrgID", Value: "o"}})
			return err
		}, "ValidationException", "Parameter Condition is not valid."},
		{"bad policy", func() error { _, err := e.s.PutPermission(ctx, &PutPermissionInput{Policy: "[1]"}); return err },
			"ValidationException", "Parameter Policy is not valid."},
		{"policy too long", func() error {
			_, err := e.s.PutPermission(ctx, &PutPermissionInput{Policy: `{"Statement":{"Sid":"` + strings.Repeat("x", 400) + `"}}`})
			return err
		}, "PolicyLengthExceededException", "The policy length exceeds the maximum of 300 characters."},
		{"remove without id", func() error { _, err := e.s.RemovePermission(ctx, &RemovePermissionInput{}); return err },
			"ValidationException", "Parameter StatementId is required."},
		{"remove all without policy", func() error {
			_, err := e.s.RemovePermission(ctx, &RemovePermissionInput{RemoveAllPermissions: true})
			return err
		}, "ResourceNotFoundException", "EventBus does not have a policy."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.call(), c.code, c.msg) })
	}
}
