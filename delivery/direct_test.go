package delivery

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

// dispatch calls h.engine.Dispatch for target key k and returns the channel done reports on.
func (h *harness) dispatch(k, id string, hs ...eventrail.Handoff) <-chan error {
	h.t.Helper()
	res := make(chan error, 2) // 2: a second call would be a bug the test must see
	h.engine.Dispatch(context.Background(), HandoffKeyPrefix+k, id, hs, func(err error) { res <- err })
	return res
}

// wantDone waits for one report on res and checks it is nil, and that no second one follows.
func wantDone(t *testing.T, res <-chan error) {
	t.Helper()
	select {
	case err := <-res:
		if err != nil {
			t.Fatalf("done(%v), want done(nil)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("done was not called")
	}
	select {
	case err := <-res:
		t.Fatalf("done called twice (second: %v)", err)
	default:
	}
}

// parkedRecords returns the hand-off records in the log (those Dispatch parked).
func (h *harness) parkedRecords() []eventrail.Record {
	h.t.Helper()
	recs, err := h.log.Read(context.Background(), 0, HandoffKeyPrefix+">", 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	return recs
}

func TestDispatchDeliversFromMemory(t *testing.T) {
	d := newScript(nil)
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	res := h.dispatch("k", "7.t.k", handoff("e1", sqsARN), handoff("e2", sqsARN))
	wantDone(t, res)
	for _, id := range []string{"e1", "e2"} {
		if n := d.callsFor(id); n != 1 {
			t.Errorf("%s delivered %d times, want 1", id, n)
		}
	}
	if got := value(h.m.Invocations); got != 2 {
		t.Errorf("Invocations = %v, want 2", got)
	}
	if got := h.m.InvocationsCreated.With().Value(); got != 2 {
		t.Errorf("InvocationsCreated = %v, want 2", got)
	}
	if recs := h.parkedRecords(); len(recs) != 0 {
		t.Errorf("%d records written on the direct path, want none", len(recs))
	}
}

func TestDispatchRetryIsDurableBeforeDone(t *testing.T) {
	d := newScript(func(ho *eventrail.Handoff, n int) error {
		if n == 1 {
			return retryable("THROTTLING")
		}
		return nil
	})
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	res := h.dispatch("k", "1.t.k", handoff("e1", sqsARN))
	wantDone(t, res)
	if rrs := h.retryRecords(); len(rrs) != 1 || rrs[0].Retries != 1 || rrs[0].Handoff.EventID != "e1" {
		t.Fatalf("retry records when done was called = %+v, want one for e1", rrs)
	}
	h.advanceUntil("the retry delivered", time.Second, func() bool { return value(h.m.Invocations) == 1 })
	if n := d.callsFor("e1"); n != 2 {
		t.Errorf("e1 attempted %d times, want 2", n)
	}
}

func TestDispatchPermanentFailureDeadLetters(t *testing.T) {
	d := newScript(func(*eventrail.Handoff, int) error { return permanent("HTTP_400") })
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{})
	ho := handoff("e1", sqsARN)
	ho.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	wantDone(t, h.dispatch("k", "1.t.k", ho))
	msgs := h.dlq.messages()
	if len(msgs) != 1 || msgs[0].attrs[AttrErrorCode] != "HTTP_400" {
		t.Fatalf("DLQ messages when done was called = %+v", msgs)
	}
}

func TestDispatchParksWhenTheLaneIsBacklogged(t *testing.T) {
	slow := &blockingDriver{release: make(chan struct{})}
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": slow}, Options{
		PerTargetConcurrency: 1, DirectBacklog: 2, AttemptTimeout: time.Hour, DirectWait: time.Hour,
	})
	first := h.dispatch("k", "1.t.k", handoff("e1", sqsARN), handoff("e2", sqsARN))
	waitFor(t, "e1 in flight", func() bool { return slow.started.Load() == 1 })
	// e2 is queued (depth 1): two more would exceed DirectBacklog 2, so they are parked.
	second := h.dispatch("k", "2.t.k", handoff("e3", sqsARN), handoff("e4", sqsARN))
	wantDone(t, second)
	recs := h.parkedRecords()
	if len(recs) != 1 {
		t.Fatalf("%d parked records, want 1", len(recs))
	}
	parked, err := decodeHandoffs(recs[0].Data)
	if err != nil || len(parked) != 2 || parked[0].EventID != "e3" {
		t.Fatalf("parked record = %s (%v)", recs[0].Data, err)
	}
	close(slow.release)
	wantDone(t, first)
	waitCount(t, "Invocations", h.m.Invocations, 4)
	if got := h.m.InvocationsCreated.With().Value(); got != 4 {
		t.Errorf("InvocationsCreated = %v, want 4 (parked hand-offs counted once)", got)
	}
}

func TestParkedRecordWaitsInTheLogForRoom(t *testing.T) {
	slow := &blockingDriver{release: make(chan struct{})}
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": slow}, Options{
		PerTargetConcurrency: 1, DirectBacklog: 2, LaneBacklog: 2, BacklogWait: time.Millisecond,
		AttemptTimeout: time.Hour, DirectWait: time.Hour,
	})
	first := h.dispatch("k", "1.t.k", handoff("e1", sqsARN), handoff("e2", sqsARN))
	waitFor(t, "e1 in flight", func() bool { return slow.started.Load() == 1 })
	wantDone(t, h.dispatch("k", "2.t.k", handoff("e3", sqsARN), handoff("e4", sqsARN))) // parked
	// The parked record finds the lane full (e2 queued): it is not rewritten as retry records.
	h.clock.Advance(time.Second)
	h.clock.Advance(time.Second)
	if rrs := h.retryRecords(); len(rrs) != 0 {
		t.Fatalf("parked hand-offs rewritten as %d retry records", len(rrs))
	}
	close(slow.release)
	wantDone(t, first)
	h.advanceUntil("the parked hand-offs delivered", parkedRetryDelay, func() bool { return value(h.m.Invocations) == 4 })
	if got := h.m.InvocationsCreated.With().Value(); got != 4 {
		t.Errorf("InvocationsCreated = %v, want 4", got)
	}
}

func TestDispatchParksSlowHandoffsWithoutDeliveringThemTwice(t *testing.T) {
	slow := &blockingDriver{release: make(chan struct{})}
	h := newHarnessLog(t, map[string]eventrail.Deliverer{"sqs": slow}, Options{
		PerTargetConcurrency: 1, AttemptTimeout: time.Hour, DirectWait: 100 * time.Millisecond,
	}, eventrail.LogOptions{WorkQueue: true})
	res := h.dispatch("k", "9.t.k", handoff("e1", sqsARN), handoff("e2", sqsARN))
	waitFor(t, "e1 in flight", func() bool { return slow.started.Load() == 1 })
	select {
	case err := <-res:
		t.Fatalf("done(%v) before DirectWait passed", err)
	default:
	}
	h.clock.Advance(100 * time.Millisecond)
	wantDone(t, res) // both parked: e1 in flight, e2 queued
	recs := h.parkedRecords()
	if len(recs) != 1 {
		t.Fatalf("%d parked records, want 1", len(recs))
	}
	parked, err := decodeHandoffs(recs[0].Data)
	if err != nil || len(parked) != 2 {
		t.Fatalf("parked record = %s (%v)", recs[0].Data, err)
	}
	close(slow.release)
	waitCount(t, "Invocations", h.m.Invocations, 2)
	if got := slow.started.Load(); got != 2 {
		t.Errorf("%d attempts, want 2: the parked record must not be delivered again", got)
	}
	waitFor(t, "the parked record acknowledged", func() bool {
		info, err := h.log.Info(context.Background())
		return err == nil && info.Records == 0
	})
	if n := h.engine.parked.len(); n != 0 {
		t.Errorf("%d parked batches remembered after their record was acknowledged", n)
	}
}

func TestDispatchPartlyFinishedGroupParksTheRest(t *testing.T) {
	release := make(chan struct{})
	d := newScript(func(ho *eventrail.Handoff, n int) error {
		if ho.EventID == "slow" {
			<-release
		}
		return nil
	})
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{AttemptTimeout: time.Hour, DirectWait: time.Second})
	res := h.dispatch("k", "3.t.k", handoff("fast", sqsARN), handoff("slow", sqsARN))
	waitCount(t, "Invocations", h.m.Invocations, 1)
	h.clock.Advance(time.Second)
	wantDone(t, res)
	recs := h.parkedRecords()
	if len(recs) != 1 {
		t.Fatalf("%d parked records, want 1", len(recs))
	}
	if parked, err := decodeHandoffs(recs[0].Data); err != nil || len(parked) != 1 || parked[0].EventID != "slow" {
		t.Fatalf("parked records = %+v, want one holding only the unfinished hand-off", recs)
	}
	close(release)
	waitCount(t, "Invocations", h.m.Invocations, 2)
	if n := d.callsFor("slow"); n != 1 {
		t.Errorf("slow delivered %d times, want 1", n)
	}
}

func TestDispatchWaitsForRunAndStops(t *testing.T) {
	st := memstore.New()
	defer st.Close()
	lg, err := st.Log(context.Background(), "handoffs", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": newScript(nil)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := make(chan error, 1)
	e.Dispatch(ctx, HandoffKeyPrefix+"k", "1.t.k", []eventrail.Handoff{handoff("e1", sqsARN)}, func(err error) { res <- err })
	if err := <-res; err == nil {
		t.Fatal("Dispatch before Run with an ended context reported the hand-offs final")
	}
	e.Dispatch(context.Background(), "bad", "1.bad", nil, func(err error) { res <- err })
	if err := <-res; err == nil {
		t.Fatal("Dispatch accepted a key without the hand-off prefix")
	}
	runCtx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- e.Run(runCtx) }()
	e.Dispatch(context.Background(), HandoffKeyPrefix+"k", "2.t.k", []eventrail.Handoff{handoff("e2", sqsARN)}, func(err error) { res <- err })
	if err := <-res; err != nil {
		t.Fatalf("done(%v) after Run started", err)
	}
	stop()
	<-ran
	e.Dispatch(context.Background(), HandoffKeyPrefix+"k", "3.t.k", []eventrail.Handoff{handoff("e3", sqsARN)}, func(err error) { res <- err })
	if err := <-res; err == nil {
		t.Fatal("Dispatch after Run returned reported the hand-offs final")
	}
}

func TestDispatchManyGroupsConcurrently(t *testing.T) {
	d := newScript(nil)
	h := newHarness(t, map[string]eventrail.Deliverer{"sqs": d}, Options{PerTargetConcurrency: 8})
	const groups, per = 50, 20
	results := make([]<-chan error, groups)
	for g := range results {
		hs := make([]eventrail.Handoff, per)
		for i := range hs {
			hs[i] = handoff(fmt.Sprintf("g%d-%d", g, i), sqsARN)
		}
		results[g] = h.dispatch(fmt.Sprintf("k%d", g%3), fmt.Sprintf("%d.t.k", g), hs...)
	}
	for _, res := range results {
		wantDone(t, res)
	}
	if got := value(h.m.Invocations); got != groups*per {
		t.Errorf("Invocations = %v, want %d", got, groups*per)
	}
}
