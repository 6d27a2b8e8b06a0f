package benchkit

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Target is the server a tool drives: an external endpoint, or a process it started.
type Target struct {
	Client *Client
	Server *Server // nil for an external endpoint
	tmp    string  // build directory of a binary built by Connect
}

// Connect returns a Target for endpoint when it is set; otherwise it starts a server from
// so.Binary, building cmd/eventrail first when so.Binary is empty. conns sizes the client's
// connection pool. Progress lines go to log. The caller must call Close.
func Connect(ctx context.Context, endpoint string, so ServerOptions, conns int, log io.Writer) (*Target, error) {
	if endpoint != "" {
		return &Target{Client: NewClient(endpoint, conns)}, nil
	}
	t := &Target{}
	if so.Binary == "" {
		dir, err := os.MkdirTemp("", "eventrail-bin")
		if err != nil {
			return nil, err
		}
		t.tmp = dir
		fmt.Fprintln(log, "building cmd/eventrail (pass -binary to skip)...")
		if so.Binary, err = BuildServer(ctx, dir); err != nil {
			t.Close()
			return nil, err
		}
	}
	srv, err := StartServer(so)
	if err != nil {
		t.Close()
		return nil, err
	}
	fmt.Fprintf(log, "started %s (pid %d) at %s, data in %s\n", so.Binary, srv.PID, srv.Endpoint, srv.DataDir)
	t.Server = srv
	t.Client = NewClient(srv.Endpoint, conns)
	return t, nil
}

// Close stops the server Connect started, if any, and removes what Connect created.
func (t *Target) Close() error {
	var err error
	if t.Server != nil {
		err = t.Server.Stop()
	}
	if t.tmp != "" {
		os.RemoveAll(t.tmp)
	}
	return err
}
