package delivery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/eventrail/eventrail"
)

// errStopped is what Dispatch reports when the engine is shutting down.
var errStopped = errors.New("delivery: engine stopped")

// group is the hand-offs of one Dispatch call: one bus-log record's hand-offs for one target,
// delivered from memory. The caller's done runs once every one of them is final, or once the
// unfinished ones are parked durably in the hand-off log (then they settle the parked record).
type group struct {
	laneKey string
	id      string // the record ID the hand-offs are parked under
	jobs    []job  // the hand-offs' jobs (one's, for a single hand-off: no second allocation)
	one     [1]job
	timer   eventrail.Timer

	mu     sync.Mutex
	left   int          // jobs not yet final (job.final is guarded by mu too)
	parked *parkedBatch // set once the unfinished jobs were handed to the hand-off log
	notify func(error)  // the caller's done; nil once called
}

// Dispatch delivers hs, the hand-offs of one bus-log record for the target whose hand-off record
// key is key ("t.<targetKey>"), directly from memory through the target's lane (same
// concurrency and rate limits, metrics, retries and dead-letter queue as hand-offs read from
// the log). It does not wait for the deliveries: done is called exactly once, from any
// goroutine, with nil once every hand-off is final (delivered, dead-lettered or dropped and
// counted, stored as a retry record, or parked in the hand-off log as a record with ID id), or
// with an error when they could not be made final (the caller keeps its source record
// unacknowledged and routes it again later).
//
// When the hand-offs would take the target's lane over DirectBacklog, Dispatch first waits up
// to BacklogWait for it to drain (back-pressure), then parks them in the hand-off log instead of
// queueing them; hand-offs not all final within DirectWait are parked then. A parked hand-off
// still being attempted in memory is not attempted again when its record comes back from the
// log. So a slow or backlogged target never keeps the caller's record waiting for long.
//
// Dispatch waits (until ctx ends) for Run to have started. Safe for concurrent use; hs is owned
// by the engine from the call on.
func (e *Engine) Dispatch(ctx context.Context, key, id string, hs []eventrail.Handoff, done func(error)) {
	laneKey, ok := strings.CutPrefix(key, HandoffKeyPrefix)
	if !ok || laneKey == "" {
		done(fmt.Errorf("delivery: hand-off key %q lacks the %q prefix", key, HandoffKeyPrefix))
		return
	}
	select {
	case <-e.started:
	case <-ctx.Done():
		done(ctx.Err())
		return
	}
	if e.runCtx.Err() != nil {
		done(errStopped)
		return
	}
	if len(hs) == 0 {
		done(nil)
		return
	}
	l := e.lane(laneKey)
	if !l.waitRoom(ctx, len(hs)) {
		e.parkAll(laneKey, id, hs, done)
		return
	}
	g := &group{laneKey: laneKey, id: id, left: len(hs), notify: done}
	if len(hs) == 1 {
		g.jobs = g.one[:]
	} else {
		g.jobs = make([]job, len(hs))
	}
	now := e.o.Clock.Now()
	for i := range hs {
		if hs[i].IngestionTime.IsZero() {
			hs[i].IngestionTime = now // set before a park may read it concurrently
		}
		g.jobs[i] = job{h: &hs[i], laneKey: laneKey, group: g}
	}
	e.created.Add(float64(len(hs)))
	g.mu.Lock() // the timer must not see the group before it is complete
	g.timer = e.o.Clock.AfterFunc(e.o.DirectWait, func() { e.parkRest(g) })
	g.mu.Unlock()
	l.pushGroup(g.jobs)
}

// groupDone marks job j of its group final.
func (e *Engine) groupDone(j *job) {
	g := j.group
	g.mu.Lock()
	if j.final {
		g.mu.Unlock()
		return
	}
	j.final = true
	if pb := g.parked; pb != nil {
		g.mu.Unlock()
		e.parked.jobDone(e, pb)
		return
	}
	g.left--
	notify := g.takeNotifyIfDone()
	g.mu.Unlock()
	if notify != nil {
		g.timer.Stop()
		notify(nil)
	}
}

// takeNotifyIfDone returns the caller's done once, when no job is left. Caller holds g.mu.
func (g *group) takeNotifyIfDone() func(error) {
	if g.left > 0 || g.notify == nil {
		return nil
	}
	n := g.notify
	g.notify = nil
	return n
}

// parkRest runs when a group is not final DirectWait after Dispatch: its unfinished hand-offs
// are written to the hand-off log under the group's record ID, and the caller is told they are
// final once that record is durable. The jobs keep running; when the record comes back from the
// log it is acknowledged as soon as they are all final, instead of being delivered again.
func (e *Engine) parkRest(g *group) {
	if e.runCtx.Err() != nil || !e.track() {
		return
	}
	defer e.jobs.Done()
	g.mu.Lock()
	if g.left == 0 || g.parked != nil {
		g.mu.Unlock()
		return
	}
	rest := make([]eventrail.Handoff, 0, g.left)
	for i := range g.jobs {
		if j := &g.jobs[i]; !j.final {
			rest = append(rest, *j.h)
		}
	}
	id := e.parkID(g.id)
	pb := e.parked.add(id, len(rest), g.notify)
	g.parked, g.notify = pb, nil
	g.mu.Unlock()
	err := e.storeParked(g.laneKey, id, rest)
	if err != nil {
		if e.runCtx.Err() == nil {
			e.o.Logger.Warn("delivery: cannot park slow hand-offs; delivering them from memory", "key", g.laneKey, "err", err)
		}
		return // pb notifies the caller when its jobs are final
	}
	e.parked.stored(pb)
}

// parkAll writes hs to the hand-off log as one record with ID id, for the hand-off consumer to
// deliver, and reports them final once it is durable.
func (e *Engine) parkAll(laneKey, id string, hs []eventrail.Handoff, done func(error)) {
	if !e.track() {
		done(errStopped)
		return
	}
	go func() {
		defer e.jobs.Done()
		done(e.storeParked(laneKey, e.parkID(id), hs))
	}()
}

// parkID returns a record ID for a parked record of the hand-offs the caller named id: unique, so
// that deduplication never replaces what is parked by a copy holding other hand-offs.
func (e *Engine) parkID(id string) string {
	return fmt.Sprintf("%s.p%x.%d", id, e.nonce, e.parkSeq.Add(1))
}

// storeParked appends hs as a hand-off record (group-committed with the retry records). It
// waits as long as the log takes: giving up early would make the caller route its record again
// while the parked copy may well be stored, delivering everything twice.
func (e *Engine) storeParked(laneKey, id string, hs []eventrail.Handoff) error {
	data, err := encodeHandoffs(hs)
	if err != nil {
		return err
	}
	return e.appender.append(e.runCtx, []eventrail.Record{{Key: HandoffKeyPrefix + laneKey, ID: id, Data: data}})
}
