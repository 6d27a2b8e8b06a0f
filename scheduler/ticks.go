package scheduler

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/schedule"
)

// Tick record states.
const (
	stateClaimed = "claimed"
	stateDone    = "done"
)

// tickRecord is the value of "tick/<rule>/<unix>".
type tickRecord struct {
	State string    `json:"state"`
	Owner string    `json:"owner"`
	At    time.Time `json:"at"` // when the state was written
}

// tickPrefix is the key prefix of a rule's tick records.
func tickPrefix(rule string) string { return "tick/" + rule + "/" }

// tickKey is "tick/<rule>/<unix>", the unix seconds zero-padded to 10 digits so that keys sort
// in time order.
func tickKey(rule string, tick time.Time) string {
	return fmt.Sprintf("%s%010d", tickPrefix(rule), tick.Unix())
}

// fireTick claims tick for this scheduler and ingests its event; failures are retried after
// RetryDelay while the rule keeps schedule generation gen.
func (s *Scheduler) fireTick(ctx context.Context, name string, gen uint64, tick time.Time) {
	key := tickKey(name, tick)
	rev, ok := s.claim(ctx, key, name, gen, tick)
	if !ok {
		return
	}
	s.mu.Lock()
	rule := s.rules[name]
	s.mu.Unlock()
	if rule == nil {
		return
	}
	ev := schedule.Event(s.opts.Account, name, eventID(s.opts.Account.RuleARN(eventrail.DefaultBusName, name), tick), tick)
	ev.Rule = name
	ev.IngestionTime = s.opts.Clock.Now()
	if err := s.opts.Ingester.Ingest(ctx, []eventrail.Event{ev}); err != nil {
		s.opts.Logf("scheduler: rule %s: tick %s: ingest: %v (retrying)", name, tick.UTC().Format(time.RFC3339), err)
		s.retry(name, gen, tick, s.opts.RetryDelay)
		return
	}
	done, _ := json.Marshal(tickRecord{State: stateDone, Owner: s.owner, At: s.opts.Clock.Now()})
	if _, err := s.opts.State.Update(ctx, key, done, rev); err != nil {
		s.opts.Logf("scheduler: rule %s: marking tick %s done: %v", name, key, err)
	}
	s.prune(ctx, name, tick)
}

// claim makes this scheduler the owner of the tick record at key. It reports false when the
// tick is done, or owned by a live claim of another scheduler (then it re-checks after the
// lease), or the store failed (then it retries).
func (s *Scheduler) claim(ctx context.Context, key, name string, gen uint64, tick time.Time) (uint64, bool) {
	now := s.opts.Clock.Now()
	mine, _ := json.Marshal(tickRecord{State: stateClaimed, Owner: s.owner, At: now})
	rev, err := s.opts.State.Create(ctx, key, mine)
	if err == nil {
		return rev, true
	}
	if !errors.Is(err, eventrail.ErrExists) {
		s.storeFailed(ctx, name, gen, tick, err)
		return 0, false
	}
	cur, err := s.opts.State.Get(ctx, key)
	if err != nil {
		s.storeFailed(ctx, name, gen, tick, err)
		return 0, false
	}
	var rec tickRecord
	if json.Unmarshal(cur.Value, &rec) != nil {
		rec = tickRecord{State: stateClaimed}
	}
	switch age := now.Sub(rec.At); {
	case rec.State == stateDone:
		return 0, false
	case rec.Owner == s.owner:
		return cur.Revision, true
	case age >= s.opts.ClaimLease:
		rev, err := s.opts.State.Update(ctx, key, mine, cur.Revision)
		return rev, err == nil
	default:
		s.retry(name, gen, tick, s.opts.ClaimLease-age)
		return 0, false
	}
}

func (s *Scheduler) storeFailed(ctx context.Context, name string, gen uint64, tick time.Time, err error) {
	if ctx.Err() != nil {
		return
	}
	s.opts.Logf("scheduler: rule %s: tick %s: store: %v (retrying)", name, tick.UTC().Format(time.RFC3339), err)
	s.retry(name, gen, tick, s.opts.RetryDelay)
}

// retry fires tick again after d unless the rule's schedule changed meanwhile.
func (s *Scheduler) retry(name string, gen uint64, tick time.Time, d time.Duration) {
	s.opts.Clock.AfterFunc(d, func() { s.catchUp(name, gen, tick) })
}

// missedTick returns the one tick to fire at start: the latest tick of sched in
// (max(latest recorded tick, anchor, now-CatchUpWindow), now], or else the latest recorded
// tick when it was claimed but never finished.
func (s *Scheduler) missedTick(ctx context.Context, name string, sched schedule.Schedule, anchor, now time.Time) (time.Time, bool) {
	from := now.Add(-s.opts.CatchUpWindow)
	if anchor.After(from) {
		from = anchor
	}
	last, unfinished, found := s.latestTick(ctx, name)
	if found && last.After(from) {
		from = last
	}
	missed := lastTick(sched, from, now)
	switch {
	case !missed.IsZero():
		return missed, true
	case found && unfinished:
		return last, true
	}
	return time.Time{}, false
}

// latestTick returns the time of the rule's latest tick record and whether it is unfinished.
func (s *Scheduler) latestTick(ctx context.Context, name string) (time.Time, bool, bool) {
	entries, err := s.opts.State.List(ctx, tickPrefix(name))
	if err != nil || len(entries) == 0 {
		return time.Time{}, false, false
	}
	last := entries[len(entries)-1]
	unix, err := strconv.ParseInt(strings.TrimPrefix(last.Key, tickPrefix(name)), 10, 64)
	if err != nil {
		return time.Time{}, false, false
	}
	var rec tickRecord
	_ = json.Unmarshal(last.Value, &rec)
	return time.Unix(unix, 0).UTC(), rec.State != stateDone, true
}

// prune deletes the rule's tick records older than TickRetention, at most once an hour.
func (s *Scheduler) prune(ctx context.Context, name string, tick time.Time) {
	s.mu.Lock()
	e := s.rules[name]
	due := e != nil && tick.Sub(e.lastPrune) >= time.Hour
	if due {
		e.lastPrune = tick
	}
	s.mu.Unlock()
	if !due {
		return
	}
	entries, err := s.opts.State.List(ctx, tickPrefix(name))
	if err != nil {
		return
	}
	cutoff := tickKey(name, tick.Add(-s.opts.TickRetention))
	for _, en := range entries[:max(len(entries)-1, 0)] {
		if en.Key < cutoff {
			_ = s.opts.State.Delete(ctx, en.Key)
		}
	}
}

// eventID derives a UUID (version 5 layout, SHA-1) from the rule ARN and the tick, so every
// scheduler gives a tick's event the same id.
func eventID(ruleARN string, tick time.Time) string {
	sum := sha1.Sum([]byte(ruleARN + "@" + strconv.FormatInt(tick.Unix(), 10)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
