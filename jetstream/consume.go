package jetstream

import (
	"context"
	"errors"
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
// running handle call returned) or the store closes (eventrail.ErrClosed). The client buffers
// at most Concurrency records beyond those being handled, so records do not age towards
// AckWait in a local queue.
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
	it, err := cons.Messages(jetstream.PullMaxMessages(opts.Concurrency))
	if err != nil {
		return l.s.wrap("Consume "+name, err)
	}
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
		case <-l.s.done:
		case <-stopped:
		}
		it.Stop()
	}()
	l.dispatch(ctx, it, opts.Concurrency, handle)
	if ctx.Err() == nil && l.s.closed.Load() {
		return eventrail.ErrClosed
	}
	return nil
}

// dispatch hands messages from it to at most conc concurrent handle calls, taking a message
// only when a handler slot is free, until it is stopped; then it waits for the handlers.
func (l *recordLog) dispatch(ctx context.Context, it jetstream.MessagesContext, conc int, handle func(context.Context, eventrail.Delivery)) {
	slots := make(chan struct{}, conc)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		case <-l.s.done:
			return
		}
		msg, err := it.Next()
		if err != nil {
			<-slots
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil || l.s.closed.Load() {
				return
			}
			continue // transient (missed heartbeat, reconnect): the iterator recovers
		}
		if ctx.Err() != nil { // stopping: leave it for redelivery
			<-slots
			return
		}
		d, err := l.newDelivery(msg)
		if err != nil {
			<-slots
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			handle(ctx, d)
		}()
	}
}
