package sqsquery

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/queue"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// env is a queue.Service on a memstore behind NewHandler, served on 127.0.0.1.
type env struct {
	t   *testing.T
	svc *queue.Service
	srv *httptest.Server
}

// newEnv starts a server. clock nil means the system clock.
func newEnv(t *testing.T, clock eventrail.Clock, o Options) *env {
	t.Helper()
	store := memstore.New()
	if clock == nil {
		clock = eventrail.SystemClock{}
	}
	svc, err := queue.Open(context.Background(), queue.Options{Store: store, Clock: clock})
	if err != nil {
		t.Fatalf("queue.Open: %v", err)
	}
	srv := httptest.NewServer(NewHandler(svc, o))
	t.Cleanup(func() { srv.Close(); svc.Close(); store.Close() })
	return &env{t: t, svc: svc, srv: srv}
}

// post sends a form body to path and returns the status and body.
func (e *env) post(path, body string) (int, string) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL+path, "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(body))
	if err != nil {
		e.t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read: %v", err)
	}
	return resp.StatusCode, string(b)
}

// queueURL is the URL the server gives the queue called name.
func (e *env) queueURL(name string) string { return e.srv.URL + "/000000000000/" + name }

// enc percent-encodes a parameter value.
func enc(s string) string { return url.QueryEscape(s) }
