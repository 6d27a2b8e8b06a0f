package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 30, 0, time.UTC)

// fakeIngester records ingested events; fail makes the next calls fail.
type fakeIngester struct {
	mu     sync.Mutex
	events []eventrail.Event
	fail   int
}

func (f *fakeIngester) Ingest(ctx context.Context, evs []eventrail.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return errors.New("log unavailable")
	}
	f.events = append(f.events, evs...)
	return nil
}

func (f *fakeIngester) times(rule string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, e := range f.events {
		if e.Rule == rule {
			out = append(out, e.Time.Format("15:04:05"))
		}
	}
	sort.Strings(out)
	return out
}

type env struct {
	clock   *eventrail.FakeClock
	control eventrail.KV
	state   eventrail.KV
	ingest  *fakeIngester
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clock := eventrail.NewFakeClock(t0)
	store := memstore.NewWithClock(clock)
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	control, err := store.KV(ctx, eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	state, err := store.KV(ctx, "scheduler")
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, control: control, state: state, ingest: &fakeIngester{}}
}

func (e *env) putRule(t *testing.T, bus, name, expr string, state eventrail.RuleState) {
	t.Helper()
	r := eventrail.Rule{Name: name, EventBusName: bus, ScheduleExpression: expr, State: state,
		Arn: eventrail.DefaultAccount.RuleARN(bus, name)}
	val, _ := json.Marshal(r)
	if _, err := e.control.Put(context.Background(), eventrail.RuleKey(bus, name), val); err != nil {
		t.Fatal(err)
	}
}

// start runs a Scheduler until the test ends (or stop is called) and returns it.
func (e *env) start(t *testing.T) (*Scheduler, func()) {
	t.Helper()
	s, err := New(Options{Control: e.control, State: e.state, Ingester: e.ingest, Clock: e.clock,
		Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run did not return")
		}
	}
	t.Cleanup(func() {
		if ctx.Err() == nil {
			stop()
		}
	})
	return s, stop
}

// waitFor polls cond until it holds or a deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func at(hms string) time.Time {
	t, err := time.Parse(time.RFC3339, "2026-01-01T"+hms+"Z")
	if err != nil {
		panic(err)
	}
	return t
}

func nextIs(s *Scheduler, rule string, want time.Time) func() bool {
	return func() bool { return s.Scheduled()[rule].Equal(want) }
}

func eventsAre(e *env, rule string, want ...string) func() bool {
	return func() bool { return fmt.Sprint(e.ingest.times(rule)) == fmt.Sprint(want) }
}

func TestCronRuleFiresEachTickOnce(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "every-minute", "cron(* * * * ? *)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "first tick armed", nextIs(s, "every-minute", at("00:01:00")))
	e.clock.Set(at("00:01:00"))
	waitFor(t, "tick 1", eventsAre(e, "every-minute", "00:01:00"))
	waitFor(t, "tick 2 armed", nextIs(s, "every-minute", at("00:02:00")))
	e.clock.Set(at("00:02:00"))
	waitFor(t, "tick 2", eventsAre(e, "every-minute", "00:01:00", "00:02:00"))

	e.ingest.mu.Lock()
	ev := e.ingest.events[0]
	e.ingest.mu.Unlock()
	arn := eventrail.DefaultAccount.RuleARN("default", "every-minute")
	if ev.Source != "aws.events" || ev.DetailType != "Scheduled Event" || string(ev.Detail) != "{}" ||
		fmt.Sprint(ev.Resources) != "["+arn+"]" || ev.Bus != "default" || ev.Rule != "every-minute" ||
		ev.Account != eventrail.DefaultAccount.ID || ev.Region != eventrail.DefaultAccount.Region ||
		ev.ID != eventID(arn, at("00:01:00")) || len(ev.ID) != 36 {
		t.Fatalf("scheduled event = %+v", ev)
	}
}

func TestRateCountsFromFirstSight(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "five", "rate(5 minutes)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "rate armed from start", nextIs(s, "five", at("00:05:30")))
	e.clock.Set(at("00:05:30"))
	waitFor(t, "rate tick", eventsAre(e, "five", "00:05:30"))
	waitFor(t, "next rate tick", nextIs(s, "five", at("00:10:30")))
}

func TestRuleLifecycle(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "off", "rate(1 minute)", eventrail.RuleDisabled)
	e.putRule(t, "default", "pattern-only", "", eventrail.RuleEnabled)
	e.putRule(t, "custom", "elsewhere", "rate(1 minute)", eventrail.RuleEnabled)
	e.putRule(t, "default", "sentinel", "cron(0 12 * * ? *)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "sentinel armed", nextIs(s, "sentinel", at("12:00:00")))
	if got := s.Scheduled(); len(got) != 1 {
		t.Fatalf("scheduled = %v, want only the sentinel", got)
	}

	e.clock.Set(at("00:02:00"))
	e.putRule(t, "default", "off", "rate(1 minute)", eventrail.RuleEnabled)
	waitFor(t, "enabled rate counts from enable time", nextIs(s, "off", at("00:03:00")))
	e.putRule(t, "default", "off", "rate(2 minutes)", eventrail.RuleEnabled)
	waitFor(t, "new expression re-anchors", nextIs(s, "off", at("00:04:00")))
	e.putRule(t, "default", "off", "rate(2 minutes)", eventrail.RuleDisabled)
	waitFor(t, "disabled rule stops", func() bool { _, ok := s.Scheduled()["off"]; return !ok })
	e.clock.Set(at("00:03:30"))
	e.putRule(t, "default", "off", "rate(2 minutes)", eventrail.RuleEnabled)
	waitFor(t, "re-enabled rule counts afresh", nextIs(s, "off", at("00:05:30")))
	if err := e.control.Delete(context.Background(), eventrail.RuleKey("default", "off")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "deleted rule stops", func() bool { _, ok := s.Scheduled()["off"]; return !ok })
	e.clock.Set(at("00:10:00"))
	if n := len(e.ingest.times("off")) + len(e.ingest.times("elsewhere")); n != 0 {
		t.Fatalf("%d events from rules that must not fire", n)
	}
}

func TestTwoSchedulersFireEachTickOnce(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "shared", "cron(* * * * ? *)", eventrail.RuleEnabled)
	a, _ := e.start(t)
	b, _ := e.start(t)
	var want []string
	for i := 1; i <= 5; i++ {
		tick := at(fmt.Sprintf("00:%02d:00", i))
		waitFor(t, "both armed", func() bool { return nextIs(a, "shared", tick)() && nextIs(b, "shared", tick)() })
		e.clock.Set(tick)
		want = append(want, tick.Format("15:04:05"))
		waitFor(t, "tick ingested", eventsAre(e, "shared", want...))
	}
	e.clock.Set(at("00:05:59"))
	if got := e.ingest.times("shared"); len(got) != 5 {
		t.Fatalf("ingested %v, want 5 ticks once each", got)
	}
}

func TestRestartFiresLastMissedTickOnce(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "r", "cron(* * * * ? *)", eventrail.RuleEnabled)
	s, stop := e.start(t)
	waitFor(t, "armed", nextIs(s, "r", at("00:01:00")))
	e.clock.Set(at("00:01:00"))
	waitFor(t, "tick", eventsAre(e, "r", "00:01:00"))
	stop()

	e.clock.Set(at("00:10:30")) // nine ticks pass with no scheduler
	s2, _ := e.start(t)
	waitFor(t, "one catch-up tick", eventsAre(e, "r", "00:01:00", "00:10:00"))
	waitFor(t, "armed after restart", nextIs(s2, "r", at("00:11:00")))
	e.clock.Set(at("00:11:00"))
	waitFor(t, "ticks resume", eventsAre(e, "r", "00:01:00", "00:10:00", "00:11:00"))
}

func TestNoCatchUpForNewRule(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "new", "cron(* * * * ? *)", eventrail.RuleEnabled)
	e.putRule(t, "default", "sentinel", "rate(1 day)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "armed", nextIs(s, "new", at("00:01:00")))
	if got := e.ingest.times("new"); len(got) != 0 {
		t.Fatalf("a rule first seen now fired %v", got)
	}
}

func claimRecord(t *testing.T, e *env, rule string, tick time.Time, owner string, claimedAt time.Time) {
	t.Helper()
	val, _ := json.Marshal(tickRecord{State: stateClaimed, Owner: owner, At: claimedAt})
	if _, err := e.state.Put(context.Background(), tickKey(rule, tick), val); err != nil {
		t.Fatal(err)
	}
}

func TestStaleClaimIsTakenOver(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "r", "cron(0/10 * * * ? *)", eventrail.RuleEnabled)
	// A scheduler claimed 00:00:00 and died before ingesting it.
	claimRecord(t, e, "r", at("00:00:00"), "dead", at("00:00:00").Add(-2*time.Minute))
	s, _ := e.start(t)
	waitFor(t, "unfinished tick taken over", eventsAre(e, "r", "00:00:00"))
	waitFor(t, "armed", nextIs(s, "r", at("00:10:00")))
}

func TestLiveForeignClaimIsRecheckedAfterLease(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "r", "cron(* * * * ? *)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "armed", nextIs(s, "r", at("00:01:00")))
	claimRecord(t, e, "r", at("00:01:00"), "other", at("00:01:00"))
	e.clock.Set(at("00:01:00"))
	waitFor(t, "next tick armed", nextIs(s, "r", at("00:02:00")))
	if got := e.ingest.times("r"); len(got) != 0 {
		t.Fatalf("fired %v although another scheduler holds the claim", got)
	}
	e.clock.Set(at("00:01:59"))
	e.clock.Set(at("00:02:00")) // lease over: the unfinished 00:01 tick is taken over
	waitFor(t, "taken over", eventsAre(e, "r", "00:01:00", "00:02:00"))
}

func TestIngestFailureIsRetried(t *testing.T) {
	e := newEnv(t)
	e.ingest.fail = 2
	e.putRule(t, "default", "r", "cron(0 * * * ? *)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "armed", nextIs(s, "r", at("01:00:00")))
	e.clock.Set(at("01:00:00"))
	waitFor(t, "next armed", nextIs(s, "r", at("02:00:00")))
	for i := 0; i < 2; i++ {
		waitFor(t, "retry armed", func() bool { return e.clock.Pending() >= 2 })
		e.clock.Advance(5 * time.Second)
	}
	waitFor(t, "retried tick ingested", eventsAre(e, "r", "01:00:00"))
	e.clock.Set(at("01:30:00"))
	if got := e.ingest.times("r"); len(got) != 1 {
		t.Fatalf("ingested %v, want the tick once", got)
	}
}

func TestClockJumpSkipsToLatestTick(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "r", "cron(* * * * ? *)", eventrail.RuleEnabled)
	s, _ := e.start(t)
	waitFor(t, "armed", nextIs(s, "r", at("00:01:00")))
	e.clock.Set(at("00:10:30"))
	waitFor(t, "due tick and latest tick", eventsAre(e, "r", "00:01:00", "00:10:00"))
	waitFor(t, "armed", nextIs(s, "r", at("00:11:00")))
}

func TestEventIDIsDeterministic(t *testing.T) {
	a := eventID("arn:aws:events:us-east-1:000000000000:rule/r", at("00:01:00"))
	b := eventID("arn:aws:events:us-east-1:000000000000:rule/r", at("00:01:00"))
	c := eventID("arn:aws:events:us-east-1:000000000000:rule/r", at("00:02:00"))
	if a != b || a == c || len(a) != 36 || a[14] != '5' {
		t.Fatalf("ids %s %s %s", a, b, c)
	}
}

func TestNewRequiresStores(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New accepted empty options")
	}
}

func TestLaterSchedulerSharesRateAnchor(t *testing.T) {
	e := newEnv(t)
	e.putRule(t, "default", "five", "rate(5 minutes)", eventrail.RuleEnabled)
	a, _ := e.start(t)
	waitFor(t, "first scheduler armed", nextIs(a, "five", at("00:05:30")))
	e.clock.Set(at("00:02:00"))
	b, _ := e.start(t)
	waitFor(t, "second scheduler uses the recorded anchor", nextIs(b, "five", at("00:05:30")))
	e.clock.Set(at("00:05:30"))
	waitFor(t, "one event", eventsAre(e, "five", "00:05:30"))
	waitFor(t, "both re-armed", func() bool {
		return nextIs(a, "five", at("00:10:30"))() && nextIs(b, "five", at("00:10:30"))()
	})
	if got := e.ingest.times("five"); len(got) != 1 {
		t.Fatalf("ingested %v", got)
	}
}

func (e *env) putEnabledAt(t *testing.T, name, expr string, enabled time.Time) {
	t.Helper()
	r := storedRule{Rule: eventrail.Rule{Name: name, EventBusName: "default", ScheduleExpression: expr,
		State: eventrail.RuleEnabled, Arn: eventrail.DefaultAccount.RuleARN("default", name)}, EnabledTime: enabled}
	val, _ := json.Marshal(r)
	if _, err := e.control.Put(context.Background(), eventrail.RuleKey("default", name), val); err != nil {
		t.Fatal(err)
	}
}

func TestEnabledTimeAnchorsRateAndCatchUp(t *testing.T) {
	e := newEnv(t)
	e.putEnabledAt(t, "five", "rate(5 minutes)", at("00:00:10"))
	e.putEnabledAt(t, "minutely", "cron(* * * * ? *)", at("00:00:00"))
	e.clock.Set(at("00:03:30"))
	s, _ := e.start(t)
	waitFor(t, "rate anchored at EnabledTime", nextIs(s, "five", at("00:05:10")))
	// Enabled before the scheduler started: the latest missed tick fires once.
	waitFor(t, "catch-up from EnabledTime", eventsAre(e, "minutely", "00:03:00"))
	e.putEnabledAt(t, "five", "rate(5 minutes)", at("00:03:30")) // re-enabled: counts afresh
	waitFor(t, "re-anchored", nextIs(s, "five", at("00:08:30")))
	if got := e.ingest.times("five"); len(got) != 0 {
		t.Fatalf("rate fired early: %v", got)
	}
}
