package leanhttp

import (
	"bufio"
	"bytes"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// sdkHead is the head of a PutEvents call as aws-sdk-go-v2 sends it (trimmed signature).
const sdkHead = "POST / HTTP/1.1\r\n" +
	"Host: 127.0.0.1:4980\r\n" +
	"User-Agent: aws-sdk-go-v2/1.36.3 os/linux lang/go#1.26 api/eventbridge#1.38.0\r\n" +
	"Content-Length: 27\r\n" +
	"Accept-Encoding: identity\r\n" +
	"Amz-Sdk-Invocation-Id: 0f2b1a6e-2c1d-4c8e-9f57-2b8f3a8c1d11\r\n" +
	"Amz-Sdk-Request: attempt=1; max=3\r\n" +
	"Authorization: AWS4-HMAC-SHA256 Credential=AK/20261121/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00\r\n" +
	"Content-Type: application/x-amz-json-1.1\r\n" +
	"X-Amz-Date: 20261121T160000Z\r\n" +
	"X-Amz-Target: AWSEvents.PutEvents\r\n" +
	"\r\n"

func TestParseHeadSDKRequest(t *testing.T) {
	h, ok := parseHead([]byte(sdkHead), 1<<20)
	if !ok {
		t.Fatal("the SDK's request is not taken")
	}
	if h.host != "127.0.0.1:4980" || h.contentLength != 27 || h.close {
		t.Fatalf("host %q, length %d, close %v", h.host, h.contentLength, h.close)
	}
	want := http.Header{
		"User-Agent":            {"aws-sdk-go-v2/1.36.3 os/linux lang/go#1.26 api/eventbridge#1.38.0"},
		"Content-Length":        {"27"},
		"Accept-Encoding":       {"identity"},
		"Amz-Sdk-Invocation-Id": {"0f2b1a6e-2c1d-4c8e-9f57-2b8f3a8c1d11"},
		"Amz-Sdk-Request":       {"attempt=1; max=3"},
		"Authorization":         {"AWS4-HMAC-SHA256 Credential=AK/20261121/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00"},
		"Content-Type":          {"application/x-amz-json-1.1"},
		"X-Amz-Date":            {"20261121T160000Z"},
		"X-Amz-Target":          {"AWSEvents.PutEvents"},
	}
	if !reflect.DeepEqual(h.header, want) {
		t.Fatalf("header\n got %v\nwant %v", h.header, want)
	}
}

func TestParseHeadCases(t *testing.T) {
	base := "Host: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n"
	cases := []struct {
		name string
		head string
		ok   bool
	}{
		{"minimal", "POST / HTTP/1.1\r\n" + base + "\r\n", true},
		{"lower-case names", "POST / HTTP/1.1\r\nhost: h\r\nx-amz-target: T.Op\r\ncontent-length: 2\r\n\r\n", true},
		{"spaces around values", "POST / HTTP/1.1\r\nHost:h\r\nX-Amz-Target: \t T.Op \t\r\nContent-Length:  2 \r\n\r\n", true},
		{"keep-alive", "POST / HTTP/1.1\r\n" + base + "Connection: keep-alive\r\n\r\n", true},
		{"close", "POST / HTTP/1.1\r\n" + base + "Connection: Close\r\n\r\n", true},
		{"repeated header", "POST / HTTP/1.1\r\n" + base + "X-A: 1\r\nX-A: 2\r\n\r\n", true},
		{"zero length", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 0\r\n\r\n", true},
		{"GET", "GET / HTTP/1.1\r\n" + base + "\r\n", false},
		{"other path", "POST /x HTTP/1.1\r\n" + base + "\r\n", false},
		{"query", "POST /?a=b HTTP/1.1\r\n" + base + "\r\n", false},
		{"HTTP/1.0", "POST / HTTP/1.0\r\n" + base + "\r\n", false},
		{"no target", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n", false},
		{"empty target", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target:\r\nContent-Length: 2\r\n\r\n", false},
		{"no host", "POST / HTTP/1.1\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\n", false},
		{"two hosts", "POST / HTTP/1.1\r\n" + base + "Host: i\r\n\r\n", false},
		{"odd host", "POST / HTTP/1.1\r\nHost: a/b\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\n", false},
		{"no length", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\n\r\n", false},
		{"two lengths", "POST / HTTP/1.1\r\n" + base + "Content-Length: 2\r\n\r\n", false},
		{"signed length", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: +2\r\n\r\n", false},
		{"length over the bound", "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2000000\r\n\r\n", false},
		{"chunked", "POST / HTTP/1.1\r\n" + base + "Transfer-Encoding: chunked\r\n\r\n", false},
		{"expect", "POST / HTTP/1.1\r\n" + base + "Expect: 100-continue\r\n\r\n", false},
		{"upgrade", "POST / HTTP/1.1\r\n" + base + "Upgrade: h2c\r\n\r\n", false},
		{"connection upgrade", "POST / HTTP/1.1\r\n" + base + "Connection: Upgrade\r\n\r\n", false},
		{"pragma", "POST / HTTP/1.1\r\n" + base + "Pragma: no-cache\r\n\r\n", false},
		{"bare LF", "POST / HTTP/1.1\nHost: h\nX-Amz-Target: T.Op\nContent-Length: 2\n\n", false},
		{"bare LF in headers", "POST / HTTP/1.1\r\nHost: h\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\n", false},
		{"folded line", "POST / HTTP/1.1\r\n" + base + "X-A: 1\r\n 2\r\n\r\n", false},
		{"space before colon", "POST / HTTP/1.1\r\n" + base + "X-A : 1\r\n\r\n", false},
		{"no colon", "POST / HTTP/1.1\r\n" + base + "X-A\r\n\r\n", false},
		{"empty name", "POST / HTTP/1.1\r\n" + base + ": 1\r\n\r\n", false},
		{"control in value", "POST / HTTP/1.1\r\n" + base + "X-A: a\x01b\r\n\r\n", false},
		{"non-ASCII value", "POST / HTTP/1.1\r\n" + base + "X-A: caf\xc3\xa9\r\n\r\n", false},
		{"no headers", "POST / HTTP/1.1\r\n\r\n", false},
		{"unterminated", "POST / HTTP/1.1\r\n" + base, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := parseHead([]byte(c.head), 1<<20); ok != c.ok {
				t.Fatalf("parseHead(%q) ok = %v, want %v", c.head, ok, c.ok)
			}
		})
	}
}

func TestParseHeadTooManyHeaders(t *testing.T) {
	var b strings.Builder
	b.WriteString("POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n")
	for range maxHeaders {
		b.WriteString("X-A: 1\r\n")
	}
	b.WriteString("\r\n")
	if _, ok := parseHead([]byte(b.String()), 1<<20); ok {
		t.Fatal("a head with more than maxHeaders lines was taken")
	}
}

// FuzzParseHead holds the fast path to net/http: every head it takes, net/http's server reads
// as the same request (method, target, host, header, length, close).
func FuzzParseHead(f *testing.F) {
	f.Add([]byte(sdkHead))
	f.Add([]byte("POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\nConnection: close, keep-alive\r\n\r\n"))
	f.Add([]byte("POST / HTTP/1.1\r\nhost: [::1]:80\r\nx-amz-target: a\r\ncontent-length: 0\r\nx-a: \t1 \r\nX-A: 2\r\n\r\n"))
	f.Add([]byte("POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"))
	f.Fuzz(checkLikeNetHTTP)
}

// checkLikeNetHTTP fails t when the fast path takes head b and net/http's server does not read
// it as the same request (method, target, host, header, length, close).
func checkLikeNetHTTP(t *testing.T, b []byte) {
	h, ok := parseHead(b, 1<<20)
	if !ok {
		return
	}
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(append(b, make([]byte, h.contentLength)...))))
	if err != nil {
		t.Fatalf("taken, but net/http rejects %q: %v", b, err)
	}
	if req.Method != "POST" || req.RequestURI != "/" || req.URL.Path != "/" || req.ProtoMinor != 1 {
		t.Fatalf("net/http reads %s %s (%s) from %q", req.Method, req.RequestURI, req.Proto, b)
	}
	if req.Host != h.host || req.ContentLength != h.contentLength || req.Close != h.close {
		t.Fatalf("net/http: host %q length %d close %v; fast path: %q %d %v (%q)", req.Host, req.ContentLength, req.Close, h.host, h.contentLength, h.close, b)
	}
	delete(req.Header, "Host") // the server side moves it to Request.Host
	if !reflect.DeepEqual(req.Header, h.header) {
		t.Fatalf("header\nnet/http %v\nfast     %v\n(%q)", req.Header, h.header, b)
	}
	for name, vs := range req.Header {
		for _, v := range vs {
			if !validFieldValue(v) || name == "" {
				t.Fatalf("taken a header net/http's server refuses: %q: %q", name, v)
			}
		}
	}
}

// FuzzParseHeadLines fuzzes the header lines after a valid start, so that most inputs get as
// far as header parsing, with the same differential check as FuzzParseHead.
func FuzzParseHeadLines(f *testing.F) {
	f.Add("X-A: 1\r\n")
	f.Add("connection: keep-alive , close\r\nX-B:\t\r\n")
	f.Add("Content-Length: 3\r\n")
	f.Add("HOST: x\r\n")
	f.Fuzz(func(t *testing.T, lines string) {
		head := "POST / HTTP/1.1\r\nX-Amz-Target: T.Op\r\n" + lines + "\r\n"
		if !strings.Contains(strings.ToLower(lines), "host:") {
			head = "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: T.Op\r\n" + lines + "\r\n"
		}
		checkLikeNetHTTP(t, []byte(head))
	})
}

// validFieldValue mirrors net/http's server check of header values (no controls but tab).
func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
