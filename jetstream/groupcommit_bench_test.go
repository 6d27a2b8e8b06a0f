package jetstream

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/eventrail/eventrail"
)

// groupCommitter is the pattern the package doc recommends, reduced to its core for the
// benchmark: callers Submit one item and wait; a single loop appends everything that gathered
// while the previous Append was in flight as ONE length-prefixed Record.
type groupCommitter struct {
	lg   eventrail.Log
	wake chan struct{}

	mu      sync.Mutex
	pending []groupItem
	groups  atomic.Int64
}

type groupItem struct {
	data []byte
	done chan error
}

func (c *groupCommitter) Submit(data []byte) error {
	it := groupItem{data: data, done: make(chan error, 1)}
	c.mu.Lock()
	c.pending = append(c.pending, it)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return <-it.done
}

func (c *groupCommitter) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		}
		c.mu.Lock()
		group := c.pending
		c.pending = nil
		c.mu.Unlock()
		if len(group) == 0 {
			continue
		}
		var buf []byte
		for _, it := range group {
			buf = binary.AppendUvarint(buf, uint64(len(it.data)))
			buf = append(buf, it.data...)
		}
		err := c.lg.Append(ctx, []eventrail.Record{{Key: "bus.default", Data: buf}})
		c.groups.Add(1)
		for _, it := range group {
			it.done <- err
		}
	}
}

// Group commit: producers submit 1 KB events concurrently, each waiting until its event is
// durable (fsync per record, the default); events/s is what PutEvents could sustain.
//
//	go test -run '^$' -bench BenchmarkGroupCommit -benchtime 2s -count 5 ./jetstream
func BenchmarkGroupCommit(b *testing.B) {
	for _, producers := range []int{1, 16, 256} {
		b.Run(fmt.Sprintf("producers=%d", producers), func(b *testing.B) { benchGroupCommit(b, producers) })
	}
}

func benchGroupCommit(b *testing.B, producers int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	lg, _ := s.Log(ctx, "bench", eventrail.LogOptions{})
	c := &groupCommitter{lg: lg, wake: make(chan struct{}, 1)}
	go c.run(ctx)
	event := make([]byte, 1<<10)
	b.SetBytes(int64(len(event)))
	b.ResetTimer()
	var next atomic.Int64
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				if err := c.Submit(event); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/float64(max(c.groups.Load(), 1)), "events/record")
}
