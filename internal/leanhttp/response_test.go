package leanhttp

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestResponseEncoding(t *testing.T) {
	cases := []struct {
		name    string
		handler func(w http.ResponseWriter)
		close   bool
		status  int
		header  map[string]string
		body    string
	}{
		{"plain write", func(w http.ResponseWriter) { w.Write([]byte(`{"a":1}`)) }, false, 200,
			map[string]string{"Content-Type": "text/plain; charset=utf-8", "Content-Length": "7"}, `{"a":1}`},
		{"status and type", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Header().Set("X-Amzn-Requestid", "r1")
			w.WriteHeader(400)
			w.WriteHeader(500) // ignored, as net/http ignores it
			w.Write([]byte(`{}`))
		}, false, 400, map[string]string{"Content-Type": "application/x-amz-json-1.1", "X-Amzn-Requestid": "r1", "Content-Length": "2"}, `{}`},
		{"nothing written", func(w http.ResponseWriter) {}, false, 200, map[string]string{"Content-Length": "0"}, ""},
		{"no content", func(w http.ResponseWriter) {
			w.WriteHeader(204)
			if _, err := w.Write([]byte("x")); err != http.ErrBodyNotAllowed {
				panic("write after 204 allowed")
			}
		}, false, 204, map[string]string{"Content-Length": ""}, ""},
		{"wrong length replaced", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "99")
			w.Write([]byte("abc"))
		}, false, 200, map[string]string{"Content-Length": "3"}, "abc"},
		{"header value cannot split the response", func(w http.ResponseWriter) {
			w.Header().Set("X-Evil", "a\r\nSet-Cookie: b")
		}, false, 200, map[string]string{"X-Evil": "a  Set-Cookie: b", "Set-Cookie": ""}, ""},
		{"close", func(w http.ResponseWriter) { w.Write([]byte("bye")) }, true, 200, map[string]string{"Content-Length": "3"}, "bye"}, // resp.Close checks the header,
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &response{header: http.Header{}}
			c.handler(w)
			raw := w.appendTo(nil, c.close)
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
			if err != nil {
				t.Fatalf("unreadable response %q: %v", raw, err)
			}
			if resp.StatusCode != c.status || resp.Header.Get("Date") == "" {
				t.Fatalf("status %d (want %d), Date %q in %q", resp.StatusCode, c.status, resp.Header.Get("Date"), raw)
			}
			for k, v := range c.header {
				if got := resp.Header.Get(k); got != v {
					t.Fatalf("%s = %q, want %q in %q", k, got, v, raw)
				}
			}
			var body strings.Builder
			bufio.NewReader(resp.Body).WriteTo(&body)
			if body.String() != c.body || resp.Close != c.close {
				t.Fatalf("body %q close %v, want %q %v", body.String(), resp.Close, c.body, c.close)
			}
		})
	}
}
