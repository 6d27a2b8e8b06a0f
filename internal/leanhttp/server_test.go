package leanhttp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// harness is a Server on a loopback listener: fast-path requests reach echo (marked
// "X-Path: fast"), handed-over ones the same echo through Fallback ("X-Path: fallback").
type harness struct {
	t    *testing.T
	s    *Server
	addr string
	done chan error
	last atomic.Pointer[http.Request] // the last request the fast path served
}

func newHarness(t *testing.T, configure func(*Server)) *harness {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, addr: ln.Addr().String(), done: make(chan error, 1)}
	h.s = &Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.last.Store(r)
			echo(w, r, "fast")
		}),
		Fallback: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { echo(w, r, "fallback") })},
	}
	if configure != nil {
		configure(h.s)
	}
	go func() { h.done <- h.s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.s.Shutdown(ctx)
	})
	return h
}

// echo answers with the request's method, target, operation and body, and which path served it.
func echo(w http.ResponseWriter, r *http.Request, path string) {
	body, _ := io.ReadAll(r.Body)
	switch r.Header.Get("X-Amz-Target") {
	case "T.Panic":
		panic("handler panic")
	case "T.Partial": // reads nothing of the body
		body = nil
	}
	w.Header().Set("X-Path", path)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "%s %s %s %s", r.Method, r.RequestURI, r.Header.Get("X-Amz-Target"), body)
}

func (h *harness) dial() net.Conn {
	h.t.Helper()
	c, err := net.Dial("tcp", h.addr)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

func call(op, body string, extra ...string) string {
	return "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: " + op + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		strings.Join(extra, "") + "\r\n" + body
}

// readResponse reads one response and its body from br.
func readResponse(t *testing.T, br *bufio.Reader) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, string(b)
}

func TestFastPathServesKeptAliveAndPipelinedRequests(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	br := bufio.NewReader(c)
	for i := range 3 { // one at a time
		body := `{"n":` + strconv.Itoa(i) + `}`
		io.WriteString(c, call("T.Op", body))
		resp, got := readResponse(t, br)
		if resp.StatusCode != 200 || resp.Header.Get("X-Path") != "fast" || got != "POST / T.Op "+body {
			t.Fatalf("request %d: %d %v %q", i, resp.StatusCode, resp.Header, got)
		}
		if resp.ContentLength != int64(len(got)) || resp.Header.Get("Date") == "" || resp.Close {
			t.Fatalf("request %d: length %d, Date %q, close %v", i, resp.ContentLength, resp.Header.Get("Date"), resp.Close)
		}
	}
	io.WriteString(c, call("T.A", "1")+call("T.B", "")+call("T.C", "333")) // pipelined
	for _, want := range []string{"POST / T.A 1", "POST / T.B ", "POST / T.C 333"} {
		if _, got := readResponse(t, br); got != want {
			t.Fatalf("pipelined: got %q, want %q", got, want)
		}
	}
	r := h.last.Load()
	if r.Host != "h" || r.ContentLength != 3 || r.RemoteAddr != c.LocalAddr().String() || r.Header.Get("Host") != "" || r.Proto != "HTTP/1.1" {
		t.Fatalf("request seen by the handler: host %q length %d remote %q (client %s) header %v", r.Host, r.ContentLength, r.RemoteAddr, c.LocalAddr(), r.Header)
	}
}

func TestOtherRequestsGoToFallback(t *testing.T) {
	h := newHarness(t, nil)
	cases := []struct{ name, req, want string }{
		{"GET", "GET /health HTTP/1.1\r\nHost: h\r\n\r\n", "GET /health  "},
		{"no target", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab", "POST /  ab"},
		{"chunked", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", "POST / T.Op ab"},
		{"HTTP/1.0", "POST / HTTP/1.0\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\nab", "POST / T.Op ab"},
		{"expect", call("T.Op", "ab", "Expect: 100-continue\r\n"), "POST / T.Op ab"},
		// LF line ends: net/http takes them; the fast path must not wait for a CRLF head end
		{"LF GET", "GET /health HTTP/1.1\nHost: h\n\n", "GET /health  "},
		{"LF POST", "POST / HTTP/1.1\nHost: h\nX-Amz-Target: T.Op\nContent-Length: 2\n\nab", "POST / T.Op ab"},
		{"LF in a CRLF head", "POST / HTTP/1.1\r\nHost: h\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\nab", "POST / T.Op ab"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := h.dial()
			io.WriteString(c, tc.req)
			br := bufio.NewReader(c)
			resp, got := readResponse(t, br)
			if resp.StatusCode == http.StatusContinue {
				resp, got = readResponse(t, br)
			}
			if resp.Header.Get("X-Path") != "fallback" || got != tc.want {
				t.Fatalf("%s: %v %q, want fallback %q", tc.name, resp.Header, got, tc.want)
			}
		})
	}
}

func TestConnectionHandedOverMidway(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	br := bufio.NewReader(c)
	io.WriteString(c, call("T.One", "1")+"GET /x HTTP/1.1\r\nHost: h\r\n\r\n"+call("T.Three", "3"))
	for _, want := range []struct{ path, body string }{{"fast", "POST / T.One 1"}, {"fallback", "GET /x  "}, {"fallback", "POST / T.Three 3"}} {
		resp, got := readResponse(t, br)
		if resp.Header.Get("X-Path") != want.path || got != want.body {
			t.Fatalf("got %s %q, want %s %q", resp.Header.Get("X-Path"), got, want.path, want.body)
		}
	}
}

func TestMalformedHeadGetsNetHTTPsAnswer(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nBad Name: 1\r\nContent-Length: 0\r\n\r\n")
	resp, _ := readResponse(t, bufio.NewReader(c))
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want net/http's 400", resp.StatusCode)
	}
	big := h.dial()
	io.WriteString(big, "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nX-Big: "+strings.Repeat("a", 2*maxHeadBytes)+"\r\nContent-Length: 0\r\n\r\n")
	resp, got := readResponse(t, bufio.NewReader(big))
	if resp.StatusCode != 200 || resp.Header.Get("X-Path") != "fallback" || got != "POST / T.Op " {
		t.Fatalf("a head over the fast path's bound: %d %v %q, want net/http to serve it", resp.StatusCode, resp.Header, got)
	}
}

func TestConnectionCloseIsHonoured(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	io.WriteString(c, call("T.Op", "x", "Connection: close\r\n"))
	br := bufio.NewReader(c)
	resp, got := readResponse(t, br)
	if !resp.Close || got != "POST / T.Op x" {
		t.Fatalf("close %v body %q", resp.Close, got)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Fatalf("after Connection: close, read = %v, want EOF", err)
	}
}

func TestUnreadBodyIsSkipped(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	io.WriteString(c, call("T.Partial", strings.Repeat("z", 40000))+call("T.Next", "n"))
	br := bufio.NewReader(c)
	if _, got := readResponse(t, br); got != "POST / T.Partial " {
		t.Fatalf("first: %q", got)
	}
	if _, got := readResponse(t, br); got != "POST / T.Next n" {
		t.Fatalf("the request after an unread body: %q", got)
	}
}

func TestHandlerPanicClosesOnlyItsConnection(t *testing.T) {
	h := newHarness(t, nil)
	c := h.dial()
	io.WriteString(c, call("T.Panic", ""))
	if _, err := bufio.NewReader(c).ReadByte(); err == nil {
		t.Fatal("got a response after the handler panicked")
	}
	other := h.dial()
	io.WriteString(other, call("T.Op", "ok"))
	if _, got := readResponse(t, bufio.NewReader(other)); got != "POST / T.Op ok" {
		t.Fatalf("after a panic elsewhere: %q", got)
	}
}

func TestSlowHeadTimesOut(t *testing.T) {
	h := newHarness(t, func(s *Server) { s.ReadHeaderTimeout = 100 * time.Millisecond })
	c := h.dial()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: h\r\n")
	start := time.Now()
	if _, err := bufio.NewReader(c).ReadByte(); err == nil {
		t.Fatal("a response to half a head")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("closed after %v, want about the 100 ms ReadHeaderTimeout", d)
	}
}

func TestShutdownAnswersInFlightAndClosesIdle(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	h := newHarness(t, func(s *Server) {
		inner := s.Handler
		s.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Amz-Target") == "T.Slow" {
				close(started)
				<-release
			}
			inner.ServeHTTP(w, r)
		})
	})
	idle := h.dial()
	io.WriteString(idle, call("T.Op", "i"))
	idleReader := bufio.NewReader(idle)
	readResponse(t, idleReader)
	busy := h.dial()
	io.WriteString(busy, call("T.Slow", "s"))
	<-started
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shut <- h.s.Shutdown(ctx)
	}()
	if _, err := idleReader.ReadByte(); err == nil {
		t.Fatal("the idle connection got data instead of being closed")
	}
	close(release)
	busyReader := bufio.NewReader(busy)
	if _, got := readResponse(t, busyReader); got != "POST / T.Slow s" {
		t.Fatalf("in-flight request: %q", got)
	}
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-h.done; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve returned %v, want ErrServerClosed", err)
	}
	if _, err := net.Dial("tcp", h.addr); err == nil {
		t.Fatal("still accepting after Shutdown")
	}
}

func TestNetHTTPClientRoundTrips(t *testing.T) {
	h := newHarness(t, nil)
	client := &http.Client{Timeout: 10 * time.Second}
	for i := range 50 {
		body := strconv.Itoa(i)
		req, _ := http.NewRequest("POST", "http://"+h.addr+"/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "T.Op")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("X-Path") != "fast" || string(got) != "POST / T.Op "+body {
			t.Fatalf("call %d: %v %q", i, resp.Header, got)
		}
	}
}

// TestHandOverSendsLongCallsToFallback: a call HandOver names goes to net/http, whose request
// context ends when the client leaves (the fast path's would not until the handler returns).
func TestHandOverSendsLongCallsToFallback(t *testing.T) {
	left := make(chan struct{})
	h := newHarness(t, func(s *Server) {
		s.HandOver = func(target string) bool { return target == "T.Long" }
		s.Fallback.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Amz-Target") == "T.Long" {
				io.ReadAll(r.Body) // net/http watches the connection once the body is read
				<-r.Context().Done()
				close(left)
				return
			}
			echo(w, r, "fallback")
		})
	})
	c := h.dial()
	br := bufio.NewReader(c)
	io.WriteString(c, call("T.Op", "1"))
	if resp, got := readResponse(t, br); resp.Header.Get("X-Path") != "fast" || got != "POST / T.Op 1" {
		t.Fatalf("got %s %q, want the fast path", resp.Header.Get("X-Path"), got)
	}
	io.WriteString(c, call("T.Long", "2"))
	c.Close() // the handler waits for this
	select {
	case <-left:
	case <-time.After(10 * time.Second):
		t.Fatal("the long call's context did not end when the client left")
	}
}
