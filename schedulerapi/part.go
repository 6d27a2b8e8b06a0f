package schedulerapi

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
)

// claimedPart is a part this runner owns: its claim and the records to append.
type claimedPart struct {
	key  string
	rev  uint64
	sec  int64
	part int
	c    slotClaim
	recs []eventrail.Record
	evs  []eventrail.Event // without a hand-off log: the bus events to ingest
	jobs []job
	n    int // occurrences handed over by the part (jobs, or those rebuilt by a takeover)
}

// newPart packs ps into hand-off records (one lane per record, at most MaxRecordBytes of
// data each unless a single hand-off is larger) and describes them in a pending claim.
func (r *runner) newPart(sec int64, part int, ps []prepared, built time.Time) (*claimedPart, error) {
	cp := &claimedPart{key: slotKey(sec, part), sec: sec, part: part,
		c: slotClaim{State: slotPending, Owner: r.s.owner, At: r.s.now(), Built: built}}
	byLane := map[string][]*prepared{}
	var lanes []string
	for i := range ps {
		p := &ps[i]
		if _, seen := byLane[p.lane]; !seen {
			lanes = append(lanes, p.lane)
		}
		byLane[p.lane] = append(byLane[p.lane], p)
		cp.jobs = append(cp.jobs, p.job)
		if p.ev != nil {
			cp.evs = append(cp.evs, *p.ev)
		}
	}
	cp.n = len(ps)
	for _, lane := range lanes {
		group := byLane[lane]
		for len(group) > 0 {
			n, size := 0, 1
			for n < len(group) && (n == 0 || size+len(group[n].data)+1 <= r.s.o.MaxRecordBytes) {
				size += len(group[n].data) + 1
				n++
			}
			cp.add(r.app != nil, lane, group[:n], size)
			group = group[n:]
		}
	}
	return cp, nil
}

// add appends one record of ps (size bytes of JSON array) to the part, and its description
// to the claim.
func (cp *claimedPart) add(withLog bool, lane string, ps []*prepared, size int) {
	items := make([]slotItem, len(ps))
	for i, p := range ps {
		items[i] = p.item
	}
	cp.c.Recs = append(cp.c.Recs, slotRecord{Key: lane, Items: items})
	if !withLog {
		return
	}
	data := make([]byte, 0, size)
	data = append(data, '[')
	for i, p := range ps {
		if i > 0 {
			data = append(data, ',')
		}
		data = append(data, p.data...)
	}
	data = append(data, ']')
	cp.recs = append(cp.recs, eventrail.Record{Key: lane, ID: recordID(cp.sec, cp.part, len(cp.recs)), Data: data})
}

// completePart hands the part's records over, then marks its claim done. A failed append is
// retried after RetryDelay (the claim stays pending and this runner keeps it).
func (r *runner) completePart(ctx context.Context, cp *claimedPart) {
	if err := r.handOver(ctx, cp); err != nil {
		if ctx.Err() != nil {
			return
		}
		r.s.o.Logger.Warn("schedulerapi: hand-over of a slot part will be retried", "part", cp.key, "err", err)
		r.s.o.Clock.AfterFunc(r.s.o.RetryDelay, func() {
			if ctx.Err() == nil {
				r.completePart(ctx, cp)
			}
		})
		return
	}
	r.handed.Add(int64(cp.n))
	r.markDone(ctx, cp)
	if len(cp.jobs) > 0 {
		go r.finishAll(ctx, cp.jobs)
	}
}

// handOver appends the part's records (or ingests its bus events without a hand-off log).
func (r *runner) handOver(ctx context.Context, cp *claimedPart) error {
	if r.app == nil {
		if len(cp.evs) == 0 {
			return nil
		}
		return r.s.o.Ingester.Ingest(ctx, cp.evs)
	}
	if len(cp.recs) == 0 {
		return nil
	}
	return r.app.Append(ctx, cp.recs)
}

// markDone sets the claim's state to done. A conflict means another runner took the part
// over (and finishes it); other failures leave it pending, to be finished by a takeover that
// re-appends the same records (deduplicated by the log).
func (r *runner) markDone(ctx context.Context, cp *claimedPart) {
	cp.c.State = slotDone
	val, _ := json.Marshal(cp.c)
	if _, err := r.s.o.KV.Update(ctx, cp.key, val, cp.rev); err != nil && !errors.Is(err, eventrail.ErrConflict) {
		r.s.o.Logger.Warn("schedulerapi: marking a slot part done", "part", cp.key, "err", err)
	}
}

// finishAll applies completion actions and counts the jobs settled.
func (r *runner) finishAll(ctx context.Context, jobs []job) {
	for _, j := range jobs {
		r.finish(ctx, j)
	}
}
