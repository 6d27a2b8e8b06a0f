package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/cputime"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/metrics"
)

type noopDriver struct{}

func (noopDriver) Deliver(context.Context, *eventrail.Handoff) error { return nil }

// runNoopEngine runs an engine with noopDriver for "sqs" over a memstore hand-off log until b
// ends, and returns it, its log, its metrics and a context that ends with b.
func runNoopEngine(b *testing.B, edit ...func(*Options)) (*Engine, eventrail.Log, *metrics.EventBridge, context.Context) {
	store := memstore.New()
	lg, _ := store.Log(context.Background(), "handoffs", eventrail.LogOptions{WorkQueue: true})
	m := metrics.NewEventBridge(metrics.NewRegistry())
	o := Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": noopDriver{}}, Metrics: m,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, f := range edit {
		f(&o)
	}
	e, err := New(o)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-ran; store.Close() })
	return e, lg, m, ctx
}

// BenchmarkEngineNoop measures hand-offs/s through the engine (decode, lanes, metrics, acks)
// with a driver that does nothing, over a memstore log: b.N hand-offs, 100 per record, spread
// over 8 targets.
func BenchmarkEngineNoop(b *testing.B) {
	_, lg, m, ctx := runNoopEngine(b)

	const perRecord, targets = 100, 8
	recs := make([][]byte, targets)
	for tg := range recs {
		hs := make([]eventrail.Handoff, perRecord)
		for i := range hs {
			hs[i] = handoff(fmt.Sprintf("%08d-0000-0000-0000-000000000000", i), sqsARN)
			hs[i].RuleName = fmt.Sprintf("rule%d", tg)
		}
		recs[tg], _ = json.Marshal(hs)
	}
	b.ResetTimer()
	start, cpu := time.Now(), cputime.Process()
	sent := 0
	for i := 0; sent < b.N; i++ {
		tg := i % targets
		if err := lg.Append(ctx, []eventrail.Record{{Key: fmt.Sprintf("t.k%d", tg), Data: recs[tg]}}); err != nil {
			b.Fatal(err)
		}
		sent += perRecord
	}
	for m.Invocations.Total() < float64(sent) {
		time.Sleep(100 * time.Microsecond)
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "handoffs/s")
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(time.Microsecond)/float64(sent), "cpu-µs/op")
}

// BenchmarkDispatchNoop is BenchmarkEngineNoop through Dispatch (the router's in-process path):
// b.N hand-offs, 100 per call, spread over 8 targets, each call waited for.
func BenchmarkDispatchNoop(b *testing.B) {
	e, _, _, ctx := runNoopEngine(b)

	const perCall, targets = 100, 8
	done := make(chan error, 1024)
	b.ResetTimer()
	start, cpu := time.Now(), cputime.Process()
	sent, calls := 0, 0
	for i := 0; sent < b.N; i++ {
		hs := make([]eventrail.Handoff, perCall)
		for j := range hs {
			hs[j] = handoff(fmt.Sprintf("%08d-0000-0000-0000-000000000000", j), sqsARN)
			hs[j].RuleName = fmt.Sprintf("rule%d", i%targets)
		}
		e.Dispatch(ctx, fmt.Sprintf("t.k%d", i%targets), fmt.Sprintf("%d.t.k", i), hs, func(err error) { done <- err })
		sent += perCall
		calls++
		if calls >= 64 { // keep a bounded number of calls in flight, as the router does
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			calls--
		}
	}
	for ; calls > 0; calls-- {
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "handoffs/s")
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(time.Microsecond)/float64(sent), "cpu-µs/op")
}

// BenchmarkDispatchBackpressure is Dispatch under back-pressure: goroutines dispatch 10
// hand-offs at a time to one target whose lane admits DirectBacklog queued hand-offs, more than
// the lane admits, so that most calls wait in waitRoom for the lane to drain (BacklogWait is long
// enough that none parks on a calm machine). With a backlog of 100 the lane holds fewer calls
// than there are workers and the no-op driver often drains it dry; with the default 2000 and
// 256 callers it stays full, as under a server's load. b.N hand-offs; cpu-µs/op counts the
// whole process.
func BenchmarkDispatchBackpressure(b *testing.B) {
	for _, c := range []struct{ backlog, callers int }{{100, 64}, {DefaultDirectBacklog, 256}} {
		b.Run(fmt.Sprintf("backlog=%d/callers=%d", c.backlog, c.callers), func(b *testing.B) {
			benchBackpressure(b, c.backlog, c.callers)
		})
	}
}

func benchBackpressure(b *testing.B, backlog, callers int) {
	e, _, m, ctx := runNoopEngine(b, func(o *Options) {
		o.DirectBacklog, o.BacklogWait, o.DirectWait = backlog, 10*time.Second, time.Minute
	})
	const perCall = 10
	calls := (b.N + perCall - 1) / perCall
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := make(chan error, 1)
			for i := next.Add(1); i <= int64(calls); i = next.Add(1) {
				hs := make([]eventrail.Handoff, perCall)
				for j := range hs {
					hs[j] = handoff("e", sqsARN)
				}
				e.Dispatch(ctx, "t.k", fmt.Sprintf("%d.t.k", i), hs, func(err error) { done <- err })
				if err := <-done; err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for m.Invocations.Total() < float64(calls*perCall) { // parked hand-offs are final before delivery
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}
