package memstore

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// Defaults of eventrail.ConsumeOptions.
const (
	defaultAckWait     = 30 * time.Second
	defaultMaxInFlight = 1000
)

// consumer is the durable state of one named consumer of a log; it outlives Consume calls.
// Every field is guarded by the log's mu.
type consumer struct {
	opts    eventrail.ConsumeOptions
	next    uint64 // lowest Seq never delivered (records below it are pending or done)
	pending map[uint64]*pending
	ready   []uint64 // pending Seqs due for redelivery, ascending
}

// pending is one delivered, unsettled record. gen identifies the live delivery: timers and
// Nak/InProgress of older deliveries carry a stale gen and are ignored.
type pending struct {
	attempts int
	gen      uint64
	timer    eventrail.Timer
	ready    bool
}

func normalize(o eventrail.ConsumeOptions) eventrail.ConsumeOptions {
	if o.AckWait <= 0 {
		o.AckWait = defaultAckWait
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = defaultMaxInFlight
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 1
	}
	return o
}

// Consume runs the durable consumer name with opts.Concurrency workers until ctx is done
// (then it returns nil, after every running handle call has returned) or the store closes
// (eventrail.ErrClosed). The latest Consume call's options apply to the shared consumer.
func (l *recordLog) Consume(ctx context.Context, name string, opts eventrail.ConsumeOptions, handle func(context.Context, eventrail.Delivery)) error {
	if err := validName(name); err != nil {
		return err
	}
	if err := validFilter(opts.Filter); err != nil {
		return err
	}
	if l.s.isClosed() {
		return eventrail.ErrClosed
	}
	opts = normalize(opts)
	l.mu.Lock()
	c := l.consumers[name]
	if c == nil {
		c = &consumer{next: 1, pending: map[uint64]*pending{}}
		l.consumers[name] = c
	}
	c.opts = opts
	l.broadcast()
	l.mu.Unlock()

	var wg sync.WaitGroup
	for i := 0; i < opts.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.work(ctx, c, handle)
		}()
	}
	wg.Wait()
	if ctx.Err() == nil && l.s.isClosed() {
		return eventrail.ErrClosed
	}
	return nil
}

// work is one Consume worker: take the next delivery, handle it, repeat.
func (l *recordLog) work(ctx context.Context, c *consumer, handle func(context.Context, eventrail.Delivery)) {
	for ctx.Err() == nil && !l.s.isClosed() {
		l.mu.Lock()
		d := l.nextDelivery(c)
		wake := l.wake
		l.mu.Unlock()
		if d != nil {
			handle(ctx, d)
			continue
		}
		select {
		case <-ctx.Done():
		case <-l.s.done:
		case <-wake:
		}
	}
}

// nextDelivery picks what c should get next: the oldest record due for redelivery, else the
// next new matching record if fewer than MaxInFlight are unsettled. Caller holds l.mu.
func (l *recordLog) nextDelivery(c *consumer) *delivery {
	l.expireLocked(l.s.clock.Now())
	for len(c.ready) > 0 {
		seq := c.ready[0]
		c.ready = c.ready[1:]
		p := c.pending[seq]
		st := l.lookup(seq)
		if st == nil {
			delete(c.pending, seq)
			continue
		}
		p.ready = false
		return l.deliverLocked(c, st, p)
	}
	if len(c.pending) >= c.opts.MaxInFlight {
		return nil
	}
	for i := l.indexFrom(c.next); i < len(l.recs); i++ {
		st := l.recs[i]
		c.next = st.rec.Seq + 1
		if !st.removed && matchFilter(c.opts.Filter, st.rec.Key) {
			p := &pending{}
			c.pending[st.rec.Seq] = p
			return l.deliverLocked(c, st, p)
		}
	}
	c.next = l.lastSeq + 1
	return nil
}

// deliverLocked starts a new delivery of st: one more attempt and a fresh ack timer.
func (l *recordLog) deliverLocked(c *consumer, st *stored, p *pending) *delivery {
	p.attempts++
	p.gen++
	l.armLocked(c, st.rec.Seq, p, c.opts.AckWait)
	rec := st.rec
	rec.Data = cloneBytes(rec.Data)
	return &delivery{l: l, c: c, rec: rec, attempt: p.attempts, gen: p.gen}
}

// armLocked (re)starts p's timer: after d the record becomes due for redelivery.
func (l *recordLog) armLocked(c *consumer, seq uint64, p *pending, d time.Duration) {
	if p.timer != nil {
		p.timer.Stop()
	}
	gen := p.gen
	p.timer = l.s.clock.AfterFunc(d, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if cur := c.pending[seq]; cur == p && p.gen == gen {
			l.readyLocked(c, seq, p)
		}
	})
}

// readyLocked queues a pending record for redelivery.
func (l *recordLog) readyLocked(c *consumer, seq uint64, p *pending) {
	if p.ready {
		return
	}
	p.ready = true
	i := sort.Search(len(c.ready), func(i int) bool { return c.ready[i] >= seq })
	c.ready = append(c.ready, 0)
	copy(c.ready[i+1:], c.ready[i:])
	c.ready[i] = seq
	l.broadcast()
}

// settleLocked ends a record's life for c (Ack or Term); in a work-queue log the record is
// removed. It is a no-op if the record is no longer pending.
func (l *recordLog) settleLocked(c *consumer, seq uint64) {
	p := c.pending[seq]
	if p == nil {
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	delete(c.pending, seq)
	if p.ready {
		i := sort.Search(len(c.ready), func(i int) bool { return c.ready[i] >= seq })
		if i < len(c.ready) && c.ready[i] == seq {
			c.ready = append(c.ready[:i], c.ready[i+1:]...)
		}
	}
	if l.opts.WorkQueue {
		if st := l.lookup(seq); st != nil {
			l.removeLocked(st)
			l.compactLocked()
		}
	}
	l.broadcast()
}
