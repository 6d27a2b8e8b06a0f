package apidest

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
)

// wireRequest is a request as a target server parsed it.
type wireRequest struct {
	Method, RequestURI, Host, Proto string
	Header                          http.Header
	Body                            string
}

// capture is a raw target that records every request and answers 204.
type capture struct {
	*rawServer
	mu   sync.Mutex
	reqs []wireRequest
}

func newCapture(t testing.TB) *capture {
	c := &capture{}
	c.rawServer = newRawServer(t, func(_ int32, r *http.Request) (string, bool) {
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.reqs = append(c.reqs, wireRequest{r.Method, r.RequestURI, r.Host, r.Proto, r.Header.Clone(), string(b)})
		c.mu.Unlock()
		return "HTTP/1.1 204 No Content\r\n\r\n", false
	})
	return c
}

func (c *capture) last(t testing.TB) wireRequest {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.reqs) == 0 {
		t.Fatal("no request arrived")
	}
	return c.reqs[len(c.reqs)-1]
}

// TestLeanWireMatchesNetHTTP sends the same invocations through the lean client and through
// net/http's Transport and requires the target to receive the same request line, Host,
// headers and body from both.
func TestLeanWireMatchesNetHTTP(t *testing.T) {
	params := &eventrail.HttpParameters{
		PathParameterValues:   []string{"o 1", "$.detail.id"},
		HeaderParameters:      map[string]string{"X-Target": " padded\t", "Content-Type": "text/plain", "X-Dyn": "$.detail.n", "User-Agent": "mine", "X-Multi": "$.detail.s"},
		QueryStringParameters: map[string]string{"tq": "$.detail.s", "shared": "target"},
	}
	connParams := &HttpParameters{
		HeaderParameters:      []Parameter{{Key: "X-Conn", Value: "c"}, {Key: "x-lower", Value: "v"}},
		QueryStringParameters: []Parameter{{Key: "cq", Value: "1"}, {Key: "shared", Value: "conn"}},
		BodyParameters:        []Parameter{{Key: "bp", Value: "v"}},
	}
	cases := []struct {
		name, method, path, payload string
		conn                        string // basic, apikey, params, oauth
		hp                          *eventrail.HttpParameters
	}{
		{"post", "POST", "/in", benchPayload, "basic", nil},
		{"post empty", "POST", "/in", "", "basic", nil},
		{"get empty", "GET", "/in?fixed=1", "", "apikey", nil},
		{"get with body", "GET", "/in", `{"a":1}`, "apikey", nil},
		{"head", "HEAD", "/h", "", "basic", nil},
		{"delete empty", "DELETE", "/d", "", "basic", nil},
		{"options", "OPTIONS", "/o", "", "basic", nil},
		{"put", "PUT", "/p", `"text"`, "apikey", nil},
		{"patch", "PATCH", "/orders/*/items/*?fixed=1", `{"a":1,"bp":"old"}`, "params", params},
		{"escaped path", "POST", "/a%2Fb/c%20d?x=%41", `{}`, "params", nil},
		{"no path", "POST", "", `{}`, "basic", nil},
		{"oauth", "POST", "/in", `{"o":1}`, "oauth", nil},
		{"oauth with params", "POST", "/x/*", `{"o":1}`, "oauth", params},
	}
	lean, nethttp := newEnv(t), newEnv(t, func(o *Options) { o.HTTPClient = NewHTTPClient() })
	conns := map[*env]map[string]string{}
	for _, e := range []*env{lean, nethttp} {
		out, err := e.s.CreateConnection(ctx, &CreateConnectionInput{Name: "k", AuthorizationType: AuthAPIKey,
			AuthParameters: &AuthParameters{ApiKeyAuthParameters: &ApiKeyAuthParameters{ApiKeyName: "x-api-key", ApiKeyValue: "k3y"}}})
		if err != nil {
			t.Fatal(err)
		}
		conns[e] = map[string]string{"basic": e.basicConn(t, "b", nil), "apikey": out.ConnectionArn,
			"params": e.basicConn(t, "p", connParams), "oauth": e.oauthConn(t, "o", newTokenServer(t, 3600, 0))}
		waitFor(t, "the OAuth connection", func() bool { return e.connState(t, "o") == StateAuthorized })
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]wireRequest
			for j, e := range []*env{lean, nethttp} {
				srv := newCapture(t)
				arn := e.dest(t, fmt.Sprintf("d%d", i), conns[e][tc.conn], tc.method, srv.url+tc.path)
				if err := e.s.Driver().Deliver(ctx, handoff(arn, tc.payload, tc.hp)); err != nil {
					t.Fatal(err)
				}
				if want := e == lean; e.usesLean(t, arn) != want {
					t.Fatalf("lean client used: %v, want %v", !want, want)
				}
				got[j] = srv.last(t)
				if got[j].Host != srv.ln.Addr().String() {
					t.Fatalf("Host %q, want %q", got[j].Host, srv.ln.Addr().String())
				}
				got[j].Host = "" // the two servers differ in port only
			}
			if !reflect.DeepEqual(got[0], got[1]) {
				t.Fatalf("lean client sent\n%+v\nnet/http sent\n%+v", got[0], got[1])
			}
		})
	}
}
