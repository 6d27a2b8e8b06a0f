package leanhttp

import (
	"bytes"
	"net/http"
	"net/textproto"
	"strings"
)

// Limits of the fast path; a request beyond them goes to the Fallback server, which applies
// its own (net/http: 1 MiB of header by default).
const (
	maxHeadBytes = 16 << 10 // request line and header lines
	maxHeaders   = 64
)

// fastRequestLine is the only request line the fast path takes.
const fastRequestLine = "POST / HTTP/1.1\r\n"

// head is a request head the fast path takes. Its strings share one allocation.
type head struct {
	header        http.Header // canonical keys, without Host (as net/http leaves it)
	host          string
	contentLength int64
	close         bool // "Connection: close"
}

// parseHead parses b, a request head up to and including its empty line, and reports whether
// the fast path takes the request: POST / HTTP/1.1, CRLF line ends, header names of token
// characters, values of visible ASCII, space and tab, exactly one Host, one Content-Length of
// at most maxBody, an X-Amz-Target, Connection (if any) only keep-alive or close, and no
// Transfer-Encoding, Expect, Upgrade or Pragma. Anything else — valid or not — is left to
// net/http. The result is meaningful only when ok.
func parseHead(b []byte, maxBody int64) (h head, ok bool) {
	if len(b) > maxHeadBytes || !bytes.HasPrefix(b, []byte(fastRequestLine)) || !bytes.HasSuffix(b, []byte("\r\n\r\n")) {
		return head{}, false
	}
	lines := b[len(fastRequestLine) : len(b)-2] // header lines, each ending in CRLF
	n := bytes.Count(lines, []byte("\r\n"))
	if n == 0 || n > maxHeaders {
		return head{}, false
	}
	text := string(lines) // every name and value below is a substring of this one allocation
	values := make([]string, n)
	h = head{header: make(http.Header, n), contentLength: -1}
	var haveHost, haveTarget bool
	for i := 0; len(text) > 0; i++ {
		end := strings.Index(text, "\r\n")
		name, value, good := splitHeaderLine(text[:end])
		text = text[end+2:]
		if !good {
			return head{}, false
		}
		switch key := canonicalKey(name); key {
		case "Host":
			if haveHost || !validHost(value) {
				return head{}, false
			}
			h.host, haveHost = value, true
			continue // net/http keeps the host in Request.Host only
		case "Content-Length":
			if h.contentLength >= 0 {
				return head{}, false
			}
			if h.contentLength = parseLength(value, maxBody); h.contentLength < 0 {
				return head{}, false
			}
			h.add(key, value, values[i:i+1:i+1])
		case "Connection":
			if !h.connection(value) {
				return head{}, false
			}
			h.add(key, value, values[i:i+1:i+1])
		case "Transfer-Encoding", "Expect", "Upgrade", "Pragma":
			return head{}, false
		case "X-Amz-Target":
			haveTarget = haveTarget || value != ""
			h.add(key, value, values[i:i+1:i+1])
		default:
			h.add(key, value, values[i:i+1:i+1])
		}
	}
	return h, haveHost && haveTarget && h.contentLength >= 0
}

// add appends value to the header key, using one as the slice when the key is new.
func (h *head) add(key, value string, one []string) {
	if vs, ok := h.header[key]; ok {
		h.header[key] = append(vs, value)
		return
	}
	one[0] = value
	h.header[key] = one
}

// connection reads a Connection header's value into h.close; false for any option other than
// keep-alive and close.
func (h *head) connection(v string) bool {
	for opt := range strings.SplitSeq(v, ",") {
		switch opt = strings.Trim(opt, " \t"); {
		case strings.EqualFold(opt, "close"):
			h.close = true
		case strings.EqualFold(opt, "keep-alive"):
		default:
			return false
		}
	}
	return true
}

// splitHeaderLine splits "Name: value" (the line without its CRLF) into the name and the
// value without surrounding spaces and tabs; false unless the name is a non-empty token
// directly followed by the colon and the value holds only visible ASCII, spaces and tabs.
func splitHeaderLine(line string) (name, value string, ok bool) {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 {
		return "", "", false
	}
	name = line[:colon]
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return "", "", false
		}
	}
	value = strings.Trim(line[colon+1:], " \t")
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < ' ' && c != '\t') || c > '~' {
			return "", "", false
		}
	}
	return name, value, true
}

// isTokenChar reports whether c may appear in an RFC 9110 token (a header name).
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// validHost reports whether v is a plain host[:port] (names, IPv4, bracketed IPv6).
func validHost(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '-', c == ':', c == '[', c == ']', c == '_':
		default:
			return false
		}
	}
	return true
}

// parseLength parses a Content-Length value of at most max; -1 when it is not one.
func parseLength(v string, max int64) int64 {
	if v == "" || len(v) > 18 {
		return -1
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int64(c-'0')
	}
	if n > max {
		return -1
	}
	return n
}

// commonKeys are the canonical names of the headers AWS clients send, so that the usual
// request allocates no key strings.
var commonKeys = []string{
	"Host", "Content-Length", "Content-Type", "X-Amz-Target", "X-Amz-Date", "Authorization",
	"User-Agent", "Accept-Encoding", "Accept", "Amz-Sdk-Invocation-Id", "Amz-Sdk-Request",
	"X-Amz-Security-Token", "X-Amz-Content-Sha256", "X-Amz-User-Agent", "Connection",
	"Transfer-Encoding", "Expect", "Upgrade", "Pragma", "X-Amz-Query-Mode",
}

// canonicalKey returns name's canonical form (textproto.CanonicalMIMEHeaderKey).
func canonicalKey(name string) string {
	for _, k := range commonKeys {
		if len(k) == len(name) && strings.EqualFold(k, name) {
			return k
		}
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}
