package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// maxStartDateAge is how far in the past a StartDate may lie.
const maxStartDateAge = 5 * time.Minute

func strOr(p *string, def string) string {
	if p == nil || *p == "" {
		return def
	}
	return *p
}

// buildSchedule validates in for the schedule name and returns the schedule it describes,
// with AWS's defaults applied (UpdateSchedule is a full replacement, so both use this).
func (s *Service) buildSchedule(ctx context.Context, name string, in *scheduleInput) (*storedSchedule, error) {
	var c checker
	checkScheduleInput(&c, name, in)
	if err := c.Err(); err != nil {
		return nil, err
	}
	group := strOr(in.GroupName, DefaultGroup)
	if _, _, err := s.getGroup(ctx, group); err != nil {
		return nil, err
	}
	tz := strOr(in.ScheduleExpressionTimezone, DefaultTimezone)
	if _, _, err := parseExpression(*in.ScheduleExpression, tz); err != nil {
		return nil, err
	}
	if err := checkWindow(in.FlexibleTimeWindow); err != nil {
		return nil, err
	}
	if !isOneTime(*in.ScheduleExpression) { // one-time schedules ignore StartDate and EndDate
		if err := s.checkDates(in.StartDate, in.EndDate); err != nil {
			return nil, err
		}
	}
	sc := &storedSchedule{Schedule: Schedule{
		ActionAfterCompletion:      strOr(in.ActionAfterCompletion, ActionNone),
		Arn:                        s.scheduleARN(group, name),
		Description:                strOr(in.Description, ""),
		EndDate:                    in.EndDate,
		FlexibleTimeWindow:         *in.FlexibleTimeWindow,
		GroupName:                  group,
		KmsKeyArn:                  strOr(in.KmsKeyArn, ""),
		Name:                       name,
		ScheduleExpression:         *in.ScheduleExpression,
		ScheduleExpressionTimezone: tz,
		StartDate:                  in.StartDate,
		State:                      strOr(in.State, StateEnabled),
		Target:                     withRetryDefaults(*in.Target),
	}}
	return sc, nil
}

// withRetryDefaults fills the RetryPolicy defaults AWS echoes (185 attempts, 86400 s).
func withRetryDefaults(t Target) Target {
	rp := RetryPolicy{}
	if t.RetryPolicy != nil {
		rp = *t.RetryPolicy
	}
	if rp.MaximumRetryAttempts == nil {
		n := eventrail.DefaultMaximumRetryAttempts
		rp.MaximumRetryAttempts = &n
	}
	if rp.MaximumEventAgeInSeconds == nil {
		n := int(eventrail.DefaultMaximumEventAge / time.Second)
		rp.MaximumEventAgeInSeconds = &n
	}
	t.RetryPolicy = &rp
	return t
}

func checkWindow(w *FlexibleTimeWindow) error {
	switch {
	case w.Mode == ModeFlexible && w.MaximumWindowInMinutes == nil:
		return validation("MaximumWindowInMinutes must be provided when Mode is FLEXIBLE.")
	case w.Mode == ModeOff && w.MaximumWindowInMinutes != nil:
		return validation("MaximumWindowInMinutes must not be provided when Mode is OFF.")
	}
	return nil
}

func (s *Service) checkDates(start, end *awsjson.Timestamp) error {
	now := s.now()
	if start != nil && start.Before(now.Add(-maxStartDateAge)) {
		return validation("The StartDate you specify cannot be earlier than 5 minutes ago.")
	}
	if end != nil && !end.After(now) {
		return validation("The EndDate you specify must be in the future.")
	}
	if start != nil && end != nil && !start.Before(end.Time) {
		return validation("The StartDate must come before the EndDate.")
	}
	return nil
}

type arnOutput struct {
	ScheduleArn string `json:"ScheduleArn"`
}

func (s *Service) createSchedule(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var in scheduleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := r.Params["Name"]
	sc, err := s.buildSchedule(ctx, name, &in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	sc.CreationDate.Time, sc.LastModificationDate.Time, sc.Anchor.Time = now, now, now
	sc.Uid = s.o.newUID()
	sc.ClientToken = strOr(in.ClientToken, "")
	b, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	key := scheduleKey(sc.GroupName, name)
	if _, err := s.o.KV.Create(ctx, key, b); errors.Is(err, eventrail.ErrExists) {
		if cur, _, gerr := s.getSchedule(ctx, sc.GroupName, name); gerr == nil && sc.ClientToken != "" && cur.ClientToken == sc.ClientToken {
			return arnOutput{cur.Arn}, nil // a retry of the call that created it
		}
		return nil, errScheduleExists(name)
	} else if err != nil {
		return nil, err
	}
	return arnOutput{sc.Arn}, nil
}

func (s *Service) getScheduleOp(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	name, group := r.Params["Name"], r.Query.Get("groupName")
	var c checker
	c.name(&name, "name", true)
	if r.Query.Has("groupName") {
		c.name(&group, "groupName", false)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	sc, _, err := s.getSchedule(ctx, strOr(&group, DefaultGroup), name)
	if err != nil {
		return nil, err
	}
	return &sc.Schedule, nil
}

func (s *Service) updateSchedule(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	var in scheduleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := r.Params["Name"]
	sc, err := s.buildSchedule(ctx, name, &in)
	if err != nil {
		return nil, err
	}
	for {
		cur, rev, err := s.getSchedule(ctx, sc.GroupName, name)
		if err != nil {
			return nil, err
		}
		sc.CreationDate, sc.Uid, sc.ClientToken = cur.CreationDate, cur.Uid, cur.ClientToken
		sc.LastModificationDate.Time = s.now()
		sc.Anchor = cur.Anchor
		if timingChanged(&cur.Schedule, &sc.Schedule) {
			sc.Anchor = sc.LastModificationDate
		}
		b, err := json.Marshal(sc)
		if err != nil {
			return nil, err
		}
		if _, err := s.o.KV.Update(ctx, scheduleKey(sc.GroupName, name), b, rev); errors.Is(err, eventrail.ErrConflict) {
			continue // a concurrent update or a firing runner wrote in between
		} else if err != nil {
			return nil, err
		}
		return arnOutput{sc.Arn}, nil
	}
}

// timingChanged reports whether an update changes when a schedule fires.
func timingChanged(a, b *Schedule) bool {
	return a.ScheduleExpression != b.ScheduleExpression || a.ScheduleExpressionTimezone != b.ScheduleExpressionTimezone ||
		a.State != b.State || !sameTime(a.StartDate, b.StartDate) || !sameTime(a.EndDate, b.EndDate)
}

func sameTime(a, b *awsjson.Timestamp) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(b.Time)
}

func (s *Service) deleteScheduleOp(ctx context.Context, r *awsjson.RESTRequest) (any, error) {
	name, group := r.Params["Name"], r.Query.Get("groupName")
	var c checker
	c.name(&name, "name", true)
	if r.Query.Has("groupName") {
		c.name(&group, "groupName", false)
	}
	if r.Query.Has("clientToken") {
		tok := r.Query.Get("clientToken")
		c.clientToken(&tok)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	group = strOr(&group, DefaultGroup)
	sc, _, err := s.getSchedule(ctx, group, name)
	if err != nil {
		return nil, err
	}
	if err := s.deleteSchedule(ctx, scheduleKey(group, name), sc.Uid); err != nil {
		return nil, err
	}
	return struct{}{}, nil
}
