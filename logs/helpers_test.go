package logs

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	store *memstore.Store
	clock *eventrail.FakeClock
	svc   *Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, store: memstore.New(), clock: eventrail.NewFakeClock(t0)}
	e.restart()
	t.Cleanup(func() { e.store.Close() })
	return e
}

// restart opens a new Service on the same store, as a process restart does.
func (e *env) restart() {
	e.t.Helper()
	s, err := Open(context.Background(), Options{Store: e.store, Clock: e.clock})
	if err != nil {
		e.t.Fatalf("Open: %v", err)
	}
	e.svc = s
}

func (e *env) group(name string) {
	e.t.Helper()
	if _, err := e.svc.CreateLogGroup(context.Background(), &CreateLogGroupInput{LogGroupName: name}); err != nil {
		e.t.Fatalf("CreateLogGroup: %v", err)
	}
}

func (e *env) stream(g, name string) {
	e.t.Helper()
	if _, err := e.svc.CreateLogStream(context.Background(), &CreateLogStreamInput{LogGroupName: g, LogStreamName: name}); err != nil {
		e.t.Fatalf("CreateLogStream: %v", err)
	}
}

// put stores the messages as events at the fake clock's now, 1 ms apart.
func (e *env) put(g, st string, msgs ...string) *PutLogEventsOutput {
	e.t.Helper()
	var evs []InputLogEvent
	for i, m := range msgs {
		evs = append(evs, InputLogEvent{Timestamp: ptr(e.clock.Now().UnixMilli() + int64(i)), Message: ptr(m)})
	}
	out, err := e.svc.PutLogEvents(context.Background(), &PutLogEventsInput{LogGroupName: g, LogStreamName: st, LogEvents: evs})
	if err != nil {
		e.t.Fatalf("PutLogEvents: %v", err)
	}
	return out
}

func messages(evs []OutputLogEvent) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.Message)
	}
	return out
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	ae, ok := eventrail.AsError(err)
	if !ok {
		t.Fatalf("err = %v, want %s: %s", err, code, msg)
	}
	if ae.Code != code || (msg != "" && ae.Message != msg) {
		t.Fatalf("err = %s: %q\nwant %s: %q", ae.Code, ae.Message, code, msg)
	}
}
