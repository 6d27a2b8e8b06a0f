package schedulerapi

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/memstore"
)

const (
	testAKID   = "AKIDSCHEDULERTEST"
	testSecret = "scheduler-test-secret"
	testRole   = "arn:aws:iam::000000000000:role/scheduler"
	testQueue  = "arn:aws:sqs:us-east-1:000000000000:jobs"
)

// env is one Scheduler service on memstore, served on 127.0.0.1 with SigV4 on.
type env struct {
	t      testing.TB
	kv     eventrail.KV
	log    eventrail.Log
	clock  eventrail.Clock
	svc    *Service
	client *scheduler.Client
	url    string
}

func newEnv(t testing.TB, clock eventrail.Clock) *env {
	t.Helper()
	st := memstore.NewWithClock(clock)
	t.Cleanup(func() { st.Close() })
	return newEnvOn(t, st, clock)
}

// newEnvOn is newEnv on any store.
func newEnvOn(t testing.TB, st eventrail.Store, clock eventrail.Clock) *env {
	t.Helper()
	ctx := context.Background()
	kv, err := st.KV(ctx, "scheduler")
	if err != nil {
		t.Fatal(err)
	}
	log, err := st.Log(ctx, "handoff", eventrail.LogOptions{WorkQueue: true})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, kv: kv, log: log, clock: clock}
	e.svc = e.newService()
	h, err := awsjson.NewHandler(awsjson.Options{REST: e.svc.Routes(), Credentials: map[string]string{testAKID: testSecret},
		Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	e.client = scheduler.NewFromConfig(aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(testAKID, testSecret, ""),
		BaseEndpoint:     aws.String(srv.URL),
		RetryMaxAttempts: 1,
	})
	return e
}

// newService returns another Service on the same store (a second process or a restart).
func (e *env) newService() *Service {
	svc, err := New(Options{Account: eventrail.DefaultAccount, KV: e.kv, HandoffLog: e.log, Clock: e.clock})
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// run starts svc.Run and stops it at cleanup (or when the returned cancel is called).
func (e *env) run(svc *Service) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				e.t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			e.t.Errorf("Run did not return")
		}
	}
	stopped := false
	e.t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return func() { stopped = true; stop() }
}

// handoffs returns every hand-off in the log so far.
func (e *env) handoffs() []eventrail.Handoff {
	recs, err := e.log.Read(context.Background(), 0, "", 1<<30)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []eventrail.Handoff
	for _, r := range recs {
		var hs []eventrail.Handoff
		if err := json.Unmarshal(r.Data, &hs); err != nil {
			e.t.Fatalf("record %s: %v", r.Key, err)
		}
		out = append(out, hs...)
	}
	return out
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	waitForWithin(t, 10*time.Second, what, cond)
}

// waitForWithin is waitFor with its own deadline.
func waitForWithin(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitPending waits until svc's runner has the schedule pending at fireAt.
func waitPending(t testing.TB, svc *Service, group, name string, at time.Time) {
	t.Helper()
	waitFor(t, "pending "+name+" at "+at.String(), func() bool {
		got, ok := svc.rt.pending(scheduleKey(group, name))
		return ok && got.Equal(at)
	})
}

func createInput(name, expr string) *scheduler.CreateScheduleInput {
	return &scheduler.CreateScheduleInput{
		Name:               aws.String(name),
		ScheduleExpression: aws.String(expr),
		FlexibleTimeWindow: &types.FlexibleTimeWindow{Mode: "OFF"},
		Target:             &types.Target{Arn: aws.String(testQueue), RoleArn: aws.String(testRole)},
	}
}
