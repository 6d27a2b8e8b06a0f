package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/internal/leanhttp"
	"github.com/eventrail/eventrail/jetstream"
	"github.com/eventrail/eventrail/queue"
)

// serveCommand runs the server until ctx is done.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServeConfig(args)
	if err != nil {
		return err
	}
	if err := awsjson.ListenGuard(cfg.Listen, len(cfg.Credentials) > 0, cfg.Insecure); err != nil {
		return err
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	defer tuneRuntime(cfg)()
	srv, err := openServer(ctx, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	printBanner(stdout, cfg, ln.Addr().String())
	return srv.Serve(ctx, ln)
}

func printBanner(w io.Writer, cfg Config, addr string) {
	storage := "embedded NATS JetStream in " + mustAbs(cfg.DataDir)
	if cfg.NATSURL != "" {
		storage = "NATS at " + cfg.NATSURL
	}
	fmt.Fprintf(w, "eventrail %s listening on http://%s (%s)\n", version, addr, storage)
	fmt.Fprintf(w, "try: aws events list-event-buses --endpoint-url http://%s --region %s\n", addr, cfg.Region)
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// server is every component of a running eventrail, wired together.
type server struct {
	cfg     Config
	store   *jetstream.Store
	clock   eventrail.Clock
	handler http.Handler
	runners []func(context.Context) error
	closers []func() error
}

// openServer opens the store and builds every component; nothing runs until Serve.
func openServer(ctx context.Context, cfg Config) (*server, error) {
	s := &server{cfg: cfg, clock: eventrail.SystemClock{}}
	if cfg.TestClock {
		s.clock = eventrail.NewFakeClock(time.Now())
	}
	store, err := jetstream.Open(ctx, jetstream.Options{DataDir: cfg.DataDir, URL: cfg.NATSURL, Listen: cfg.NATSListen})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.store = store
	s.closers = append(s.closers, store.Close)
	if err := s.wire(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Serve runs the components and the HTTP server until ctx is done, then shuts down gracefully.
func (s *server) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(s.runners)+1)
	var wg sync.WaitGroup
	for _, run := range s.runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errc <- err
			}
		}()
	}
	// The AWS JSON protocols' calls take leanhttp's fast path; every other request (the
	// console, /metrics, REST and Query protocols, long polls, anything unusual) is served by
	// net/http.
	hs := &leanhttp.Server{
		Handler:           s.handler,
		Fallback:          &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second},
		MaxBodyBytes:      awsjson.DefaultMaxBodyBytes,
		ReadHeaderTimeout: 10 * time.Second,
		HandOver:          func(target string) bool { return target == queue.LongPollTarget },
	}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdownCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	_ = hs.Shutdown(shutdownCtx)
	cancel()
	wg.Wait()
	return err
}

// Close releases everything in reverse order of opening.
func (s *server) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}
