package jetstream

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// Append throughput: one record per Append call from 1 or 32 goroutines, and 64 records per
// call from one goroutine, with every record fsynced (the default) or background sync.
//
//	go test -run '^$' -bench BenchmarkAppend -benchtime 2s -count 5 ./jetstream
func BenchmarkAppend(b *testing.B) {
	for _, interval := range []time.Duration{0, time.Second} {
		for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
			for _, shape := range []struct{ appenders, batch int }{{1, 1}, {32, 1}, {1, 64}} {
				if size > 64<<10 && shape != (struct{ appenders, batch int }{1, 1}) {
					continue // 1 MiB records: only to show where group commit saturates the disk
				}
				name := fmt.Sprintf("sync=%s/size=%dKB/appenders=%d/batch=%d", syncName(interval), size>>10, shape.appenders, shape.batch)
				b.Run(name, func(b *testing.B) { benchAppend(b, interval, size, shape.appenders, shape.batch) })
			}
		}
	}
}

func syncName(d time.Duration) string {
	if d == 0 {
		return "always"
	}
	return d.String()
}

func benchAppend(b *testing.B, interval time.Duration, size, appenders, batch int) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir(), SyncInterval: interval})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lg, err := s.Log(ctx, "bench", eventrail.LogOptions{})
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, size)
	b.SetBytes(int64(size))
	b.ResetTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	for a := 0; a < appenders; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(int64(batch))) - batch
				if n >= b.N {
					return
				}
				recs := make([]eventrail.Record, min(batch, b.N-n))
				for i := range recs {
					recs[i] = eventrail.Record{Key: "bus.default", Data: data}
				}
				if err := lg.Append(ctx, recs); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// Consumer throughput: b.N 1 KB records appended beforehand, consumed and acknowledged.
//
//	go test -run '^$' -bench BenchmarkConsume -benchtime 20000x -count 5 ./jetstream
func BenchmarkConsume(b *testing.B) {
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) { benchConsume(b, conc) })
	}
}

func benchConsume(b *testing.B, conc int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(ctx, Options{DataDir: b.TempDir(), SyncInterval: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lg, _ := s.Log(ctx, "bench", eventrail.LogOptions{})
	data := make([]byte, 1<<10)
	for n := 0; n < b.N; n += 256 {
		recs := make([]eventrail.Record, min(256, b.N-n))
		for i := range recs {
			recs[i] = eventrail.Record{Key: "bus.default", Data: data}
		}
		if err := lg.Append(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var acked atomic.Int64
	done := make(chan struct{})
	go lg.Consume(ctx, "bench", eventrail.ConsumeOptions{Concurrency: conc}, func(_ context.Context, d eventrail.Delivery) {
		d.Ack()
		if acked.Add(1) == int64(b.N) {
			close(done)
		}
	})
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		b.Fatalf("consumed %d of %d", acked.Load(), b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// Read throughput: b.N 1 KB records read back in pages of 1000.
//
//	go test -run '^$' -bench BenchmarkRead -benchtime 20000x -count 5 ./jetstream
func BenchmarkRead(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir(), SyncInterval: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lg, _ := s.Log(ctx, "bench", eventrail.LogOptions{})
	data := make([]byte, 1<<10)
	for n := 0; n < b.N; n += 256 {
		recs := make([]eventrail.Record, min(256, b.N-n))
		for i := range recs {
			recs[i] = eventrail.Record{Key: "bus.default", Data: data}
		}
		if err := lg.Append(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for from, n := uint64(1), 0; n < b.N; {
		got, err := lg.Read(ctx, from, "", 1000)
		if err != nil || len(got) == 0 {
			b.Fatalf("Read(%d): %d records, %v", from, len(got), err)
		}
		n += len(got)
		from = got[len(got)-1].Seq + 1
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
