package control

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/eventrail/eventrail"
)

// PermissionCondition is PutPermission's Condition.
type PermissionCondition struct {
	Type  string `json:"Type"`
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// PutPermissionInput is the PutPermission request.
type PutPermissionInput struct {
	EventBusName string               `json:"EventBusName,omitempty"`
	Action       string               `json:"Action,omitempty"`
	Principal    string               `json:"Principal,omitempty"`
	StatementId  string               `json:"StatementId,omitempty"`
	Condition    *PermissionCondition `json:"Condition,omitempty"`
	Policy       string               `json:"Policy,omitempty"`
}

// PutPermissionOutput is the (empty) PutPermission response.
type PutPermissionOutput struct{}

// policyDoc is a bus's resource policy. Statements stay raw so that policies given whole
// round-trip unchanged.
type policyDoc struct {
	Version   string            `json:"Version"`
	Statement []json.RawMessage `json:"Statement"`
}

// statement is a statement PutPermission renders, in AWS's member order.
type statement struct {
	Sid       string `json:"Sid"`
	Effect    string `json:"Effect"`
	Principal any    `json:"Principal"`
	Action    string `json:"Action"`
	Resource  string `json:"Resource"`
	Condition any    `json:"Condition,omitempty"`
}

// PutPermission grants an account (or everyone, optionally within an organisation) an action
// on a bus, replacing any statement with the same StatementId, or replaces the whole policy
// when Policy is given. The policy is rendered as IAM JSON in DescribeEventBus.
func (s *Service) PutPermission(ctx context.Context, in *PutPermissionInput) (*PutPermissionOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.EventBusName, "eventBusName", shapeNonPartnerName)
	checkStr(&v, in.Action, "action", str{1, 64, patAction})
	checkStr(&v, in.Principal, "principal", str{1, 12, patPrincipal})
	checkStr(&v, in.StatementId, "statementId", str{1, 64, patStatementID})
	if err := v.Err(); err != nil {
		return nil, err
	}
	name := busNameOf(in.EventBusName)
	bus, err := s.getBus(ctx, name)
	if err != nil {
		return nil, err
	}
	var edit func(*policyDoc) error
	if in.Policy != "" {
		doc, err := parsePolicy(in.Policy)
		if err != nil {
			return nil, err
		}
		edit = func(p *policyDoc) error { *p = *doc; return nil }
	} else {
		st, err := s.permissionStatement(in, bus.Arn)
		if err != nil {
			return nil, err
		}
		edit = func(p *policyDoc) error { p.put(in.StatementId, st); return nil }
	}
	if err := s.editPolicy(ctx, name, edit); err != nil {
		return nil, err
	}
	return &PutPermissionOutput{}, nil
}

// parsePolicy accepts a whole policy document (a JSON object with a Statement list or object).
func parsePolicy(src string) (*policyDoc, error) {
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	bad := validationError("Parameter Policy is not valid.")
	if err := json.Unmarshal([]byte(src), &raw); err != nil || len(raw.Statement) == 0 {
		return nil, bad
	}
	doc := &policyDoc{Version: raw.Version}
	switch bytes.TrimSpace(raw.Statement)[0] {
	case '[':
		if json.Unmarshal(raw.Statement, &doc.Statement) != nil {
			return nil, bad
		}
	case '{':
		doc.Statement = []json.RawMessage{raw.Statement}
	default:
		return nil, bad
	}
	for i, st := range doc.Statement {
		var c bytes.Buffer
		if json.Compact(&c, st) != nil || c.Bytes()[0] != '{' {
			return nil, bad
		}
		doc.Statement[i] = c.Bytes()
	}
	if doc.Version == "" {
		doc.Version = "2012-10-17"
	}
	return doc, nil
}

// permissionStatement renders PutPermission's Action/Principal/StatementId/Condition form.
func (s *Service) permissionStatement(in *PutPermissionInput, busArn string) (json.RawMessage, error) {
	for _, m := range []struct{ name, val string }{{"Action", in.Action}, {"Principal", in.Principal}, {"StatementId", in.StatementId}} {
		if m.val == "" {
			return nil, validationError("Parameter %s is required.", m.name)
		}
	}
	st := statement{Sid: in.StatementId, Effect: "Allow", Action: in.Action, Resource: busArn}
	if in.Principal == "*" {
		st.Principal = "*"
	} else {
		st.Principal = map[string]string{"AWS": "arn:" + s.o.Account.Partition + ":iam::" + in.Principal + ":root"}
	}
	if c := in.Condition; c != nil {
		if c.Type != "StringEquals" || c.Key != "aws:PrincipalOrgID" || c.Value == "" {
			return nil, validationError("Parameter Condition is not valid.")
		}
		if in.Principal != "*" {
			return nil, validationError("Parameter Principal must be '*' when Condition is specified.")
		}
		st.Condition = map[string]map[string]string{c.Type: {c.Key: c.Value}}
	}
	return mustJSON(st), nil
}

// sidOf returns the Sid of a raw statement.
func sidOf(st json.RawMessage) string {
	var x struct {
		Sid string `json:"Sid"`
	}
	_ = json.Unmarshal(st, &x)
	return x.Sid
}

// put replaces the statement with this Sid or appends st.
func (p *policyDoc) put(sid string, st json.RawMessage) {
	for i := range p.Statement {
		if sidOf(p.Statement[i]) == sid {
			p.Statement[i] = st
			return
		}
	}
	p.Statement = append(p.Statement, st)
}

// editPolicy applies edit to a bus's policy, storing "" when no statement is left and
// enforcing the policy size quota.
func (s *Service) editPolicy(ctx context.Context, name string, edit func(*policyDoc) error) error {
	return mutateJSON(ctx, s, eventrail.BusKey(name), func(b *eventrail.EventBus, exists bool) (change, error) {
		if !exists {
			return keep, eventrail.ErrBusNotFound(name)
		}
		p := policyDoc{Version: "2012-10-17"}
		if b.Policy != "" {
			if err := json.Unmarshal([]byte(b.Policy), &p); err != nil {
				return keep, err
			}
		}
		if err := edit(&p); err != nil {
			return keep, err
		}
		b.Policy = ""
		if len(p.Statement) > 0 {
			b.Policy = string(mustJSON(p))
		}
		if len(b.Policy) > s.o.MaxPolicyLength {
			return keep, eventrail.Errorf(eventrail.CodePolicyLengthExceeded,
				"The policy length exceeds the maximum of %d characters.", s.o.MaxPolicyLength)
		}
		b.LastModifiedTime = s.now()
		return write, nil
	})
}

// RemovePermissionInput is the RemovePermission request.
type RemovePermissionInput struct {
	StatementId          string `json:"StatementId,omitempty"`
	RemoveAllPermissions bool   `json:"RemoveAllPermissions,omitempty"`
	EventBusName         string `json:"EventBusName,omitempty"`
}

// RemovePermissionOutput is the (empty) RemovePermission response.
type RemovePermissionOutput struct{}

// errNoStatement is AWS's answer for an unknown StatementId.
var errNoStatement = eventrail.Errorf(eventrail.CodeResourceNotFound, "Statement with the provided id does not exist.")

// RemovePermission removes one statement by id, or the whole policy.
func (s *Service) RemovePermission(ctx context.Context, in *RemovePermissionInput) (*RemovePermissionOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.StatementId, "statementId", str{1, 64, patStatementID})
	checkStr(&v, in.EventBusName, "eventBusName", shapeNonPartnerName)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !in.RemoveAllPermissions && in.StatementId == "" {
		return nil, validationError("Parameter StatementId is required.")
	}
	name := busNameOf(in.EventBusName)
	err := s.editPolicy(ctx, name, func(p *policyDoc) error {
		if in.RemoveAllPermissions {
			if len(p.Statement) == 0 {
				return eventrail.Errorf(eventrail.CodeResourceNotFound, "EventBus does not have a policy.")
			}
			p.Statement = nil
			return nil
		}
		for i := range p.Statement {
			if sidOf(p.Statement[i]) == in.StatementId {
				p.Statement = append(p.Statement[:i], p.Statement[i+1:]...)
				return nil
			}
		}
		return errNoStatement
	})
	if err != nil {
		return nil, err
	}
	return &RemovePermissionOutput{}, nil
}
