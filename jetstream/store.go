package jetstream

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Store is an eventrail.Store on JetStream. It is safe for concurrent use. Close drains the
// connection (in-flight Appends complete or fail) and stops the embedded server, if any.
type Store struct {
	opts Options
	srv  *server.Server // nil when connected to an external server
	nc   *nats.Conn
	js   jetstream.JetStream

	closed    atomic.Bool
	done      chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
}

var _ eventrail.Store = (*Store)(nil)

// Open starts the embedded server (or connects to o.URL) and returns the Store.
func Open(ctx context.Context, o Options) (*Store, error) {
	o = o.withDefaults()
	st := &Store{opts: o, done: make(chan struct{})}
	var err error
	if o.URL == "" {
		if st.srv, err = startServer(o); err != nil {
			return nil, err
		}
		st.nc, err = nats.Connect("", nats.InProcessServer(st.srv), nats.Name(o.ServerName),
			nats.MaxReconnects(-1))
	} else {
		st.nc, err = nats.Connect(o.URL, nats.Name(o.ServerName), nats.MaxReconnects(-1),
			nats.Timeout(o.ConnectTimeout))
	}
	if err != nil {
		st.shutdownServer()
		return nil, fmt.Errorf("jetstream: connect: %w", err)
	}
	st.js, err = jetstream.New(st.nc, jetstream.WithPublishAsyncMaxPending(maxAsyncPending))
	if err != nil {
		st.nc.Close()
		st.shutdownServer()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	if _, err := st.js.AccountInfo(ctx); err != nil {
		st.nc.Close()
		st.shutdownServer()
		return nil, fmt.Errorf("jetstream: JetStream not available: %w", err)
	}
	return st, nil
}

// maxAsyncPending bounds unacknowledged asynchronous publishes across all Appends of a Store.
const maxAsyncPending = 1 << 16

// embeddedMaxPayload is the embedded server's largest message (NATS's default is 1 MiB), so
// group-committed records of a few MiB fit.
const embeddedMaxPayload = 8 << 20

// recordOverhead is what a Record needs besides Data in a message (subject, headers).
const recordOverhead = 4 << 10

// MaxRecordBytes is the largest Record.Data an Append accepts: the server's max_payload less
// room for the subject and headers (about 8 MiB embedded; 1 MiB on a default external server).
// Callers that group-commit should keep their records below it.
func (s *Store) MaxRecordBytes() int {
	return int(s.nc.MaxPayload()) - recordOverhead
}

// startServer runs an embedded nats-server with JetStream on o.DataDir.
func startServer(o Options) (*server.Server, error) {
	if o.DataDir == "" {
		return nil, errors.New("jetstream: Options.DataDir or Options.URL is required")
	}
	so := &server.Options{
		ServerName: o.ServerName,
		JetStream:  true,
		StoreDir:   o.DataDir,
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: embeddedMaxPayload,
	}
	if o.SyncInterval > 0 {
		so.SyncInterval = o.SyncInterval
	} else {
		so.SyncAlways = true
	}
	if o.Listen == "" {
		so.DontListen = true
	} else {
		host, port, err := net.SplitHostPort(o.Listen)
		if err != nil {
			return nil, fmt.Errorf("jetstream: Listen %q: %w", o.Listen, err)
		}
		so.Host = host
		if so.Port, err = strconv.Atoi(port); err != nil {
			return nil, fmt.Errorf("jetstream: Listen %q: bad port", o.Listen)
		}
		if so.Port == 0 {
			so.Port = server.RANDOM_PORT
		}
	}
	srv, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("jetstream: embedded server: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(o.ConnectTimeout) {
		srv.Shutdown()
		return nil, errors.New("jetstream: embedded server did not start in time")
	}
	return srv, nil
}

func (s *Store) shutdownServer() {
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
	}
}

// ClientURL returns the URL other processes can use to reach the embedded server, or "" when
// it does not listen (or the store is external).
func (s *Store) ClientURL() string {
	if s.srv == nil || s.opts.Listen == "" {
		return ""
	}
	return s.srv.ClientURL()
}

// KV opens (creating if needed) the KV bucket called name ([A-Za-z0-9_-]+).
func (s *Store) KV(ctx context.Context, name string) (eventrail.KV, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	if s.closed.Load() {
		return nil, eventrail.ErrClosed
	}
	kv, err := s.js.KeyValue(ctx, name)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = s.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: name, History: 1, Storage: jetstream.FileStorage, Replicas: s.opts.Replicas,
		})
		if errors.Is(err, jetstream.ErrBucketExists) || errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			kv, err = s.js.KeyValue(ctx, name)
		}
	}
	if err != nil {
		return nil, s.wrap("KV "+name, err)
	}
	return &kvBucket{s: s, kv: kv}, nil
}

// Log opens (creating if needed) the log called name ([A-Za-z0-9_-]+). opts apply only when the
// stream is created; an existing stream keeps its configuration.
func (s *Store) Log(ctx context.Context, name string, opts eventrail.LogOptions) (eventrail.Log, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	if s.closed.Load() {
		return nil, eventrail.ErrClosed
	}
	stream, err := s.js.Stream(ctx, streamName(name))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		stream, err = s.js.CreateStream(ctx, s.streamConfig(name, opts))
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			stream, err = s.js.Stream(ctx, streamName(name))
		}
	}
	if err != nil {
		return nil, s.wrap("Log "+name, err)
	}
	return &recordLog{s: s, name: name, prefix: name + ".", stream: stream}, nil
}

func streamName(log string) string { return "LOG_" + log }

// maxBytes maps LogOptions.MaxBytes (0: unlimited) to JetStream's convention (-1: unlimited).
func maxBytes(n int64) int64 {
	if n <= 0 {
		return -1
	}
	return n
}

func (s *Store) streamConfig(name string, o eventrail.LogOptions) jetstream.StreamConfig {
	dedup := o.DedupWindow
	if dedup <= 0 {
		dedup = 2 * time.Minute
	}
	if o.MaxAge > 0 && dedup > o.MaxAge {
		dedup = o.MaxAge // JetStream requires the duplicate window to fit in MaxAge
	}
	cfg := jetstream.StreamConfig{
		Name:        streamName(name),
		Subjects:    []string{name + ".>"},
		Storage:     jetstream.FileStorage,
		Replicas:    s.opts.Replicas,
		MaxAge:      o.MaxAge,
		MaxBytes:    maxBytes(o.MaxBytes),
		Duplicates:  dedup,
		AllowDirect: true,
		Discard:     jetstream.DiscardOld,
	}
	if o.WorkQueue {
		cfg.Retention = jetstream.WorkQueuePolicy
	}
	return cfg
}

// Close drains the connection and stops the embedded server. It is idempotent.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		close(s.done)
		s.closeErr = s.drain()
		s.shutdownServer()
	})
	return s.closeErr
}

// drain flushes everything published and waits (bounded) for the connection to close.
func (s *Store) drain() error {
	done := make(chan struct{})
	s.nc.SetClosedHandler(func(*nats.Conn) { close(done) })
	if err := s.nc.Drain(); err != nil {
		s.nc.Close()
		return nil
	}
	select {
	case <-done:
	case <-time.After(s.opts.ConnectTimeout):
		s.nc.Close()
	}
	return nil
}

// abort closes the connection without draining and stops the embedded server: the nearest an
// in-process test gets to a crash.
func (s *Store) abort() {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		close(s.done)
		s.nc.Close()
		s.shutdownServer()
	})
}
