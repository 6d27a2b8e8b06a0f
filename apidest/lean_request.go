package apidest

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
)

// leanTarget is what the lean client needs of a compiled target: where to connect and the
// request head of the common case, computed once per cache period. Read-only once built.
type leanTarget struct {
	addr string // host:port to dial
	host string // the Host header, as net/http sends it (req.Host)
	uri  string // the request-URI of the endpoint without target parameters
	// head is the request line, Host and the connection's headers (t.headers), ready to be
	// followed by Content-Length and the body.
	head []byte
}

// compileLean returns the lean form of t, or nil when invocations of t must keep going through
// net/http: the Service uses a caller's HTTPClient, the endpoint is not plain http://, a
// proxy applies to it (http.ProxyFromEnvironment), or its host or headers are not ones the
// lean writer sends byte for byte as net/http would.
func (t *target) compileLean(s *Service) *leanTarget {
	if s.lean == nil || t.tmpl == nil || t.base.Scheme != "http" || t.base.User != nil {
		return nil
	}
	if p, err := http.ProxyFromEnvironment(t.tmpl); err != nil || p != nil {
		return nil
	}
	host := t.tmpl.Host
	if host == "" || host != t.base.Host || !plainHost(host) {
		return nil
	}
	port := t.base.Port()
	if port == "" {
		port = "80"
	}
	lt := &leanTarget{addr: net.JoinHostPort(t.base.Hostname(), port), host: host, uri: t.base.RequestURI()}
	head, err := appendHeaders(appendRequestLine(nil, t.method, lt.uri, host), t.headers)
	if err != nil {
		return nil
	}
	lt.head = head
	return lt
}

// plainHost reports whether a URL host is ASCII letters, digits and the punctuation of names,
// IP addresses and ports (no IDN, zone or escape that net/http would rewrite).
func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_') {
			return false
		}
	}
	return true
}

// appendRequest appends the whole invocation of t for h to b: request line, Host, headers,
// Content-Length and body, exactly the request that t.request builds for net/http. static
// says hdr is t.headers (no OAuth token), so the prepared head applies when the target has no
// HTTP parameters.
func (t *compiled) appendRequest(b []byte, h *eventrail.Handoff, hdr http.Header, static bool) ([]byte, error) {
	lt := t.lean
	body := h.Payload
	hp := h.Target.HttpParameters
	var err error
	switch {
	case hp != nil && (len(hp.HeaderParameters) > 0 || len(hp.QueryStringParameters) > 0) || t.hasStar:
		ev := &lazyEvent{raw: h.Event}
		b = appendRequestLine(b, t.method, t.url(hp, ev).RequestURI(), lt.host)
		b, err = appendHeaders(b, t.mergeHeaders(hdr, hp, ev))
	case static:
		b = append(b, lt.head...)
	default:
		b, err = appendHeaders(appendRequestLine(b, t.method, lt.uri, lt.host), hdr)
	}
	if err != nil {
		return b, err
	}
	if len(t.bodyExtra) > 0 {
		body = mergeBody(body, t.bodyExtra)
	}
	if sendsContentLength(t.method, len(body)) {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, int64(len(body)), 10)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	return append(b, body...), nil
}

// sendsContentLength reports whether net/http sends a Content-Length for a request of method
// with an n-byte in-memory body (http.NoBody when empty): always for a body, and for an empty
// one only with POST, PUT and PATCH.
func sendsContentLength(method string, n int) bool {
	return n > 0 || method == "POST" || method == "PUT" || method == "PATCH"
}

func appendRequestLine(b []byte, method, uri, host string) []byte {
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, uri...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	return append(b, "\r\n"...)
}

// notWritten are the headers net/http writes itself or never from Request.Header.
var notWritten = map[string]bool{"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Trailer": true}

// appendHeaders appends h's fields in key order, with net/http's checks and value trimming:
// an invalid name or value is the error net/http's Transport gives for it.
func appendHeaders(b []byte, h http.Header) ([]byte, error) {
	var arr [16]string
	keys := arr[:0]
	for k := range h {
		if !notWritten[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !validHeaderName(k) {
			return b, fmt.Errorf("net/http: invalid header field name %q", k)
		}
		for _, v := range h[k] {
			if !validFieldValue(v) {
				return b, fmt.Errorf("net/http: invalid header field value for %q", k)
			}
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, strings.Trim(v, " \t")...)
			b = append(b, "\r\n"...)
		}
	}
	return b, nil
}

// validFieldValue reports whether v may be sent as a header value (no control character but
// horizontal tab), as httpguts.ValidHeaderFieldValue.
func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
