package schedulerapi

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
)

// shiftClock is the system clock moved by a settable offset. Its timers are kept by deadline
// on the shifted time and polled every millisecond, so moving the offset moves them too: a
// benchmark creates its schedules at leisure and then jumps to just before they are due.
type shiftClock struct {
	off    atomic.Int64 // nanoseconds added to time.Now
	mu     sync.Mutex
	timers map[*shiftTimer]struct{}
	stop   chan struct{}
}

type shiftTimer struct {
	c    *shiftClock
	when time.Time
	f    func()
}

func newShiftClock() *shiftClock {
	c := &shiftClock{timers: map[*shiftTimer]struct{}{}, stop: make(chan struct{})}
	go c.loop()
	return c
}

func (c *shiftClock) Now() time.Time { return time.Now().Add(time.Duration(c.off.Load())) }

// Shift sets the offset so that Now reads t.
func (c *shiftClock) Shift(t time.Time) { c.off.Store(int64(time.Until(t))) }

func (c *shiftClock) AfterFunc(d time.Duration, f func()) eventrail.Timer {
	t := &shiftTimer{c: c, when: c.Now().Add(d), f: f}
	c.mu.Lock()
	c.timers[t] = struct{}{}
	c.mu.Unlock()
	return t
}

func (t *shiftTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	_, ok := t.c.timers[t]
	delete(t.c.timers, t)
	return ok
}

func (c *shiftClock) loop() {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
		}
		now := c.Now()
		c.mu.Lock()
		for t := range c.timers {
			if !t.when.After(now) {
				delete(c.timers, t)
				go t.f()
			}
		}
		c.mu.Unlock()
	}
}

// burstSpec is one burst: n one-time schedules due evenly over spread.
type burstSpec struct {
	n      int
	spread time.Duration
}

// burstSpecs reads SCHED_BURST ("2000:3s,10000:10s"), default 2,000 in 3 s and 10,000 in 10 s.
func burstSpecs(b *testing.B) []burstSpec {
	v := os.Getenv("SCHED_BURST")
	if v == "" {
		v = "2000:3s,10000:10s"
	}
	var out []burstSpec
	for _, f := range strings.Split(v, ",") {
		n, d, _ := strings.Cut(f, ":")
		ni, err1 := strconv.Atoi(n)
		di, err2 := time.ParseDuration(d)
		if err1 != nil || err2 != nil {
			b.Fatalf("SCHED_BURST %q: want n:duration,...", v)
		}
		out = append(out, burstSpec{ni, di})
	}
	return out
}

// BenchmarkJetStreamBurst creates n at() schedules on the embedded JetStream store (fsync on),
// due evenly over spread, with the runner stopped; loads them, measures memory with all n
// pending, then lets them fire on the real clock (shifted) and reports the lateness of each
// hand-off record's store time after its scheduled time. Run with -benchtime=1x; sizes from
// SCHED_BURST.
func BenchmarkJetStreamBurst(b *testing.B) {
	for _, sp := range burstSpecs(b) {
		b.Run(strconv.Itoa(sp.n)+"in"+sp.spread.String(), func(b *testing.B) {
			for range b.N {
				runBurst(b, sp)
			}
		})
	}
}

func runBurst(b *testing.B, sp burstSpec) {
	ctx := context.Background()
	st, err := jetstream.Open(ctx, jetstream.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	clock := newShiftClock()
	defer close(clock.stop)
	e := newEnvOn(b, st, clock)
	if os.Getenv("SCHED_SMALL_RECORDS") == "" {
		e.svc.o.MaxRecordBytes = st.MaxRecordBytes() - 64<<10
	}
	base := time.Now().Add(time.Hour).Truncate(time.Second)
	step := sp.spread / time.Duration(sp.n)
	start := time.Now()
	createMany(b, e.svc, sp.n, func(i int) time.Time { return base.Add(time.Duration(i) * step).Truncate(time.Second) })
	b.Logf("created %d in %s", sp.n, time.Since(start).Round(time.Millisecond))
	runtime.GC()
	base0, _ := memNow()
	stop := e.run(e.svc)
	defer stop()
	waitForWithin(b, 5*time.Minute, "all loaded", func() bool {
		e.svc.rt.mu.Lock()
		defer e.svc.rt.mu.Unlock()
		return len(e.svc.rt.heap) == sp.n && e.svc.rt.loaded
	})
	heap, rss := memNow()
	b.ReportMetric(heap, "heapMB")
	b.ReportMetric(rss, "rssMB")
	b.Logf("%d pending: heap in use %.1f MB (%.1f before Run), RSS %.1f MB", sp.n, heap, base0, rss)
	if f := os.Getenv("SCHED_CPUPROFILE"); f != "" { // the firing phase only
		out, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	clock.Shift(base.Add(-time.Second))
	waitForWithin(b, 5*time.Minute, "all fired", func() bool { return handedTotal(e) >= int64(sp.n) })
	lat := lateness(b, e, time.Duration(clock.off.Load()))
	if len(lat) != sp.n {
		b.Errorf("%d hand-offs, want %d", len(lat), sp.n)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p50, p99, worst := lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	b.ReportMetric(float64(p50.Milliseconds()), "p50ms")
	b.ReportMetric(float64(p99.Milliseconds()), "p99ms")
	b.ReportMetric(float64(worst.Milliseconds()), "maxms")
	b.Logf("%d due over %s: lateness p50 %s p99 %s max %s", sp.n, sp.spread, p50, p99, worst)
}

// handedTotal counts the occurrences the runner handed over.
func handedTotal(e *env) int64 {
	return e.svc.rt.handed.Load()
}

// lateness returns, per hand-off, the store time of its record (shifted by off) minus its
// scheduled time.
func lateness(b *testing.B, e *env, off time.Duration) []time.Duration {
	recs, err := e.log.Read(context.Background(), 0, "", 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	var out []time.Duration
	for _, r := range recs {
		var hs []eventrail.Handoff
		if err := json.Unmarshal(r.Data, &hs); err != nil {
			b.Fatal(err)
		}
		for _, h := range hs {
			var p struct{ T string }
			_ = json.Unmarshal(h.Payload, &p)
			occ, err := time.Parse(time.RFC3339, p.T)
			if err != nil {
				b.Fatalf("payload %s: %v", h.Payload, err)
			}
			out = append(out, r.Time.Add(off).Sub(occ))
		}
	}
	return out
}

// memNow returns the Go heap in use (after GC) and the process RSS (after returning freed
// memory to the OS), in MB. RSS includes the embedded NATS server.
func memNow() (heapMB, rssMB float64) {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	heapMB = float64(m.HeapInuse) / (1 << 20)
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				rssMB = kb / 1024
			}
		}
	}
	return heapMB, rssMB
}
