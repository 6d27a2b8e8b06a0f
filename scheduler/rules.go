package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/schedule"
)

// anchorRecord is the value of "anchor/<rule>": when a scheduler first saw the rule enabled
// with this expression. Rev is the control-KV revision of the rule entry that set it; Off marks
// a disabled or deleted rule (a tombstone, so that a slow scheduler replaying an older enable
// cannot resurrect a stale anchor).
type anchorRecord struct {
	Expr   string    `json:"expr,omitempty"`
	Anchor time.Time `json:"anchor,omitempty"`
	Rev    uint64    `json:"rev"`
	Off    bool      `json:"off,omitempty"`
}

func anchorKey(rule string) string { return "anchor/" + rule }

// upsert starts timing r (its entry has control revision rev), or keeps its timer when only
// non-schedule fields changed.
func (s *Scheduler) upsert(ctx context.Context, r storedRule, rev uint64, live bool) {
	s.mu.Lock()
	if e := s.rules[r.Name]; e != nil && e.rule.ScheduleExpression == r.ScheduleExpression && e.rule.EnabledTime.Equal(r.EnabledTime) {
		e.rule = r
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	sched, err := schedule.Parse(r.ScheduleExpression)
	if err != nil {
		s.opts.Logf("scheduler: rule %s: %q: %v", r.Name, r.ScheduleExpression, err)
		s.remove(ctx, r.Name, rev)
		return
	}
	anchor := r.EnabledTime
	if anchor.IsZero() {
		anchor = s.anchor(ctx, r.Name, r.ScheduleExpression, rev)
	}
	if rate, ok := sched.(schedule.Rate); ok {
		sched = schedule.NewRateFrom(rate, anchor)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	old := s.rules[r.Name]
	e := &entry{rule: r, anchor: anchor, sched: sched}
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

// remove stops timing a rule that is deleted, disabled or unscheduled at control revision rev,
// and tombstones its anchor so that a later enable counts afresh.
func (s *Scheduler) remove(ctx context.Context, name string, rev uint64) {
	s.mu.Lock()
	if e := s.rules[name]; e != nil {
		if e.timer != nil {
			e.timer.Stop()
		}
		delete(s.rules, name)
	}
	s.mu.Unlock()
	key := anchorKey(name)
	for attempt := 0; attempt < 3; attempt++ {
		cur, err := s.opts.State.Get(ctx, key)
		if err != nil {
			return // none (nothing to forget) or a store failure (a later enable overwrites it)
		}
		var rec anchorRecord
		if json.Unmarshal(cur.Value, &rec) == nil && (rec.Off || rec.Rev >= rev) {
			return
		}
		off, _ := json.Marshal(anchorRecord{Rev: rev, Off: true})
		if _, err := s.opts.State.Update(ctx, key, off, cur.Revision); err == nil {
			return
		}
	}
}

// anchor returns the shared anchor of rule for expr, enabled at control revision rev, for rule
// values without EnabledTime: the first scheduler to see the enable records its clock's now.
func (s *Scheduler) anchor(ctx context.Context, rule, expr string, rev uint64) time.Time {
	key := anchorKey(rule)
	now := s.opts.Clock.Now()
	val, _ := json.Marshal(anchorRecord{Expr: expr, Anchor: now, Rev: rev})
	for attempt := 0; attempt < 5; attempt++ {
		cur, err := s.opts.State.Get(ctx, key)
		if errors.Is(err, eventrail.ErrNotFound) {
			if _, err := s.opts.State.Create(ctx, key, val); err == nil {
				return now
			} else if !errors.Is(err, eventrail.ErrExists) {
				break
			}
			continue
		}
		if err != nil {
			break
		}
		var rec anchorRecord
		_ = json.Unmarshal(cur.Value, &rec)
		switch {
		case !rec.Off && rec.Expr == expr:
			return rec.Anchor
		case rec.Rev > rev: // a later change exists; this view is stale and will be replaced
			return now
		}
		if _, err := s.opts.State.Update(ctx, key, val, cur.Revision); err == nil {
			return now
		}
	}
	s.opts.Logf("scheduler: rule %s: could not record its anchor; counting from now", rule)
	return now
}

// armLocked sets e's timer for its first tick strictly after after. When that tick is more
// than a minute in the past (the process stalled or the clock jumped), the ticks in between
// are skipped and the latest one not after now fires instead. s.mu is held.
func (s *Scheduler) armLocked(name string, e *entry, after time.Time) {
	now := s.opts.Clock.Now()
	e.next = e.sched.Next(after)
	if !e.next.IsZero() && e.next.Before(now.Add(-time.Minute)) {
		from := now.Add(-s.opts.CatchUpWindow)
		if after.After(from) {
			from = after
		}
		if last := lastTick(e.sched, from, now); !last.IsZero() {
			e.next = last
		}
	}
	if e.next.IsZero() {
		e.timer = nil
		return
	}
	gen, tick := e.gen, e.next
	e.timer = s.opts.Clock.AfterFunc(tick.Sub(now), func() { s.onTimer(name, gen, tick) })
}

// lastTick returns the latest tick of sched in (from, now], or the zero time.
func lastTick(sched schedule.Schedule, from, now time.Time) time.Time {
	var last time.Time
	for t := sched.Next(from); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		last = t
	}
	return last
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
		gen, sched, anchor := e.gen, e.sched, e.anchor
		s.armLocked(name, e, now)
		s.mu.Unlock()
		if tick, ok := s.missedTick(ctx, name, sched, anchor, now); ok {
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
