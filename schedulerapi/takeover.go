package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// DefaultClaimLease is how long a slot part may stay pending before another runner takes it
// over. It must stay below the hand-off log's dedup window (2 min) so that records re-appended
// by a takeover while a slow owner still appends are stored once.
const DefaultClaimLease = 30 * time.Second

// slotMemo is what this runner knows of one slot: the first part number it has not seen and
// the occurrences listed by parts it read. mu also serialises this runner's claims in the
// slot, so the parts of a slot are created in order without gaps.
type slotMemo struct {
	mu     sync.Mutex
	next   int
	listed map[string]struct{}
	used   time.Time
}

// memoKeep is how long an unused slot memo is kept; a slot fired again after that is walked
// from part 0 again.
const memoKeep = 5 * time.Minute

// slotMemo returns the memo of slot sec, dropping stale ones now and then.
func (r *runner) slotMemo(sec int64) *slotMemo {
	now := time.Now()
	r.memoMu.Lock()
	defer r.memoMu.Unlock()
	if len(r.memos) > 256 && now.Sub(r.memoSwept) > time.Second {
		r.memoSwept = now
		for k, m := range r.memos {
			if now.Sub(m.used) > memoKeep && m.mu.TryLock() {
				delete(r.memos, k)
				m.mu.Unlock()
			}
		}
	}
	m := r.memos[sec]
	if m == nil {
		m = &slotMemo{listed: map[string]struct{}{}}
		r.memos[sec] = m
	}
	m.used = now
	return m
}

// watchPart makes sure this runner checks the pending part at key once its lease is over and
// takes it over if its owner has not finished it.
func (r *runner) watchPart(ctx context.Context, key string) {
	r.memoMu.Lock()
	if r.watched[key] {
		r.memoMu.Unlock()
		return
	}
	r.watched[key] = true
	r.memoMu.Unlock()
	r.s.o.Clock.AfterFunc(r.s.o.ClaimLease, func() { r.recheck(ctx, key) })
}

// recheck takes the part at key over if it is still pending after its lease.
func (r *runner) recheck(ctx context.Context, key string) {
	if ctx.Err() != nil {
		return
	}
	again := func(d time.Duration) {
		r.s.o.Clock.AfterFunc(d, func() { r.recheck(ctx, key) })
	}
	cur, err := r.s.o.KV.Get(ctx, key)
	if errors.Is(err, eventrail.ErrNotFound) {
		r.unwatch(key)
		return
	}
	if err != nil {
		again(r.s.o.RetryDelay)
		return
	}
	c, err := decodeClaim(cur.Value)
	if err != nil || c.State != slotPending {
		r.unwatch(key)
		return
	}
	if left := c.At.Add(r.s.o.ClaimLease).Sub(r.s.now()); left > 0 {
		again(left)
		return
	}
	c.Owner, c.At = r.s.owner, r.s.now()
	val, _ := json.Marshal(c)
	rev, err := r.s.o.KV.Update(ctx, key, val, cur.Revision)
	if errors.Is(err, eventrail.ErrConflict) {
		again(0) // someone else moved it: look again
		return
	}
	if err != nil {
		again(r.s.o.RetryDelay)
		return
	}
	r.unwatch(key)
	sec, part, _ := parseSlotKey(key)
	cp := &claimedPart{key: key, rev: rev, sec: sec, part: part, c: *c}
	r.rebuild(ctx, cp)
	r.s.o.Logger.Info("schedulerapi: took over a pending slot part", "part", key, "records", len(cp.c.Recs))
	r.completePart(ctx, cp)
}

func (r *runner) unwatch(key string) {
	r.memoMu.Lock()
	delete(r.watched, key)
	r.memoMu.Unlock()
}

// rebuild rebuilds the records of a part taken over from its claim: the same keys, IDs and
// occurrences, with the first owner's build time, so the log drops those already stored.
// Occurrences whose schedule is gone, disabled or re-created are left out.
func (r *runner) rebuild(ctx context.Context, cp *claimedPart) {
	for i, rec := range cp.c.Recs {
		var hs []eventrail.Handoff
		for _, it := range rec.Items {
			_, uid, occ, key, ok := it.parse()
			if !ok {
				continue
			}
			sc, _, err := r.s.getSchedule(ctx, groupOf(key), nameOf(key))
			if err != nil || sc.Uid != uid || sc.State != StateEnabled {
				continue
			}
			execID := executionID(uid, occ)
			h := r.s.handoff(sc, occ, execID, cp.c.Built)
			hs = append(hs, h)
			cp.n++
			if r.app == nil {
				if ev := r.s.directEvent(sc, &h, occ, execID); ev != nil {
					cp.evs = append(cp.evs, *ev)
				}
			}
		}
		if r.app == nil || len(hs) == 0 {
			continue
		}
		data, err := json.Marshal(hs)
		if err != nil {
			continue
		}
		cp.recs = append(cp.recs, eventrail.Record{Key: rec.Key, ID: recordID(cp.sec, cp.part, i), Data: data})
	}
}

// loadClaims reads every slot claim (and the per-occurrence claims of earlier versions) and
// returns the occurrences they list, so the initial planning skips them; it watches the
// pending parts for takeover.
func (r *runner) loadClaims(ctx context.Context) (map[string]struct{}, error) {
	done := map[string]struct{}{}
	parts, err := r.s.o.KV.List(ctx, slotPrefix)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		c, err := decodeClaim(p.Value)
		if err != nil {
			continue
		}
		for _, id := range c.ids() {
			done[id] = struct{}{}
		}
		if c.State == slotPending {
			r.watchPart(ctx, p.Key)
		}
	}
	legacy, err := r.s.o.KV.List(ctx, firePrefix)
	if err != nil {
		return nil, err
	}
	for _, c := range legacy {
		uid, ms, ok := strings.Cut(c.Key[len(firePrefix):], "/")
		if n, err := strconv.ParseInt(ms, 10, 64); ok && err == nil {
			done[uid+"/"+strconv.FormatInt(n, 10)] = struct{}{}
		}
	}
	return done, nil
}

// pruneEvery is how often old slot claims are compacted.
const pruneEvery = time.Hour

// schedulePrune arms the next compaction.
func (r *runner) schedulePrune(ctx context.Context) {
	r.s.o.Clock.AfterFunc(pruneEvery, func() {
		if ctx.Err() != nil {
			return
		}
		r.prune(ctx)
		r.schedulePrune(ctx)
	})
}

// prune compacts the done slot parts older than CatchUpWindow plus an hour: they keep only
// the occurrences of one-time schedules that still exist (a restart must not fire those
// again, however old); emptied parts are deleted. Recurring schedules' occurrences are only
// looked up within CatchUpWindow.
func (r *runner) prune(ctx context.Context) {
	cutoff := r.s.now().Add(-r.s.o.CatchUpWindow - time.Hour).Unix()
	oneTime := map[string]int64{}
	r.mu.Lock()
	for _, e := range r.entries {
		if e.sched == nil && !e.at.IsZero() {
			oneTime[e.uid] = e.at.UnixMilli()
		}
	}
	r.mu.Unlock()
	parts, err := r.s.o.KV.List(ctx, slotPrefix)
	if err != nil {
		return
	}
	for _, p := range parts {
		if sec, _, ok := parseSlotKey(p.Key); !ok || sec >= cutoff {
			continue
		}
		c, err := decodeClaim(p.Value)
		if err != nil || c.State != slotDone {
			continue
		}
		if keepOneTime(c, oneTime) {
			if len(c.Recs) == 0 {
				_ = r.s.o.KV.Delete(ctx, p.Key)
				continue
			}
			val, _ := json.Marshal(c)
			_, _ = r.s.o.KV.Update(ctx, p.Key, val, p.Revision)
		}
	}
}

// keepOneTime drops from c the occurrences that are not the pending-forever record of an
// existing one-time schedule; it reports whether c changed.
func keepOneTime(c *slotClaim, oneTime map[string]int64) bool {
	changed := false
	recs := c.Recs[:0]
	for _, rec := range c.Recs {
		items := rec.Items[:0]
		for _, it := range rec.Items {
			_, uid, occ, _, ok := it.parse()
			if at, exists := oneTime[uid]; ok && exists && at == occ.UnixMilli() {
				items = append(items, it)
			} else {
				changed = true
			}
		}
		if len(items) > 0 {
			rec.Items = items
			recs = append(recs, rec)
		}
	}
	c.Recs = recs
	return changed
}
