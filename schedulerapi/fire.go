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

// Claim states.
const (
	claimClaimed = "claimed"
	claimDone    = "done"
)

// claimRecord is the value of "fire/<uid>/<ms>".
type claimRecord struct {
	State string    `json:"state"`
	Owner string    `json:"owner"`
	At    time.Time `json:"at"`
}

func claimKey(uid string, occ time.Time) string {
	return fmt.Sprintf("%s%s/%015d", firePrefix, uid, occ.UnixMilli())
}

// fire claims j's occurrence, hands the invocation over and marks the claim done; failures are
// retried after RetryDelay (the claim stays this runner's meanwhile).
func (r *runner) fire(ctx context.Context, j job) {
	s := r.s
	key := claimKey(j.uid, j.occ)
	rev, st := r.claim(ctx, j, key)
	switch st {
	case claimBusy:
		return // claim scheduled a later attempt
	case claimFinished:
		r.duplicates.Add(1)
		r.finish(ctx, j)
		return
	}
	sc, _, err := s.getSchedule(ctx, groupOf(j.key), nameOf(j.key))
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		r.retry(ctx, j, "read schedule", err)
		return
	}
	if err != nil || sc.Uid != j.uid || sc.State != StateEnabled {
		_ = s.o.KV.Delete(ctx, key) // gone or disabled meanwhile: nothing to invoke
		r.settled.Add(1)
		return
	}
	if err := r.invoke(ctx, sc, j.occ); err != nil {
		r.retry(ctx, j, "hand over", err)
		return
	}
	r.handed.Add(1)
	done, _ := json.Marshal(claimRecord{State: claimDone, Owner: s.owner, At: s.now()})
	if _, err := s.o.KV.Update(ctx, key, done, rev); err != nil {
		s.o.Logger.Warn("schedulerapi: marking occurrence done", "key", key, "err", err)
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

type claimState int

const (
	claimMine claimState = iota
	claimBusy
	claimFinished
)

// claim makes this runner the owner of the occurrence at key.
func (r *runner) claim(ctx context.Context, j job, key string) (uint64, claimState) {
	s := r.s
	now := s.now()
	mine, _ := json.Marshal(claimRecord{State: claimClaimed, Owner: s.owner, At: now})
	rev, err := s.o.KV.Create(ctx, key, mine)
	if err == nil {
		return rev, claimMine
	}
	if !errors.Is(err, eventrail.ErrExists) {
		r.retry(ctx, j, "claim", err)
		return 0, claimBusy
	}
	cur, err := s.o.KV.Get(ctx, key)
	if err != nil {
		r.retry(ctx, j, "read claim", err)
		return 0, claimBusy
	}
	var rec claimRecord
	if json.Unmarshal(cur.Value, &rec) != nil {
		rec = claimRecord{State: claimClaimed}
	}
	switch age := now.Sub(rec.At); {
	case rec.State == claimDone:
		return 0, claimFinished
	case rec.Owner == s.owner:
		return cur.Revision, claimMine
	case age >= s.o.ClaimLease:
		rev, err := s.o.KV.Update(ctx, key, mine, cur.Revision)
		if err != nil {
			r.later(j, s.o.RetryDelay)
			return 0, claimBusy
		}
		return rev, claimMine
	default:
		r.later(j, s.o.ClaimLease-age) // look again when the other claim expires
		return 0, claimBusy
	}
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
