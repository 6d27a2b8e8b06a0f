package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// startConsume runs lg.Consume in the background. The returned stop cancels it and fails the
// test if Consume does not return within waitLong; it also runs at cleanup.
func startConsume(t *testing.T, lg eventrail.Log, name string, o eventrail.ConsumeOptions, h func(context.Context, eventrail.Delivery)) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lg.Consume(ctx, name, o, h) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Consume(%q) returned %v after cancel, want nil", name, err)
				}
			case <-time.After(waitLong):
				t.Errorf("Consume(%q) did not return after cancel", name)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// collect returns a handler that passes deliveries to a channel without settling them.
func collect() (chan eventrail.Delivery, func(context.Context, eventrail.Delivery)) {
	ch := make(chan eventrail.Delivery, 10000)
	return ch, func(_ context.Context, d eventrail.Delivery) { ch <- d }
}

func recv(t *testing.T, ch <-chan eventrail.Delivery) eventrail.Delivery {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-time.After(waitLong):
		t.Fatalf("timed out waiting for a delivery")
	}
	return nil
}

// quiet fails if a delivery arrives within d.
func quiet(t *testing.T, ch <-chan eventrail.Delivery, d time.Duration) {
	t.Helper()
	select {
	case got := <-ch:
		t.Fatalf("unexpected delivery of Seq %d (attempt %d)", got.Record().Seq, got.Attempt())
	case <-time.After(d):
	}
}

func mustAck(t *testing.T, d eventrail.Delivery) {
	t.Helper()
	if err := d.Ack(); err != nil {
		t.Fatalf("Ack: %v", err)
	}
}

func runConsumeTests(t *testing.T, open opener) {
	t.Run("InOrderOnce", func(t *testing.T) { testConsumeInOrder(t, open) })
	t.Run("LiveTail", func(t *testing.T) { testConsumeLiveTail(t, open) })
	t.Run("PositionDurable", func(t *testing.T) { testConsumePosition(t, open) })
	t.Run("Filter", func(t *testing.T) { testConsumeFilter(t, open) })
	t.Run("IndependentConsumers", func(t *testing.T) { testIndependentConsumers(t, open) })
	t.Run("SharedWork", func(t *testing.T) { testSharedWork(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("MaxInFlight", func(t *testing.T) { testMaxInFlight(t, open) })
	t.Run("WorkQueue", func(t *testing.T) { testWorkQueue(t, open) })
}

func testConsumeInOrder(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	want := mustAppend(t, lg, records("bus.default", "r", 20))
	ch, h := collect()
	startConsume(t, lg, "router", eventrail.ConsumeOptions{}, h)
	for _, w := range want {
		d := recv(t, ch)
		r := d.Record()
		if r.Seq != w.Seq || r.Key != w.Key || string(r.Data) != string(w.Data) || r.Time.IsZero() || d.Attempt() != 1 {
			t.Fatalf("delivery = %+v attempt %d, want %+v attempt 1", r, d.Attempt(), w)
		}
		mustAck(t, d)
	}
	quiet(t, ch, 100*time.Millisecond)
}

func testConsumeLiveTail(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	ch, h := collect()
	startConsume(t, lg, "router", eventrail.ConsumeOptions{}, h)
	time.Sleep(20 * time.Millisecond) // let the consumer start waiting on an empty log
	for i := 0; i < 3; i++ {
		r := mustAppend(t, lg, records("k", fmt.Sprint(i), 1))
		d := recv(t, ch)
		if d.Record().Seq != r[0].Seq {
			t.Fatalf("got Seq %d, want %d", d.Record().Seq, r[0].Seq)
		}
		mustAck(t, d)
	}
}

// testConsumePosition: a consumer resumes where it left off after Consume returns, also
// through a newly opened handle of the same log; acknowledged records are not seen again.
func testConsumePosition(t *testing.T, open opener) {
	s := open(t)
	lg := openLog(t, s, "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 10))
	ch, h := collect()
	stop := startConsume(t, lg, "router", eventrail.ConsumeOptions{MaxInFlight: 5, AckWait: 300 * time.Millisecond}, h)
	for i := 1; i <= 4; i++ {
		d := recv(t, ch)
		if d.Record().Seq != uint64(i) {
			t.Fatalf("got Seq %d, want %d", d.Record().Seq, i)
		}
		mustAck(t, d)
	}
	eventually(t, "in-flight deliveries", func() bool { return len(ch) >= 1 })
	stop()
	for len(ch) > 0 { // delivered but never settled: due again after AckWait
		<-ch
	}
	lg2 := openLog(t, s, "events", eventrail.LogOptions{})
	mustAppend(t, lg2, records("k", "later", 2))
	ch2, h2 := collect()
	startConsume(t, lg2, "router", eventrail.ConsumeOptions{MaxInFlight: 5, AckWait: 300 * time.Millisecond}, h2)
	seen := map[uint64]bool{}
	for len(seen) < 8 {
		d := recv(t, ch2)
		seq := d.Record().Seq
		if seq <= 4 {
			t.Fatalf("acknowledged Seq %d delivered again", seq)
		}
		seen[seq] = true
		mustAck(t, d)
	}
	for seq := uint64(5); seq <= 12; seq++ {
		if !seen[seq] {
			t.Fatalf("Seq %d never delivered after resume (got %v)", seq, seen)
		}
	}
}

func testConsumeFilter(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	for _, k := range []string{"bus.x", "bus.y.z", "bus", "other.bus", "bus.x", "busx.y"} {
		mustAppend(t, lg, []eventrail.Record{{Key: k, Data: []byte(k)}})
	}
	cases := []struct {
		filter string
		want   []uint64
	}{
		{"bus.x", []uint64{1, 5}},
		{"bus.>", []uint64{1, 2, 5}},
		{"", []uint64{1, 2, 3, 4, 5, 6}},
	}
	for i, c := range cases {
		ch, h := collect()
		startConsume(t, lg, fmt.Sprintf("c%d", i), eventrail.ConsumeOptions{Filter: c.filter}, h)
		var got []uint64
		for range c.want {
			d := recv(t, ch)
			got = append(got, d.Record().Seq)
			mustAck(t, d)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("filter %q delivered %v, want %v", c.filter, got, c.want)
		}
		quiet(t, ch, 50*time.Millisecond)
	}
}

func testIndependentConsumers(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 5))
	chA, hA := collect()
	chB, hB := collect()
	startConsume(t, lg, "a", eventrail.ConsumeOptions{}, hA)
	startConsume(t, lg, "b", eventrail.ConsumeOptions{}, hB)
	for _, ch := range []chan eventrail.Delivery{chA, chB} {
		for i := 1; i <= 5; i++ {
			if d := recv(t, ch); d.Record().Seq != uint64(i) {
				t.Fatalf("got Seq %d, want %d", d.Record().Seq, i)
			} else {
				mustAck(t, d)
			}
		}
	}
}

// testSharedWork: two Consume calls of one consumer split the records; each is handled once.
func testSharedWork(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	const n = 200
	var mu sync.Mutex
	count := map[uint64]int{}
	var calls [2]atomic.Int64
	for i := range calls {
		startConsume(t, lg, "shared", eventrail.ConsumeOptions{}, func(_ context.Context, d eventrail.Delivery) {
			mu.Lock()
			count[d.Record().Seq]++
			mu.Unlock()
			calls[i].Add(1)
			time.Sleep(time.Millisecond) // give the other worker a chance
			d.Ack()
		})
	}
	mustAppend(t, lg, records("k", "r", n))
	eventually(t, "all records handled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(count) == n
	})
	quietFor := time.Now().Add(100 * time.Millisecond)
	for time.Now().Before(quietFor) {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for seq, c := range count {
		if c != 1 {
			t.Errorf("Seq %d handled %d times", seq, c)
		}
	}
	if calls[0].Load() == 0 || calls[1].Load() == 0 {
		t.Errorf("work not shared: %d and %d", calls[0].Load(), calls[1].Load())
	}
}

// testConcurrency: Concurrency handle calls run at once, and no more.
func testConcurrency(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 10))
	const conc = 4
	var running, peak atomic.Int64
	release := make(chan struct{})
	startConsume(t, lg, "c", eventrail.ConsumeOptions{Concurrency: conc}, func(ctx context.Context, d eventrail.Delivery) {
		n := running.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		running.Add(-1)
		d.Ack()
	})
	eventually(t, "concurrent handle calls", func() bool { return running.Load() == conc })
	time.Sleep(50 * time.Millisecond)
	if p := peak.Load(); p != conc {
		t.Fatalf("peak concurrency %d, want %d", p, conc)
	}
	close(release)
}

// testMaxInFlight: no more than MaxInFlight records are delivered unsettled at once.
func testMaxInFlight(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 10))
	ch, h := collect()
	startConsume(t, lg, "c", eventrail.ConsumeOptions{MaxInFlight: 3, Concurrency: 2}, h)
	var held []eventrail.Delivery
	for i := 0; i < 3; i++ {
		held = append(held, recv(t, ch))
	}
	quiet(t, ch, 150*time.Millisecond)
	mustAck(t, held[0])
	if d := recv(t, ch); d.Record().Seq != 4 {
		t.Fatalf("after one Ack got Seq %d, want 4", d.Record().Seq)
	}
	quiet(t, ch, 100*time.Millisecond)
}

// testWorkQueue: in a WorkQueue log a record is removed once its consumer acknowledged it.
func testWorkQueue(t *testing.T, open opener) {
	ctx := ctxFor(t)
	lg := openLog(t, open(t), "handoff", eventrail.LogOptions{WorkQueue: true})
	mustAppend(t, lg, records("target.a", "a", 3))
	mustAppend(t, lg, records("target.b", "b", 2))
	ch, h := collect()
	startConsume(t, lg, "deliver-a", eventrail.ConsumeOptions{Filter: "target.a"}, h)
	for i := 0; i < 3; i++ {
		d := recv(t, ch)
		if i < 2 {
			mustAck(t, d)
		} else if err := d.Term(); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "acknowledged records removed", func() bool {
		info, err := lg.Info(ctx)
		return err == nil && info.Records == 2 && info.LastSeq == 5
	})
	got, err := lg.Read(ctx, 1, "", 10)
	if err != nil || len(got) != 2 || got[0].Key != "target.b" || got[1].Key != "target.b" {
		t.Fatalf("remaining = %+v, %v; want the two target.b records", got, err)
	}
}
