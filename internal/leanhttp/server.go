package leanhttp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves HTTP/1.1 connections, taking the requests the fast path understands itself
// and handing each connection to Fallback at its first request it does not (see the package
// documentation). Set the fields before Serve; do not change them afterwards.
type Server struct {
	// Handler serves the fast path's requests. Required.
	Handler http.Handler
	// Fallback serves every connection handed over, with its own Handler and settings. Its
	// Serve is run by Serve; Shutdown shuts it down too. Required.
	Fallback *http.Server
	// MaxBodyBytes is the largest body the fast path reads (default 1 MiB); a request with a
	// larger Content-Length goes to Fallback.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds the time from a request's first byte to its last header line
	// (default 10 s); a connection that exceeds it is closed.
	ReadHeaderTimeout time.Duration
	// HandOver, if set, names X-Amz-Target values whose requests go to Fallback although the
	// fast path could take them: calls that wait long (a long poll) and must see the client
	// leave. The fast path does not watch a connection while its handler runs, so its request
	// contexts end only when the handler returns; net/http's end when the client disconnects.
	HandOver func(target string) bool

	mu       sync.Mutex
	conns    map[*conn]struct{}
	ln       net.Listener
	handover *handoverListener
	shutdown atomic.Bool
	wg       sync.WaitGroup
}

// Serve accepts connections on ln until it fails or Shutdown is called, serving each in its
// own goroutine. It returns http.ErrServerClosed after Shutdown, like http.Server.Serve.
func (s *Server) Serve(ln net.Listener) error {
	if s.Handler == nil || s.Fallback == nil {
		return errors.New("leanhttp: Handler and Fallback are required")
	}
	if s.MaxBodyBytes <= 0 {
		s.MaxBodyBytes = 1 << 20
	}
	if s.ReadHeaderTimeout <= 0 {
		s.ReadHeaderTimeout = 10 * time.Second
	}
	hl := newHandoverListener(ln.Addr())
	s.mu.Lock()
	if s.shutdown.Load() {
		s.mu.Unlock()
		return http.ErrServerClosed
	}
	s.ln, s.handover, s.conns = ln, hl, map[*conn]struct{}{}
	s.mu.Unlock()
	go func() { _ = s.Fallback.Serve(hl) }() // ends with ErrServerClosed at Shutdown
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.shutdown.Load() {
				return http.ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() { // e.g. out of file descriptors: back off
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		s.start(c)
	}
}

// start registers c and serves it in a new goroutine.
func (s *Server) start(nc net.Conn) {
	c := &conn{s: s, nc: nc, remote: nc.RemoteAddr().String()}
	s.mu.Lock()
	if s.shutdown.Load() {
		s.mu.Unlock()
		_ = nc.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go c.serve()
}

// forget unregisters c once its goroutine is done with it.
func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// Shutdown stops accepting, closes idle connections, waits for requests in progress to be
// answered (their connections are closed then), and shuts Fallback down; it returns ctx's
// error if ctx ends first. Like http.Server.Shutdown.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.shutdown.Store(true)
	ln := s.ln
	s.mu.Unlock()
	if ln != nil {
		_ = ln.Close()
	}
	fallbackDone := make(chan error, 1)
	go func() { fallbackDone <- s.Fallback.Shutdown(ctx) }()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	poll := time.Millisecond
	for {
		s.closeIdle()
		select {
		case <-done:
			return <-fallbackDone
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll): // a connection may turn idle between two sweeps
			poll = min(2*poll, 100*time.Millisecond)
		}
	}
}

// closeIdle closes every connection waiting for its next request.
func (s *Server) closeIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if c.idle.Load() {
			_ = c.nc.Close()
		}
	}
}

// conn is one client connection served by the fast path until it is handed over or closed.
type conn struct {
	s      *Server
	nc     net.Conn
	remote string
	idle   atomic.Bool // waiting for a request's first byte
	out    []byte      // response encoding buffer, reused
}

// serve runs the connection's request loop.
func (c *conn) serve() {
	handedOver := false
	defer func() {
		if !handedOver {
			_ = c.nc.Close()
		}
		c.s.forget(c)
	}()
	br := bufio.NewReaderSize(c.nc, maxHeadBytes)
	for {
		c.idle.Store(true)
		if c.s.shutdown.Load() {
			return
		}
		raw, err := c.readHead(br)
		c.idle.Store(false)
		if err != nil {
			return
		}
		h, ok := parseHead(raw, c.s.MaxBodyBytes)
		if !ok || (c.s.HandOver != nil && c.s.HandOver(h.header.Get("X-Amz-Target"))) {
			handedOver = c.s.handover.give(&bufferedConn{Conn: c.nc, r: br})
			return
		}
		if _, err := br.Discard(len(raw)); err != nil {
			return
		}
		keep, err := c.serveRequest(br, &h)
		if err != nil || !keep || c.s.shutdown.Load() {
			return
		}
	}
}

// readHead waits for a request and returns its head (request line through the empty line),
// still buffered in br: parsing and handing over both need it unread. It returns what is
// buffered when that exceeds maxHeadBytes without an end (net/http then answers 431).
func (c *conn) readHead(br *bufio.Reader) ([]byte, error) {
	if _, err := br.Peek(1); err != nil { // idle: no timeout, as net/http's default
		return nil, err
	}
	deadline := false
	defer func() {
		if deadline {
			_ = c.nc.SetReadDeadline(time.Time{})
		}
	}()
	for searched := 0; ; {
		buf, _ := br.Peek(br.Buffered())
		if i := indexHeadEnd(buf, searched); i >= 0 {
			return buf[:i], nil
		}
		if len(buf) >= maxHeadBytes {
			return buf, nil
		}
		searched = max(0, len(buf)-3)
		if !deadline { // a head arriving in pieces must complete in time
			deadline = true
			_ = c.nc.SetReadDeadline(time.Now().Add(c.s.ReadHeaderTimeout))
		}
		if _, err := br.Peek(len(buf) + 1); err != nil {
			return nil, err
		}
	}
}

// indexHeadEnd returns the length of the head in buf (through "\r\n\r\n"), searching from
// offset from, or -1. A bare "\n" ends the search too, there: the fast path takes only CRLF
// heads, so such a request goes to net/http (which accepts LF line ends) at once instead of
// waiting for a "\r\n\r\n" that never comes.
func indexHeadEnd(buf []byte, from int) int {
	for i := from; i < len(buf); i++ {
		j := bytes.IndexByte(buf[i:], '\n')
		if j < 0 {
			return -1
		}
		i += j
		if i == 0 || buf[i-1] != '\r' || (i >= 3 && buf[i-2] == '\n' && buf[i-3] == '\r') {
			return i + 1
		}
	}
	return -1
}

// rootURL is the URL of every fast-path request; each request gets its own copy.
var rootURL = url.URL{Path: "/"}

// serveRequest runs the handler for one request whose head h was just read, then writes the
// response. keep reports whether the connection may carry another request.
// The request's context ends when the handler returns (as net/http's does); it derives from
// Background, which cannot be cancelled, so making it registers nothing with a parent.
func (c *conn) serveRequest(br *bufio.Reader, h *head) (keep bool, err error) {
	u := rootURL
	body := &bodyReader{r: br, left: h.contentLength}
	base := http.Request{ // a value: WithContext makes the one copy that escapes
		Method: http.MethodPost, URL: &u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h.header, Body: body, ContentLength: h.contentLength, Host: h.host,
		RemoteAddr: c.remote, RequestURI: "/", Close: h.close,
	}
	if h.contentLength == 0 {
		base.Body = http.NoBody
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := base.WithContext(ctx)
	w := &response{header: make(http.Header, 4)}
	if !c.runHandler(w, req) {
		return false, errHandlerPanicked
	}
	if body.left > 0 { // the handler left some of the body: skip it to reach the next request
		if _, err := br.Discard(int(body.left)); err != nil {
			return false, err
		}
	}
	c.out = w.appendTo(c.out[:0], h.close)
	if _, err := c.nc.Write(c.out); err != nil {
		return false, err
	}
	if cap(c.out) > 256<<10 {
		c.out = nil // do not keep a large response's buffer for the connection's life
	}
	return !h.close, nil
}

var errHandlerPanicked = errors.New("leanhttp: handler panicked")

// runHandler calls the handler, recovering a panic as net/http does: logged (unless it is
// http.ErrAbortHandler) and the connection closed without a response. False after a panic.
func (c *conn) runHandler(w *response, req *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
			if v != http.ErrAbortHandler {
				slog.Error("leanhttp: panic serving "+c.remote, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
		}
	}()
	c.s.Handler.ServeHTTP(w, req)
	return true
}

// bodyReader reads a request body of known length from the connection's reader.
type bodyReader struct {
	r    *bufio.Reader
	left int64
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err == nil && b.left == 0 {
		err = io.EOF // with the last bytes, as net/http's body does
	}
	return n, err
}

// Close does nothing: the server skips what the handler did not read.
func (b *bodyReader) Close() error { return nil }
