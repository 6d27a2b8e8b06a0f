package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/schedule"
)

// anchorRecord is the value of "anchor/<rule>": when the scheduler first saw the rule enabled
// with this expression.
type anchorRecord struct {
	Expr   string    `json:"expr"`
	Anchor time.Time `json:"anchor"`
}

func anchorKey(rule string) string { return "anchor/" + rule }

// upsert starts timing r, or keeps its timer when only non-schedule fields changed.
func (s *Scheduler) upsert(ctx context.Context, r eventrail.Rule, live bool) {
	s.mu.Lock()
	if e := s.rules[r.Name]; e != nil && e.rule.ScheduleExpression == r.ScheduleExpression {
		e.rule = r
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	sched, err := schedule.Parse(r.ScheduleExpression)
	if err != nil {
		s.opts.Logf("scheduler: rule %s: %q: %v", r.Name, r.ScheduleExpression, err)
		s.remove(ctx, r.Name)
		return
	}
	anchor := s.anchor(ctx, r.Name, r.ScheduleExpression)
	if rate, ok := sched.(schedule.Rate); ok {
		sched = schedule.NewRateFrom(rate, anchor)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	old := s.rules[r.Name]
	e := &entry{rule: r, sched: sched}
	if old != nil {
		if old.timer != nil {
			old.timer.Stop()
		}
		e.gen = old.gen + 1
	}
	s.rules[r.Name] = e
	if live {
		s.armLocked(r.Name, e, s.opts.Clock.Now())
	}
}

// remove stops timing a rule and forgets its anchor (a later enable counts afresh).
func (s *Scheduler) remove(ctx context.Context, name string) {
	s.mu.Lock()
	e := s.rules[name]
	if e != nil {
		if e.timer != nil {
			e.timer.Stop()
		}
		delete(s.rules, name)
	}
	s.mu.Unlock()
	if err := s.opts.State.Delete(ctx, anchorKey(name)); err != nil && ctx.Err() == nil {
		s.opts.Logf("scheduler: rule %s: deleting anchor: %v", name, err)
	}
}

// anchor returns the shared anchor of rule for expr, recording now when there is none (or it
// belongs to another expression).
func (s *Scheduler) anchor(ctx context.Context, rule, expr string) time.Time {
	key := anchorKey(rule)
	now := s.opts.Clock.Now()
	val, _ := json.Marshal(anchorRecord{Expr: expr, Anchor: now})
	for attempt := 0; attempt < 3; attempt++ {
		_, err := s.opts.State.Create(ctx, key, val)
		if err == nil {
			return now
		}
		if !errors.Is(err, eventrail.ErrExists) {
			break
		}
		cur, err := s.opts.State.Get(ctx, key)
		if errors.Is(err, eventrail.ErrNotFound) {
			continue
		}
		if err != nil {
			break
		}
		var rec anchorRecord
		if json.Unmarshal(cur.Value, &rec) == nil && rec.Expr == expr {
			return rec.Anchor
		}
		if _, err := s.opts.State.Update(ctx, key, val, cur.Revision); err == nil {
			return now
		}
	}
	s.opts.Logf("scheduler: rule %s: could not record its anchor; counting from now", rule)
	return now
}

// armLocked sets e's timer for its first tick strictly after after. s.mu is held.
func (s *Scheduler) armLocked(name string, e *entry, after time.Time) {
	e.next = e.sched.Next(after)
	if e.next.IsZero() {
		e.timer = nil
		return
	}
	gen, tick := e.gen, e.next
	e.timer = s.opts.Clock.AfterFunc(tick.Sub(s.opts.Clock.Now()), func() { s.onTimer(name, gen, tick) })
}

// onTimer fires tick and arms the rule's next one.
func (s *Scheduler) onTimer(name string, gen uint64, tick time.Time) {
	ctx, ok := s.begin(name, gen)
	if !ok {
		return
	}
	defer s.inflight.Done()
	s.fireTick(ctx, name, gen, tick)
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.rules[name]; e != nil && e.gen == gen && !s.stopped {
		s.armLocked(name, e, tick)
	}
}

// begin registers a tick in progress when the rule still has schedule generation gen.
func (s *Scheduler) begin(name string, gen uint64) (context.Context, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.rules[name]; s.stopped || e == nil || e.gen != gen {
		return nil, false
	}
	s.inflight.Add(1)
	return s.ctx, true
}

// startAll runs once the initial rules are read: it fires each rule's one catch-up tick and
// arms every timer.
func (s *Scheduler) startAll(ctx context.Context) {
	s.mu.Lock()
	names := make([]string, 0, len(s.rules))
	for name := range s.rules {
		names = append(names, name)
	}
	s.mu.Unlock()
	now := s.opts.Clock.Now()
	for _, name := range names {
		s.mu.Lock()
		e := s.rules[name]
		if e == nil {
			s.mu.Unlock()
			continue
		}
		gen, sched := e.gen, e.sched
		s.armLocked(name, e, now)
		s.mu.Unlock()
		if tick, ok := s.missedTick(ctx, name, sched, now); ok {
			go s.catchUp(name, gen, tick)
		}
	}
}

// catchUp fires one missed tick without arming anything.
func (s *Scheduler) catchUp(name string, gen uint64, tick time.Time) {
	ctx, ok := s.begin(name, gen)
	if !ok {
		return
	}
	defer s.inflight.Done()
	s.fireTick(ctx, name, gen, tick)
}
