package schedulerapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
)

// rawCall sends an unsigned REST call to a service without credentials configured.
func rawCall(t *testing.T, url, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	// Sign-less requests need a scheduler scope to be routed: the REST routes match by path.
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, resp.Header, m
}

// TestWireValidation sends bodies the SDK would refuse to send: missing required members and
// malformed JSON, and checks the REST-JSON error form.
func TestWireValidation(t *testing.T) {
	e := newUnsignedEnv(t)
	cases := []struct {
		method, path, body string
		status             int
		code, msg          string
	}{
		{"POST", "/schedules/a", `{}`, 400, "ValidationException",
			"3 validation errors detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'scheduleExpression' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'target' failed to satisfy constraint: Member must not be null"},
		{"POST", "/schedules/a", `{"ScheduleExpression":"rate(1 hour)","FlexibleTimeWindow":{},"Target":{}}`, 400, "ValidationException",
			"3 validation errors detected: Value null at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'target.arn' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'target.roleArn' failed to satisfy constraint: Member must not be null"},
		{"POST", "/schedules/a", `{"ScheduleExpression":"","FlexibleTimeWindow":{"Mode":"OFF"},"Target":{"Arn":"x","RoleArn":"arn:aws:iam::000000000000:role/r","Input":""}}`, 400, "ValidationException",
			"2 validation errors detected: Value '' at 'scheduleExpression' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
				"Value '' at 'target.input' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"POST", "/schedules/a", `{"ScheduleExpression":`, 400, "SerializationException", ""},
		{"POST", "/schedules/a", `{"ScheduleExpression":"rate(1 hour)","FlexibleTimeWindow":{"Mode":"OFF","MaximumWindowInMinutes":5},"Target":{"Arn":"x","RoleArn":"arn:aws:iam::000000000000:role/r"}}`,
			400, "ValidationException", "MaximumWindowInMinutes must not be provided when Mode is OFF."},
		{"POST", "/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A000000000000%3Aschedule-group%2Fdefault", `{}`, 400, "ValidationException",
			"1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"},
		{"DELETE", "/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A000000000000%3Aschedule-group%2Fdefault", ``, 400, "ValidationException",
			"1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"},
		{"GET", "/schedules?MaxResults=abc", ``, 400, "ValidationException",
			"1 validation error detected: Value 'abc' at 'maxResults' failed to satisfy constraint: Member must be a number"},
		{"GET", "/schedules?State=ON", ``, 400, "ValidationException",
			"1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"},
		{"GET", "/schedules?NextToken=%21%21", ``, 400, "ValidationException",
			"1 validation error detected: Value '!!' at 'nextToken' failed to satisfy constraint: Member must be a token returned by a previous call"},
		{"GET", "/schedules/x?groupName=bad%20group", ``, 400, "ValidationException",
			"1 validation error detected: Value 'bad group' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$"},
		{"DELETE", "/schedules/x?clientToken=no%20spaces", ``, 400, "ValidationException",
			"1 validation error detected: Value 'no spaces' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]+$"},
	}
	for _, c := range cases {
		status, hdr, body := rawCall(t, e.url, c.method, c.path, c.body)
		if status != c.status || hdr.Get("X-Amzn-ErrorType") != c.code || (c.msg != "" && body["Message"] != c.msg) {
			t.Errorf("%s %s %s = %d %s %v, want %d %s %q", c.method, c.path, c.body, status, hdr.Get("X-Amzn-ErrorType"), body["Message"], c.status, c.code, c.msg)
		}
	}
}

// newUnsignedEnv is an env whose edge requires no signature (raw HTTP tests).
func newUnsignedEnv(t *testing.T) *env {
	e := newEnv(t, eventrail.SystemClock{})
	srv := newUnsignedServer(t, e.svc)
	e.url = srv
	return e
}

func TestGroupQuota(t *testing.T) {
	e := newEnv(t, eventrail.SystemClock{})
	ctx := context.Background()
	for i := range MaxGroups - 1 { // "default" is the first
		if _, err := e.svc.createGroup(ctx, groupRequest("g"+itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.svc.createGroup(ctx, groupRequest("one-too-many"))
	if !eventrail.HasCode(err, CodeServiceQuotaExceeded) || statusByCode[CodeServiceQuotaExceeded] != 402 {
		t.Fatalf("group %d: %v", MaxGroups+1, err)
	}
	if _, _, err := e.svc.getGroup(ctx, "one-too-many"); err == nil {
		t.Errorf("the refused group was kept")
	}
}

func TestRecurringClaimsArePruned(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	e.run(e.svc)
	in := createInput("hourly", "rate(1 hour)")
	mustCreate(t, e, in)
	once := createInput("once", atExpr(t0.Add(30*time.Minute)))
	mustCreate(t, e, once)
	for range 40 {
		fireNext(t, e, clock, "hourly")
	}
	waitSettled(t, e.svc)
	waitFor(t, "old slot parts compacted", func() bool {
		parts, _ := e.kv.List(context.Background(), slotPrefix)
		return len(parts) <= 28
	})
	parts, _ := e.kv.List(context.Background(), slotPrefix)
	if len(parts) < 25 {
		t.Errorf("%d slot parts kept after 41 hourly occurrences, want about 26 (CatchUpWindow + 1 h) plus the one-time one", len(parts))
	}
	// The one-time occurrence (40 h old) is still recorded: a restart must not fire it again.
	onceID := occurrenceID(e.uid(t, "once"), t0.Add(30*time.Minute))
	found := false
	for _, p := range parts {
		c, err := decodeClaim(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range c.ids() {
			found = found || id == onceID
		}
	}
	if !found {
		t.Errorf("the one-time occurrence was pruned from the slot claims")
	}
}

// newUnsignedServer serves svc's routes without authentication and returns its URL.
func newUnsignedServer(t *testing.T, svc *Service) string {
	h, err := awsjson.NewHandler(awsjson.Options{REST: svc.Routes()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func groupRequest(name string) *awsjson.RESTRequest {
	return &awsjson.RESTRequest{Params: map[string]string{"Name": name}, Body: []byte(`{}`)}
}
