package schedulerapi

import (
	"context"
	"encoding/json"
	"time"
)

// job is one occurrence to invoke.
type job struct {
	key, uid  string
	occ       time.Time
	fireAt    time.Time // occ, or later within a flexible window: its slot is this second
	completes bool      // the schedule has no occurrence after this one and ActionAfterCompletion is DELETE
	// sc is the schedule as read ahead (nil: read it at fire time). Not retained on retry.
	sc *storedSchedule
	// form is the schedule's fire form the runner kept (nil: read it at fire time).
	form *fireForm
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
	j.sc, j.form = nil, nil // read it again
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
