package leanhttp

import (
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// response is the fast path's http.ResponseWriter: it keeps the status, the header and the
// whole body until the handler returns, then encodes them into one buffer for one write.
// Not safe for concurrent use (like net/http's, it belongs to the handler's goroutine).
type response struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        []byte
}

var _ http.ResponseWriter = (*response)(nil)

func (w *response) Header() http.Header { return w.header }

// WriteHeader records the status; later calls are ignored, as net/http ignores them (it logs
// them). Informational (1xx) statuses are not sent.
func (w *response) WriteHeader(code int) {
	if w.wroteHeader || code < 200 {
		return
	}
	w.status, w.wroteHeader = code, true
}

func (w *response) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.body = append(w.body, p...)
	return len(p), nil
}

// bodyAllowed reports whether a response with this status may carry a body (RFC 9110).
func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified
}

// appendTo encodes the response after dst: status line, the handler's header (sorted, with
// Date, Content-Length and Content-Type supplied as net/http supplies them), and the body.
// close adds "Connection: close".
func (w *response) appendTo(dst []byte, close bool) []byte {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(w.status), 10)
	dst = append(dst, ' ')
	dst = append(dst, http.StatusText(w.status)...)
	dst = append(dst, "\r\n"...)
	h := w.header
	h.Del("Content-Length") // the body's own length is the one sent
	h.Del("Transfer-Encoding")
	h.Del("Connection")
	if bodyAllowed(w.status) {
		if _, set := h["Content-Type"]; !set && len(w.body) > 0 {
			h.Set("Content-Type", http.DetectContentType(w.body))
		}
	}
	if _, set := h["Date"]; !set {
		dst = append(dst, "Date: "...)
		dst = append(dst, httpDate()...)
		dst = append(dst, "\r\n"...)
	}
	var room [16]string
	keys := room[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			dst = appendHeaderLine(dst, k, v)
		}
	}
	if bodyAllowed(w.status) {
		dst = append(dst, "Content-Length: "...)
		dst = strconv.AppendInt(dst, int64(len(w.body)), 10)
		dst = append(dst, "\r\n"...)
	}
	if close {
		dst = append(dst, "Connection: close\r\n"...)
	}
	dst = append(dst, "\r\n"...)
	if bodyAllowed(w.status) {
		dst = append(dst, w.body...)
	}
	return dst
}

// appendHeaderLine appends "k: v\r\n", with CR and LF in the value turned into spaces as
// net/http does, so that a handler cannot split the response.
func appendHeaderLine(dst []byte, k, v string) []byte {
	dst = append(dst, k...)
	dst = append(dst, ": "...)
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' || c == '\n' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return append(dst, "\r\n"...)
}

// dateCache is the Date header value of the current second.
type dateCache struct {
	unix int64
	text string
}

var currentDate atomic.Pointer[dateCache]

// httpDate returns the current time in the HTTP date format, formatted once per second.
func httpDate() string {
	now := time.Now()
	if d := currentDate.Load(); d != nil && d.unix == now.Unix() {
		return d.text
	}
	d := &dateCache{unix: now.Unix(), text: now.UTC().Format(http.TimeFormat)}
	currentDate.Store(d)
	return d.text
}
