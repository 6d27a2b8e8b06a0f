package control

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/transform"
)

// TargetFailure is one entry of PutTargets' or RemoveTargets' FailedEntries.
type TargetFailure struct {
	TargetId     string `json:"TargetId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

// getTargets returns a rule's targets in the order they were first added.
func (s *Service) getTargets(ctx context.Context, bus, rule string) ([]eventrail.Target, error) {
	var ts []eventrail.Target
	if _, _, err := s.getJSON(ctx, eventrail.TargetsKey(bus, rule), &ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// PutTargetsInput is the PutTargets request.
type PutTargetsInput struct {
	Rule         string             `json:"Rule"`
	EventBusName string             `json:"EventBusName,omitempty"`
	Targets      []eventrail.Target `json:"Targets"`
}

// PutTargetsOutput is the PutTargets response.
type PutTargetsOutput struct {
	FailedEntryCount int             `json:"FailedEntryCount"`
	FailedEntries    []TargetFailure `json:"FailedEntries"`
}

// PutTargets adds targets to a rule or replaces those with the same Id. Invalid targets fail
// the whole call with AWS's ValidationException; a rule may have at most MaxTargetsPerRule
// targets (LimitExceededException). Targets that Options.ValidateTarget rejects with an
// *eventrail.Error whose code is not ValidationException are reported in FailedEntries and
// not stored.
func (s *Service) PutTargets(ctx context.Context, in *PutTargetsInput) (*PutTargetsOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Rule, "rule", shapeRuleName)
	checkStr(&v, in.EventBusName, "eventBusName", shapeBusNameOrArn)
	if in.Targets == nil {
		v.AddNull("targets")
	} else {
		checkListLen(&v, len(in.Targets), "targets", 1, 100, func() string { return renderTargets(in.Targets) })
	}
	for i := range in.Targets {
		checkTarget(&v, &in.Targets[i], member("targets", i))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	r, err := s.getRule(ctx, bus, in.Rule)
	if err != nil {
		return nil, err
	}
	if r.ManagedBy != "" {
		return nil, managedRuleNoForce(in.Rule)
	}
	out := &PutTargetsOutput{FailedEntries: []TargetFailure{}}
	accepted := make([]eventrail.Target, 0, len(in.Targets))
	for i := range in.Targets {
		t := &in.Targets[i]
		failure, err := s.validateTarget(t, i+1)
		if err != nil {
			return nil, err
		}
		if failure != nil {
			out.FailedEntries = append(out.FailedEntries, *failure)
			continue
		}
		accepted = append(accepted, *t)
	}
	out.FailedEntryCount = len(out.FailedEntries)
	if len(accepted) == 0 {
		return out, nil
	}
	err = mutateJSON(ctx, s, eventrail.TargetsKey(bus, in.Rule), func(ts *[]eventrail.Target, _ bool) (change, error) {
		*ts = upsertTargets(*ts, accepted)
		if len(*ts) > s.o.MaxTargetsPerRule {
			return keep, eventrail.ErrLimitExceeded()
		}
		return write, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// upsertTargets replaces targets with the same Id in place and appends the new ones.
func upsertTargets(cur, add []eventrail.Target) []eventrail.Target {
	out := append([]eventrail.Target(nil), cur...)
next:
	for _, t := range add {
		for i := range out {
			if out[i].Id == t.Id {
				out[i] = t
				continue next
			}
		}
		out = append(out, t)
	}
	return out
}

// validateTarget runs the semantic checks of the model-valid target at 1-based position pos:
// input shaping (package transform), dead-letter queue, and the delivery side's hook. A whole-request error is returned as err;
// a per-entry failure as failure.
func (s *Service) validateTarget(t *eventrail.Target, pos int) (failure *TargetFailure, err error) {
	if _, err := transform.CompileAt(t, pos); err != nil {
		return nil, err
	}
	if err := checkDeadLetterArn(t.DeadLetterConfig); err != nil {
		return nil, err
	}
	if s.o.ValidateTarget == nil {
		return nil, nil
	}
	err = s.o.ValidateTarget(t)
	if err == nil {
		return nil, nil
	}
	e, ok := eventrail.AsError(err)
	if !ok || e.Code == eventrail.CodeValidation {
		return nil, err
	}
	return &TargetFailure{TargetId: t.Id, ErrorCode: e.Code, ErrorMessage: e.Message}, nil
}

// checkDeadLetterArn requires a dead-letter queue to be a standard (non-FIFO) SQS queue ARN.
func checkDeadLetterArn(d *eventrail.DeadLetterConfig) error {
	if d == nil || d.Arn == "" {
		return nil
	}
	p, ok := eventrail.ParseARN(d.Arn)
	if !ok || p.Service != "sqs" || p.Resource == "" || strings.Contains(p.Resource, ":") {
		return validationError("Parameter DeadLetterConfig.Arn is not valid. Reason: Provided Arn is not in correct format.")
	}
	if strings.HasSuffix(p.Resource, ".fifo") {
		return validationError("Parameter DeadLetterConfig.Arn is not valid. Reason: FIFO queues are not supported as dead-letter queues.")
	}
	return nil
}

// renderTargets prints a target list roughly as AWS's Java model prints it in messages.
func renderTargets(ts []eventrail.Target) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("Target(id=%s, arn=%s)", t.Id, t.Arn)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// RemoveTargetsInput is the RemoveTargets request.
type RemoveTargetsInput struct {
	Rule         string   `json:"Rule"`
	EventBusName string   `json:"EventBusName,omitempty"`
	Ids          []string `json:"Ids"`
	Force        bool     `json:"Force,omitempty"`
}

// RemoveTargetsOutput is the RemoveTargets response.
type RemoveTargetsOutput struct {
	FailedEntryCount int             `json:"FailedEntryCount"`
	FailedEntries    []TargetFailure `json:"FailedEntries"`
}

// RemoveTargets removes targets by Id; Ids the rule does not have are ignored. Removing
// targets of a managed rule needs Force.
func (s *Service) RemoveTargets(ctx context.Context, in *RemoveTargetsInput) (*RemoveTargetsOutput, error) {
	var v eventrail.Violations
	requireStr(&v, in.Rule, "rule", shapeRuleName)
	checkStr(&v, in.EventBusName, "eventBusName", shapeBusNameOrArn)
	if in.Ids == nil {
		v.AddNull("ids")
	} else {
		checkListLen(&v, len(in.Ids), "ids", 1, 100, func() string { return "[" + strings.Join(in.Ids, ", ") + "]" })
	}
	for i, id := range in.Ids {
		requireStr(&v, id, member("ids", i), shapeRuleName)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	bus := busNameOf(in.EventBusName)
	r, err := s.getRule(ctx, bus, in.Rule)
	if err != nil {
		return nil, err
	}
	if r.ManagedBy != "" && !in.Force {
		return nil, managedRuleError(in.Rule)
	}
	drop := make(map[string]bool, len(in.Ids))
	for _, id := range in.Ids {
		drop[id] = true
	}
	err = mutateJSON(ctx, s, eventrail.TargetsKey(bus, in.Rule), func(ts *[]eventrail.Target, exists bool) (change, error) {
		kept := make([]eventrail.Target, 0, len(*ts))
		for _, t := range *ts {
			if !drop[t.Id] {
				kept = append(kept, t)
			}
		}
		switch {
		case !exists || len(kept) == len(*ts):
			return keep, nil
		case len(kept) == 0:
			return remove, nil
		}
		*ts = kept
		return write, nil
	})
	if err != nil {
		return nil, err
	}
	return &RemoveTargetsOutput{FailedEntries: []TargetFailure{}}, nil
}

// errorsIsExists reports a KV create conflict.
func errorsIsExists(err error) bool { return errors.Is(err, eventrail.ErrExists) }
