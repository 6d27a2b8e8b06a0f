package apidest

import (
	"bufio"
	"errors"
	"io"
)

// Answer bodies, as outcome reads them from net/http: a 2xx body is drained up to
// drainLimit; any other keeps its first snippetLimit bytes for the error message and drains
// up to drainLimit more. A body that ends within those limits leaves the connection reusable;
// a longer one, one that ends with the connection, or a read error closes it instead.
const (
	snippetLimit = 512
	drainLimit   = 64 << 10
	// maxChunkLine bounds a chunk-size line (net/http's chunked reader allows 4 KiB).
	maxChunkLine = 4 << 10
)

var errMalformedChunk = errors.New("malformed chunked encoding")

// bodyReader consumes one answer body from a connection's reader.
type bodyReader struct {
	br      *bufio.Reader
	snippet []byte // the body's first bytes when wanted (cap snippetLimit), else nil
	want    bool   // collect a snippet
	budget  int64  // body bytes that may still be consumed, snippet included
}

// readBody consumes rh's body and returns the snippet (when want) and whether the body ended
// cleanly within the limits.
func readBody(br *bufio.Reader, rh *respHead, want bool) (snippet []byte, complete bool) {
	b := bodyReader{br: br, want: want, budget: drainLimit}
	if want {
		b.budget += snippetLimit
	}
	switch {
	case rh.chunked:
		complete = b.chunked()
	case rh.contentLength >= 0:
		complete = b.take(rh.contentLength)
	default: // to the end of the connection, which is closed anyway: only the snippet matters
		b.collect(snippetLimit)
	}
	return b.snippet, complete
}

// take consumes n body bytes; false when they exceed the budget or cannot be read (the
// snippet is still collected).
func (b *bodyReader) take(n int64) bool {
	if n > b.budget {
		b.collect(n)
		return false
	}
	b.budget -= n
	n -= b.collect(n)
	if n == 0 {
		return true
	}
	d, err := b.br.Discard(int(n))
	return err == nil && int64(d) == n
}

// collect reads up to n bytes into the snippet while it has room and returns how many it
// read (fewer than asked at the end of the stream).
func (b *bodyReader) collect(n int64) int64 {
	if !b.want {
		return 0
	}
	room := int64(snippetLimit - len(b.snippet))
	if room <= 0 || n <= 0 {
		return 0
	}
	m := int(min(room, n))
	if b.snippet == nil {
		b.snippet = make([]byte, 0, snippetLimit)
	}
	start := len(b.snippet)
	got, _ := io.ReadFull(b.br, b.snippet[start:start+m])
	b.snippet = b.snippet[:start+got]
	return int64(got)
}

// chunked consumes a chunked body and its trailer section.
func (b *bodyReader) chunked() bool {
	h := headReader{br: b.br, budget: maxHeadBytes}
	for {
		line, err := h.line()
		if err != nil || len(line) > maxChunkLine {
			return false
		}
		size, ok := parseChunkSize(line)
		if !ok {
			return false
		}
		if size == 0 {
			return skipTrailers(&h)
		}
		if !b.take(int64(size)) {
			return false
		}
		crlf, err := b.br.Peek(2)
		if err != nil || crlf[0] != '\r' || crlf[1] != '\n' {
			return false
		}
		_, _ = b.br.Discard(2)
	}
}

// skipTrailers reads trailer lines up to the empty line that ends the body.
func skipTrailers(h *headReader) bool {
	for {
		line, err := h.line()
		if err != nil {
			return false
		}
		if len(line) == 0 {
			return true
		}
	}
}

// parseChunkSize parses a chunk-size line: hex digits (at most 16), optional extensions after
// ';', trailing whitespace, as net/http's chunked reader accepts.
func parseChunkSize(line []byte) (uint64, bool) {
	line = trimOWS(line)
	for i, c := range line {
		if c == ';' {
			line = trimOWS(line[:i])
			break
		}
	}
	if len(line) == 0 || len(line) > 16 {
		return 0, false
	}
	var n uint64
	for _, c := range line {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(c)
	}
	return n, n <= 1<<62
}
