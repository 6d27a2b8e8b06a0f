package apidest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The answer parser of the lean client: the status line and the few headers an invocation
// needs, read from a connection's bufio.Reader with net/http's rules for what is accepted
// (ReadResponse, fixLength, shouldClose, parseTransferEncoding) but without building a Header
// map. Nothing here retains the reader's buffer: every value kept is copied or parsed at once.

// maxHeadBytes bounds the status lines and headers of one answer, 1xx answers included
// (net/http's default MaxResponseHeaderBytes).
const maxHeadBytes = 10 << 20

// errHeadTooLarge is returned for answers whose head exceeds maxHeadBytes.
var errHeadTooLarge = errors.New("net/http: server response headers exceeded 10485760 bytes; aborted")

// respHead is what the lean client keeps of an answer's status line and headers.
type respHead struct {
	code          int
	major, minor  int
	status        string // "404 Not Found"; set only for non-2xx answers
	contentLength int64  // -1: not given
	chunked       bool
	close         bool   // Connection: close (HTTP/1.1) or no keep-alive (HTTP/1.0)
	retryAfter    string // set only for non-2xx answers
}

// headReader reads one answer's head line by line within a byte budget.
type headReader struct {
	br     *bufio.Reader
	budget int
	long   []byte // lines longer than br's buffer are assembled here
}

// line returns the next line without its "\n" or "\r\n". The slice is valid until the next
// read from br. io.EOF before any byte of the line is returned as io.EOF, a line cut short
// as io.ErrUnexpectedEOF.
func (h *headReader) line() ([]byte, error) {
	l, err := h.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		h.long = append(h.long[:0], l...)
		for err == bufio.ErrBufferFull && len(h.long) <= h.budget {
			l, err = h.br.ReadSlice('\n')
			h.long = append(h.long, l...)
		}
		l = h.long
	}
	if h.budget -= len(l); h.budget < 0 {
		return nil, errHeadTooLarge
	}
	if err != nil {
		if err == io.EOF && len(l) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	l = l[:len(l)-1]
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, nil
}

// readHead reads the final answer to a request of method: 1xx answers other than 101 are
// read and skipped (within one maxHeadBytes budget, as net/http does). An EOF before the
// first byte of the status line is io.ErrUnexpectedEOF, like net/http's.
func readHead(br *bufio.Reader, method string) (respHead, error) {
	h := headReader{br: br, budget: maxHeadBytes}
	for {
		rh, err := h.readOne()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return rh, err
		}
		if rh.code >= 100 && rh.code <= 199 && rh.code != 101 {
			continue
		}
		if err := rh.fixLength(method); err != nil {
			return rh, err
		}
		return rh, nil
	}
}

// readOne reads one status line and its headers.
func (h *headReader) readOne() (respHead, error) {
	rh := respHead{contentLength: -1}
	line, err := h.line()
	if err != nil {
		return rh, err
	}
	if err := rh.parseStatus(line); err != nil {
		return rh, err
	}
	if err := h.readHeaders(&rh); err != nil {
		return rh, err
	}
	if rh.major < 1 {
		rh.close = true
	}
	return rh, nil
}

// parseStatus parses "HTTP/1.1 200 OK" as net/http's ReadResponse does.
func (rh *respHead) parseStatus(line []byte) error {
	proto, status, ok := bytes.Cut(line, []byte{' '})
	if !ok {
		return fmt.Errorf("malformed HTTP response %q", line)
	}
	status = bytes.TrimLeft(status, " ")
	codeText, _, _ := bytes.Cut(status, []byte{' '})
	if len(codeText) != 3 {
		return fmt.Errorf("malformed HTTP status code %q", codeText)
	}
	code, err := strconv.Atoi(string(codeText))
	if err != nil || code < 0 {
		return fmt.Errorf("malformed HTTP status code %q", codeText)
	}
	if rh.major, rh.minor, ok = parseHTTPVersion(proto); !ok {
		return fmt.Errorf("malformed HTTP version %q", proto)
	}
	rh.code = code
	if code < 200 || code > 299 {
		rh.status = string(status)
	}
	rh.close = rh.major == 1 && rh.minor == 0 // until a Connection: keep-alive
	return nil
}

// parseHTTPVersion parses "HTTP/X.Y" (single digits), as http.ParseHTTPVersion.
func parseHTTPVersion(v []byte) (major, minor int, ok bool) {
	if len(v) != len("HTTP/X.Y") || string(v[:5]) != "HTTP/" || v[6] != '.' ||
		v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9' {
		return 0, 0, false
	}
	return int(v[5] - '0'), int(v[7] - '0'), true
}

// Headers the parser tracks, by what they are.
const (
	hdrOther = iota
	hdrContentLength
	hdrTransferEncoding
	hdrConnection
	hdrRetryAfter
)

// headerState is what readHeaders gathers before it resolves the body length.
type headerState struct {
	cl      []byte // first Content-Length value (copied)
	nCL     int
	te      int  // Transfer-Encoding lines
	teOK    bool // the only Transfer-Encoding line says chunked
	keep    bool // Connection carries keep-alive
	closeTk bool // Connection carries close
}

// readHeaders reads header lines up to the empty line and fills rh.
func (h *headReader) readHeaders(rh *respHead) error {
	var st headerState
	prev := hdrOther
	for first := true; ; first = false {
		line, err := h.line()
		if err != nil {
			return err
		}
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if first {
				return fmt.Errorf("malformed MIME header initial line: %q", line)
			}
			if prev == hdrContentLength || prev == hdrTransferEncoding {
				return fmt.Errorf("folded %s header line: %q", [...]string{"", "Content-Length", "Transfer-Encoding"}[prev], line)
			}
			if prev == hdrConnection {
				st.connection(line)
			}
			continue
		}
		key, val, ok := bytes.Cut(line, []byte{':'})
		if !ok || !validToken(key) {
			return fmt.Errorf("malformed MIME header line: %q", line)
		}
		val = trimOWS(val)
		prev = classifyHeader(key)
		if err := st.add(prev, val, rh); err != nil {
			return err
		}
	}
	return st.resolve(rh)
}

// add records one header line's value.
func (st *headerState) add(kind int, val []byte, rh *respHead) error {
	switch kind {
	case hdrContentLength:
		if st.nCL == 0 {
			st.cl = append(st.cl[:0], val...)
		} else if !bytes.Equal(st.cl, val) {
			return errors.New("http: message cannot contain multiple Content-Length headers")
		}
		st.nCL++
	case hdrTransferEncoding:
		st.te++
		st.teOK = asciiEqualFold(val, "chunked")
	case hdrConnection:
		st.connection(val)
	case hdrRetryAfter:
		if rh.retryAfter == "" && (rh.code < 200 || rh.code > 299) {
			rh.retryAfter = string(val)
		}
	}
	return nil
}

// connection notes the close and keep-alive tokens of a Connection value.
func (st *headerState) connection(val []byte) {
	for len(val) > 0 {
		var tok []byte
		tok, val, _ = bytes.Cut(val, []byte{','})
		tok = trimOWS(tok)
		st.closeTk = st.closeTk || asciiEqualFold(tok, "close")
		st.keep = st.keep || asciiEqualFold(tok, "keep-alive")
	}
}

// resolve applies the gathered headers to rh: keep-alive, Transfer-Encoding (HTTP/1.1 and
// later only; just "chunked", once) and Content-Length.
func (st *headerState) resolve(rh *respHead) error {
	if rh.major == 1 && rh.minor == 0 {
		rh.close = st.closeTk || !st.keep
	} else {
		rh.close = st.closeTk
	}
	if st.te > 0 && (rh.major > 1 || rh.major == 1 && rh.minor >= 1) {
		if st.te != 1 {
			return errors.New("too many transfer encodings")
		}
		if !st.teOK {
			return errors.New("unsupported transfer encoding")
		}
		rh.chunked = true
	}
	if st.nCL > 0 {
		if len(st.cl) == 0 {
			return errors.New("invalid empty Content-Length")
		}
		n, err := strconv.ParseUint(string(st.cl), 10, 63)
		if err != nil {
			return fmt.Errorf("bad Content-Length %q", st.cl)
		}
		rh.contentLength = int64(n)
	}
	return nil
}

// fixLength settles how the body ends, as net/http's fixLength for responses: none for HEAD,
// 1xx, 204 and 304; chunked over Content-Length; otherwise Content-Length or the end of the
// connection (contentLength -1, not chunked).
func (rh *respHead) fixLength(method string) error {
	if method == "HEAD" || rh.code/100 == 1 || rh.code == 204 || rh.code == 304 {
		rh.contentLength, rh.chunked = 0, false
		return nil
	}
	if rh.chunked {
		rh.contentLength = -1
	}
	return nil
}
