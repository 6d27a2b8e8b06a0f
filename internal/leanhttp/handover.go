package leanhttp

import (
	"bufio"
	"net"
	"sync"
)

// handoverListener is the net.Listener the Fallback server accepts handed-over connections
// from. Safe for concurrent use.
type handoverListener struct {
	addr  net.Addr
	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
}

func newHandoverListener(addr net.Addr) *handoverListener {
	return &handoverListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

// give hands c to the Fallback server; false (c not taken) once the listener is closed.
func (l *handoverListener) give(c net.Conn) bool {
	select {
	case l.conns <- c:
		return true
	case <-l.done:
		return false
	}
}

func (l *handoverListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *handoverListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *handoverListener) Addr() net.Addr { return l.addr }

// bufferedConn is a connection whose first bytes are still in r (read from the connection
// before it was handed over).
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

// Read returns what r holds, then reads the connection.
func (c *bufferedConn) Read(p []byte) (int, error) {
	if c.r != nil && c.r.Buffered() > 0 {
		return c.r.Read(p)
	}
	c.r = nil
	return c.Conn.Read(p)
}

// CloseWrite half-closes the connection when it can, so that net/http's lingering close
// (after an error response) works on handed-over connections as on its own.
func (c *bufferedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
