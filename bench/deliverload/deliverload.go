package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// Limits that keep a run bounded.
const (
	MaxDuration = 60 * time.Second
	maxEvents   = 6_000_000 // bounds the recorder's memory (48 MB)
)

// Options configure one run; the flags supply the defaults.
type Options struct {
	Endpoint    string
	Binary      string
	ServerCPUs  string
	Target      string  // "http" (API destination), "bus", "sqs" or "reference" (no server)
	Rate        float64 // offered events/s; ignored with Max
	Max         bool    // closed loop, as fast as the server accepts
	Duration    time.Duration
	Entries     int
	Concurrency int // senders (default: 64 at a fixed rate, 32 with Max)
	DetailBytes int
	DrainWait   time.Duration // how long to wait for stragglers after the send window
	LatencyFrom time.Duration // e2e latency counts only events sent this long after the window opened
	PerfOut     string
}

func (o *Options) validate() error {
	switch {
	case o.Target != "http" && o.Target != "sqs" && o.Target != "bus" && o.Target != "reference":
		return errors.New("-target must be http, sqs, bus or reference")
	case o.Target == "reference" && (o.Endpoint != "" || o.Binary != "" || o.PerfOut != ""):
		return errors.New("-target reference starts no server: -endpoint, -binary and -perf do not apply")
	case !o.Max && (o.Rate <= 0 || o.Rate > 1e6 || math.IsNaN(o.Rate)):
		return errors.New("-rate must be in (0, 1000000] events/s (or use -max)")
	case o.Duration <= 0 || o.Duration > MaxDuration:
		return fmt.Errorf("-duration must be in (0, %s]", MaxDuration)
	case o.Entries < 1 || o.Entries > 10:
		return errors.New("-entries must be 1..10")
	case o.Concurrency < 0 || o.Concurrency > 4096:
		return errors.New("-concurrency must be 0..4096 (0: default)")
	case o.DetailBytes < 0 || o.DetailBytes > 100_000:
		return errors.New("-detail-bytes must be 0..100000")
	case o.DrainWait < 0 || o.DrainWait > 120*time.Second:
		return errors.New("-drain must be 0..120s")
	case o.LatencyFrom < 0 || o.LatencyFrom >= o.Duration:
		return errors.New("-latency-from must be at least 0 and less than -duration")
	}
	return nil
}

// Run sets up the sink, the target and the rule, offers the load, waits for the deliveries
// and returns the report. With Target "reference" no server is involved: the senders post
// each event's envelope straight to the sink (see runReference). Progress goes to log.
func Run(ctx context.Context, o Options, log io.Writer) (*Report, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if o.Target == "reference" {
		o.Entries = 1 // one event per request, as an API destination delivers them
	}
	if o.Concurrency == 0 {
		o.Concurrency = defaultConcurrency(o)
	}
	run := newRunID()
	base := time.Now()
	rec := newRecorder(run, base, eventBudget(o), o.Duration+o.DrainWait+30*time.Second)
	sk, err := startSink(rec)
	if err != nil {
		return nil, err
	}
	defer sk.Close()
	if o.Target == "reference" {
		return runReference(ctx, o, rec, sk, run, log)
	}
	tgt, err := benchkit.Connect(ctx, o.Endpoint, benchkit.ServerOptions{
		Binary: o.Binary, Taskset: o.ServerCPUs, Config: serverConfig(sk.URL),
	}, o.Concurrency+16, log)
	if err != nil {
		return nil, err
	}
	defer tgt.Close()
	d := &delivery{o: o, c: tgt.Client, rec: rec, sink: sk, run: run, log: log}
	if tgt.Server != nil {
		d.pid = tgt.Server.PID
	}
	if err := d.setup(ctx); err != nil {
		return nil, err
	}
	defer d.stopDrain()
	var prof *benchkit.Profile
	if o.PerfOut != "" && tgt.Server != nil {
		prof = benchkit.StartProfile(tgt.Server.PID, o.PerfOut, 0, o.Duration, log)
	}
	rep := d.measure(ctx)
	if prof != nil {
		rep.Profile = prof.Wait()
	}
	return rep, nil
}

// sinkBusARN is the remote event bus a started server forwards to the sink (-target bus).
const sinkBusARN = "arn:aws:events:us-east-1:111111111111:event-bus/bench-sink"

// serverConfig is the config file of a server this tool starts: http:// API destinations
// allowed, and the sink as a remote event bus.
func serverConfig(sinkURL string) map[string]any {
	return map[string]any{
		"allow_http_destinations": true,
		"remote_buses": map[string]any{sinkBusARN: map[string]string{
			"url": sinkURL, "access_key_id": "bench", "secret_access_key": "bench", "region": "us-east-1"}},
	}
}

// defaultConcurrency is 32 senders with Max, else enough for the offered calls to be in flight
// for 50 ms each (at least 64).
func defaultConcurrency(o Options) int {
	if o.Max {
		return 32
	}
	return min(1024, max(64, int(o.Rate/float64(o.Entries)/20)))
}

// eventBudget is the most events a run may send.
func eventBudget(o Options) int {
	if o.Max {
		return maxEvents
	}
	return int(min(float64(maxEvents), o.Rate*o.Duration.Seconds()+float64(o.Entries)))
}

func newRunID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// delivery is one run's set-up and measurement.
type delivery struct {
	o     Options
	c     *benchkit.Client
	rec   *recorder
	sink  *sink
	run   string
	log   io.Writer
	mode  string // what the events are delivered through, for the report
	note  string // why the mode differs from the one asked for
	drain context.CancelFunc
	derrs errCounter
	dwait func()
	pid   int // the server's, when this run started it

	direct *directPoster // -target reference only

	latencyFromSeq atomic.Uint64 // events with a lower seq are left out of the e2e latency
}

// setup creates the target (falling back to a queue without API destinations) and the rule.
func (d *delivery) setup(ctx context.Context) error {
	name := "bench-" + d.run
	if d.o.Target == "bus" {
		d.mode = "bus (remote event-bus target: PutEvents to the sink)"
		return createRule(ctx, d.c, name, d.run, sinkBusARN, true)
	}
	if d.o.Target == "http" {
		limit := int(max(100_000, 2*d.o.Rate))
		arn, err := createHTTPTarget(ctx, d.c, name, d.sink.URL, limit)
		switch {
		case err == nil:
			d.mode = "http (API destination -> sink " + d.sink.URL + ")"
			return createRule(ctx, d.c, name, d.run, arn, true)
		case errors.Is(err, errNoAPIDestinations) && d.pid != 0:
			d.note = "FALLBACK: " + err.Error() + "; measuring through a remote event-bus target (HTTP PutEvents to the sink) instead"
			fmt.Fprintln(d.log, "deliverload:", d.note)
			d.mode = "bus (remote event-bus target: PutEvents to the sink)"
			return createRule(ctx, d.c, name, d.run, sinkBusARN, true)
		case errors.Is(err, errNoAPIDestinations):
			d.note = "FALLBACK: " + err.Error() + "; measuring through an SQS queue target instead"
			fmt.Fprintln(d.log, "deliverload:", d.note)
		default:
			return err
		}
	}
	url, arn, err := createQueueTarget(ctx, d.c, name)
	if err != nil {
		return err
	}
	d.mode = "sqs (queue drained by this tool with 16 pollers)"
	if err := createRule(ctx, d.c, name, d.run, arn, false); err != nil {
		return err
	}
	dctx, cancel := context.WithCancel(ctx)
	wg := drainQueue(dctx, d.c, url, d.rec, queuePollers, &d.derrs)
	d.drain, d.dwait = cancel, wg.Wait
	return nil
}

func (d *delivery) stopDrain() {
	if d.drain != nil {
		d.drain()
		d.dwait()
	}
}

// measure offers the load, waits for deliveries to settle and summarises.
func (d *delivery) measure(ctx context.Context) *Report {
	rate := d.o.Rate
	if d.o.Max {
		rate = 0
	}
	s := &sender{c: d.c, rec: d.rec, runID: d.run, entries: d.o.Entries, rate: rate,
		concurrency: d.o.Concurrency, maxEvents: uint64(len(d.rec.lat)), direct: d.direct}
	for i := range 64 {
		s.tmpl = append(s.tmpl, benchkit.NewAMIEntry(i, d.o.DetailBytes, ""))
	}
	s.start = d.rec.now() + int64(10*time.Millisecond)
	s.end = s.start + int64(d.o.Duration)
	d.markLatencyFrom(s)
	fmt.Fprintf(d.log, "deliverload: %s for %s through %s...\n", offered(d.o), d.o.Duration, d.mode)
	sctx, cancel := context.WithTimeout(ctx, d.o.Duration+30*time.Second)
	meter := benchkit.StartCPU(d.pid)
	s.run(sctx)
	cancel()
	sentDone := d.rec.now()
	d.waitDeliveries(ctx, s.sent.Load())
	cpu := meter.Stop()
	r := d.report(s, sentDone)
	r.CPU = cpu
	if r.Delivered > 0 {
		r.ServerCPUUs = cpu.ServerS * 1e6 / float64(r.Delivered)
	}
	return r
}

// markLatencyFrom arranges for d.latencyFromSeq to be the first seq sent LatencyFrom after the
// window opens (0 without -latency-from: every event counts).
func (d *delivery) markLatencyFrom(s *sender) {
	if d.o.LatencyFrom <= 0 {
		return
	}
	d.latencyFromSeq.Store(math.MaxUint64) // until the mark: nothing counts
	at := time.Duration(s.start+int64(d.o.LatencyFrom)-d.rec.now()) + time.Millisecond
	time.AfterFunc(at, func() { d.latencyFromSeq.Store(s.nextSeq.Load()) })
}

// waitDeliveries waits until want events arrived, or nothing arrived for drainIdle, or DrainWait.
// drainIdle exceeds the engine's redelivery delays (parked records come back after 1 s, first
// retries after about 1 s), so stragglers still on their way are not counted as missing.
func (d *delivery) waitDeliveries(ctx context.Context, want int64) {
	deadline := time.Now().Add(d.o.DrainWait)
	lastGot, lastChange := d.rec.got.Load(), time.Now()
	for ctx.Err() == nil && time.Now().Before(deadline) {
		got := d.rec.got.Load()
		if got >= want {
			return
		}
		if got != lastGot {
			lastGot, lastChange = got, time.Now()
		} else if time.Since(lastChange) > drainIdle {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// drainIdle is how long waitDeliveries waits without any arrival before it gives up.
const drainIdle = 10 * time.Second

func offered(o Options) string {
	if o.Max {
		return fmt.Sprintf("max rate (%d senders x %d entries)", o.Concurrency, o.Entries)
	}
	return fmt.Sprintf("%s events offered (%d entries/call)", benchkit.Rate(o.Rate), o.Entries)
}
