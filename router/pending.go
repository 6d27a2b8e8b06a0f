package router

import (
	"log/slog"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// pendingRecords holds the bus-log records whose hand-offs a Dispatcher is working on, so that
// they are kept alive (InProgress) while deliveries run, a record redelivered meanwhile is not
// routed twice, and the latest Delivery of a record is the one settled. Safe for concurrent use.
type pendingRecords struct {
	mu sync.Mutex
	m  map[uint64]eventrail.Delivery
}

// begin registers d; false when its record is already pending (d then replaces the older
// Delivery, and the running dispatch settles it).
func (p *pendingRecords) begin(seq uint64, d eventrail.Delivery) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[uint64]eventrail.Delivery{}
	}
	_, running := p.m[seq]
	p.m[seq] = d
	return !running
}

// end forgets seq without settling it (the caller settles d itself).
func (p *pendingRecords) end(seq uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, seq)
}

// settle forgets seq and acknowledges its latest Delivery, or (err set) asks for it again a
// second later.
func (p *pendingRecords) settle(seq uint64, err error) {
	p.mu.Lock()
	d := p.m[seq]
	delete(p.m, seq)
	p.mu.Unlock()
	if d == nil {
		return
	}
	if err != nil {
		slog.Warn("router: hand-offs not delivered; will route the record again", "seq", seq, "err", err)
		_ = d.Nak(time.Second)
		return
	}
	_ = d.Ack()
}

// keepAlive calls InProgress on every pending record every period until stop is called.
func (p *pendingRecords) keepAlive(period time.Duration) (stop func()) {
	t := time.NewTicker(period)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				for _, d := range p.snapshot() {
					_ = d.InProgress()
				}
			case <-quit:
				return
			}
		}
	}()
	return func() { t.Stop(); close(quit) }
}

func (p *pendingRecords) snapshot() []eventrail.Delivery {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]eventrail.Delivery, 0, len(p.m))
	for _, d := range p.m {
		out = append(out, d)
	}
	return out
}

// len returns the number of pending records (tests).
func (p *pendingRecords) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.m)
}
