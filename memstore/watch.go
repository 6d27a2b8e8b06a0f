package memstore

import (
	"context"
	"sync"

	"github.com/eventrail/eventrail"
)

// watcher buffers the events of one Watch call without bound, so writers never block on a
// slow reader; its goroutine moves them to the caller's channel.
type watcher struct {
	prefix string
	wake   chan struct{} // capacity 1: "queue may be non-empty"

	mu    sync.Mutex
	queue []eventrail.KVEntry
}

func (w *watcher) push(e eventrail.KVEntry) {
	w.mu.Lock()
	w.queue = append(w.queue, e)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *watcher) take() []eventrail.KVEntry {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.queue
	w.queue = nil
	return q
}

// Watch sends the live entries under prefix (sorted by key), a zero KVEntry marker, then every
// later change, until ctx is done or the store closes; the channel is then closed.
func (b *kvBucket) Watch(ctx context.Context, prefix string) (<-chan eventrail.KVEntry, error) {
	if b.s.isClosed() {
		return nil, eventrail.ErrClosed
	}
	w := &watcher{prefix: prefix, wake: make(chan struct{}, 1)}
	b.mu.Lock()
	w.queue = append(b.listLocked(prefix), eventrail.KVEntry{})
	b.watchers[w] = struct{}{}
	b.mu.Unlock()
	w.wake <- struct{}{}
	out := make(chan eventrail.KVEntry, 16)
	go b.pump(ctx, w, out)
	return out, nil
}

// pump delivers w's queue to out until ctx is done or the store closes.
func (b *kvBucket) pump(ctx context.Context, w *watcher, out chan<- eventrail.KVEntry) {
	defer func() {
		b.mu.Lock()
		delete(b.watchers, w)
		b.mu.Unlock()
		close(out)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.s.done:
			return
		case <-w.wake:
		}
		for _, e := range w.take() {
			select {
			case out <- e:
			case <-ctx.Done():
				return
			case <-b.s.done:
				return
			}
		}
	}
}
