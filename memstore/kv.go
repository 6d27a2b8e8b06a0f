package memstore

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/eventrail/eventrail"
)

// kvBucket is one KV bucket. Revisions are bucket-wide and strictly increasing, as in a
// JetStream KV bucket. Values are copied in and out, so callers keep ownership of their slices.
type kvBucket struct {
	s *Store

	mu       sync.Mutex
	rev      uint64
	entries  map[string]eventrail.KVEntry
	watchers map[*watcher]struct{}
}

func newKVBucket(s *Store) *kvBucket {
	return &kvBucket{s: s, entries: map[string]eventrail.KVEntry{}, watchers: map[*watcher]struct{}{}}
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return append([]byte(nil), b...)
}

func cloneEntry(e eventrail.KVEntry) eventrail.KVEntry {
	e.Value = cloneBytes(e.Value)
	return e
}

// Get returns the live entry for key or eventrail.ErrNotFound.
func (b *kvBucket) Get(ctx context.Context, key string) (eventrail.KVEntry, error) {
	if err := validKVKey(key); err != nil {
		return eventrail.KVEntry{}, err
	}
	if b.s.isClosed() {
		return eventrail.KVEntry{}, eventrail.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.entries[key]
	if !ok {
		return eventrail.KVEntry{}, eventrail.ErrNotFound
	}
	return cloneEntry(e), nil
}

// Put sets key unconditionally.
func (b *kvBucket) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	return b.write(key, value, func(eventrail.KVEntry, bool) error { return nil })
}

// Create sets key only if it has no live entry.
func (b *kvBucket) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	return b.write(key, value, func(_ eventrail.KVEntry, exists bool) error {
		if exists {
			return eventrail.ErrExists
		}
		return nil
	})
}

// Update sets key only if its live entry has revision rev.
func (b *kvBucket) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	return b.write(key, value, func(cur eventrail.KVEntry, exists bool) error {
		if !exists || cur.Revision != rev {
			return eventrail.ErrConflict
		}
		return nil
	})
}

// write stores value under key if check (given the current entry) allows it.
func (b *kvBucket) write(key string, value []byte, check func(eventrail.KVEntry, bool) error) (uint64, error) {
	if err := validKVKey(key); err != nil {
		return 0, err
	}
	if b.s.isClosed() {
		return 0, eventrail.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur, exists := b.entries[key]
	if err := check(cur, exists); err != nil {
		return 0, err
	}
	b.rev++
	e := eventrail.KVEntry{Key: key, Value: cloneBytes(value), Revision: b.rev}
	b.entries[key] = e
	b.notify(e)
	return e.Revision, nil
}

// Delete removes key; a missing key is not an error and produces no watch event.
func (b *kvBucket) Delete(ctx context.Context, key string) error {
	if err := validKVKey(key); err != nil {
		return err
	}
	if b.s.isClosed() {
		return eventrail.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.entries[key]; !ok {
		return nil
	}
	delete(b.entries, key)
	b.rev++
	b.notify(eventrail.KVEntry{Key: key, Revision: b.rev, Deleted: true})
	return nil
}

// List returns the live entries under prefix sorted by key.
func (b *kvBucket) List(ctx context.Context, prefix string) ([]eventrail.KVEntry, error) {
	if b.s.isClosed() {
		return nil, eventrail.ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.listLocked(prefix), nil
}

func (b *kvBucket) listLocked(prefix string) []eventrail.KVEntry {
	var out []eventrail.KVEntry
	for k, e := range b.entries {
		if strings.HasPrefix(k, prefix) {
			out = append(out, cloneEntry(e))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// notify queues e for every watcher whose prefix matches. Caller holds b.mu, which keeps the
// order of events equal to the order of revisions.
func (b *kvBucket) notify(e eventrail.KVEntry) {
	for w := range b.watchers {
		if strings.HasPrefix(e.Key, w.prefix) {
			w.push(cloneEntry(e))
		}
	}
}
