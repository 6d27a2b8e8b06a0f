package schedulerapi

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/eventrail/eventrail"
)

// t0 is a fixed start for fake clocks: a Friday before the 2026 US spring-forward.
var t0 = time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)

func atExpr(t time.Time) string { return "at(" + t.Format("2006-01-02T15:04:05") + ")" }

func mustCreate(t *testing.T, e *env, in *scheduler.CreateScheduleInput) {
	t.Helper()
	if _, err := e.client.CreateSchedule(context.Background(), in); err != nil {
		t.Fatalf("CreateSchedule %s: %v", aws.ToString(in.Name), err)
	}
}

// scheduledTimes returns the <aws.scheduler.scheduled-time> of every hand-off whose payload
// is {"t":"<aws.scheduler.scheduled-time>"} for schedule name.
func scheduledTimes(t *testing.T, e *env, name string) []string {
	var out []string
	for _, h := range e.handoffs() {
		if !strings.HasSuffix(h.RuleName, "/"+name) {
			continue
		}
		var p struct{ T string }
		if err := json.Unmarshal(h.Payload, &p); err != nil {
			t.Fatalf("payload %s: %v", h.Payload, err)
		}
		out = append(out, p.T)
	}
	return out
}

// fireNext moves the clock to the schedule's pending fire time and waits for its hand-off.
func fireNext(t *testing.T, e *env, clock *eventrail.FakeClock, name string) time.Time {
	t.Helper()
	var at time.Time
	waitFor(t, "pending "+name, func() bool { // an occurrence already due is the runner's to fire
		var ok bool
		at, ok = e.svc.rt.pending(scheduleKey(DefaultGroup, name))
		return ok && at.After(clock.Now())
	})
	waitSettled(t, e.svc)
	before := len(scheduledTimes(t, e, name))
	clock.Set(at)
	waitFor(t, "hand-off of "+name, func() bool { return len(scheduledTimes(t, e, name)) == before+1 })
	return at
}

// waitSettled waits until every occurrence svc dispatched has been dealt with.
func waitSettled(t *testing.T, svc *Service) {
	t.Helper()
	waitFor(t, "dispatched occurrences settled", func() bool { return svc.rt.dispatched.Load() == svc.rt.settled.Load() })
}

func TestOneTimeFiresOnceWithContextAttributes(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	at := t0.Add(10 * time.Minute)
	in := createInput("once", atExpr(at))
	in.Target.Input = aws.String(`{"arn":"<aws.scheduler.schedule-arn>","t":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","n":<aws.scheduler.attempt-number>}`)
	in.Target.SqsParameters = &types.SqsParameters{MessageGroupId: aws.String("g1")}
	in.Target.DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:dlq")}
	in.Target.RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(2), MaximumEventAgeInSeconds: aws.Int32(120)}
	mustCreate(t, e, in)
	waitPending(t, e.svc, DefaultGroup, "once", at)
	clock.Set(at.Add(-time.Second))
	if got := e.handoffs(); len(got) != 0 {
		t.Fatalf("fired early: %+v", got)
	}
	clock.Set(at)
	waitFor(t, "hand-off", func() bool { return len(e.handoffs()) == 1 })
	h := e.handoffs()[0]
	const arn = "arn:aws:scheduler:us-east-1:000000000000:schedule/default/once"
	want := `{"arn":"` + arn + `","t":"2026-03-06T12:10:00Z","id":"` + h.EventID + `","n":1}`
	if string(h.Payload) != want || string(h.Event) != want {
		t.Errorf("payload = %s, want %s", h.Payload, want)
	}
	if h.EventID != executionID(e.uid(t, "once"), at) || h.RuleArn != arn || !maps.Equal(h.DeadLetterAttributes, deadLetterAttributes(arn, h.EventID, at)) || h.Target.Arn != testQueue ||
		h.Target.SqsParameters.MessageGroupId != "g1" || h.Target.DeadLetterConfig.Arn != "arn:aws:sqs:us-east-1:000000000000:dlq" ||
		h.Target.RetryPolicy.Attempts() != 2 || h.Target.RetryPolicy.MaxAge() != 2*time.Minute {
		t.Errorf("hand-off = %+v", h)
	}
	recs, _ := e.log.Read(context.Background(), 0, "", 10)
	if recs[0].Key != laneKey(testQueue) || recs[0].ID != recordID(at.Unix(), 0, 0) || !strings.HasPrefix(recs[0].Key, "t.sch-") {
		t.Errorf("record key %q id %q", recs[0].Key, recs[0].ID)
	}
	if _, ok := e.svc.rt.pending(scheduleKey(DefaultGroup, "once")); ok {
		t.Errorf("one-time schedule still pending after firing")
	}
	// ActionAfterCompletion NONE keeps the schedule.
	if _, err := e.client.GetSchedule(context.Background(), &scheduler.GetScheduleInput{Name: aws.String("once")}); err != nil {
		t.Errorf("GetSchedule after firing: %v", err)
	}
}

// uid returns the stored incarnation id of a default-group schedule.
func (e *env) uid(t *testing.T, name string) string {
	sc, _, err := e.svc.getSchedule(context.Background(), DefaultGroup, name)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Uid
}

func TestDeleteAfterCompletion(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	at := t0.Add(time.Hour)
	in := createInput("self-destruct", atExpr(at))
	in.ActionAfterCompletion = types.ActionAfterCompletionDelete
	mustCreate(t, e, in)
	// A recurring schedule with an EndDate is deleted after its last occurrence.
	rec := createInput("ending", "rate(30 minutes)")
	rec.ActionAfterCompletion = types.ActionAfterCompletionDelete
	rec.EndDate = aws.Time(t0.Add(45 * time.Minute))
	rec.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, rec)
	waitPending(t, e.svc, DefaultGroup, "self-destruct", at)
	waitFor(t, "ending's first hand-off", func() bool { return len(scheduledTimes(t, e, "ending")) == 1 })
	fireNext(t, e, clock, "ending") // 12:00 fired at creation; 12:30 is the last before EndDate
	if got := scheduledTimes(t, e, "ending"); strings.Join(got, ",") != "2026-03-06T12:00:00Z,2026-03-06T12:30:00Z" {
		t.Errorf("ending fired at %v", got)
	}
	gone := func(name string) bool {
		_, _, err := e.svc.getSchedule(context.Background(), DefaultGroup, name)
		return err != nil
	}
	waitFor(t, "ending deleted", func() bool { return gone("ending") })
	clock.Set(at)
	waitFor(t, "self-destruct deleted", func() bool { return gone("self-destruct") })
	if left, _ := e.kv.List(context.Background(), firePrefix); len(left) != 0 {
		t.Errorf("claims left after deletion: %d", len(left))
	}
}

func TestRateAndDisabled(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	in := createInput("every5", "rate(5 minutes)")
	in.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, in)
	off := createInput("off", "rate(1 minute)")
	off.State = types.ScheduleStateDisabled
	mustCreate(t, e, off)
	for range 3 { // the first occurrence is at creation
		fireNext(t, e, clock, "every5")
	}
	if got := scheduledTimes(t, e, "every5"); strings.Join(got, ",") != "2026-03-06T12:00:00Z,2026-03-06T12:05:00Z,2026-03-06T12:10:00Z,2026-03-06T12:15:00Z" {
		t.Errorf("rate fired at %v", got)
	}
	if n := len(scheduledTimes(t, e, "off")); n != 0 {
		t.Errorf("disabled schedule fired %d times", n)
	}
	if _, ok := e.svc.rt.pending(scheduleKey(DefaultGroup, "off")); ok {
		t.Errorf("disabled schedule is pending")
	}
	// Disabling stops firing; the pending occurrence disappears.
	upd := &scheduler.UpdateScheduleInput{Name: aws.String("every5"), ScheduleExpression: aws.String("rate(5 minutes)"),
		State: types.ScheduleStateDisabled, FlexibleTimeWindow: &types.FlexibleTimeWindow{Mode: "OFF"}, Target: in.Target}
	if _, err := e.client.UpdateSchedule(context.Background(), upd); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every5 not pending", func() bool {
		_, ok := e.svc.rt.pending(scheduleKey(DefaultGroup, "every5"))
		return !ok
	})
}

func TestCronInTimeZoneAcrossDST(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	in := createInput("ny", "cron(30 2 * * ? *)") // 02:30 New York does not exist on 2026-03-08
	in.ScheduleExpressionTimezone = aws.String("America/New_York")
	in.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, in)
	var got []string
	for range 3 {
		got = append(got, fireNext(t, e, clock, "ny").UTC().Format(time.RFC3339))
	}
	want := "2026-03-07T07:30:00Z,2026-03-09T06:30:00Z,2026-03-10T06:30:00Z"
	if strings.Join(got, ",") != want || strings.Join(scheduledTimes(t, e, "ny"), ",") != want {
		t.Errorf("fired at %v / %v, want %s", got, scheduledTimes(t, e, "ny"), want)
	}
}

func TestFlexibleWindowBounds(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	at := t0.Add(time.Hour)
	const n = 20
	for i := range n {
		in := createInput("flex-"+itoa(i), atExpr(at))
		in.FlexibleTimeWindow = &types.FlexibleTimeWindow{Mode: "FLEXIBLE", MaximumWindowInMinutes: aws.Int32(10)}
		mustCreate(t, e, in)
	}
	distinct := map[time.Time]bool{}
	for i := range n {
		var fire time.Time
		waitFor(t, "pending", func() bool {
			var ok bool
			fire, ok = e.svc.rt.pending(scheduleKey(DefaultGroup, "flex-"+itoa(i)))
			return ok
		})
		if fire.Before(at) || fire.After(at.Add(10*time.Minute)) {
			t.Errorf("flex-%d fires at %s, outside [%s, +10m]", i, fire, at)
		}
		distinct[fire] = true
	}
	if len(distinct) < n/2 {
		t.Errorf("only %d distinct fire times for %d schedules", len(distinct), n)
	}
	clock.Set(at.Add(10 * time.Minute))
	waitFor(t, "all flexible hand-offs", func() bool { return len(e.handoffs()) == n })
}

func TestRestartDoesNotDoubleFire(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	stop := e.run(e.svc)
	at := t0.Add(time.Minute)
	mustCreate(t, e, createInput("once", atExpr(at)))
	rate := createInput("rate", "rate(10 minutes)")
	rate.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, rate)
	waitFor(t, "rate's first hand-off", func() bool { return len(scheduledTimes(t, e, "rate")) == 1 })
	waitPending(t, e.svc, DefaultGroup, "once", at)
	clock.Set(at)
	waitFor(t, "once's hand-off", func() bool { return len(e.handoffs()) == 2 })
	stop()

	// A new process on the same store at the same time: both occurrences are claimed done.
	second := e.newService()
	e.svc = second
	e.run(second)
	waitFor(t, "restart re-checked both occurrences", func() bool { return second.rt.duplicates.Load() == 2 })
	if got := len(e.handoffs()); got != 2 || second.rt.handed.Load() != 0 {
		t.Errorf("after restart: %d hand-offs, %d handed by the new runner", got, second.rt.handed.Load())
	}
	// It goes on with the next rate occurrence.
	fireNext(t, e, clock, "rate")
	if got := scheduledTimes(t, e, "rate"); strings.Join(got, ",") != "2026-03-06T12:00:00Z,2026-03-06T12:10:00Z" {
		t.Errorf("rate after restart: %v", got)
	}
}

func TestTwoRunnersFireOnce(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	a, b := e.svc, e.newService()
	e.run(a)
	e.run(b)
	at := t0.Add(time.Minute)
	const n = 50
	for i := range n {
		mustCreate(t, e, createInput("s-"+itoa(i), atExpr(at)))
	}
	waitFor(t, "both runners loaded", func() bool {
		_, okA := a.rt.pending(scheduleKey(DefaultGroup, "s-"+itoa(n-1)))
		_, okB := b.rt.pending(scheduleKey(DefaultGroup, "s-"+itoa(n-1)))
		return okA && okB
	})
	clock.Set(at)
	waitFor(t, "every occurrence handed over", func() bool { return a.rt.handed.Load()+b.rt.handed.Load() == n })
	waitFor(t, "both runners done", func() bool {
		return a.rt.handed.Load()+a.rt.duplicates.Load() == n && b.rt.handed.Load()+b.rt.duplicates.Load() == n
	})
	if a.rt.handed.Load()+b.rt.handed.Load() != n || len(e.handoffs()) != n {
		t.Errorf("handed %d + %d, log holds %d, want %d in all", a.rt.handed.Load(), b.rt.handed.Load(), len(e.handoffs()), n)
	}
}

type fakeIngester struct {
	mu     sync.Mutex
	events []eventrail.Event
}

func (f *fakeIngester) Ingest(_ context.Context, evs []eventrail.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, evs...)
	return nil
}

func (f *fakeIngester) all() []eventrail.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]eventrail.Event(nil), f.events...)
}

func TestEventBusTarget(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	stop := e.run(e.svc)
	const bus = "arn:aws:events:us-east-1:000000000000:event-bus/orders"
	in := createInput("to-bus", "rate(1 hour)")
	in.Target = &types.Target{Arn: aws.String(bus), RoleArn: aws.String(testRole), Input: aws.String(`{"at":"<aws.scheduler.scheduled-time>"}`),
		EventBridgeParameters: &types.EventBridgeParameters{DetailType: aws.String("Tick"), Source: aws.String("my.app")}}
	mustCreate(t, e, in)
	waitFor(t, "hand-off", func() bool { return len(e.handoffs()) == 1 })
	h := e.handoffs()[0]
	var env struct {
		ID, Source, Account, Time, Region string
		DetailType                        string `json:"detail-type"`
		Resources                         []string
		Detail                            map[string]string
	}
	if err := json.Unmarshal(h.Event, &env); err != nil {
		t.Fatal(err)
	}
	if env.ID != h.EventID || env.DetailType != "Tick" || env.Source != "my.app" || env.Time != "2026-03-06T12:00:00Z" ||
		env.Detail["at"] != "2026-03-06T12:00:00Z" || len(env.Resources) != 1 || !strings.HasSuffix(env.Resources[0], ":schedule/default/to-bus") ||
		h.Target.Arn != bus {
		t.Errorf("bus hand-off = %s", h.Event)
	}

	// Without a hand-off log the event goes straight to the Ingester.
	stop()
	ing := &fakeIngester{}
	direct, err := New(Options{KV: e.kv, Ingester: ing, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	second := createInput("direct", "rate(1 hour)")
	second.Target = in.Target
	mustCreate(t, e, second)
	e.run(direct)
	waitFor(t, "direct ingest", func() bool {
		for _, ev := range ing.all() {
			if ev.Bus == "orders" && ev.DetailType == "Tick" && strings.HasSuffix(ev.Resources[0], "/direct") {
				return true
			}
		}
		return false
	})
}

func TestCronFallBackFiresOnce(t *testing.T) {
	clock := eventrail.NewFakeClock(time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC))
	e := newEnv(t, clock)
	e.run(e.svc)
	in := createInput("fallback", "cron(30 1 * * ? *)") // 01:30 New York happens twice on 2026-11-01
	in.ScheduleExpressionTimezone = aws.String("America/New_York")
	in.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, in)
	var got []string
	for range 2 {
		got = append(got, fireNext(t, e, clock, "fallback").UTC().Format(time.RFC3339))
	}
	if want := "2026-11-01T05:30:00Z,2026-11-02T06:30:00Z"; strings.Join(got, ",") != want {
		t.Errorf("fired at %v, want %s", got, want)
	}
}

func TestUpdateOneTimeSchedule(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	first, moved := t0.Add(10*time.Minute), t0.Add(20*time.Minute)
	in := createInput("moving", atExpr(first))
	in.Target.Input = aws.String(`{"t":"<aws.scheduler.scheduled-time>"}`)
	mustCreate(t, e, in)
	waitPending(t, e.svc, DefaultGroup, "moving", first)
	update := func(at time.Time) {
		t.Helper()
		_, err := e.client.UpdateSchedule(context.Background(), &scheduler.UpdateScheduleInput{Name: aws.String("moving"),
			ScheduleExpression: aws.String(atExpr(at)), FlexibleTimeWindow: in.FlexibleTimeWindow, Target: in.Target})
		if err != nil {
			t.Fatal(err)
		}
		waitPending(t, e.svc, DefaultGroup, "moving", at)
	}
	update(moved) // moved before it fired: fires only at the new time
	clock.Set(first)
	fireNext(t, e, clock, "moving")
	// Edited to a later time after it fired: fires again, once.
	update(t0.Add(30 * time.Minute))
	fireNext(t, e, clock, "moving")
	if got := scheduledTimes(t, e, "moving"); strings.Join(got, ",") != "2026-03-06T12:20:00Z,2026-03-06T12:30:00Z" {
		t.Errorf("fired at %v", got)
	}
}

func TestCronCreatedMidMinuteWaitsForNextOccurrence(t *testing.T) {
	clock := eventrail.NewFakeClock(t0.Add(30 * time.Second)) // 12:00:30
	e := newEnv(t, clock)
	e.run(e.svc)
	mustCreate(t, e, createInput("noon", "cron(0 12 * * ? *)"))
	waitPending(t, e.svc, DefaultGroup, "noon", time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC))
	waitSettled(t, e.svc)
	if n := len(e.handoffs()); n != 0 {
		t.Errorf("%d hand-offs for an occurrence before the schedule existed", n)
	}
}

func TestUniversalTargets(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	sqsIn := createInput("u-sqs", "rate(1 hour)")
	sqsIn.Target = &types.Target{Arn: aws.String("arn:aws:scheduler:::aws-sdk:sqs:sendMessage"), RoleArn: aws.String(testRole),
		Input: aws.String(`{"QueueUrl":"http://127.0.0.1:4566/000000000000/jobs","MessageBody":"tick <aws.scheduler.scheduled-time>"}`)}
	mustCreate(t, e, sqsIn)
	fnIn := createInput("u-fn", "rate(1 hour)")
	fnIn.Target = &types.Target{Arn: aws.String("arn:aws:scheduler:::aws-sdk:lambda:invoke"), RoleArn: aws.String(testRole),
		Input: aws.String(`{"FunctionName":"worker","Payload":"{\"n\":1}"}`)}
	mustCreate(t, e, fnIn)
	waitFor(t, "two hand-offs", func() bool { return len(e.handoffs()) == 2 })
	got := map[string]string{}
	for _, h := range e.handoffs() {
		got[h.Target.Arn] = string(h.Payload)
	}
	want := map[string]string{
		"arn:aws:sqs:us-east-1:000000000000:jobs":               "tick 2026-03-06T12:00:00Z",
		"arn:aws:lambda:us-east-1:000000000000:function:worker": `{"n":1}`,
	}
	for arn, p := range want {
		if got[arn] != p {
			t.Errorf("%s received %q, want %q (all: %v)", arn, got[arn], p, got)
		}
	}
}
