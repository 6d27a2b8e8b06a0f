package jetstream

import (
	"context"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of eventrail.ConsumeOptions.
const (
	defaultAckWait     = 30 * time.Second
	defaultMaxInFlight = 1000
)

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

// Consume creates or updates the durable pull consumer name (explicit ack, AckWait,
// MaxAckPending = MaxInFlight, unlimited redeliveries, from the first record) and runs up to
// opts.Concurrency handle calls at once until ctx is done (then it returns nil after every
// running handle call returned) or the store closes (eventrail.ErrClosed).
func (l *recordLog) Consume(ctx context.Context, name string, opts eventrail.ConsumeOptions, handle func(context.Context, eventrail.Delivery)) error {
	if err := validName(name); err != nil {
		return err
	}
	if err := validFilter(opts.Filter); err != nil {
		return err
	}
	if l.s.closed.Load() {
		return eventrail.ErrClosed
	}
	opts = normalize(opts)
	cons, err := l.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       name,
		FilterSubject: l.subjectFilter(opts.Filter),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       opts.AckWait,
		MaxAckPending: opts.MaxInFlight,
		MaxDeliver:    -1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return l.s.wrap("Consume "+name, err)
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-l.s.done:
			cancel()
		case <-fctx.Done():
		}
	}()
	l.dispatch(fctx, cons, opts.Concurrency, handle)
	if ctx.Err() == nil && l.s.closed.Load() {
		return eventrail.ErrClosed
	}
	return nil
}

// dispatch fetches records in batches no larger than the number of free handler slots (so no
// record waits in a local buffer while its AckWait runs) and hands each to its own handle call,
// until ctx is done; then it waits for the running handlers.
func (l *recordLog) dispatch(ctx context.Context, cons jetstream.Consumer, conc int, handle func(context.Context, eventrail.Delivery)) {
	slots := make(chan struct{}, conc)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		n := reserve(ctx, slots)
		if n == 0 {
			return
		}
		batch, err := cons.Fetch(n, jetstream.FetchContext(ctx))
		if err != nil {
			release(slots, n)
			if !l.pause(ctx) {
				return
			}
			continue
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			if ctx.Err() != nil {
				continue // stopping: leave it to be redelivered
			}
			d, err := l.newDelivery(msg)
			if err != nil {
				continue
			}
			n--
			wg.Add(1)
			go func() {
				defer func() { <-slots; wg.Done() }()
				handle(ctx, d)
			}()
		}
		release(slots, n)
		if got == 0 && batch.Error() != nil && !l.pause(ctx) {
			return // e.g. consumer deleted or no heartbeat: do not spin
		}
	}
}

// reserve blocks until at least one slot is free, then takes every free slot; 0 if ctx ended.
func reserve(ctx context.Context, slots chan struct{}) int {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return 0
	}
	n := 1
	for n < cap(slots) {
		select {
		case slots <- struct{}{}:
			n++
		default:
			return n
		}
	}
	return n
}

func release(slots chan struct{}, n int) {
	for ; n > 0; n-- {
		<-slots
	}
}

// pause waits a moment after a failed fetch (e.g. while reconnecting); false if ctx ended.
func (l *recordLog) pause(ctx context.Context) bool {
	t := time.NewTimer(100 * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
