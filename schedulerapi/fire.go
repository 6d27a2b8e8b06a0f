package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/eventrail/eventrail"
)

// job is one occurrence to invoke.
type job struct {
	key, uid  string
	occ       time.Time
	recurring bool
	completes bool // the schedule has no occurrence after this one and ActionAfterCompletion is DELETE
}

// claimDone is the only claim state: the occurrence has been handed over.
const claimDone = "done"

// claimRecord is the value of "fire/<uid>/<ms>".
type claimRecord struct {
	State string    `json:"state"`
	Owner string    `json:"owner"`
	At    time.Time `json:"at"`
}

func claimKey(uid string, occ time.Time) string {
	return fmt.Sprintf("%s%s/%015d", firePrefix, uid, occ.UnixMilli())
}

// fire hands j's occurrence over unless it already was, then records it with KV Create of its
// claim key. The hand-off goes first, under a record ID unique to the occurrence, so runners
// racing on one occurrence append the same record (the log keeps one) and exactly one Create
// wins; a crash between the append and the Create is repaired by the next attempt, whose
// append the log deduplicates within its window. Failures are retried after RetryDelay.
func (r *runner) fire(ctx context.Context, j job) {
	s := r.s
	key := claimKey(j.uid, j.occ)
	if _, err := s.o.KV.Get(ctx, key); err == nil {
		r.duplicates.Add(1)
		r.finish(ctx, j)
		return
	} else if !errors.Is(err, eventrail.ErrNotFound) {
		r.retry(ctx, j, "read claim", err)
		return
	}
	sc, _, err := s.getSchedule(ctx, groupOf(j.key), nameOf(j.key))
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		r.retry(ctx, j, "read schedule", err)
		return
	}
	if err != nil || sc.Uid != j.uid || sc.State != StateEnabled {
		r.settled.Add(1) // gone or disabled meanwhile: nothing to invoke
		return
	}
	if err := r.invoke(ctx, sc, j.occ); err != nil {
		r.retry(ctx, j, "hand over", err)
		return
	}
	done, _ := json.Marshal(claimRecord{State: claimDone, Owner: s.owner, At: s.now()})
	switch _, err := s.o.KV.Create(ctx, key, done); {
	case err == nil:
		r.handed.Add(1)
	case errors.Is(err, eventrail.ErrExists):
		r.duplicates.Add(1) // another runner recorded it first; the log kept one hand-off
	default:
		r.retry(ctx, j, "record claim", err)
		return
	}
	if j.recurring {
		r.prune(ctx, j)
	}
	r.finish(ctx, j)
}

// finish applies the completion action, if any, and counts j settled.
func (r *runner) finish(ctx context.Context, j job) {
	if j.completes {
		r.complete(ctx, j)
	}
	r.settled.Add(1)
}

func (r *runner) retry(ctx context.Context, j job, what string, err error) {
	if ctx.Err() != nil {
		return
	}
	r.s.o.Logger.Warn("schedulerapi: occurrence will be retried", "schedule", j.key, "occurrence", j.occ, "step", what, "err", err)
	r.later(j, r.s.o.RetryDelay)
}

// complete applies ActionAfterCompletion DELETE: it removes the schedule unless it was
// re-created or edited into a different incarnation meanwhile.
func (r *runner) complete(ctx context.Context, j job) {
	s := r.s
	cur, err := s.o.KV.Get(ctx, j.key)
	if err != nil {
		return
	}
	var sc storedSchedule
	if json.Unmarshal(cur.Value, &sc) != nil || sc.Uid != j.uid || sc.ActionAfterCompletion != ActionDelete {
		return
	}
	t, ok := parseTiming(j.key, cur.Value)
	if ok && t.sched == nil && !t.at.Equal(j.occ) {
		return // a one-time schedule moved to another time: not complete
	}
	if ok && t.sched != nil && !t.next(j.occ).IsZero() {
		return // edited to fire again
	}
	if err := s.deleteSchedule(ctx, j.key, j.uid); err != nil {
		s.o.Logger.Warn("schedulerapi: deleting completed schedule", "schedule", j.key, "err", err)
	}
}

func groupOf(key string) string {
	rest := key[len(schedulePrefix):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			return rest[:i]
		}
	}
	return rest
}

func nameOf(key string) string { return key[len(schedulePrefix)+len(groupOf(key))+1:] }

// pruneEvery is how often a recurring schedule's old claims are deleted.
const pruneEvery = time.Hour

// prune deletes, at most once per pruneEvery per schedule, the claims of a recurring schedule
// older than CatchUpWindow plus an hour (the catch-up at start must still see the latest).
func (r *runner) prune(ctx context.Context, j job) {
	r.pruneMu.Lock()
	last, seen := r.pruned[j.uid]
	due := !seen || j.occ.Sub(last) >= pruneEvery
	if due {
		r.pruned[j.uid] = j.occ
	}
	r.pruneMu.Unlock()
	if !due || !seen {
		return // the first occurrence seen only starts the clock
	}
	claims, err := r.s.o.KV.List(ctx, firePrefix+j.uid+"/")
	if err != nil {
		return
	}
	cutoff := claimKey(j.uid, j.occ.Add(-r.s.o.CatchUpWindow-time.Hour))
	for _, c := range claims[:max(len(claims)-1, 0)] {
		if c.Key < cutoff {
			_ = r.s.o.KV.Delete(ctx, c.Key)
		}
	}
}
