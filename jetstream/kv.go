package jetstream

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go/jetstream"
)

// kvBucket is an eventrail.KV on a JetStream KV bucket (see the package doc for the key
// encoding). Revisions are the bucket stream's sequence numbers. Safe for concurrent use.
type kvBucket struct {
	s  *Store
	kv jetstream.KeyValue
}

var _ eventrail.KV = (*kvBucket)(nil)

func (b *kvBucket) check(key string) error {
	if err := validKVKey(key); err != nil {
		return err
	}
	if b.s.closed.Load() {
		return eventrail.ErrClosed
	}
	return nil
}

// Get returns the live entry for key, or eventrail.ErrNotFound.
func (b *kvBucket) Get(ctx context.Context, key string) (eventrail.KVEntry, error) {
	if err := b.check(key); err != nil {
		return eventrail.KVEntry{}, err
	}
	e, err := b.kv.Get(ctx, encodeKey(key))
	if err != nil {
		return eventrail.KVEntry{}, b.s.wrap("Get", err)
	}
	return eventrail.KVEntry{Key: key, Value: nonNil(e.Value()), Revision: e.Revision()}, nil
}

func nonNil(v []byte) []byte {
	if v == nil {
		return []byte{}
	}
	return v
}

// Put sets key unconditionally.
func (b *kvBucket) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	if err := b.check(key); err != nil {
		return 0, err
	}
	rev, err := b.kv.Put(ctx, encodeKey(key), value)
	return rev, b.s.wrap("Put", err)
}

// Create sets key only if it has no live entry, else eventrail.ErrExists.
func (b *kvBucket) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	if err := b.check(key); err != nil {
		return 0, err
	}
	rev, err := b.kv.Create(ctx, encodeKey(key), value)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, errors.Join(eventrail.ErrExists, err)
	}
	return rev, b.s.wrap("Create", err)
}

// Update sets key only if its revision is rev, else eventrail.ErrConflict. A missing key has no
// revision, so rev 0 always conflicts.
func (b *kvBucket) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	if err := b.check(key); err != nil {
		return 0, err
	}
	if rev == 0 {
		return 0, eventrail.ErrConflict
	}
	nrev, err := b.kv.Update(ctx, encodeKey(key), value, rev)
	if errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return 0, errors.Join(eventrail.ErrConflict, err)
	}
	return nrev, b.s.wrap("Update", err)
}

// Delete removes key (a delete marker; watchers see a Deleted entry). A missing key is not an
// error.
func (b *kvBucket) Delete(ctx context.Context, key string) error {
	if err := b.check(key); err != nil {
		return err
	}
	return b.s.wrap("Delete", b.kv.Delete(ctx, encodeKey(key)))
}

// List returns the live entries under prefix sorted by key. It reads the bucket's latest
// values through a watcher limited to the prefix's full segments.
func (b *kvBucket) List(ctx context.Context, prefix string) ([]eventrail.KVEntry, error) {
	if b.s.closed.Load() {
		return nil, eventrail.ErrClosed
	}
	filter, _ := prefixFilter(prefix)
	w, err := b.kv.Watch(ctx, filter, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, b.s.wrap("List", err)
	}
	defer w.Stop()
	var out []eventrail.KVEntry
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case e, ok := <-w.Updates():
			if !ok {
				return nil, b.s.wrap("List", eventrail.ErrClosed)
			}
			if e == nil {
				sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
				return out, nil
			}
			if ent, ok := toEntry(e, prefix); ok {
				out = append(out, ent)
			}
		}
	}
}

// toEntry converts a NATS KV entry, reporting false when it is not under prefix (the server
// filter is coarser than the prefix) or its key is not one this package wrote.
func toEntry(e jetstream.KeyValueEntry, prefix string) (eventrail.KVEntry, bool) {
	key, err := decodeKey(e.Key())
	if err != nil || !strings.HasPrefix(key, prefix) {
		return eventrail.KVEntry{}, false
	}
	ent := eventrail.KVEntry{Key: key, Revision: e.Revision()}
	if e.Operation() == jetstream.KeyValuePut {
		ent.Value = nonNil(e.Value())
	} else {
		ent.Deleted = true
	}
	return ent, true
}
