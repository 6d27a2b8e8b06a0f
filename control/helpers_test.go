package control

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

// recordingIngester stores what Ingest receives; failWith makes it fail.
type recordingIngester struct {
	mu       sync.Mutex
	calls    int
	events   []eventrail.Event
	failWith error
}

func (r *recordingIngester) Ingest(_ context.Context, evs []eventrail.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failWith != nil {
		return r.failWith
	}
	r.calls++
	r.events = append(r.events, evs...)
	return nil
}

// reset forgets the events recorded so far (long fuzz runs would otherwise grow without bound).
func (r *recordingIngester) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = nil
}

func (r *recordingIngester) snapshot() (int, []eventrail.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, append([]eventrail.Event(nil), r.events...)
}

var testAccount = eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "111111111111"}

var testNow = time.Date(2026, 8, 7, 12, 34, 56, 0, time.UTC)

// testEnv is a Service on a fresh memstore KV.
type testEnv struct {
	s   *Service
	kv  eventrail.KV
	ing *recordingIngester
	clk *eventrail.FakeClock
}

func newEnv(t testing.TB, edit ...func(*Options)) *testEnv {
	t.Helper()
	st := memstore.New()
	t.Cleanup(func() { st.Close() })
	kv, err := st.KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, kv, edit...)
}

func newEnvOn(t testing.TB, kv eventrail.KV, edit ...func(*Options)) *testEnv {
	t.Helper()
	ing := &recordingIngester{}
	clk := eventrail.NewFakeClock(testNow)
	o := Options{Account: testAccount, KV: kv, Ingester: ing, Clock: clk}
	for _, e := range edit {
		e(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{s: s, kv: kv, ing: ing, clk: clk}
}

var ctx = context.Background()

// mustOK fails the test on err.
func mustOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantErr checks that err is an *eventrail.Error with this code and message.
func wantErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	e, ok := eventrail.AsError(err)
	if !ok {
		t.Fatalf("got %v, want %s: %s", err, code, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("got\n  %s: %s\nwant\n  %s: %s", e.Code, e.Message, code, msg)
	}
}

func ptr[T any](v T) *T { return &v }

// toJSON renders an output as the edge would.
func toJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testPattern is the pattern the conformance suites put on their rules.
const testPattern = `{"source": ["core.update-account-command"], "detail-type": ["core.update-account-command"], "detail": {"command": ["update-account"]}}`

func (e *testEnv) bus(t testing.TB, name string) {
	t.Helper()
	_, err := e.s.CreateEventBus(ctx, &CreateEventBusInput{Name: name})
	mustOK(t, err)
}

func (e *testEnv) rule(t testing.TB, bus, name string) string {
	t.Helper()
	out, err := e.s.PutRule(ctx, &PutRuleInput{Name: name, EventBusName: bus, EventPattern: testPattern})
	mustOK(t, err)
	return out.RuleArn
}

const queueArn = "arn:aws:sqs:us-east-1:111111111111:q1"

// wantErrPrefix is wantErr for messages that may continue after msg on a new line (the
// Jackson location of InvalidEventPatternException).
func wantErrPrefix(t testing.TB, err error, code, msg string) {
	t.Helper()
	e, ok := eventrail.AsError(err)
	if ok && e.Code == code && (e.Message == msg || strings.HasPrefix(e.Message, msg+"\n")) {
		return
	}
	t.Fatalf("got %v, want %s: %s", err, code, msg)
}
