package control

import (
	"context"

	"github.com/eventrail/eventrail"
)

// storedRule is the value at RuleKey (see eventrail.StoredRule).
type storedRule = eventrail.StoredRule

func ruleListPrefix(bus string) string { return eventrail.KeyRulePrefix + bus + "/" }

// managedRuleError is AWS's ManagedRuleException for operations with a Force flag.
func managedRuleError(rule string) error {
	return eventrail.Errorf(eventrail.CodeManagedRule, "%s is a managed rule. Set 'force' parameter to true to override.", rule)
}

// managedRuleNoForce is the ManagedRuleException for operations without a Force flag.
func managedRuleNoForce(rule string) error {
	return eventrail.Errorf(eventrail.CodeManagedRule, "%s is a managed rule and cannot be modified.", rule)
}

// getRule reads a rule, distinguishing a missing bus from a missing rule as AWS does.
func (s *Service) getRule(ctx context.Context, bus, name string) (*storedRule, error) {
	var r storedRule
	_, found, err := s.getJSON(ctx, eventrail.RuleKey(bus, name), &r)
	if err != nil {
		return nil, err
	}
	if found {
		return &r, nil
	}
	if _, err := s.getBus(ctx, bus); err != nil {
		return nil, err
	}
	return nil, eventrail.ErrRuleNotFound(name, bus)
}

// deleteRuleKeys removes a rule, its targets and its tags.
func (s *Service) deleteRuleKeys(ctx context.Context, bus, name string) error {
	if err := s.kv.Delete(ctx, eventrail.TargetsKey(bus, name)); err != nil {
		return err
	}
	if err := s.kv.Delete(ctx, eventrail.RuleKey(bus, name)); err != nil {
		return err
	}
	return s.kv.Delete(ctx, eventrail.TagsKey(s.o.Account.RuleARN(bus, name)))
}

// ruleRef is the Name + EventBusName pair most rule operations take.
type ruleRef struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"`
}

func (r ruleRef) check(v *eventrail.Violations) {
	requireStr(v, r.Name, "name", shapeRuleName)
	checkStr(v, r.EventBusName, "eventBusName", shapeBusNameOrArn)
}

// DeleteRuleInput is the DeleteRule request.
type DeleteRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"`
	Force        bool   `json:"Force,omitempty"`
}

// DeleteRuleOutput is the (empty) DeleteRule response.
type DeleteRuleOutput struct{}

// DeleteRule deletes a rule that has no targets (a managed rule needs Force, and then loses
// its targets too). Deleting a missing rule on an existing bus succeeds.
func (s *Service) DeleteRule(ctx context.Context, in *DeleteRuleInput) (*DeleteRuleOutput, error) {
	var v eventrail.Violations
	ruleRef{in.Name, in.EventBusName}.check(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	if _, err := s.getBus(ctx, bus); err != nil {
		return nil, err
	}
	var r storedRule
	_, found, err := s.getJSON(ctx, eventrail.RuleKey(bus, in.Name), &r)
	if err != nil {
		return nil, err
	}
	if !found {
		return &DeleteRuleOutput{}, nil
	}
	if r.ManagedBy != "" && !in.Force {
		return nil, managedRuleError(in.Name)
	}
	if r.ManagedBy == "" {
		targets, err := s.getTargets(ctx, bus, in.Name)
		if err != nil {
			return nil, err
		}
		if len(targets) > 0 {
			return nil, validationError("Rule can't be deleted since it has targets.")
		}
	}
	if err := s.deleteRuleKeys(ctx, bus, in.Name); err != nil {
		return nil, err
	}
	return &DeleteRuleOutput{}, nil
}

// DescribeRuleInput is the DescribeRule request.
type DescribeRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"`
}

// DescribeRuleOutput is the DescribeRule response.
type DescribeRuleOutput struct {
	Name               string `json:"Name,omitempty"`
	Arn                string `json:"Arn,omitempty"`
	EventPattern       string `json:"EventPattern,omitempty"`
	ScheduleExpression string `json:"ScheduleExpression,omitempty"`
	State              string `json:"State,omitempty"`
	Description        string `json:"Description,omitempty"`
	RoleArn            string `json:"RoleArn,omitempty"`
	ManagedBy          string `json:"ManagedBy,omitempty"`
	EventBusName       string `json:"EventBusName,omitempty"`
	CreatedBy          string `json:"CreatedBy,omitempty"`
}

// DescribeRule describes one rule.
func (s *Service) DescribeRule(ctx context.Context, in *DescribeRuleInput) (*DescribeRuleOutput, error) {
	var v eventrail.Violations
	ruleRef{in.Name, in.EventBusName}.check(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	r, err := s.getRule(ctx, busNameOf(in.EventBusName), in.Name)
	if err != nil {
		return nil, err
	}
	return &DescribeRuleOutput{
		Name:               r.Name,
		Arn:                r.Arn,
		EventPattern:       r.EventPattern,
		ScheduleExpression: r.ScheduleExpression,
		State:              string(r.State),
		Description:        r.Description,
		RoleArn:            r.RoleArn,
		ManagedBy:          r.ManagedBy,
		EventBusName:       r.EventBusName,
		CreatedBy:          r.CreatedBy,
	}, nil
}

// ListRulesInput is the ListRules request.
type ListRulesInput struct {
	NamePrefix   string `json:"NamePrefix,omitempty"`
	EventBusName string `json:"EventBusName,omitempty"`
	NextToken    string `json:"NextToken,omitempty"`
	Limit        *int   `json:"Limit,omitempty"`
}

// RuleSummary is one entry of ListRules.
type RuleSummary struct {
	Name               string `json:"Name,omitempty"`
	Arn                string `json:"Arn,omitempty"`
	EventPattern       string `json:"EventPattern,omitempty"`
	State              string `json:"State,omitempty"`
	Description        string `json:"Description,omitempty"`
	ScheduleExpression string `json:"ScheduleExpression,omitempty"`
	RoleArn            string `json:"RoleArn,omitempty"`
	ManagedBy          string `json:"ManagedBy,omitempty"`
	EventBusName       string `json:"EventBusName,omitempty"`
}

// ListRulesOutput is the ListRules response.
type ListRulesOutput struct {
	Rules     []RuleSummary `json:"Rules"`
	NextToken string        `json:"NextToken,omitempty"`
}

// ListRules lists a bus's rules by name.
func (s *Service) ListRules(ctx context.Context, in *ListRulesInput) (*ListRulesOutput, error) {
	var v eventrail.Violations
	checkStr(&v, in.NamePrefix, "namePrefix", shapeRuleName)
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
	rules, err := listJSON[storedRule](ctx, s, ruleListPrefix(bus)+in.NamePrefix)
	if err != nil {
		return nil, err
	}
	rules, next, err := page(rules, func(r storedRule) string { return r.Name }, in.NextToken, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &ListRulesOutput{Rules: make([]RuleSummary, 0, len(rules)), NextToken: next}
	for _, r := range rules {
		out.Rules = append(out.Rules, summarize(&r.Rule))
	}
	return out, nil
}

func summarize(r *eventrail.Rule) RuleSummary {
	return RuleSummary{
		Name:               r.Name,
		Arn:                r.Arn,
		EventPattern:       r.EventPattern,
		State:              string(r.State),
		Description:        r.Description,
		ScheduleExpression: r.ScheduleExpression,
		RoleArn:            r.RoleArn,
		ManagedBy:          r.ManagedBy,
		EventBusName:       r.EventBusName,
	}
}

// EnableRuleInput is the EnableRule request.
type EnableRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"`
}

// EnableRuleOutput is the (empty) EnableRule response.
type EnableRuleOutput struct{}

// EnableRule sets a rule's state to ENABLED.
func (s *Service) EnableRule(ctx context.Context, in *EnableRuleInput) (*EnableRuleOutput, error) {
	if err := s.setRuleState(ctx, ruleRef(*in), eventrail.RuleEnabled); err != nil {
		return nil, err
	}
	return &EnableRuleOutput{}, nil
}

// DisableRuleInput is the DisableRule request.
type DisableRuleInput struct {
	Name         string `json:"Name"`
	EventBusName string `json:"EventBusName,omitempty"`
}

// DisableRuleOutput is the (empty) DisableRule response.
type DisableRuleOutput struct{}

// DisableRule sets a rule's state to DISABLED.
func (s *Service) DisableRule(ctx context.Context, in *DisableRuleInput) (*DisableRuleOutput, error) {
	if err := s.setRuleState(ctx, ruleRef(*in), eventrail.RuleDisabled); err != nil {
		return nil, err
	}
	return &DisableRuleOutput{}, nil
}

// setRuleState implements EnableRule and DisableRule. Enabling an already enabled rule
// (including ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS) leaves it as it is.
func (s *Service) setRuleState(ctx context.Context, ref ruleRef, state eventrail.RuleState) error {
	var v eventrail.Violations
	ref.check(&v)
	if err := v.Err(); err != nil {
		return err
	}
	bus := busNameOf(ref.EventBusName)
	err := mutateJSON(ctx, s, eventrail.RuleKey(bus, ref.Name), func(r *storedRule, exists bool) (change, error) {
		switch {
		case !exists:
			return keep, errRuleMissing
		case r.ManagedBy != "":
			return keep, managedRuleNoForce(ref.Name)
		case r.State.Enabled() == state.Enabled():
			return keep, nil
		}
		r.State = state
		if state.Enabled() {
			r.EnabledTime = s.now()
		}
		return write, nil
	})
	if err == errRuleMissing {
		_, err = s.getRule(ctx, bus, ref.Name)
	}
	return err
}

// errRuleMissing tells a mutation's caller to produce the right not-found error.
var errRuleMissing = eventrail.ErrRuleNotFound("", "")
