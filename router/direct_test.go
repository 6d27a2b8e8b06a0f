package router

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// gatedLog holds every Append until the test opens the gate, as a long fsync would.
type gatedLog struct {
	eventrail.Log
	gate chan struct{}
}

func (g *gatedLog) Append(ctx context.Context, recs []eventrail.Record) error {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Log.Append(ctx, recs)
}

// newDirectHarness is a harness whose Ingester dispatches directly to its Router and appends
// through a gate the test opens (closing gate lets every append through).
func newDirectHarness(t *testing.T, disp Dispatcher, gate chan struct{}) *harness {
	t.Helper()
	h := newHarnessWith(t, disp)
	h.ingester.Close()
	h.ingester = NewIngester(&gatedLog{Log: h.busLog, gate: gate}, IngesterOptions{})
	h.ingester.DispatchDirectly(h.router)
	return h
}

// waitBusRecords polls until want bus-log records are left unacknowledged.
func (h *harness) waitBusRecords(want uint64) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.busRecords() != want {
		if time.Now().After(deadline) {
			h.t.Fatalf("%d bus-log records unacknowledged, want %d", h.busRecords(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestDirectDispatchHappensBeforeTheAppendAndSettlesTheRecord(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	gate := make(chan struct{})
	h := newDirectHarness(t, disp, gate)
	openGate := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(openGate) // a failed check must not leave the append (and the harness's stop) held
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	ingested := make(chan struct{})
	go func() { defer close(ingested); h.ingest(event("e1", "a", `{}`), event("e2", "b", `{}`)) }()

	c := disp.next(t) // while the append is still held at the gate
	if len(c.hs) != 1 || c.hs[0].EventID != "e1" || !strings.HasPrefix(c.id, "d") || !strings.HasSuffix(c.id, "."+c.key) {
		t.Fatalf("direct Dispatch key %q id %q hand-offs %+v", c.key, c.id, c.hs)
	}
	select {
	case <-ingested:
		t.Fatal("Ingest returned before its append")
	default:
	}
	openGate()
	<-ingested
	time.Sleep(20 * time.Millisecond) // give a wrong early ack the chance to happen
	if n := h.busRecords(); n != 1 {
		t.Fatalf("bus record settled while its direct hand-offs were pending (%d left)", n)
	}
	c.done(nil)
	h.waitBusRecords(0)
	select {
	case again := <-disp.calls:
		t.Fatalf("the stored record was routed again: %+v", again)
	case <-time.After(50 * time.Millisecond):
	}
	if n := h.router.direct.len(); n != 0 {
		t.Errorf("%d direct calls still remembered after their record was settled", n)
	}
}

func TestDirectCallFailureRoutesTheRecordFromItsContents(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	gate := make(chan struct{})
	close(gate)
	h := newDirectHarness(t, disp, gate)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	h.ingest(event("e1", "a", `{}`))
	disp.next(t).done(errors.New("engine stopping"))
	again := disp.next(t) // the record, Nak'ed, comes back and is routed from its contents
	if len(again.hs) != 1 || again.hs[0].EventID != "e1" || again.id != handoffRecordID(1, again.key) {
		t.Fatalf("re-dispatched id %q %+v", again.id, again.hs)
	}
	again.done(nil)
	h.waitBusRecords(0)
}

func TestRecordRoutesOnlyTheCallsItsRouterDidNotDispatch(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	h := newHarnessWith(t, disp)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	<-h.router.Ready()
	own := h.router.openDirect()
	if own == nil {
		t.Fatal("a running router refused a direct call")
	}
	// A record of three calls: one this router dispatched (still pending), one from another
	// router, and one that nobody dispatched.
	frame := func(id string) []byte {
		e := event(id, "a", `{}`)
		e.Bus = eventrail.DefaultBusName
		return appendFrame(nil, &e)
	}
	var data []byte
	data = appendCallMarker(data, h.router.direct.marker(own))
	data = append(data, frame("mine")...)
	data = appendCallMarker(data, callMarker{origin: h.router.direct.origin + 2, n: own.n})
	data = append(data, frame("foreign")...)
	data = appendCallMarker(data, callMarker{})
	data = append(data, frame("plain")...)
	if err := h.busLog.Append(context.Background(), []eventrail.Record{{Key: BusLogKey, Data: data}}); err != nil {
		t.Fatal(err)
	}
	c := disp.next(t)
	if len(c.hs) != 2 || c.hs[0].EventID != "foreign" || c.hs[1].EventID != "plain" {
		t.Fatalf("routed %+v, want the foreign and the plain call's events only", c.hs)
	}
	c.done(nil)
	time.Sleep(20 * time.Millisecond)
	if n := h.busRecords(); n != 1 {
		t.Fatalf("record settled while this router's own call was pending (%d left)", n)
	}
	own.report(nil) // the own call's routing finishes with nothing to dispatch
	h.waitBusRecords(0)
}

func TestIngestWithoutARunningRouterMarksCallsUndispatched(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	gate := make(chan struct{})
	close(gate)
	h := newDirectHarness(t, disp, gate)
	<-h.router.Ready()
	stop := h.router.runDirect(context.Background())
	stop() // as after Run returned: no direct calls
	if c := h.router.openDirect(); c != nil {
		t.Fatal("a stopped router accepted a direct call")
	}
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	h.ingest(event("e1", "a", `{}`))
	c := disp.next(t)
	if len(c.hs) != 1 || c.id != handoffRecordID(1, c.key) {
		t.Fatalf("Dispatch id %q %+v, want the record's routing", c.id, c.hs)
	}
	c.done(nil)
	h.waitBusRecords(0)
}

func TestDirectCallsSweepForgetsOnlyStaleCalls(t *testing.T) {
	d := newDirectCalls()
	ctx := context.Background()
	d.ctx.Store(&ctx)
	old, fresh := d.open(), d.open()
	old.created = time.Now().Add(-2 * directCallTTL)
	d.sweep(time.Now().Add(-directCallTTL))
	if d.claim(d.marker(old)) != nil || d.claim(d.marker(fresh)) != fresh {
		t.Fatal("sweep kept a stale call or dropped a fresh one")
	}
}

func TestDirectCallIsFinalAfterRoutingAndEveryGroup(t *testing.T) {
	c := &directCall{left: 1}
	var got []error
	c.whenFinal(func(err error) { got = append(got, err) })
	c.expect(2)
	c.report(nil)
	c.report(errors.New("parked write failed"))
	if len(got) != 0 {
		t.Fatal("final before routing reported")
	}
	c.report(nil) // routing done
	if len(got) != 1 || got[0] == nil || got[0].Error() != "parked write failed" {
		t.Fatalf("waiters got %v", got)
	}
	c.whenFinal(func(err error) { got = append(got, err) })
	if len(got) != 2 || got[1] == nil {
		t.Fatalf("late waiter got %v", got)
	}
}
