package apidest

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

var testAccount = eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "111111111111"}

// env is a Service on a fresh memstore KV, with the rate limits it announced.
type env struct {
	s  *Service
	kv eventrail.KV

	mu    sync.Mutex
	rates map[string]float64
}

// newEnv returns a Service allowing http:// endpoints (httptest servers); edit may change the
// options first.
func newEnv(t testing.TB, edit ...func(*Options)) *env {
	t.Helper()
	store := memstore.New()
	t.Cleanup(func() { store.Close() })
	kv, err := store.KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{kv: kv, rates: map[string]float64{}}
	o := Options{Account: testAccount, KV: kv, AllowHTTP: true, OnRateLimit: e.onRate}
	for _, f := range edit {
		f(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e.s = s
	return e
}

func (e *env) onRate(arn string, perSecond float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if perSecond == 0 {
		delete(e.rates, arn)
		return
	}
	e.rates[arn] = perSecond
}

func (e *env) rate(arn string) (float64, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.rates[arn]
	return r, ok
}

var ctx = context.Background()

// basicConn creates a BASIC connection called name (user/pass) and returns its ARN.
func (e *env) basicConn(t testing.TB, name string, params *HttpParameters) string {
	t.Helper()
	out, err := e.s.CreateConnection(ctx, &CreateConnectionInput{
		Name: name, AuthorizationType: AuthBasic,
		AuthParameters: &AuthParameters{
			BasicAuthParameters:      &BasicAuthParameters{Username: "user", Password: "pass"},
			InvocationHttpParameters: params,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.ConnectionArn
}

// dest creates an API destination on connArn and returns its ARN.
func (e *env) dest(t testing.TB, name, connArn, method, endpoint string) string {
	t.Helper()
	out, err := e.s.CreateApiDestination(ctx, &CreateApiDestinationInput{
		Name: name, ConnectionArn: connArn, HttpMethod: method, InvocationEndpoint: endpoint,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.ApiDestinationArn
}

// wantErr requires err to be an *eventrail.Error with code and exactly message.
func wantErr(t testing.TB, err error, code, message string) {
	t.Helper()
	e, ok := eventrail.AsError(err)
	if !ok {
		t.Fatalf("want %s %q, got %T %v", code, message, err, err)
	}
	if e.Code != code || e.Message != message {
		t.Fatalf("got %s %q\nwant %s %q", e.Code, e.Message, code, message)
	}
}

// wire marshals v as the edge would and decodes it into a generic map.
func wire(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
