package apidest

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// tokenServer is an OAuth token endpoint handing out tok-1, tok-2, ... with expiresIn seconds
// of validity; status, when not 200, refuses every request.
type tokenServer struct {
	*recorder
	issued    atomic.Int32
	status    atomic.Int32
	expiresIn int
	delay     time.Duration
}

func newTokenServer(t testing.TB, expiresIn int, delay time.Duration) *tokenServer {
	ts := &tokenServer{expiresIn: expiresIn, delay: delay}
	ts.status.Store(200)
	ts.recorder = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(ts.delay)
		if s := int(ts.status.Load()); s != 200 {
			w.WriteHeader(s)
			return
		}
		n := ts.issued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":%d}`, n, ts.expiresIn)
	})
	return ts
}

// oauthConn creates an OAuth connection on ts and returns its ARN.
func (e *env) oauthConn(t testing.TB, name string, ts *tokenServer) string {
	t.Helper()
	out, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: name, AuthorizationType: AuthOAuth,
		AuthParameters: &AuthParameters{OAuthParameters: &OAuthParameters{
			ClientParameters:      &ClientParameters{ClientID: "id", ClientSecret: "s3cret"},
			AuthorizationEndpoint: ts.srv.URL + "/oauth/token?aud=x",
			HttpMethod:            "POST",
			OAuthHttpParameters: &HttpParameters{
				HeaderParameters:      []Parameter{{Key: "X-Tenant", Value: "t1"}},
				QueryStringParameters: []Parameter{{Key: "realm", Value: "r"}},
				BodyParameters:        []Parameter{{Key: "scope", Value: "read write"}},
			},
		}}})
	if err != nil {
		t.Fatal(err)
	}
	if out.ConnectionState != StateAuthorizing {
		t.Fatalf("new OAuth connection is %s", out.ConnectionState)
	}
	return out.ConnectionArn
}

func (e *env) connState(t testing.TB, name string) string {
	t.Helper()
	d, err := e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return d.ConnectionState
}

// TestOAuthTokenFetchCacheAndRefresh: a token is fetched once and shared, dropped after a
// 401/407 and replaced before it expires, through Deliver and through DeliverBefore (which
// uses a cached token without a context of its own, and fetches as Deliver does).
func TestOAuthTokenFetchCacheAndRefresh(t *testing.T) {
	run, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, via := range []struct {
		name    string
		deliver func(*Driver, *eventrail.Handoff) error
	}{
		{"Deliver", func(d *Driver, h *eventrail.Handoff) error { return d.Deliver(ctx, h) }},
		{"DeliverBefore", func(d *Driver, h *eventrail.Handoff) error {
			return d.DeliverBefore(run, h, time.Now().Add(InvocationTimeout))
		}},
	} {
		t.Run(via.name, func(t *testing.T) { testOAuthTokenFetchCacheAndRefresh(t, via.deliver) })
	}
}

func testOAuthTokenFetchCacheAndRefresh(t *testing.T, deliver func(*Driver, *eventrail.Handoff) error) {
	clock := eventrail.NewFakeClock(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, func(o *Options) { o.Clock = clock })
	ts := newTokenServer(t, 120, 0)
	var refuseOnce atomic.Int32 // a status to answer once
	target := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if s := refuseOnce.Swap(0); s != 0 {
			w.WriteHeader(int(s))
		}
	})
	conn := e.oauthConn(t, "o", ts)
	waitFor(t, "AUTHORIZED", func() bool { return e.connState(t, "o") == StateAuthorized })
	got := ts.all()
	if len(got) != 1 {
		t.Fatalf("%d token requests after create", len(got))
	}
	tr := got[0]
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("id:s3cret"))
	if tr.Method != "POST" || tr.Path != "/oauth/token" || tr.Query != "aud=x&realm=r" ||
		tr.Body != "grant_type=client_credentials&scope=read+write" ||
		tr.Header.Get("Authorization") != basic || tr.Header.Get("X-Tenant") != "t1" ||
		tr.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("token request %+v", tr)
	}
	arn := e.dest(t, "d", conn, "POST", target.srv.URL+"/in")
	if d, _ := e.s.DescribeApiDestination(ctx, &DescribeApiDestinationInput{Name: "d"}); d.ApiDestinationState != DestinationActive {
		t.Fatalf("destination on an authorized OAuth connection is %s", d.ApiDestinationState)
	}
	drv := e.s.Driver()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := deliver(drv, handoff(arn, `{}`, nil)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	bearers := func(from int) []string {
		var out []string
		for _, r := range target.all()[from:] {
			out = append(out, r.Header.Get("Authorization"))
		}
		return out
	}
	for _, b := range bearers(0) {
		if b != "Bearer tok-1" {
			t.Fatalf("invocation carried %q", b)
		}
	}
	if n := ts.issued.Load(); n != 1 {
		t.Fatalf("%d tokens issued for 20 invocations with a cached token", n)
	}

	// A 401 from the target drops the cached token: retryable, and the next attempt fetches.
	refuseOnce.Store(401)
	de := deliveryErr(t, deliver(drv, handoff(arn, `{}`, nil)))
	if de.Code != "HTTP_401" || !de.Retryable {
		t.Fatalf("401 with a cached token: %+v", de)
	}
	if err := deliver(drv, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	if b := bearers(20); len(b) != 2 || b[0] != "Bearer tok-1" || b[1] != "Bearer tok-2" || ts.issued.Load() != 2 {
		t.Fatalf("after 401: %q, %d issued", b, ts.issued.Load())
	}
	// A token expiring within 60 s is replaced before use.
	clock.Advance(59 * time.Second)
	if err := deliver(drv, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	if ts.issued.Load() != 2 {
		t.Fatal("token replaced while valid for 61 s more")
	}
	clock.Advance(2 * time.Second)
	if err := deliver(drv, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	if b := bearers(23); len(b) != 1 || b[0] != "Bearer tok-3" {
		t.Fatalf("after expiry: %q", b)
	}
	// A 407 right after a fresh fetch is not retryable, and drops that token too.
	refuseOnce.Store(407)
	clock.Advance(time.Hour)
	de = deliveryErr(t, deliver(drv, handoff(arn, `{}`, nil)))
	if de.Code != "HTTP_407" || de.Retryable || ts.issued.Load() != 4 {
		t.Fatalf("407 with a fresh token: %+v (%d issued)", de, ts.issued.Load())
	}
	if err := deliver(drv, handoff(arn, `{}`, nil)); err != nil || ts.issued.Load() != 5 {
		t.Fatalf("after 407: %v, %d issued", err, ts.issued.Load())
	}
}

func TestOAuthConcurrentInvocationsShareOneFetch(t *testing.T) {
	e := newEnv(t)
	ts := newTokenServer(t, 3600, 50*time.Millisecond)
	target := newRecorder(t, nil)
	ts.status.Store(503) // the background authorization fails: nothing cached
	conn := e.oauthConn(t, "o", ts)
	arn := e.dest(t, "d", conn, "POST", target.srv.URL+"/")
	e.s.wg.Wait() // the background authorization is over
	if len(ts.all()) != 1 {
		t.Fatalf("%d token requests", len(ts.all()))
	}
	if s := e.connState(t, "o"); s != StateAuthorizing {
		t.Fatalf("a 503 from the token endpoint changed the state to %s", s)
	}
	ts.status.Store(200)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := ts.issued.Load(); n != 1 {
		t.Fatalf("%d tokens fetched for 16 concurrent invocations", n)
	}
	if n := len(target.all()); n != 16 {
		t.Fatalf("target saw %d invocations", n)
	}
	waitFor(t, "AUTHORIZED", func() bool { return e.connState(t, "o") == StateAuthorized })
}

func TestOAuthRefusedDeauthorizes(t *testing.T) {
	e := newEnv(t)
	ts := newTokenServer(t, 3600, 0)
	ts.status.Store(401)
	conn := e.oauthConn(t, "o", ts)
	waitFor(t, "DEAUTHORIZED", func() bool { return e.connState(t, "o") == StateDeauthorized })
	d, _ := e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "o"})
	if d.StateReason != "authorization endpoint answered 401 Unauthorized" {
		t.Fatalf("StateReason %q", d.StateReason)
	}
	target := newRecorder(t, nil)
	arn := e.dest(t, "d", conn, "POST", target.srv.URL+"/")
	de := deliveryErr(t, e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)))
	if de.Code != "NO_PERMISSIONS" || de.Retryable {
		t.Fatalf("refused token: %+v", de)
	}
	// Fixing the credentials re-authorizes.
	ts.status.Store(200)
	up, err := e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "o", AuthParameters: &AuthParameters{
		OAuthParameters: &OAuthParameters{ClientParameters: &ClientParameters{ClientSecret: "fixed"}}}})
	if err != nil || up.ConnectionState != StateAuthorizing {
		t.Fatalf("update: %+v %v", up, err)
	}
	waitFor(t, "AUTHORIZED", func() bool { return e.connState(t, "o") == StateAuthorized })
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	last := ts.all()[len(ts.all())-1]
	if last.Header.Get("Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte("id:fixed")) {
		t.Fatalf("token request after update: %q", last.Header.Get("Authorization"))
	}
	if len(target.all()) != 1 {
		t.Fatal("target not invoked after re-authorization")
	}
}

func TestOAuthUpdateWithSameCredentials(t *testing.T) {
	e := newEnv(t)
	ts := newTokenServer(t, 3600, 0)
	e.oauthConn(t, "o", ts)
	waitFor(t, "AUTHORIZED", func() bool { return e.connState(t, "o") == StateAuthorized })
	up, err := e.s.UpdateConnection(ctx, &UpdateConnectionInput{Name: "o", AuthParameters: &AuthParameters{
		OAuthParameters: &OAuthParameters{HttpMethod: "POST"}}})
	if err != nil || up.ConnectionState != StateAuthorizing {
		t.Fatalf("update: %+v %v", up, err)
	}
	waitFor(t, "AUTHORIZED again", func() bool { return e.connState(t, "o") == StateAuthorized })
	if n := ts.issued.Load(); n != 1 {
		t.Fatalf("%d tokens issued; the cached one was still good", n)
	}
}
