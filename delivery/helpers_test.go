package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/metrics"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// scriptDriver answers each call with script(handoff, call number for that event, from 1).
// It records every call. Safe for concurrent use.
type scriptDriver struct {
	mu     sync.Mutex
	calls  map[string]int // event ID → calls
	script func(h *eventrail.Handoff, n int) error
}

func newScript(f func(h *eventrail.Handoff, n int) error) *scriptDriver {
	return &scriptDriver{calls: map[string]int{}, script: f}
}

func (d *scriptDriver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	d.mu.Lock()
	d.calls[h.EventID]++
	n := d.calls[h.EventID]
	d.mu.Unlock()
	if d.script == nil {
		return nil
	}
	return d.script(h, n)
}

func (d *scriptDriver) callsFor(id string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls[id]
}

// dlqMessage is one message a fakeDLQ took.
type dlqMessage struct {
	at    time.Time // clock time of the send
	queue string
	body  string
	attrs map[string]string
}

// fakeDLQ records messages; fail (if set) decides per call whether to fail.
type fakeDLQ struct {
	clock eventrail.Clock
	mu    sync.Mutex
	msgs  []dlqMessage
	calls int
	fail  func(call int) error
}

func (q *fakeDLQ) SendMessage(ctx context.Context, arn string, body []byte, attrs map[string]string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls++
	if q.fail != nil {
		if err := q.fail(q.calls); err != nil {
			return err
		}
	}
	q.msgs = append(q.msgs, dlqMessage{q.clock.Now(), arn, string(body), attrs})
	return nil
}

func (q *fakeDLQ) messages() []dlqMessage {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]dlqMessage(nil), q.msgs...)
}

// absentDLQ as Options.DLQ makes newHarness build the engine without a queue service.
type absentDLQ struct{ eventrail.QueueSender }

// harness is an engine on a memstore log driven by a FakeClock.
type harness struct {
	t      *testing.T
	clock  *eventrail.FakeClock
	store  *memstore.Store
	log    eventrail.Log
	m      *metrics.EventBridge
	dlq    *fakeDLQ
	engine *Engine
	opts   Options // as given to the running engine
	stop   func()
}

// newHarness builds the engine with o (Log, Clock, Metrics, DLQ and jitter filled in when
// unset) and starts it.
func newHarness(t *testing.T, drivers map[string]eventrail.Deliverer, o Options) *harness {
	t.Helper()
	return newHarnessLog(t, drivers, o, eventrail.LogOptions{})
}

// newHarnessLog is newHarness with the hand-off log created with lo.
func newHarnessLog(t *testing.T, drivers map[string]eventrail.Deliverer, o Options, lo eventrail.LogOptions) *harness {
	t.Helper()
	h := &harness{t: t, clock: eventrail.NewFakeClock(t0), dlq: &fakeDLQ{}}
	if c, ok := o.Clock.(*eventrail.FakeClock); ok {
		h.clock = c
	}
	h.dlq.clock = h.clock
	h.store = memstore.NewWithClock(h.clock)
	t.Cleanup(func() { h.store.Close() })
	lg, err := h.store.Log(context.Background(), "handoffs", lo)
	if err != nil {
		t.Fatal(err)
	}
	h.log = lg
	if o.Log == nil {
		o.Log = lg
	}
	o.Clock = h.clock
	o.Drivers = drivers
	if o.Metrics == nil {
		o.Metrics = metrics.NewEventBridge(metrics.NewRegistry())
	}
	h.m = o.Metrics
	if o.DLQ == nil {
		o.DLQ = h.dlq
	} else if _, absent := o.DLQ.(absentDLQ); absent {
		o.DLQ = nil
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.rand == nil {
		o.rand = func() float64 { return 0.5 }
	}
	if o.AckWait == 0 {
		// Tests jump the fake clock by minutes; a realistic ack deadline would expire under
		// attempts in progress and cause (legitimate, but count-spoiling) redeliveries.
		o.AckWait = 1000 * time.Hour
	}
	h.start(o)
	return h
}

// start runs a new engine with o; stop ends it and waits for Run to return.
func (h *harness) start(o Options) {
	h.t.Helper()
	e, err := New(o)
	if err != nil {
		h.t.Fatal(err)
	}
	h.engine = e
	h.opts = o
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx) }()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-ran:
				if err != nil {
					h.t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				h.t.Error("Run did not return after cancel")
			}
		})
	}
	h.t.Cleanup(h.stop)
}

// handoff builds a hand-off of event id for target arn on bus "b", rule "r".
func handoff(id, arn string) eventrail.Handoff {
	return eventrail.Handoff{
		EventID: id, Bus: "b", IngestionTime: t0,
		Event:    json.RawMessage(fmt.Sprintf(`{"version":"0","id":%q,"detail":{}}`, id)),
		Payload:  json.RawMessage(fmt.Sprintf(`{"id":%q}`, id)),
		RuleName: "r", RuleArn: "arn:aws:events:us-east-1:000000000000:rule/b/r",
		Target: eventrail.Target{Id: "t1", Arn: arn},
	}
}

// put appends one router record with the hand-offs for target key.
func (h *harness) put(key string, hs ...eventrail.Handoff) {
	h.t.Helper()
	data, err := json.Marshal(hs)
	if err != nil {
		h.t.Fatal(err)
	}
	rec := eventrail.Record{Key: HandoffKeyPrefix + key, Data: data}
	if err := h.log.Append(context.Background(), []eventrail.Record{rec}); err != nil {
		h.t.Fatal(err)
	}
}

// value reads a per-rule counter for bus "b", rule "r".
func value(c *metrics.CounterVec) float64 { return c.With("b", "r").Value() }

// waitFor polls cond until it holds or 30 s pass (generous: the test machine may be loaded).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitCount polls until c reaches want, failing if it passes it.
func waitCount(t *testing.T, name string, c *metrics.CounterVec, want float64) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%s = %v (now %v)", name, want, value(c)), func() bool { return value(c) >= want })
	if got := value(c); got != want {
		t.Fatalf("%s = %v, want %v", name, got, want)
	}
}

// retryRecords returns the retry records appended so far.
func (h *harness) retryRecords() []retryRecord {
	h.t.Helper()
	recs, err := h.log.Read(context.Background(), 0, RetryKeyPrefix+">", 100000)
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]retryRecord, 0, len(recs))
	for _, r := range recs {
		var rr retryRecord
		if err := json.Unmarshal(r.Data, &rr); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, rr)
	}
	return out
}

// advanceToRetries moves the fake clock to each retry's due time once the engine has stored
// it, until cond holds: the clock then never moves while an attempt runs, however slow the
// machine (advanceUntil's fixed steps can overtake a slow attempt and skew its retry times).
func (h *harness) advanceToRetries(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	scheduled := 0
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out moving the clock to each retry until %s", what)
		}
		if rs := h.retryRecords(); len(rs) > scheduled {
			scheduled = len(rs)
			h.clock.Set(rs[len(rs)-1].NotBefore)
		}
		time.Sleep(time.Millisecond)
	}
}

// advanceUntil advances the fake clock by step until cond holds (at most 1000 steps).
func (h *harness) advanceUntil(what string, step time.Duration, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out advancing the clock until %s", what)
		}
		h.clock.Advance(step)
		time.Sleep(time.Millisecond)
	}
}

const (
	sqsARN = "arn:aws:sqs:us-east-1:000000000000:target"
	dlqARN = "arn:aws:sqs:us-east-1:000000000000:dlq"
)

func intp(v int) *int { return &v }
