package delivery

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/metrics"
)

// Record key prefixes of the hand-off log.
const (
	HandoffKeyPrefix = "t." // written by the router: a JSON array of eventrail.Handoff
	RetryKeyPrefix   = "r." // written by the engine: one retry record
)

// Engine delivers hand-offs. Create it with New and start it with Run; SetRateLimit and
// Resolve may be called at any time from any goroutine.
type Engine struct {
	o        Options
	limits   limiters
	appender *appender
	created  *metrics.Counter // o.Metrics.InvocationsCreated's series

	lanesMu sync.Mutex
	lanes   map[string]*lane

	inflight inflight
	parked   parkedSet // records Dispatch parked while their jobs still run in memory
	nonce    uint64    // makes this process's parked record IDs unique
	parkSeq  atomic.Uint64

	started chan struct{}   // closed by Run once runCtx is set
	runCtx  context.Context // set by Run: cancelled on shutdown

	stateMu sync.Mutex
	closed  bool           // set when Run is returning: no new goroutines
	jobs    sync.WaitGroup // lane workers
}

// track registers a new goroutine with Run's final wait; false means Run is returning.
func (e *Engine) track() bool {
	e.stateMu.Lock()
	defer e.stateMu.Unlock()
	if e.closed {
		return false
	}
	e.jobs.Add(1)
	return true
}

// New checks o, applies defaults and returns an Engine; nothing happens until Run.
func New(o Options) (*Engine, error) {
	if err := o.applyDefaults(); err != nil {
		return nil, err
	}
	if o.rand == nil {
		o.rand = rand.Float64
	}
	e := &Engine{o: o, lanes: map[string]*lane{}, appender: newAppender(o.Log), started: make(chan struct{}),
		nonce: rand.Uint64()}
	e.inflight.m = map[inflightKey]*batch{}
	e.created = o.Metrics.InvocationsCreated.With()
	for arn, r := range o.RateLimits {
		e.limits.set(arn, r, o.Clock.Now())
	}
	return e, nil
}

// Run consumes the hand-off log and the retry records until ctx is done, then waits for the
// attempts under way to return and returns nil (or the first consumer error). Hand-offs not
// finished at shutdown stay unacknowledged and are redelivered on the next Run. Run must be
// called at most once.
func (e *Engine) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e.runCtx = ctx
	close(e.started)
	stopKeepalive := e.startKeepalive(ctx)
	defer stopKeepalive()
	appenderDone := make(chan struct{})
	go func() { defer close(appenderDone); e.appender.run(ctx) }()
	defer func() { <-appenderDone }()

	errs := make(chan error, 2)
	consume := func(name, filter string, maxInFlight int, handle func(context.Context, eventrail.Delivery)) {
		errs <- e.o.Log.Consume(ctx, name, eventrail.ConsumeOptions{
			Filter:      filter,
			AckWait:     e.o.AckWait,
			MaxInFlight: maxInFlight,
			Concurrency: e.o.ConsumerConcurrency,
		}, handle)
	}
	go consume(e.o.ConsumerName, HandoffKeyPrefix+">", e.o.MaxInFlight, e.handleHandoffs)
	go consume(e.o.ConsumerName+"-retry", RetryKeyPrefix+">", e.o.RetryMaxInFlight, e.handleRetry)
	first := <-errs
	cancel()
	second := <-errs
	e.stateMu.Lock()
	e.closed = true
	e.stateMu.Unlock()
	e.jobs.Wait()
	if first != nil && ctx.Err() == nil {
		return first
	}
	if first == nil {
		return second
	}
	return first
}

// handleHandoffs takes one router record: every hand-off goes to its target's lane; the record
// is acknowledged when all of them are final.
func (e *Engine) handleHandoffs(ctx context.Context, d eventrail.Delivery) {
	rec := d.Record()
	laneKey, ok := strings.CutPrefix(rec.Key, HandoffKeyPrefix)
	if !ok || laneKey == "" {
		e.o.Logger.Error("delivery: hand-off record with unexpected key; discarding", "key", rec.Key, "seq", rec.Seq)
		_ = d.Term()
		return
	}
	if e.parked.attach(e, rec.ID, d) {
		return // parked by Dispatch while its hand-offs are delivered from memory
	}
	hs, err := decodeHandoffs(rec.Data)
	if err != nil {
		e.o.Logger.Error("delivery: unreadable hand-off record; discarding", "key", rec.Key, "seq", rec.Seq, "err", err)
		_ = d.Term()
		return
	}
	l := e.lane(laneKey)
	if isParked(rec.Data) && !l.hasRoom(len(hs), e.o.LaneBacklog) {
		// Parked by Dispatch, so already durable and compact: it waits in the log for room
		// rather than being rewritten hand-off by hand-off as retry records.
		_ = d.Nak(parkedRetryDelay)
		return
	}
	b, fresh := e.inflight.begin(e.o.ConsumerName, d, len(hs))
	if !fresh {
		return // redelivered while still being worked on: the running batch will ack it
	}
	if len(hs) == 0 {
		e.finish(b)
		return
	}
	var spill []*job
	for i := range hs {
		e.created.Inc()
		j := &job{h: &hs[i], laneKey: laneKey, batch: b}
		if l.depth() >= e.o.LaneBacklog {
			spill = append(spill, j) // the target is not keeping up: park the rest durably
			continue
		}
		l.push(j)
	}
	if len(spill) > 0 {
		e.spill(spill)
	}
}

// handleRetry takes one retry record: not yet due → Nak until it is; due → one job.
func (e *Engine) handleRetry(ctx context.Context, d eventrail.Delivery) {
	rec := d.Record()
	laneKey, ok := strings.CutPrefix(rec.Key, RetryKeyPrefix)
	var rr retryRecord
	if !ok || laneKey == "" || json.Unmarshal(rec.Data, &rr) != nil {
		e.o.Logger.Error("delivery: unreadable retry record; discarding", "key", rec.Key, "seq", rec.Seq)
		_ = d.Term()
		return
	}
	if wait := rr.NotBefore.Sub(e.o.Clock.Now()); wait > 0 {
		_ = d.Nak(wait)
		return
	}
	l := e.lane(laneKey)
	if rr.DLQ == nil && l.depth() >= e.o.LaneBacklog {
		e.o.Metrics.ThrottledRules.With(rr.Handoff.Bus, rr.Handoff.RuleName).Inc()
		_ = d.Nak(e.o.SpillDelay) // the target is not keeping up: come back later
		return
	}
	b, fresh := e.inflight.begin(e.o.ConsumerName+"-retry", d, 1)
	if !fresh {
		return
	}
	l.push(&job{h: &rr.Handoff, laneKey: laneKey, batch: b, retries: rr.Retries, dlq: rr.DLQ})
}

// finish acknowledges a batch whose hand-offs are all final.
func (e *Engine) finish(b *batch) {
	e.ack(e.inflight.end(b))
}

// ack acknowledges a hand-off or retry record.
func (e *Engine) ack(d eventrail.Delivery) {
	if err := d.Ack(); err != nil && e.runCtx.Err() == nil {
		e.o.Logger.Warn("delivery: ack failed; the record will be redelivered", "key", d.Record().Key, "seq", d.Record().Seq, "err", err)
	}
}

// lane returns the lane of a target, creating it on first use.
func (e *Engine) lane(key string) *lane {
	e.lanesMu.Lock()
	defer e.lanesMu.Unlock()
	l := e.lanes[key]
	if l == nil {
		l = &lane{e: e, key: key}
		e.lanes[key] = l
	}
	return l
}
