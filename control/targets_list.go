package control

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/eventrail/eventrail"
)

// ListTargetsByRuleInput is the ListTargetsByRule request.
type ListTargetsByRuleInput struct {
	Rule         string `json:"Rule"`
	EventBusName string `json:"EventBusName,omitempty"`
	NextToken    string `json:"NextToken,omitempty"`
	Limit        *int   `json:"Limit,omitempty"`
}

// ListTargetsByRuleOutput is the ListTargetsByRule response.
type ListTargetsByRuleOutput struct {
	Targets   []eventrail.Target `json:"Targets"`
	NextToken string             `json:"NextToken,omitempty"`
}

// ListTargetsByRule lists a rule's targets exactly as stored, in the order they were added.
func (s *Service) ListTargetsByRule(ctx context.Context, in *ListTargetsByRuleInput) (*ListTargetsByRuleOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Rule, "rule", shapeRuleName)
	checkStr(&v, in.EventBusName, "eventBusName", shapeBusNameOrArn)
	checkStr(&v, in.NextToken, "nextToken", shapeNextToken)
	checkLimit(&v, in.Limit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	if _, err := s.getRule(ctx, bus, in.Rule); err != nil {
		return nil, err
	}
	ts, err := s.getTargets(ctx, bus, in.Rule)
	if err != nil {
		return nil, err
	}
	type indexed struct {
		key string
		t   eventrail.Target
	}
	items := make([]indexed, len(ts))
	for i, t := range ts {
		items[i] = indexed{fmt.Sprintf("%08d", i), t}
	}
	items, next, err := page(items, func(x indexed) string { return x.key }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &ListTargetsByRuleOutput{Targets: make([]eventrail.Target, 0, len(items)), NextToken: next}
	for _, x := range items {
		out.Targets = append(out.Targets, x.t)
	}
	return out, nil
}

// ListRuleNamesByTargetInput is the ListRuleNamesByTarget request.
type ListRuleNamesByTargetInput struct {
	TargetArn    string `json:"TargetArn"`
	EventBusName string `json:"EventBusName,omitempty"`
	NextToken    string `json:"NextToken,omitempty"`
	Limit        *int   `json:"Limit,omitempty"`
}

// ListRuleNamesByTargetOutput is the ListRuleNamesByTarget response.
type ListRuleNamesByTargetOutput struct {
	RuleNames []string `json:"RuleNames"`
	NextToken string   `json:"NextToken,omitempty"`
}

// ListRuleNamesByTarget lists, by name, the rules of a bus that have a target with TargetArn.
func (s *Service) ListRuleNamesByTarget(ctx context.Context, in *ListRuleNamesByTargetInput) (*ListRuleNamesByTargetOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.TargetArn, "targetArn", shapeArn)
	checkStr(&v, in.EventBusName, "eventBusName", shapeBusNameOrArn)
	checkStr(&v, in.NextToken, "nextToken", shapeNextToken)
	checkLimit(&v, in.Limit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	if _, err := s.getBus(ctx, bus); err != nil {
		return nil, err
	}
	prefix := eventrail.KeyTargetsPrefix + bus + "/"
	entries, err := s.kv.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		var ts []eventrail.Target
		if err := json.Unmarshal(e.Value, &ts); err != nil {
			return nil, fmt.Errorf("control: corrupt value at %q: %w", e.Key, err)
		}
		for _, t := range ts {
			if t.Arn == in.TargetArn {
				names = append(names, strings.TrimPrefix(e.Key, prefix))
				break
			}
		}
	}
	names, next, err := page(names, func(n string) string { return n }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = []string{}
	}
	return &ListRuleNamesByTargetOutput{RuleNames: names, NextToken: next}, nil
}
