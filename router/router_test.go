package router

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

// harness is a router on an in-memory store with an ingester in front of it.
type harness struct {
	t        testing.TB
	kv       *RevisionKV
	handoffs eventrail.Log
	busLog   eventrail.Log
	ingester *Ingester
	router   *Router
	matched  chan string
}

func newHarness(t *testing.T) *harness { return newHarnessWith(t, nil) }

// newHarnessWith builds the harness with a Dispatcher (nil: hand-offs go to the hand-off log).
func newHarnessWith(t testing.TB, disp Dispatcher) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st := memstore.New()
	raw, err := st.KV(ctx, eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	kv := NewRevisionKV(raw)
	busLog, err := st.Log(ctx, "buslog", eventrail.LogOptions{WorkQueue: true})
	if err != nil {
		t.Fatal(err)
	}
	handoffs, err := st.Log(ctx, "handoff", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, kv: kv, handoffs: handoffs, busLog: busLog, matched: make(chan string, 1024)}
	h.router, err = New(Options{Account: eventrail.DefaultAccount, KV: kv, BusLog: busLog, HandoffLog: handoffs,
		WrittenRevision: kv.Written, Dispatcher: disp,
		Hooks: Hooks{Matched: func(bus string, rules []string) {
			for _, r := range rules {
				h.matched <- bus + "/" + r
			}
		}}})
	if err != nil {
		t.Fatal(err)
	}
	h.ingester = NewIngester(busLog, IngesterOptions{})
	done := make(chan struct{})
	go func() { defer close(done); _ = h.router.Run(ctx) }()
	t.Cleanup(func() {
		h.ingester.Close()
		cancel()
		<-done
		st.Close()
	})
	return h
}

func (h *harness) putRule(r eventrail.Rule, targets ...eventrail.Target) {
	h.t.Helper()
	if r.EventBusName == "" {
		r.EventBusName = eventrail.DefaultBusName
	}
	if r.State == "" {
		r.State = eventrail.RuleEnabled
	}
	r.Arn = eventrail.DefaultAccount.RuleARN(r.EventBusName, r.Name)
	h.put(eventrail.RuleKey(r.EventBusName, r.Name), r)
	if targets != nil {
		h.put(eventrail.TargetsKey(r.EventBusName, r.Name), targets)
	}
}

func (h *harness) put(key string, v any) {
	h.t.Helper()
	b, _ := json.Marshal(v)
	if _, err := h.kv.Put(context.Background(), key, b); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) ingest(events ...eventrail.Event) {
	h.t.Helper()
	<-h.router.Ready()
	for i := range events {
		if events[i].Bus == "" {
			events[i].Bus = eventrail.DefaultBusName
		}
		if events[i].IngestionTime.IsZero() {
			events[i].IngestionTime = time.Now()
		}
	}
	if err := h.ingester.Ingest(context.Background(), events); err != nil {
		h.t.Fatal(err)
	}
}

// waitHandoffs polls the hand-off log until it holds want hand-offs or the deadline passes.
func (h *harness) waitHandoffs(want int) []eventrail.Handoff {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := h.readHandoffs()
		if len(got) >= want || time.Now().After(deadline) {
			if len(got) != want {
				h.t.Fatalf("got %d hand-offs, want %d: %+v", len(got), want, got)
			}
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) readHandoffs() []eventrail.Handoff {
	recs, err := h.handoffs.Read(context.Background(), 0, "", 100000)
	if err != nil {
		h.t.Fatal(err)
	}
	var all []eventrail.Handoff
	for _, r := range recs {
		var hs []eventrail.Handoff
		if err := json.Unmarshal(r.Data, &hs); err != nil {
			h.t.Fatal(err)
		}
		all = append(all, hs...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].EventID+all[i].Target.Id < all[j].EventID+all[j].Target.Id })
	return all
}

func strp(s string) *string { return &s }

func event(id, source string, detail string) eventrail.Event {
	return eventrail.Event{ID: id, Source: source, DetailType: "Test", Account: "000000000000", Region: "us-east-1",
		Time: time.Unix(1700000000, 0), Detail: json.RawMessage(detail)}
}

func TestRouteMatchesAndTransforms(t *testing.T) {
	h := newHarness(t)
	h.putRule(eventrail.Rule{Name: "tags", EventPattern: `{"source":["aws.ec2"],"detail":{"eventName":["CreateTags"]}}`},
		eventrail.Target{Id: "whole", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"},
		eventrail.Target{Id: "path", Arn: "arn:aws:sqs:us-east-1:000000000000:q2",
			InputPath: strp("$.detail.requestParameters.resourcesSet.items[0].resourceId")})
	h.putRule(eventrail.Rule{Name: "other", EventPattern: `{"source":["other"]}`},
		eventrail.Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q3"})
	detail := `{"eventName":"CreateTags","requestParameters":{"resourcesSet":{"items":[{"resourceId":"ami-02c4da7fce6a06413"}]}}}`
	h.ingest(event("e1", "aws.ec2", detail), event("e2", "nobody", `{}`))
	got := h.waitHandoffs(2)
	if got[0].Target.Id != "path" || string(got[0].Payload) != `"ami-02c4da7fce6a06413"` {
		t.Errorf("input path hand-off = %s %s", got[0].Target.Id, got[0].Payload)
	}
	if got[1].Target.Id != "whole" || !strings.Contains(string(got[1].Payload), `"id":"e1"`) {
		t.Errorf("whole-event hand-off = %s %s", got[1].Target.Id, got[1].Payload)
	}
	for _, ho := range got {
		if ho.EventID != "e1" || ho.RuleName != "tags" || ho.RuleArn != "arn:aws:events:us-east-1:000000000000:rule/tags" {
			t.Errorf("hand-off identity wrong: %+v", ho)
		}
	}
}

func TestDisabledRulesAndRuleAddressedEvents(t *testing.T) {
	h := newHarness(t)
	h.putRule(eventrail.Rule{Name: "off", State: eventrail.RuleDisabled, EventPattern: `{"source":["s"]}`},
		eventrail.Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q"})
	h.putRule(eventrail.Rule{Name: "sched", ScheduleExpression: "rate(1 minute)"},
		eventrail.Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q"})
	scheduled := event("tick", "aws.events", `{}`)
	scheduled.Rule = "sched"
	h.ingest(event("e1", "s", `{}`), scheduled)
	got := h.waitHandoffs(1)
	if got[0].EventID != "tick" || got[0].RuleName != "sched" {
		t.Errorf("got %+v, want only the scheduled event", got[0])
	}
}

func TestReadOnlyManagementEventsNeedTheAllEventsState(t *testing.T) {
	h := newHarness(t)
	pat := `{"detail-type":["AWS API Call via CloudTrail"]}`
	h.putRule(eventrail.Rule{Name: "enabled", EventPattern: pat}, eventrail.Target{Id: "a", Arn: "arn:aws:sqs:us-east-1:000000000000:q"})
	h.putRule(eventrail.Rule{Name: "all", State: eventrail.RuleEnabledAllMgmtEvents, EventPattern: pat},
		eventrail.Target{Id: "b", Arn: "arn:aws:sqs:us-east-1:000000000000:q"})
	read := event("read", "aws.ec2", `{"eventName":"DescribeImages","readOnly":true}`)
	read.DetailType = "AWS API Call via CloudTrail"
	write := event("write", "aws.ec2", `{"eventName":"CreateTags","readOnly":false}`)
	write.DetailType = "AWS API Call via CloudTrail"
	h.ingest(read, write)
	got := h.waitHandoffs(3)
	var seen []string
	for _, ho := range got {
		seen = append(seen, ho.EventID+"->"+ho.RuleName)
	}
	sort.Strings(seen)
	if want := "read->all,write->all,write->enabled"; strings.Join(seen, ",") != want {
		t.Errorf("routes = %v, want %s", seen, want)
	}
}

func TestRuleChangesApplyWithoutRestart(t *testing.T) {
	h := newHarness(t)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`}, eventrail.Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q"})
	h.ingest(event("e1", "a", `{}`))
	h.waitHandoffs(1)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["b"]}`})
	// Wait until the router has applied the change: a probe event for the new pattern matches.
	deadline := time.Now().Add(5 * time.Second)
	for n := 0; ; n++ {
		h.ingest(event(fmt.Sprintf("probe%d", n), "b", `{}`))
		if len(h.readHandoffs()) > 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Both events in one record: by the time e-new is routed, e-old has been too.
	h.ingest(event("e-old", "a", `{}`), event("e-new", "b", `{}`))
	deadline = time.Now().Add(5 * time.Second)
	for {
		got := h.readHandoffs()
		var sawNew bool
		for _, ho := range got {
			if ho.EventID == "e-old" {
				t.Fatalf("event for the replaced pattern was routed")
			}
			sawNew = sawNew || ho.EventID == "e-new"
		}
		if sawNew {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("event for the new pattern was not routed")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestGroupCommitPacksConcurrentCalls(t *testing.T) {
	st := memstore.New()
	defer st.Close()
	ctx := context.Background()
	log, err := st.Log(ctx, "buslog", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	slow := &slowLog{Log: log, delay: 20 * time.Millisecond}
	in := NewIngester(slow, IngesterOptions{MaxInFlight: 1})
	defer in.Close()
	const callers = 64
	var wg sync.WaitGroup
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			e := event(fmt.Sprintf("e%d", i), "s", `{}`)
			e.Bus = "default"
			if err := in.Ingest(ctx, []eventrail.Event{e}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	recs, err := log.Read(ctx, 0, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		_ = decodeFrames(r.Data, func(*entry) error { n++; return nil })
	}
	if n != callers {
		t.Fatalf("stored %d events, want %d", n, callers)
	}
	if len(recs) >= callers/2 {
		t.Errorf("%d records for %d concurrent calls: group commit did not batch", len(recs), callers)
	}
	t.Logf("%d calls committed in %d records", callers, len(recs))
}

// slowLog makes every Append take a while, as an fsync does, so that callers pile up.
type slowLog struct {
	eventrail.Log
	delay time.Duration
}

func (s *slowLog) Append(ctx context.Context, recs []eventrail.Record) error {
	time.Sleep(s.delay)
	return s.Log.Append(ctx, recs)
}

func TestIngestAfterCloseFails(t *testing.T) {
	st := memstore.New()
	defer st.Close()
	log, _ := st.Log(context.Background(), "buslog", eventrail.LogOptions{})
	in := NewIngester(log, IngesterOptions{})
	in.Close()
	if err := in.Ingest(context.Background(), []eventrail.Event{event("e", "s", `{}`)}); err == nil {
		t.Fatal("Ingest after Close succeeded")
	}
}

// dispatchCall is one Dispatch call a fakeDispatcher received.
type dispatchCall struct {
	key, id string
	hs      []eventrail.Handoff
	done    func(error)
}

// fakeDispatcher hands every call to the test, which settles it.
type fakeDispatcher struct{ calls chan dispatchCall }

func (f *fakeDispatcher) Dispatch(_ context.Context, key, id string, hs []eventrail.Handoff, done func(error)) {
	f.calls <- dispatchCall{key, id, hs, done}
}

func (f *fakeDispatcher) next(t *testing.T) dispatchCall {
	t.Helper()
	select {
	case c := <-f.calls:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no Dispatch call")
		return dispatchCall{}
	}
}

// busRecords returns how many bus-log records are not yet acknowledged (a work queue here).
func (h *harness) busRecords() uint64 {
	h.t.Helper()
	info, err := h.busLog.Info(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return info.Records
}

func TestDispatcherSettlesTheBusRecord(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	h := newHarnessWith(t, disp)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"},
		eventrail.Target{Id: "t2", Arn: "arn:aws:sqs:us-east-1:000000000000:q2"})
	h.ingest(event("e1", "a", `{}`), event("e2", "b", `{}`), event("e3", "a", `{}`))
	c1, c2 := disp.next(t), disp.next(t)
	for _, c := range []dispatchCall{c1, c2} {
		if len(c.hs) != 2 || c.hs[0].EventID != "e1" || c.hs[1].EventID != "e3" {
			t.Fatalf("Dispatch(%s) got %+v, want e1 and e3", c.key, c.hs)
		}
		if !strings.HasPrefix(c.key, "t.") || c.id != handoffRecordID(1, c.key) {
			t.Errorf("Dispatch key %q id %q", c.key, c.id)
		}
	}
	if c1.key == c2.key {
		t.Fatalf("both targets dispatched under key %s", c1.key)
	}
	c1.done(nil)
	time.Sleep(20 * time.Millisecond) // give a wrong early ack the chance to happen
	if n := h.busRecords(); n != 1 {
		t.Fatalf("bus record settled with one target still pending (%d records left)", n)
	}
	c2.done(nil)
	deadline := time.Now().Add(5 * time.Second)
	for h.busRecords() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("bus record not acknowledged after every target reported final")
		}
		time.Sleep(time.Millisecond)
	}
	if recs, _ := h.handoffs.Read(context.Background(), 0, "", 10); len(recs) != 0 {
		t.Errorf("%d hand-off records written with a Dispatcher", len(recs))
	}
}

func TestDispatcherFailureRoutesTheRecordAgain(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	h := newHarnessWith(t, disp)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	h.ingest(event("e1", "a", `{}`))
	disp.next(t).done(errors.New("engine stopping"))
	again := disp.next(t) // the bus record comes back after the Nak delay
	if len(again.hs) != 1 || again.hs[0].EventID != "e1" {
		t.Fatalf("re-dispatched %+v", again.hs)
	}
	again.done(nil)
	if h.router.pending.len() > 1 {
		t.Errorf("%d records pending", h.router.pending.len())
	}
}

func TestDispatcherUnmatchedRecordIsAcknowledged(t *testing.T) {
	disp := &fakeDispatcher{calls: make(chan dispatchCall, 16)}
	h := newHarnessWith(t, disp)
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["a"]}`},
		eventrail.Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	h.ingest(event("e1", "nomatch", `{}`))
	deadline := time.Now().Add(5 * time.Second)
	for h.busRecords() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("a record without hand-offs was not acknowledged")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case c := <-disp.calls:
		t.Fatalf("Dispatch called for an unmatched event: %+v", c)
	default:
	}
}

func TestPendingRecordsRedeliveryIsNotRoutedTwice(t *testing.T) {
	var p pendingRecords
	a, b := &fakeDelivery{}, &fakeDelivery{}
	if !p.begin(5, a) {
		t.Fatal("first delivery not fresh")
	}
	if p.begin(5, b) {
		t.Fatal("redelivery while pending reported fresh")
	}
	stop := p.keepAlive(time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for b.inProgress.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("pending record not kept alive")
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	p.settle(5, nil)
	if a.acked.Load() || !b.acked.Load() {
		t.Errorf("acked first=%v latest=%v, want only the latest delivery acknowledged", a.acked.Load(), b.acked.Load())
	}
	if p.len() != 0 {
		t.Error("settled record still pending")
	}
}

// fakeDelivery records how it was settled.
type fakeDelivery struct {
	acked      atomic.Bool
	inProgress atomic.Int64
}

func (d *fakeDelivery) Record() eventrail.Record { return eventrail.Record{Seq: 5} }
func (d *fakeDelivery) Attempt() int             { return 1 }
func (d *fakeDelivery) Ack() error               { d.acked.Store(true); return nil }
func (d *fakeDelivery) Nak(time.Duration) error  { return nil }
func (d *fakeDelivery) InProgress() error        { d.inProgress.Add(1); return nil }
func (d *fakeDelivery) Term() error              { return nil }

func TestIsCloudTrailRecord(t *testing.T) {
	ct := `"detail-type":"AWS API Call via CloudTrail"`
	for _, c := range []struct {
		env  string
		want bool
	}{
		{`{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2"}`, true},
		{`{"version":"0","id":"1","detail-type":"EC2 AMI State Change","detail":{"x":` + ct + `}}`, false},
		{`{"version":"0","id":"a\"b","detail-type":"AWS API Call via CloudTrail"}`, true}, // odd id: searched
		{`{"id":"1",` + ct + `}`, true}, // another shape: searched
		{`{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail2"}`, false},
		{`{}`, false},
	} {
		if got := isCloudTrailRecord([]byte(c.env)); got != c.want {
			t.Errorf("isCloudTrailRecord(%s) = %v, want %v", c.env, got, c.want)
		}
	}
}
