package benchkit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"
)

// RawConn is one persistent HTTP/1.1 connection that POSTs AWS JSON requests with headers
// written by hand: the lean client of a load generator (as wrk is), so that on a small machine
// the CPU goes to the server under test rather than to net/http's client machinery. It speaks
// only what eventrail answers: a status line, headers, and a body framed by Content-Length or
// chunked encoding.
//
// Not safe for concurrent use: give each worker its own. After an error the connection is
// closed and the next Post dials again.
type RawConn struct {
	host    string
	timeout time.Duration
	conn    net.Conn
	br      *bufio.Reader
	req     []byte
	resp    []byte
}

// NewRawConn returns a RawConn for an http:// endpoint; it dials on first use. Each Post must
// finish within timeout.
func NewRawConn(endpoint string, timeout time.Duration) (*RawConn, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("raw client: endpoint %q is not http://host:port", endpoint)
	}
	return &RawConn{host: u.Host, timeout: timeout}, nil
}

// Close closes the connection, if open.
func (c *RawConn) Close() error {
	if c.conn == nil {
		return nil
	}
	err := c.conn.Close()
	c.conn, c.br = nil, nil
	return err
}

// Post sends body to the operation target (e.g. "AWSEvents.PutEvents") with the content type
// of jsonVersion and returns the response body of a 2xx answer, or an *APIError. The returned
// slice is owned by c and valid until the next Post.
func (c *RawConn) Post(target, jsonVersion string, body []byte) ([]byte, error) {
	if c.conn == nil {
		conn, err := net.DialTimeout("tcp", c.host, 5*time.Second)
		if err != nil {
			return nil, err
		}
		c.conn, c.br = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	status, out, err := c.roundTrip(target, jsonVersion, body)
	if err != nil {
		c.Close()
		return nil, err
	}
	if status/100 != 2 {
		return nil, &APIError{Status: status, Type: errorType(out), Body: string(out)}
	}
	return out, nil
}

func (c *RawConn) roundTrip(target, jsonVersion string, body []byte) (int, []byte, error) {
	if err := c.conn.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, nil, err
	}
	c.req = append(c.req[:0], "POST / HTTP/1.1\r\nHost: "...)
	c.req = append(c.req, c.host...)
	c.req = append(c.req, "\r\nContent-Type: application/x-amz-json-"...)
	c.req = append(c.req, jsonVersion...)
	c.req = append(c.req, "\r\nX-Amz-Target: "...)
	c.req = append(c.req, target...)
	c.req = append(c.req, "\r\nContent-Length: "...)
	c.req = strconv.AppendInt(c.req, int64(len(body)), 10)
	c.req = append(c.req, "\r\n\r\n"...)
	c.req = append(c.req, body...)
	if _, err := c.conn.Write(c.req); err != nil {
		return 0, nil, err
	}
	return c.readResponse()
}

// readResponse reads one response: status line, headers, body.
func (c *RawConn) readResponse() (int, []byte, error) {
	line, err := c.line()
	if err != nil {
		return 0, nil, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, nil, fmt.Errorf("raw client: bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, fmt.Errorf("raw client: bad status line %q", line)
	}
	length, chunked, closing, err := c.headers()
	if err != nil {
		return 0, nil, err
	}
	switch {
	case chunked:
		err = c.readChunked()
	case length >= 0:
		err = c.readN(length)
	default:
		return 0, nil, errors.New("raw client: response without Content-Length or chunked body")
	}
	if err != nil {
		return 0, nil, err
	}
	if closing {
		c.Close()
	}
	return status, c.resp, nil
}

// headers reads header lines up to the blank line and returns the framing they announce
// (length -1 when absent).
func (c *RawConn) headers() (length int, chunked, closing bool, err error) {
	length = -1
	for {
		line, err := c.line()
		if err != nil {
			return 0, false, false, err
		}
		if len(line) == 0 {
			return length, chunked, closing, nil
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, false, fmt.Errorf("raw client: bad header %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return 0, false, false, fmt.Errorf("raw client: bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
}

// line returns the next CRLF-terminated line without its terminator; valid until the next read.
func (c *RawConn) line() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// readN reads an n-byte body into c.resp.
func (c *RawConn) readN(n int) error {
	if cap(c.resp) < n {
		c.resp = make([]byte, n)
	}
	c.resp = c.resp[:n]
	_, err := io.ReadFull(c.br, c.resp)
	return err
}

// readChunked reads a chunked body (no trailers expected) into c.resp.
func (c *RawConn) readChunked() error {
	c.resp = c.resp[:0]
	for {
		line, err := c.line()
		if err != nil {
			return err
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 32)
		if err != nil || size < 0 {
			return fmt.Errorf("raw client: bad chunk size %q", line)
		}
		if size == 0 {
			_, err := c.line() // the blank line after the last chunk
			return err
		}
		start := len(c.resp)
		c.resp = append(c.resp, make([]byte, size)...)
		if _, err := io.ReadFull(c.br, c.resp[start:]); err != nil {
			return err
		}
		if _, err := c.line(); err != nil {
			return err
		}
	}
}
