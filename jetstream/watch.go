package jetstream

import (
	"context"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go/jetstream"
)

// Watch sends the live entries under prefix, a zero KVEntry marker, then every later change
// (deletions as Deleted entries), until ctx is done or the store closes; the channel is then
// closed. Entries of the initial state come in revision order, not key order.
func (b *kvBucket) Watch(ctx context.Context, prefix string) (<-chan eventrail.KVEntry, error) {
	if b.s.closed.Load() {
		return nil, eventrail.ErrClosed
	}
	filter, _ := prefixFilter(prefix)
	w, err := b.kv.Watch(ctx, filter)
	if err != nil {
		return nil, b.s.wrap("Watch", err)
	}
	out := make(chan eventrail.KVEntry, 64)
	go forward(ctx, b.s.done, w, prefix, out)
	return out, nil
}

// forward copies w's updates to out, dropping deletions from the initial state, until ctx is
// done, the store closes or w ends.
func forward(ctx context.Context, done <-chan struct{}, w jetstream.KeyWatcher, prefix string, out chan<- eventrail.KVEntry) {
	defer close(out)
	defer w.Stop()
	initial := true
	for {
		var ent eventrail.KVEntry
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case e, ok := <-w.Updates():
			if !ok {
				return
			}
			if e == nil {
				initial = false // ent stays the zero marker
			} else {
				var mine bool
				if ent, mine = toEntry(e, prefix); !mine || initial && ent.Deleted {
					continue
				}
			}
		}
		select {
		case out <- ent:
		case <-ctx.Done():
			return
		case <-done:
			return
		}
	}
}
