package apidest

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer is a target on 127.0.0.1 that reads HTTP requests and answers each with the bytes
// its script returns; it counts the connections it accepted and the requests it read.
type rawServer struct {
	ln       net.Listener
	url      string
	conns    atomic.Int32
	requests atomic.Int32
	closed   atomic.Int32 // connections the server closed after an answer
	ended    atomic.Int32 // connections that ended, whoever closed them
	// answer returns the raw answer to the n-th request (from 1) and whether to close the
	// connection after writing it.
	answer func(n int32, req *http.Request) (raw string, closeAfter bool)

	mu   sync.Mutex
	open []net.Conn
	wg   sync.WaitGroup
}

// newSilentServer is a raw server that reads every request and never answers until the test
// ends.
func newSilentServer(t testing.TB) *rawServer {
	release := make(chan struct{})
	srv := newRawServer(t, func(int32, *http.Request) (string, bool) {
		<-release
		return "", true
	})
	t.Cleanup(func() { close(release) }) // runs before the server's own cleanup closes it
	return srv
}

func newRawServer(t testing.TB, answer func(n int32, req *http.Request) (string, bool)) *rawServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, url: "http://" + ln.Addr().String(), answer: answer}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

func (s *rawServer) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.conns.Add(1)
		s.mu.Lock()
		s.open = append(s.open, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(c)
	}
}

func (s *rawServer) serve(c net.Conn) {
	defer s.wg.Done()
	defer s.ended.Add(1)
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		raw, closeAfter := s.answer(s.requests.Add(1), req)
		if _, err := io.WriteString(c, raw); err != nil || closeAfter {
			s.closed.Add(1)
			return
		}
	}
}

// closeIdle closes every connection the server holds (as a server's idle timeout would).
func (s *rawServer) closeIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.open {
		c.Close()
	}
	s.open = nil
}

func (s *rawServer) close() {
	s.ln.Close()
	s.closeIdle()
	s.wg.Wait()
}

// leanEnv returns a default Service (lean client) and one that invokes through net/http's
// Transport, each with a BASIC connection "c".
func leanEnvs(t testing.TB) (lean, nethttp *env) {
	lean = newEnv(t)
	nethttp = newEnv(t, func(o *Options) { o.HTTPClient = NewHTTPClient() })
	lean.basicConn(t, "c", nil)
	nethttp.basicConn(t, "c", nil)
	return lean, nethttp
}

func (e *env) connArn(t testing.TB) string {
	t.Helper()
	out, err := e.s.DescribeConnection(ctx, &DescribeConnectionInput{Name: "c"})
	if err != nil {
		t.Fatal(err)
	}
	return out.ConnectionArn
}

// idleConns is the number of the lean client's idle connections to srv.
func (e *env) idleConns(srv *rawServer) int {
	e.s.lean.mu.Lock()
	defer e.s.lean.mu.Unlock()
	return len(e.s.lean.idle[srv.ln.Addr().String()])
}

// usesLean reports whether the driver invokes arn with the lean client.
func (e *env) usesLean(t testing.TB, arn string) bool {
	t.Helper()
	c, err := e.s.Driver().resolve(ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	return c.lean != nil
}

func TestLeanAnswers(t *testing.T) {
	big := strings.Repeat("e", 1<<20)
	cases := []struct {
		name       string
		raw        string
		closeAfter bool
		code       string // "" for success
		retryable  bool
		after      time.Duration
		message    string
		conns      int32 // connections the lean client opens for 3 invocations
	}{
		{name: "content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", conns: 1},
		{name: "no body", raw: "HTTP/1.1 204 No Content\r\n\r\n", conns: 1},
		{name: "chunked", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n", conns: 1},
		{name: "connection close", raw: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", closeAfter: true, conns: 3},
		{name: "http/1.0", raw: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", closeAfter: true, conns: 3},
		{name: "http/1.0 keep-alive", raw: "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", conns: 1},
		{name: "to end of connection", raw: "HTTP/1.1 200 OK\r\n\r\nall of it", closeAfter: true, conns: 3},
		{name: "bare LF", raw: "HTTP/1.1 200 OK\nContent-Length: 1\n\nx", conns: 1},
		{name: "1xx skipped", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", conns: 1},
		{name: "101 is final", raw: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", closeAfter: true,
			code: "HTTP_101", message: "The API destination answered HTTP 101 Switching Protocols", conns: 3},
		{name: "429 Retry-After", raw: "HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\nContent-Length: 4\r\n\r\nslow",
			code: "HTTP_429", retryable: true, after: 7 * time.Second, message: "The API destination answered HTTP 429 Too Many Requests: slow", conns: 1},
		{name: "503 chunked body", raw: "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ndow\r\n1\r\nn\r\n0\r\n\r\n",
			code: "HTTP_503", retryable: true, message: "The API destination answered HTTP 503 Service Unavailable: down", conns: 1},
		{name: "status without reason", raw: "HTTP/1.1 418\r\nContent-Length: 0\r\n\r\n",
			code: "HTTP_418", message: "The API destination answered HTTP 418", conns: 1},
		{name: "huge error body", raw: "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1048576\r\n\r\n" + big,
			code: "HTTP_500", retryable: true, message: "The API destination answered HTTP 500 Internal Server Error: " + big[:512], conns: 3},
		{name: "huge chunked success", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n" + big + "\r\n0\r\n\r\n", conns: 3},
		{name: "error body within the drain", raw: "HTTP/1.1 400 Bad Request\r\nContent-Length: 60000\r\n\r\n" + big[:60000],
			code: "HTTP_400", message: "The API destination answered HTTP 400 Bad Request: " + big[:512], conns: 1},
		{name: "malformed status", raw: "HTTP/1.1 2OO OK\r\n\r\n", closeAfter: true, code: "SDK_CLIENT_ERROR", retryable: true, conns: 3},
		{name: "two transfer encodings", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			closeAfter: true, code: "SDK_CLIENT_ERROR", retryable: true, conns: 3},
		{name: "closes mid-head", raw: "HTTP/1.1 200 OK\r\nContent-Le", closeAfter: true, code: "SDK_CLIENT_ERROR", retryable: true, conns: 3},
		{name: "closes mid-body", raw: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", closeAfter: true, conns: 3},
	}
	lean, nethttp := leanEnvs(t)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, e := range []*env{nethttp, lean} {
				srv := newRawServer(t, func(int32, *http.Request) (string, bool) { return tc.raw, tc.closeAfter })
				arn := e.dest(t, "d"+string(rune('a'+i)), e.connArn(t), "POST", srv.url+"/in")
				for range 3 {
					err := e.s.Driver().Deliver(ctx, handoff(arn, `{"x":1}`, nil))
					checkOutcome(t, err, tc.code, tc.retryable, tc.after, tc.message)
				}
				if e == lean {
					if !e.usesLean(t, arn) {
						t.Fatal("the default client does not invoke http:// endpoints with the lean client")
					}
					if got := srv.conns.Load(); got != tc.conns {
						t.Errorf("lean client opened %d connections for 3 invocations, want %d", got, tc.conns)
					}
					if got, want := e.idleConns(srv), int(min(1, 3-tc.conns)); got != want {
						t.Errorf("%d idle connections kept, want %d", got, want)
					}
				}
				if got := srv.requests.Load(); got != 3 {
					t.Errorf("server read %d requests, want 3", got)
				}
			}
		})
	}
}

// checkOutcome requires err to be success (code "") or a DeliveryError with code, retryable,
// RetryAfter after and, when message is set, exactly message.
func checkOutcome(t testing.TB, err error, code string, retryable bool, after time.Duration, message string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	de := deliveryErr(t, err)
	if de.Code != code || de.Retryable != retryable || de.RetryAfter != after {
		t.Fatalf("got %+v, want %s retryable=%v after=%v", de, code, retryable, after)
	}
	if message != "" && de.Message != message {
		t.Fatalf("message %.200q\nwant %.200q", de.Message, message)
	}
}

// TestLeanEligibility: the lean client serves plain http:// endpoints of a default Service
// only.
func TestLeanEligibility(t *testing.T) {
	lean, nethttp := leanEnvs(t)
	srv := newRawServer(t, func(int32, *http.Request) (string, bool) {
		return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
	})
	cases := []struct {
		e        *env
		endpoint string
		want     bool
	}{
		{lean, srv.url + "/in", true},
		{lean, "https://127.0.0.1:9/in", false},
		{nethttp, srv.url + "/in", false},
	}
	for i, tc := range cases {
		arn := tc.e.dest(t, "d"+string(rune('a'+i)), tc.e.connArn(t), "POST", tc.endpoint)
		if got := tc.e.usesLean(t, arn); got != tc.want {
			t.Errorf("%s: lean %v, want %v", tc.endpoint, got, tc.want)
		}
	}
}

// TestLeanServiceCloseClosesIdle: Close closes the pooled connections.
func TestLeanServiceCloseClosesIdle(t *testing.T) {
	e := newEnv(t)
	srv := newRawServer(t, func(int32, *http.Request) (string, bool) {
		return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
	})
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", srv.url+"/in")
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	e.s.Close()
	waitFor(t, "the server to see the pooled connection closed", func() bool { return srv.ended.Load() == 1 })
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }

// TestLeanIdleTimeout: pooled connections are closed once idle for the idle timeout, and a
// connection used again within it is kept.
func TestLeanIdleTimeout(t *testing.T) {
	e := newEnv(t)
	e.s.lean.idleTimeout = 300 * time.Millisecond
	srv := newRawServer(t, func(int32, *http.Request) (string, bool) {
		return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false
	})
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", srv.url+"/in")
	for range 3 {
		if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.conns.Load(); n != 1 {
		t.Fatalf("%d connections for 3 invocations", n)
	}
	waitFor(t, "the idle connection to be closed", func() bool { return srv.ended.Load() == 1 })
	if n := e.idleConns(srv); n != 0 {
		t.Fatalf("%d idle connections after the timeout", n)
	}
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{}`, nil)); err != nil {
		t.Fatal(err)
	}
	if n := srv.conns.Load(); n != 2 {
		t.Fatalf("%d connections, want a new one after the idle timeout", n)
	}
}

// TestLeanHonoursProxy runs TestLeanProxyChild in a process whose environment names an HTTP
// proxy (http.ProxyFromEnvironment reads it once per process).
func TestLeanHonoursProxy(t *testing.T) {
	if os.Getenv("LEAN_PROXY_CHILD") != "" {
		t.Skip("in the child")
	}
	proxy := newRecorder(t, nil)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLeanProxyChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "LEAN_PROXY_CHILD=1", "HTTP_PROXY="+proxy.srv.URL, "http_proxy="+proxy.srv.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestLeanProxyChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	got := proxy.all()
	if len(got) != 1 || got[0].Path != "/hook" || got[0].Body != `{"via":"proxy"}` {
		t.Fatalf("proxy saw %+v", got)
	}
}

// TestLeanProxyChild (run by TestLeanHonoursProxy) invokes an endpoint that the environment's
// proxy applies to: the invocation goes through net/http, and so through the proxy.
func TestLeanProxyChild(t *testing.T) {
	if os.Getenv("LEAN_PROXY_CHILD") == "" {
		t.Skip("run by TestLeanHonoursProxy")
	}
	e := newEnv(t)
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", "http://api.example.invalid/hook")
	if e.usesLean(t, arn) {
		t.Fatal("the lean client would bypass the proxy")
	}
	if err := e.s.Driver().Deliver(ctx, handoff(arn, `{"via":"proxy"}`, nil)); err != nil {
		t.Fatal(err)
	}
}
