package apidest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// writeCountingConn counts the Write calls made on a connection (each one a write syscall on
// a real socket).
type writeCountingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c writeCountingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestInvocationIsOneWrite checks that an invocation whose request fits the write buffer
// reaches the connection as one write (headers and body together): net/http flushes the
// headers on their own for bodies it does not know to be in memory, and splits requests larger
// than its buffer, each costing a second syscall per event.
func TestInvocationIsOneWrite(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
	}))
	defer srv.Close()
	var writes atomic.Int64
	client := NewHTTPClient()
	tr := client.Transport.(*http.Transport)
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return writeCountingConn{Conn: c, writes: &writes}, nil
	}
	e := newEnv(t, func(o *Options) { o.HTTPClient = client })
	arn := e.dest(t, "d", e.basicConn(t, "c", nil), "POST", srv.URL+"/in")
	drv := e.s.Driver()
	large := `{"detail":"` + strings.Repeat("x", writeBufferSize-1024) + `"}`
	for i, payload := range []string{benchPayload, benchPayload, large, large} {
		writes.Store(0)
		if err := drv.Deliver(ctx, handoff(arn, payload, nil)); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if n := writes.Load(); n != 1 {
			t.Errorf("attempt %d (%d-byte payload): %d writes for one invocation, want 1", i, len(payload), n)
		}
		if s, _ := got.Load().(string); s != payload {
			t.Errorf("attempt %d: sink got a %d-byte body, want the %d-byte payload", i, len(s), len(payload))
		}
	}
}
