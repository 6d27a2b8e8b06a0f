package control

import (
	"context"

	"github.com/eventrail/eventrail"
)

// PutRuleInput is the PutRule request.
type PutRuleInput struct {
	Name               string          `json:"Name"`
	ScheduleExpression string          `json:"ScheduleExpression,omitempty"`
	EventPattern       string          `json:"EventPattern,omitempty"`
	State              string          `json:"State,omitempty"`
	Description        string          `json:"Description,omitempty"`
	RoleArn            string          `json:"RoleArn,omitempty"`
	Tags               []eventrail.Tag `json:"Tags,omitempty"`
	EventBusName       string          `json:"EventBusName,omitempty"`
}

// PutRuleOutput is the PutRule response.
type PutRuleOutput struct {
	RuleArn string `json:"RuleArn,omitempty"`
}

// PutRule creates a rule or replaces every member of an existing one (§3.2): omitted members
// are reset, targets survive, tags apply only when the rule is created.
func (s *Service) PutRule(ctx context.Context, in *PutRuleInput) (*PutRuleOutput, error) {
	if err := s.checkPutRule(in); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	if err := s.checkRuleBody(ctx, bus, in); err != nil {
		return nil, err
	}
	if err := s.checkTagList(in.Tags); err != nil {
		return nil, err
	}
	state := eventrail.RuleState(in.State)
	if state == "" {
		state = eventrail.RuleEnabled
	}
	arn := s.o.Account.RuleARN(bus, in.Name)
	if err := s.dropOrphanTargets(ctx, bus, in.Name); err != nil {
		return nil, err
	}
	created := false
	err := mutateJSON(ctx, s, eventrail.RuleKey(bus, in.Name), func(r *storedRule, exists bool) (change, error) {
		now := s.now()
		old := *r
		if exists && old.ManagedBy != "" {
			return keep, managedRuleNoForce(in.Name)
		}
		if !exists {
			if err := s.checkRuleCount(ctx, bus); err != nil {
				return keep, err
			}
			old.CreationTime = now
		}
		*r = storedRule{
			Rule: eventrail.Rule{
				Name:               in.Name,
				Arn:                arn,
				EventBusName:       bus,
				EventPattern:       in.EventPattern,
				ScheduleExpression: in.ScheduleExpression,
				State:              state,
				Description:        in.Description,
				RoleArn:            in.RoleArn,
				CreatedBy:          s.o.Account.ID,
				CreationTime:       old.CreationTime,
			},
			CreationTime: old.CreationTime,
			EnabledTime:  old.EnabledTime,
		}
		if !exists || !old.State.Enabled() || old.ScheduleExpression != in.ScheduleExpression {
			r.EnabledTime = now
		}
		created = !exists
		return write, nil
	})
	if err != nil {
		return nil, err
	}
	if created && len(in.Tags) > 0 {
		if err := s.putTags(ctx, arn, in.Tags); err != nil {
			return nil, err
		}
	}
	return &PutRuleOutput{RuleArn: arn}, nil
}

// checkPutRule is PutRule's model validation.
func (s *Service) checkPutRule(in *PutRuleInput) error {
	var v eventrail.Violations
	requireStr(&v, in.Name, "name", shapeRuleName)
	checkStr(&v, in.ScheduleExpression, "scheduleExpression", str{0, 256, nil})
	checkStr(&v, in.EventPattern, "eventPattern", str{0, HardMaxPatternLength, nil})
	if in.State != "" {
		v.Enum(in.State, "state", string(eventrail.RuleEnabled), string(eventrail.RuleDisabled), string(eventrail.RuleEnabledAllMgmtEvents))
	}
	checkStr(&v, in.Description, "description", shapeDescription)
	checkStr(&v, in.RoleArn, "roleArn", shapeArn)
	checkTags(&v, in.Tags, "tags")
	checkStr(&v, in.EventBusName, "eventBusName", shapeBusNameOrArn)
	return v.Err()
}

// checkRuleBody checks the pattern and schedule of a rule about to be stored on bus.
func (s *Service) checkRuleBody(ctx context.Context, bus string, in *PutRuleInput) error {
	if in.EventPattern == "" && in.ScheduleExpression == "" {
		return validationError("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	if _, err := s.getBus(ctx, bus); err != nil {
		return err
	}
	if in.ScheduleExpression != "" {
		if bus != eventrail.DefaultBusName {
			return validationError("ScheduleExpression is supported only on the default event bus.")
		}
		if err := checkSchedule(in.ScheduleExpression); err != nil {
			return err
		}
	}
	if in.EventPattern != "" {
		return s.checkPattern(in.EventPattern)
	}
	return nil
}

// checkPattern enforces the pattern-size quota and validates the pattern.
func (s *Service) checkPattern(src string) error {
	if len(src) > s.o.MaxPatternLength {
		return eventrail.Errorf(eventrail.CodeLimitExceeded,
			"Event pattern length exceeds the maximum allowed length of %d characters.", s.o.MaxPatternLength)
	}
	return validatePattern(src)
}

// checkRuleCount fails with LimitExceededException when bus already has the maximum number
// of rules.
func (s *Service) checkRuleCount(ctx context.Context, bus string) error {
	rules, err := s.kv.List(ctx, ruleListPrefix(bus))
	if err != nil {
		return err
	}
	if len(rules) >= s.o.MaxRulesPerBus {
		return eventrail.ErrLimitExceeded()
	}
	return nil
}

// dropOrphanTargets deletes a targets value left behind for a rule that does not exist (a
// PutTargets that raced with DeleteRule), so that a new rule of that name starts without
// targets.
func (s *Service) dropOrphanTargets(ctx context.Context, bus, rule string) error {
	_, err := s.kv.Get(ctx, eventrail.RuleKey(bus, rule))
	if !errorsIsNotFound(err) {
		return err
	}
	return s.kv.Delete(ctx, eventrail.TargetsKey(bus, rule))
}
