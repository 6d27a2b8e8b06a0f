package apidest

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"testing"
)

// netHTTPAnswer reads an answer as net/http's Transport does: ReadResponse, skipping 1xx
// answers other than 101.
func netHTTPAnswer(raw []byte, method string) (*http.Response, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	for {
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil || resp.StatusCode < 100 || resp.StatusCode > 199 || resp.StatusCode == 101 {
			return resp, err
		}
	}
}

// FuzzLeanAnswer: the lean answer parser never panics, and when it and net/http both accept
// an answer they agree on the status, Retry-After, keep-alive, length and the body's first
// bytes.
func FuzzLeanAnswer(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nT: 1\r\n\r\n",
		"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many\r\nRetry-After: 7\r\nContent-Length: 3\r\n\r\nabc",
		"HTTP/1.1 503\r\nConnection: x, close\r\n\r\nto the end",
		"HTTP/1.1 101 Switching Protocols\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Length: 1\nContent-Length: 1\n\nx",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx",
		"HTTP/1.1 204 No Content\r\nX-Folded: a\r\n b\r\n\r\n",
		"HTTP/2.0 500 x\r\nTransfer-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 200 OK\r\n Leading: space\r\n\r\n",
		"HTTP/1.1 200 OK\r\nBad Key: v\r\n\r\n",
		"HTTP/1.1 +20 OK\r\n\r\n",
		"",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, raw []byte, head bool) {
		method := "POST"
		if head {
			method = "HEAD"
		}
		br := bufio.NewReaderSize(bytes.NewReader(raw), 16) // long lines cross the buffer
		rh, err := readHead(br, method)
		if err != nil {
			return
		}
		ok2xx := rh.code >= 200 && rh.code <= 299
		snippet, complete := readBody(br, &rh, !ok2xx)
		resp, nerr := netHTTPAnswer(raw, method)
		if nerr != nil {
			return
		}
		if rh.code != resp.StatusCode || (!ok2xx && rh.status != resp.Status) {
			t.Fatalf("status %d %q, net/http %d %q", rh.code, rh.status, resp.StatusCode, resp.Status)
		}
		if !ok2xx && rh.retryAfter != resp.Header.Get("Retry-After") && !bytes.Contains(raw, []byte("\n ")) && !bytes.Contains(raw, []byte("\n\t")) {
			t.Fatalf("Retry-After %q, net/http %q", rh.retryAfter, resp.Header.Get("Retry-After"))
		}
		if toEOF := rh.contentLength < 0 && !rh.chunked; (rh.close || toEOF) != resp.Close {
			t.Fatalf("close %v (body to EOF %v), net/http %v", rh.close, toEOF, resp.Close)
		}
		if body := !head && rh.code != 101 && resp.ContentLength != 0; body && rh.contentLength != resp.ContentLength {
			t.Fatalf("length %d, net/http %d", rh.contentLength, resp.ContentLength)
		}
		nb, rerr := io.ReadAll(io.LimitReader(resp.Body, snippetLimit))
		if !ok2xx && rh.code != 101 && rerr == nil && (complete || rh.contentLength < 0 && !rh.chunked) && !bytes.Equal(snippet, nb) {
			t.Fatalf("body %q, net/http %q", snippet, nb)
		}
	})
}
