package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// MaxDuration caps -duration.
const MaxDuration = 120 * time.Second

// Options configure one run. Zero values are not defaults: the flags supply those.
type Options struct {
	Endpoint    string
	Binary      string
	ServerCPUs  string
	Concurrency int
	Entries     int
	Duration    time.Duration
	Warmup      time.Duration
	DetailBytes int
	Rate        float64 // calls/s; 0 = closed loop
	Bus         string
	PerfOut     string
	Client      string // "raw" or "" (a lean hand-written HTTP/1.1 client), or "nethttp"
}

func (o *Options) validate() error {
	switch {
	case o.Concurrency < 1 || o.Concurrency > 4096:
		return errors.New("-concurrency must be 1..4096")
	case o.Entries < 1 || o.Entries > 10:
		return errors.New("-entries must be 1..10 (PutEvents takes at most 10)")
	case o.Duration <= 0 || o.Duration > MaxDuration:
		return fmt.Errorf("-duration must be in (0, %s]", MaxDuration)
	case o.Warmup < 0 || o.Warmup > 30*time.Second:
		return errors.New("-warmup must be 0..30s")
	case o.DetailBytes < 0 || o.DetailBytes > 100_000:
		return errors.New("-detail-bytes must be 0..100000")
	case o.Rate < 0 || math.IsInf(o.Rate, 0) || math.IsNaN(o.Rate):
		return errors.New("-rate must be a finite number >= 0")
	case o.Client != "" && o.Client != "raw" && o.Client != "nethttp":
		return errors.New(`-client must be "raw" or "nethttp"`)
	}
	return nil
}

// Run drives PutEvents load as o says and returns the report. Progress goes to log.
func Run(ctx context.Context, o Options, log io.Writer) (*Report, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	tgt, err := benchkit.Connect(ctx, o.Endpoint, benchkit.ServerOptions{Binary: o.Binary, Taskset: o.ServerCPUs}, o.Concurrency, log)
	if err != nil {
		return nil, err
	}
	defer tgt.Close()
	bodies := makeBodies(256, o.Entries, o.DetailBytes, o.Bus)
	if _, err := tgt.Client.Raw(ctx, "AWSEvents.PutEvents", "1.1", bodies[0]); err != nil {
		return nil, fmt.Errorf("first PutEvents failed: %w", err)
	}
	var prof *benchkit.Profile
	if o.PerfOut != "" && tgt.Server != nil {
		prof = benchkit.StartProfile(tgt.Server.PID, o.PerfOut, o.Warmup, o.Duration, log)
	}
	l := &loop{o: o, c: tgt.Client, bodies: bodies}
	if tgt.Server != nil {
		l.pid = tgt.Server.PID
	}
	fmt.Fprintf(log, "putload: %d callers x %d entries, %s warmup + %s measured...\n", o.Concurrency, o.Entries, o.Warmup, o.Duration)
	l.run(ctx)
	rep := l.report()
	if prof != nil {
		rep.Profile = prof.Wait()
	}
	if rep.Calls == 0 && rep.Errors > 0 && tgt.Server != nil {
		fmt.Fprintf(log, "server log tail:\n%s\n", tgt.Server.LogTail(2000))
	}
	return rep, nil
}

// makeBodies pre-encodes n distinct PutEvents bodies of entries events each.
func makeBodies(n, entries, detailBytes int, bus string) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		es := make([][]byte, entries)
		for j := range es {
			es[j] = benchkit.NewEntry(i*entries+j, detailBytes, bus).Append(nil)
		}
		out[i] = benchkit.PutEventsBody(nil, es...)
	}
	return out
}

// loop is one run's workers and their merged results.
type loop struct {
	o      Options
	c      *benchkit.Client
	bodies [][]byte

	start, measureFrom, end time.Time
	next                    atomic.Int64 // rate mode: index of the next scheduled call
	pid                     int          // the server's, when this run started it
	cpu                     benchkit.CPUUse

	mu       sync.Mutex
	lat      []int64
	calls    int64
	failed   int64 // entries reported failed in 200 answers
	errs     int64 // calls that failed outright
	firstErr string
}

func (l *loop) run(ctx context.Context) {
	l.start = time.Now()
	l.measureFrom = l.start.Add(l.o.Warmup)
	l.end = l.measureFrom.Add(l.o.Duration)
	ctx, cancel := context.WithDeadline(ctx, l.end.Add(30*time.Second))
	defer cancel()
	meter := make(chan *benchkit.CPUMeter, 1)
	go func() {
		time.Sleep(time.Until(l.measureFrom))
		meter <- benchkit.StartCPU(l.pid)
	}()
	var wg sync.WaitGroup
	for w := range l.o.Concurrency {
		wg.Add(1)
		go func() { defer wg.Done(); l.worker(ctx, w) }()
	}
	wg.Wait()
	l.cpu = (<-meter).Stop()
}

// worker sends calls until the end of the run and merges its results once.
func (l *loop) worker(ctx context.Context, w int) {
	var r workerResult
	post, closeConn, err := l.poster()
	if err != nil {
		r.errs, r.firstErr = 1, err.Error()
		l.merge(&r)
		return
	}
	defer closeConn()
	expect := int(l.o.Duration.Seconds()*2000) / l.o.Concurrency
	r.lat = make([]int64, 0, min(expect, 1<<20))
	for i := w; ctx.Err() == nil; i += l.o.Concurrency {
		begin, ok := l.slot(ctx)
		if !ok {
			break
		}
		err := l.send(post, l.bodies[i%len(l.bodies)], &r)
		done := time.Now()
		if begin.Before(l.measureFrom) {
			continue
		}
		if err != nil {
			r.errs++
			if r.firstErr == "" {
				r.firstErr = err.Error()
			}
			continue
		}
		r.calls++
		r.lat = append(r.lat, int64(done.Sub(begin)))
	}
	l.merge(&r)
}

// slot returns when the next call should start: now in closed loop, the next scheduled time
// (after waiting for it) at a fixed rate. ok is false when the run is over.
func (l *loop) slot(ctx context.Context) (time.Time, bool) {
	if l.o.Rate == 0 {
		now := time.Now()
		return now, now.Before(l.end)
	}
	n := l.next.Add(1) - 1
	at := l.start.Add(time.Duration(float64(n) / l.o.Rate * float64(time.Second)))
	if !at.Before(l.end) {
		return at, false
	}
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return at, false
		}
	}
	return at, true
}

type workerResult struct {
	lat                 []int64
	calls, failed, errs int64
	firstErr            string
}

// poster returns one worker's way to POST a PutEvents body: its own lean connection, or the
// shared net/http client.
func (l *loop) poster() (post func([]byte) ([]byte, error), closeConn func(), err error) {
	if l.o.Client == "nethttp" {
		return func(body []byte) ([]byte, error) {
			return l.c.Raw(context.Background(), "AWSEvents.PutEvents", "1.1", body)
		}, func() {}, nil
	}
	rc, err := benchkit.NewRawConn(l.c.Endpoint, 30*time.Second)
	if err != nil {
		return nil, nil, err
	}
	return func(body []byte) ([]byte, error) {
		return rc.Post("AWSEvents.PutEvents", "1.1", body)
	}, func() { rc.Close() }, nil
}

// send makes one PutEvents call and counts failed entries into r.
func (l *loop) send(post func([]byte) ([]byte, error), body []byte, r *workerResult) error {
	resp, err := post(body)
	if err != nil {
		return err
	}
	n, code, err := benchkit.CountFailed(resp)
	if err != nil {
		return err
	}
	if n > 0 {
		r.failed += int64(n)
		if r.firstErr == "" {
			r.firstErr = "failed entry: " + code
		}
	}
	return nil
}

func (l *loop) merge(r *workerResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lat = append(l.lat, r.lat...)
	l.calls += r.calls
	l.failed += r.failed
	l.errs += r.errs
	if l.firstErr == "" {
		l.firstErr = r.firstErr
	}
}
