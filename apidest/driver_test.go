package apidest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// seen is one request as the target server received it.
type seen struct {
	Method, Path, Query string
	Header              http.Header
	Body                string
}

// recorder is a target server that records every request and answers with respond (200 when
// nil).
type recorder struct {
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []seen
	respond func(w http.ResponseWriter, r *http.Request)
}

func newRecorder(t testing.TB, respond func(w http.ResponseWriter, r *http.Request)) *recorder {
	rec := &recorder{respond: respond}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(body)})
		rec.mu.Unlock()
		if rec.respond != nil {
			rec.respond(w, r)
		}
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (r *recorder) all() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

// handoff returns a hand-off of an event with detail to arn carrying payload.
func handoff(arn, payload string, hp *eventrail.HttpParameters) *eventrail.Handoff {
	ev := eventrail.Event{ID: "e-1", DetailType: "Order Placed", Source: "shop", Account: "111111111111",
		Time: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), Region: "us-east-1",
		Detail: json.RawMessage(`{"id":"o-42","n":{"a":[1,2]},"s":"x y"}`)}
	return &eventrail.Handoff{EventID: "e-1", Bus: "default", Event: ev.Envelope(), Payload: []byte(payload),
		RuleName: "r", Target: eventrail.Target{Id: "t1", Arn: arn, HttpParameters: hp}}
}

func deliveryErr(t testing.TB, err error) *eventrail.DeliveryError {
	t.Helper()
	var de *eventrail.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("want *eventrail.DeliveryError, got %T %v", err, err)
	}
	return de
}

func TestDeliverBuildsTheRequest(t *testing.T) {
	e := newEnv(t)
	rec := newRecorder(t, nil)
	conn := e.basicConn(t, "c", &HttpParameters{
		HeaderParameters:      []Parameter{{Key: "X-Conn", Value: "c"}, {Key: "X-Shared", Value: "conn", IsValueSecret: true}},
		QueryStringParameters: []Parameter{{Key: "cq", Value: "1"}, {Key: "shared", Value: "conn"}},
		BodyParameters:        []Parameter{{Key: "bp", Value: "v"}, {Key: "extra", Value: "e"}},
	})
	arn := e.dest(t, "d", conn, "PATCH", rec.srv.URL+"/orders/*/items/*?fixed=1")
	hp := &eventrail.HttpParameters{
		PathParameterValues:   []string{"o 1", "$.detail.id"},
		HeaderParameters:      map[string]string{"X-Target": "t", "x-shared": "target", "X-Dyn": "$.detail.n", "User-Agent": "mine"},
		QueryStringParameters: map[string]string{"tq": "$.detail.s", "shared": "target", "fixed": "2"},
	}
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{"a":1,"bp":"old"}`, hp)); err != nil {
		t.Fatal(err)
	}
	got := rec.all()
	if len(got) != 1 {
		t.Fatalf("%d requests", len(got))
	}
	r := got[0]
	if r.Method != "PATCH" || r.Path != "/orders/o%201/items/o-42" || r.Query != "cq=1&fixed=2&shared=conn&tq=x+y" {
		t.Fatalf("request line: %s %s ? %s", r.Method, r.Path, r.Query)
	}
	if r.Body != `{"a":1,"bp":"v","extra":"e"}` {
		t.Fatalf("body %s", r.Body)
	}
	want := map[string]string{
		"User-Agent": "Amazon/EventBridge/ApiDestinations", "Content-Type": "application/json; charset=utf-8",
		"Range": "bytes=0-1048575", "Accept-Encoding": "gzip,deflate", "Authorization": "Basic dXNlcjpwYXNz",
		"X-Conn": "c", "X-Shared": "conn", "X-Target": "t", "X-Dyn": `{"a":[1,2]}`, "Content-Length": "28",
	}
	checkHeaders(t, r.Header, want)
}

// checkHeaders requires h to hold exactly want.
func checkHeaders(t testing.TB, h http.Header, want map[string]string) {
	t.Helper()
	var keys []string
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected header %s: %q", k, h[k])
		}
	}
	for k, v := range want {
		if got := h.Values(k); len(got) != 1 || got[0] != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
}

func TestDeliverFastPath(t *testing.T) {
	e := newEnv(t)
	rec := newRecorder(t, nil)
	out, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "k", AuthorizationType: AuthAPIKey,
		AuthParameters: &AuthParameters{ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "x-api-key", ApiKeyValue: "k3y"}}})
	if err != nil {
		t.Fatal(err)
	}
	arn := e.dest(t, "d", out.ConnectionArn, "PUT", rec.srv.URL+"/hook")
	payload := `{"version":"0","detail":{"ü":"\"q\""}}`
	for range 3 {
		if err := e.s.Driver().Deliver(ctx, handoff(arn, payload, nil)); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rec.all() {
		if r.Method != "PUT" || r.Path != "/hook" || r.Query != "" || r.Body != payload {
			t.Fatalf("request %+v", r)
		}
		checkHeaders(t, r.Header, map[string]string{
			"User-Agent": userAgent, "Content-Type": contentType, "Range": rangeHeader, "Accept-Encoding": acceptEncoding,
			"X-Api-Key": "k3y", "Content-Length": strconv.Itoa(len(payload)),
		})
	}
}

func TestDeliverClassifiesAnswers(t *testing.T) {
	e := newEnv(t)
	when := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/204":
			w.WriteHeader(204)
		case "/301":
			w.Header().Set("Location", "/200")
			w.WriteHeader(301)
		case "/429":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
		case "/503":
			w.Header().Set("Retry-After", when)
			w.WriteHeader(503)
		case "/500neg":
			w.Header().Set("Retry-After", "-1")
			w.WriteHeader(500)
		case "/400":
			w.WriteHeader(400)
			io.WriteString(w, "bad input\n")
		case "/401":
			w.WriteHeader(401)
		case "/404":
			w.WriteHeader(404)
		}
	})
	conn := e.basicConn(t, "c", nil)
	cases := []struct {
		path      string
		code      string
		retryable bool
		after     time.Duration // -1: any positive value below 91 s
	}{
		{"/200", "", false, 0},
		{"/204", "", false, 0},
		{"/301", "HTTP_301", false, 0},
		{"/400", "HTTP_400", false, 0},
		{"/401", "HTTP_401", false, 0},
		{"/404", "HTTP_404", false, 0},
		{"/429", "HTTP_429", true, 7 * time.Second},
		{"/503", "HTTP_503", true, -1},
		{"/500neg", "HTTP_500", true, -time.Second},
	}
	for i, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			arn := e.dest(t, "d"+string(rune('a'+i)), conn, "POST", rec.srv.URL+tc.path)
			err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil))
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			de := deliveryErr(t, err)
			if de.Code != tc.code || de.Retryable != tc.retryable {
				t.Fatalf("got %+v", de)
			}
			switch {
			case tc.after == -1 && (de.RetryAfter <= 80*time.Second || de.RetryAfter > 91*time.Second):
				t.Fatalf("RetryAfter %v from an HTTP date 90 s ahead", de.RetryAfter)
			case tc.after != -1 && de.RetryAfter != tc.after:
				t.Fatalf("RetryAfter %v, want %v", de.RetryAfter, tc.after)
			}
			if tc.path == "/400" && de.Message != "The API destination answered HTTP 400 Bad Request: bad input" {
				t.Fatalf("message %q", de.Message)
			}
		})
	}
	n200 := 0
	for _, r := range rec.all() {
		if r.Path == "/200" {
			n200++
		}
	}
	if n200 != 1 {
		t.Fatalf("/200 requested %d times: a 301 was followed", n200)
	}
}

func TestDeliverTimeoutAndBrokenConnections(t *testing.T) {
	e := newEnv(t)
	release := make(chan struct{})
	defer close(release)
	slow := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	closing := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
	})
	hangup := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	conn := e.basicConn(t, "c", nil)
	slowArn := e.dest(t, "slow", conn, "POST", slow.srv.URL+"/")
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	de := deliveryErr(t, e.s.Driver().Deliver(tctx, handoff(slowArn, `{}`, nil)))
	if de.Code != "TIMEOUT" || !de.Retryable || time.Since(start) > 3*time.Second {
		t.Fatalf("slow target: %+v after %v", de, time.Since(start))
	}

	closeArn := e.dest(t, "closing", conn, "POST", closing.srv.URL+"/")
	for i := range 30 {
		if err := e.s.Driver().Deliver(ctx, handoff(closeArn, `{"i":1}`, nil)); err != nil {
			t.Fatalf("delivery %d to a server closing every connection: %v", i, err)
		}
	}
	if n := len(closing.all()); n != 30 {
		t.Fatalf("closing server saw %d requests", n)
	}

	hangArn := e.dest(t, "hangup", conn, "POST", hangup.srv.URL+"/")
	de = deliveryErr(t, e.s.Driver().Deliver(ctx, handoff(hangArn, `{}`, nil)))
	if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable {
		t.Fatalf("hang-up: %+v", de)
	}

	srv := httptest.NewServer(http.NotFoundHandler())
	deadArn := e.dest(t, "dead", conn, "POST", srv.URL+"/")
	srv.Close()
	de = deliveryErr(t, e.s.Driver().Deliver(ctx, handoff(deadArn, `{}`, nil)))
	if de.Code != "SDK_CLIENT_ERROR" || !de.Retryable {
		t.Fatalf("refused connection: %+v", de)
	}
}

func TestDeliverMissingOrDeauthorized(t *testing.T) {
	e := newEnv(t)
	rec := newRecorder(t, nil)
	conn := e.basicConn(t, "c", nil)
	arn := e.dest(t, "d", conn, "POST", rec.srv.URL+"/")
	drv := e.s.Driver()
	if err := drv.Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, arn, code, msg string
	}{
		{"unknown", strings.Replace(arn, "/d/", "/nope/", 1), "NO_RESOURCE", "An api-destination 'nope' does not exist."},
		{"other incarnation", arn[:len(arn)-4] + "ffff", "NO_RESOURCE", "An api-destination 'd' does not exist."},
		{"not a destination", "arn:aws:events:us-east-1:111111111111:rule/x", "NO_RESOURCE", "Target ARN arn:aws:events:us-east-1:111111111111:rule/x is not a valid api-destination ARN."},
	}
	for _, tc := range cases {
		de := deliveryErr(t, drv.Deliver(ctx, handoff(tc.arn, `{}`, nil)))
		if de.Code != tc.code || de.Retryable || de.Message != tc.msg {
			t.Errorf("%s: %+v", tc.name, de)
		}
	}
	if _, err := e.s.DeauthorizeConnection(ctx, &DeauthorizeConnectionInput{Name: "c"}); err != nil {
		t.Fatal(err)
	}
	de := deliveryErr(t, drv.Deliver(ctx, handoff(arn, `{}`, nil)))
	if de.Code != "NO_PERMISSIONS" || de.Retryable {
		t.Fatalf("deauthorized: %+v", de)
	}
	if _, err := e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: "c"}); err != nil {
		t.Fatal(err)
	}
	de = deliveryErr(t, drv.Deliver(ctx, handoff(arn, `{}`, nil)))
	if de.Code != "NO_RESOURCE" || de.Retryable || de.Message != "Connection 'c' of api-destination 'd' does not exist." {
		t.Fatalf("connection deleted: %+v", de)
	}
	if _, err := e.s.DeleteApiDestination(ctx, &DeleteApiDestinationInput{Name: "d"}); err != nil {
		t.Fatal(err)
	}
	de = deliveryErr(t, drv.Deliver(ctx, handoff(arn, `{}`, nil)))
	if de.Code != "NO_RESOURCE" || de.Retryable {
		t.Fatalf("destination deleted: %+v", de)
	}
	if n := len(rec.all()); n != 1 {
		t.Fatalf("target saw %d requests, want 1", n)
	}
}

func TestDeliverSanitizesTargetHeaders(t *testing.T) {
	e := newEnv(t)
	rec := newRecorder(t, nil)
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", rec.srv.URL+"/")
	ev := handoff(arn, `{}`, &eventrail.HttpParameters{HeaderParameters: map[string]string{
		"Bad Name": "x", "X-Multi": "$.detail.text", "X-Missing": "$.detail.nope", "X-Num": "$.detail.n.a.1",
	}})
	ev.Event = []byte(`{"detail":{"text":"line1\nline2\r\u0000end","n":{"a":[1,2.50]}}}`)
	if err := e.s.Driver().Deliver(ctx, ev); err != nil {
		t.Fatal(err)
	}
	h := rec.all()[0].Header
	if _, ok := h["Bad Name"]; ok {
		t.Fatal("invalid header name sent")
	}
	if got := h.Get("X-Multi"); got != "line1 line2  end" {
		t.Fatalf("X-Multi %q", got)
	}
	if got, ok := h["X-Missing"]; !ok || got[0] != "" {
		t.Fatalf("X-Missing %q %v", got, ok)
	}
	if got := h.Get("X-Num"); got != "2.50" {
		t.Fatalf("X-Num %q (the number's text is kept)", got)
	}
}
