package router

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/transform"
)

// Options configure a Router.
type Options struct {
	Account    eventrail.Account
	KV         eventrail.KV  // the control-plane bucket (keys.go layout)
	BusLog     eventrail.Log // records written by an Ingester
	HandoffLog eventrail.Log // hand-off records for package delivery
	// Hooks observes routing (metrics); nil fields are skipped.
	Hooks Hooks
	// Concurrency is how many bus-log records are routed at once (default 2).
	Concurrency int
	// WrittenRevision, when set, returns the highest control-KV revision written so far
	// (RevisionKV.Written). Before routing a record the router waits, at most RuleSyncWait,
	// until its view of the rules includes that revision.
	WrittenRevision func() uint64
	// RuleSyncWait bounds that wait (default 2 s).
	RuleSyncWait time.Duration
	// Dispatcher, when set, delivers each record's hand-offs in process (package delivery's
	// Engine); the bus-log record is acknowledged once the dispatcher reports all of them final.
	// When nil, hand-offs are written to HandoffLog and the record is acknowledged then.
	Dispatcher Dispatcher
}

// Dispatcher takes the hand-offs a bus-log record produced, one call per target.
type Dispatcher interface {
	// Dispatch starts delivering hs, the hand-offs of one bus-log record for the target whose
	// hand-off record key is key ("t.<hash>"); id is the record ID to write them under should
	// they have to be parked in the hand-off log. It must not wait for the deliveries, and it
	// owns hs from the call on. done must be called exactly once, from any goroutine: with nil
	// when every hand-off is final (delivered, dead-lettered or dropped and counted, or durably
	// written to the hand-off log), or with an error when they could not be made final (the
	// record is then routed again later). If the dispatcher stops, done may never be called:
	// the record then stays unacknowledged and is redelivered after a restart.
	Dispatch(ctx context.Context, key, id string, hs []eventrail.Handoff, done func(error))
}

// Hooks let the caller observe routing without the router knowing about metrics.
type Hooks struct {
	// Matched is called once per event with the names of the rules that took it; names is
	// only valid during the call.
	Matched func(bus string, rules []string)
	// Dropped is called when a transformer drops an invocation (AWS drops it silently).
	Dropped func(bus, rule, targetID string, err error)
}

// Router routes events from the bus log to the hand-off log. Run it with Run; it is not
// otherwise used concurrently.
type Router struct {
	opts    Options
	table   *ruleTable
	applied *appliedRevision
	ready   chan struct{}
	pending pendingRecords // records whose hand-offs the Dispatcher is working on
	direct  *directCalls   // Ingest calls routed directly (direct.go)
}

// New returns a Router; nothing happens until Run.
func New(o Options) (*Router, error) {
	if o.KV == nil || o.BusLog == nil || (o.HandoffLog == nil && o.Dispatcher == nil) {
		return nil, errors.New("router: KV, BusLog and HandoffLog or Dispatcher are required")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	if o.RuleSyncWait <= 0 {
		o.RuleSyncWait = 2 * time.Second
	}
	return &Router{opts: o, table: newRuleTable(), applied: newAppliedRevision(), ready: make(chan struct{}), direct: newDirectCalls()}, nil
}

// Ready is closed once the router has loaded every rule and target and started consuming.
func (r *Router) Ready() <-chan struct{} { return r.ready }

// Run loads the rules, keeps them current, and routes the bus log until ctx is done.
func (r *Router) Run(ctx context.Context) error {
	changes, err := r.opts.KV.Watch(ctx, "")
	if err != nil {
		return fmt.Errorf("router: watch control state: %w", err)
	}
	if err := r.loadInitial(ctx, changes); err != nil {
		return err
	}
	go func() {
		for e := range changes {
			r.apply(e)
		}
	}()
	stopDirect := r.runDirect(ctx) // before Ready: a call ingested once it is closed goes direct
	defer stopDirect()
	close(r.ready)
	stop := r.pending.keepAlive(busLogAckWait / 3)
	defer stop()
	return r.opts.BusLog.Consume(ctx, "router", eventrail.ConsumeOptions{
		Filter:      BusLogKey,
		AckWait:     busLogAckWait,
		MaxInFlight: 256,
		Concurrency: r.opts.Concurrency,
	}, r.handle)
}

// busLogAckWait is the router consumer's ack deadline; records whose deliveries run longer are
// kept alive with InProgress.
const busLogAckWait = 30 * time.Second

// loadInitial applies the watch's initial state, up to its end marker.
func (r *Router) loadInitial(ctx context.Context, changes <-chan eventrail.KVEntry) error {
	for {
		select {
		case e, ok := <-changes:
			if !ok {
				return ctx.Err()
			}
			if e.Key == "" {
				return nil
			}
			r.apply(e)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// apply folds one control-KV change into the rule table and notes its revision.
func (r *Router) apply(e eventrail.KVEntry) {
	r.table.apply(e)
	r.applied.advance(e.Revision)
}

// handle routes one bus-log record and acknowledges it once its hand-offs are final (with a
// Dispatcher) or durable in the hand-off log.
func (r *Router) handle(ctx context.Context, d eventrail.Delivery) {
	rec := d.Record()
	if r.opts.Dispatcher != nil && !r.pending.begin(rec.Seq, d) {
		return // redelivered while its hand-offs are still being worked on
	}
	if r.opts.WrittenRevision != nil {
		r.applied.wait(ctx, r.opts.WrittenRevision(), r.opts.RuleSyncWait)
	}
	var calls []*directCall // this router's direct calls in the record: their events are skipped
	order, groups, err := r.group(rec.Data, 0, func(m callMarker) bool {
		c := r.direct.claim(m)
		if c != nil {
			calls = append(calls, c)
		}
		return c != nil
	})
	if err != nil {
		slog.Error("router: dropping unreadable bus-log record", "seq", rec.Seq, "err", err)
		r.pending.end(rec.Seq)
		_ = d.Term()
		return
	}
	if r.opts.Dispatcher != nil {
		r.dispatch(ctx, rec.Seq, order, groups, calls)
		return
	}
	recs := make([]eventrail.Record, 0, len(order))
	for _, key := range order {
		data, err := json.Marshal(groups[key])
		if err != nil {
			slog.Error("router: encode hand-offs", "seq", rec.Seq, "err", err)
			_ = d.Nak(time.Second)
			return
		}
		recs = append(recs, eventrail.Record{Key: key, ID: handoffRecordID(rec.Seq, key), Data: data})
	}
	if len(recs) > 0 {
		if err := r.opts.HandoffLog.Append(ctx, recs); err != nil {
			slog.Warn("router: hand-off append failed; will retry", "seq", rec.Seq, "err", err)
			_ = d.Nak(time.Second)
			return
		}
	}
	_ = d.Ack()
}

// group routes the events of a record (or of one call's frames) into hand-offs grouped by
// target key, keys in first-seen order. skip, when set, is asked at each call marker whether
// the events of that call are to be left out. perKey, when above 0, is the capacity each
// key's slice starts with (a call's event count: a Handoff is 440 bytes, so letting append
// grow a slice to 10 allocates three times what it keeps).
func (r *Router) group(data []byte, perKey int, skip func(callMarker) bool) (order []string, groups map[string][]eventrail.Handoff, err error) {
	groups = map[string][]eventrail.Handoff{}
	var names []string
	skipping := false
	err = decodeRecord(data, func(m callMarker) { skipping = skip != nil && skip(m) }, func(e *entry) error {
		if skipping {
			return nil
		}
		names = r.route(e, names[:0], func(key string, h eventrail.Handoff) {
			hs, seen := groups[key]
			if !seen {
				order = append(order, key)
				if perKey > 0 {
					hs = make([]eventrail.Handoff, 0, perKey)
				}
			}
			groups[key] = append(hs, h)
		})
		return nil
	})
	return order, groups, err
}

// handoffRecordID names the hand-off record of one (bus-log record, target): redeliveries of
// the bus-log record produce the same ID, which the hand-off log deduplicates.
func handoffRecordID(seq uint64, key string) string { return strconv.FormatUint(seq, 10) + "." + key }

// dispatch gives each target's hand-offs to the Dispatcher and settles the bus-log record seq
// when all have reported, and the record's direct calls are final too: acknowledged when all
// are final, else redelivered a moment later (and then routed from its contents).
func (r *Router) dispatch(ctx context.Context, seq uint64, order []string, groups map[string][]eventrail.Handoff, calls []*directCall) {
	if len(order)+len(calls) == 0 {
		r.pending.settle(seq, nil)
		return
	}
	var left atomic.Int64
	left.Store(int64(len(order) + len(calls)))
	var failed atomic.Pointer[error]
	report := func(err error) {
		if err != nil {
			failed.CompareAndSwap(nil, &err)
		}
		if left.Add(-1) == 0 {
			var first error
			if p := failed.Load(); p != nil {
				first = *p
			}
			r.pending.settle(seq, first)
		}
	}
	for _, c := range calls {
		c.whenFinal(report)
	}
	for _, key := range order {
		r.opts.Dispatcher.Dispatch(ctx, key, handoffRecordID(seq, key), groups[key], report)
	}
}

// route finds the rules one event goes to and emits a hand-off per target. It returns buf,
// reused for the matching rule names, so one slice serves a whole record.
func (r *Router) route(e *entry, buf []string, emit func(key string, h eventrail.Handoff)) []string {
	r.table.mu.RLock()
	defer r.table.mu.RUnlock()
	b := r.table.buses[e.Bus]
	if b == nil {
		return buf
	}
	names := r.matchingRules(b, e, buf)
	if r.opts.Hooks.Matched != nil && len(names) > 0 {
		r.opts.Hooks.Matched(e.Bus, names)
	}
	id := eventID(e.Envelope)
	for _, name := range names {
		st := b.rules[name]
		if st == nil || !st.rule.State.Enabled() {
			continue
		}
		r.emitTargets(e, id, st, emit)
	}
	return names
}

// matchingRules returns the rule names an event goes to (the addressed rule, or the matches),
// appended to buf.
func (r *Router) matchingRules(b *busRules, e *entry, buf []string) []string {
	if e.Rule != "" {
		return append(buf, e.Rule)
	}
	names, err := b.machine.Match(e.Envelope, buf)
	if err != nil {
		slog.Error("router: event does not parse", "bus", e.Bus, "err", err)
		return buf
	}
	if len(e.FilterRules) > 0 {
		names = slices.DeleteFunc(names, func(n string) bool { return !slices.Contains(e.FilterRules, n) })
	}
	if len(names) > 0 && isReadOnlyManagementEvent(e.Envelope) {
		names = slices.DeleteFunc(names, func(n string) bool {
			st := b.rules[n]
			return st == nil || st.rule.State != eventrail.RuleEnabledAllMgmtEvents
		})
	}
	return names
}

func (r *Router) emitTargets(e *entry, id string, st *ruleState, emit func(string, eventrail.Handoff)) {
	tctx := transform.Context{
		RuleName:      st.rule.Name,
		RuleArn:       st.rule.Arn,
		EventBusName:  e.Bus,
		Account:       r.opts.Account.ID,
		IngestionTime: e.IngestionTime,
	}
	for i := range st.targets {
		t := &st.targets[i]
		payload, err := t.transform.Apply(e.Envelope, tctx)
		if err != nil {
			if r.opts.Hooks.Dropped != nil {
				r.opts.Hooks.Dropped(e.Bus, st.rule.Name, t.target.Id, err)
			}
			continue
		}
		emit(t.key, eventrail.Handoff{
			EventID:       id,
			Bus:           e.Bus,
			IngestionTime: e.IngestionTime,
			Event:         e.Envelope,
			Payload:       payload,
			RuleName:      st.rule.Name,
			RuleArn:       st.rule.Arn,
			Target:        t.target,
			TraceHeader:   e.TraceHeader,
			Hops:          e.Hops,
		})
	}
}

var cloudTrailType = []byte(`"detail-type":"AWS API Call via CloudTrail"`)

// isReadOnlyManagementEvent reports whether an envelope is a CloudTrail record of a read-only
// call, which ENABLED rules do not receive (spec §3.3).
func isReadOnlyManagementEvent(env []byte) bool {
	if !isCloudTrailRecord(env) {
		return false
	}
	var ev struct {
		Detail struct {
			ReadOnly bool `json:"readOnly"`
		} `json:"detail"`
	}
	return json.Unmarshal(env, &ev) == nil && ev.Detail.ReadOnly
}

// isCloudTrailRecord reports whether env's detail-type is CloudTrail's. In an envelope written
// by eventrail.Event.AppendEnvelope the detail-type follows the id, so it is read in place;
// other shapes are searched.
func isCloudTrailRecord(env []byte) bool {
	const prefix, next = `{"version":"0","id":"`, `","detail-type":"`
	if rest, ok := bytes.CutPrefix(env, []byte(prefix)); ok {
		if i := bytes.IndexByte(rest, '"'); i >= 0 && bytes.HasPrefix(rest[i:], []byte(next)) {
			return bytes.HasPrefix(rest[i+2:], cloudTrailType) // past the id's quote and the comma
		}
	}
	return bytes.Contains(env, cloudTrailType)
}

// eventID reads the id from an envelope written by eventrail.Event.AppendEnvelope, whose
// prefix is fixed: {"version":"0","id":"<id>",...
func eventID(env []byte) string {
	const prefix = `{"version":"0","id":"`
	if !bytes.HasPrefix(env, []byte(prefix)) {
		return ""
	}
	rest := env[len(prefix):]
	if i := bytes.IndexByte(rest, '"'); i >= 0 {
		return string(rest[:i])
	}
	return ""
}
