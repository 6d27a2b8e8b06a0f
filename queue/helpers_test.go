package queue

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// env is a Service on a memstore, with a fake clock unless real is asked for.
type env struct {
	t     *testing.T
	store *memstore.Store
	clock *eventrail.FakeClock
	svc   *Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, store: memstore.New(), clock: eventrail.NewFakeClock(t0)}
	e.svc = e.open(e.clock)
	t.Cleanup(func() { e.svc.Close(); e.store.Close() })
	return e
}

// newRealEnv uses the system clock (long-poll latency tests).
func newRealEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, store: memstore.New()}
	e.svc = e.open(eventrail.SystemClock{})
	t.Cleanup(func() { e.svc.Close(); e.store.Close() })
	return e
}

func (e *env) open(clock eventrail.Clock) *Service {
	e.t.Helper()
	s, err := Open(context.Background(), Options{Store: e.store, Clock: clock, BaseURL: "http://q.test"})
	if err != nil {
		e.t.Fatalf("Open: %v", err)
	}
	return s
}

// restart closes the service and opens a new one on the same store, as a process restart.
func (e *env) restart() {
	e.t.Helper()
	e.svc.Close()
	var clock eventrail.Clock = eventrail.SystemClock{}
	if e.clock != nil {
		clock = e.clock
	}
	e.svc = e.open(clock)
}

func (e *env) create(name string, attrs map[string]string) string {
	e.t.Helper()
	out, err := e.svc.CreateQueue(context.Background(), &CreateQueueInput{QueueName: name, Attributes: attrs})
	if err != nil {
		e.t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return out.QueueUrl
}

func (e *env) send(url, body string) *SendMessageOutput {
	e.t.Helper()
	out, err := e.svc.SendMessage(context.Background(), &SendMessageInput{QueueUrl: url, MessageBody: &body})
	if err != nil {
		e.t.Fatalf("SendMessage: %v", err)
	}
	return out
}

func (e *env) receive(in *ReceiveMessageInput) []Message {
	e.t.Helper()
	out, err := e.svc.ReceiveMessage(context.Background(), in)
	if err != nil {
		e.t.Fatalf("ReceiveMessage: %v", err)
	}
	return out.Messages
}

func (e *env) attrs(url string) map[string]string {
	e.t.Helper()
	out, err := e.svc.GetQueueAttributes(context.Background(), &GetQueueAttributesInput{QueueUrl: url, AttributeNames: []string{"All"}})
	if err != nil {
		e.t.Fatalf("GetQueueAttributes: %v", err)
	}
	return out.Attributes
}

func ptr[T any](v T) *T { return &v }

// wantErr checks that err is an *eventrail.Error with code and message.
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
