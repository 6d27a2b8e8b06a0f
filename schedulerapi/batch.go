package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// maxDrain bounds the jobs one worker takes from the queue at once.
const maxDrain = maxPartItems

// readers is how many schedules one batch reads from the store concurrently.
const readers = 16

// work takes the queued jobs (at least maxDrain if there are as many), groups them by slot
// and fires each group.
func (r *runner) work(ctx context.Context) {
	var batch []job
	for {
		select {
		case <-ctx.Done():
			return
		case js := <-r.jobs:
			batch = append(batch[:0], js...)
		}
	drain:
		for len(batch) < maxDrain {
			select {
			case js := <-r.jobs:
				batch = append(batch, js...)
			default:
				break drain
			}
		}
		for sec, js := range groupBySlot(batch) {
			for len(js) > 0 {
				n := min(len(js), maxPartItems)
				r.fireSlot(ctx, sec, js[:n])
				js = js[n:]
			}
		}
	}
}

func groupBySlot(js []job) map[int64][]job {
	out := map[int64][]job{}
	for _, j := range js {
		sec := j.fireAt.Unix()
		out[sec] = append(out[sec], j)
	}
	return out
}

// prepared is one job with the hand-off it produces.
type prepared struct {
	job
	item slotItem
	lane string
	data []byte           // the hand-off's JSON
	ev   *eventrail.Event // without a hand-off log: the event for a bus target
}

// fireSlot fires jobs, all of slot sec: it drops those another part of the slot already
// lists, reads their schedules, claims a part for the rest and completes it.
func (r *runner) fireSlot(ctx context.Context, sec int64, jobs []job) {
	memo := r.slotMemo(sec)
	jobs = r.dropListed(ctx, memo, jobs)
	if len(jobs) == 0 {
		return
	}
	built := r.s.now()
	ps := r.prepare(ctx, jobs, built)
	if len(ps) == 0 {
		return
	}
	memo.mu.Lock()
	cp, ps, err := r.claimPart(ctx, sec, memo, ps, built)
	memo.mu.Unlock()
	if err != nil {
		for _, p := range ps {
			r.retry(ctx, p.job, "claim slot", err)
		}
		return
	}
	if cp == nil {
		return // every occurrence was listed by another part
	}
	r.completePart(ctx, cp)
}

// dropListed settles the jobs whose occurrence a part of the slot already lists.
func (r *runner) dropListed(ctx context.Context, memo *slotMemo, jobs []job) []job {
	memo.mu.Lock()
	defer memo.mu.Unlock()
	kept := jobs[:0:0]
	for _, j := range jobs {
		if _, listed := memo.listed[occurrenceID(j.uid, j.occ)]; listed {
			r.duplicates.Add(1)
			r.finish(ctx, j)
			continue
		}
		kept = append(kept, j)
	}
	return kept
}

// prepare reads the schedules of jobs (concurrently) and builds their hand-offs. Jobs whose
// schedule is gone, disabled or re-created are settled; read errors are retried.
func (r *runner) prepare(ctx context.Context, jobs []job, built time.Time) []prepared {
	out := make([]prepared, len(jobs))
	ok := make([]bool, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	for range min(readers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ok[i] = r.prepareOne(ctx, jobs[i], built, &out[i])
			}
		}()
	}
	wg.Wait()
	kept := out[:0]
	for i := range out {
		if ok[i] {
			kept = append(kept, out[i])
		}
	}
	return kept
}

func (r *runner) prepareOne(ctx context.Context, j job, built time.Time, p *prepared) bool {
	s := r.s
	sc, err := j.sc, error(nil)
	if sc == nil && j.form != nil {
		sc = j.form.schedule()
	}
	if sc == nil {
		sc, _, err = s.getSchedule(ctx, groupOf(j.key), nameOf(j.key))
	}
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		r.retry(ctx, j, "read schedule", err)
		return false
	}
	if err != nil || sc.Uid != j.uid || sc.State != StateEnabled {
		r.settled.Add(1) // gone or disabled meanwhile: nothing to invoke
		return false
	}
	execID := executionID(sc.Uid, j.occ)
	h := s.handoff(sc, j.occ, execID, built)
	*p = prepared{job: j, item: newSlotItem(j.uid, j.occ, j.key), lane: laneKey(h.Target.Arn)}
	if r.app == nil {
		p.ev = s.directEvent(sc, &h, j.occ, execID)
		return true
	}
	data, err := json.Marshal(h)
	if err != nil {
		r.s.o.Logger.Warn("schedulerapi: hand-off not encodable; occurrence dropped", "schedule", j.key, "err", err)
		r.settled.Add(1)
		return false
	}
	p.data = data
	return true
}

// claimPart walks the parts of slot sec from the first this runner has not seen and creates
// the first free one for ps, minus what the parts it reads list. memo.mu is held. It returns
// nil when nothing is left to fire, and on error the jobs still to fire.
func (r *runner) claimPart(ctx context.Context, sec int64, memo *slotMemo, ps []prepared, built time.Time) (*claimedPart, []prepared, error) {
	ps = r.dropListedPrepared(ctx, memo, ps) // listed by another worker since dropListed
	for len(ps) > 0 {
		part := memo.next
		cp, err := r.newPart(sec, part, ps, built)
		if err != nil {
			return nil, ps, err
		}
		val, _ := json.Marshal(cp.c)
		rev, err := r.s.o.KV.Create(ctx, cp.key, val)
		if err == nil {
			memo.next = part + 1
			cp.rev = rev
			for _, p := range ps {
				memo.listed[occurrenceID(p.uid, p.occ)] = struct{}{}
			}
			return cp, nil, nil
		}
		if !errors.Is(err, eventrail.ErrExists) {
			return nil, ps, err
		}
		other, err := r.s.o.KV.Get(ctx, cp.key)
		if errors.Is(err, eventrail.ErrNotFound) {
			continue // pruned meanwhile: try the same part again
		}
		if err != nil {
			return nil, ps, err
		}
		c, err := decodeClaim(other.Value)
		if err != nil {
			return nil, ps, err
		}
		memo.next = part + 1
		for _, id := range c.ids() {
			memo.listed[id] = struct{}{}
		}
		if c.State == slotPending {
			r.watchPart(ctx, cp.key) // also ours: a Create that failed after storing
		}
		ps = r.dropListedPrepared(ctx, memo, ps)
	}
	return nil, nil, nil
}

// dropListedPrepared settles the prepared jobs memo lists. memo.mu is held.
func (r *runner) dropListedPrepared(ctx context.Context, memo *slotMemo, ps []prepared) []prepared {
	kept := ps[:0]
	for _, p := range ps {
		if _, listed := memo.listed[occurrenceID(p.uid, p.occ)]; listed {
			r.duplicates.Add(1)
			r.finish(ctx, p.job)
			continue
		}
		kept = append(kept, p)
	}
	return kept
}
