package kvjson

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/eventrail/eventrail"
)

// Change is what a mutation function decides to do with a key.
type Change int

const (
	Keep   Change = iota // leave the key as it is
	Write                // store the returned value
	Remove               // delete the key
)

// Mutate reads key, calls fn with its current value (nil, false when absent) and applies
// fn's decision with optimistic concurrency: Create when the key was absent, Update at the
// revision read when present. On a concurrent change (ErrConflict or ErrExists) it re-reads and
// calls fn again, so fn must be free of side effects. An error from fn is returned as is.
func (s Store) Mutate(ctx context.Context, key string, fn func(cur []byte, exists bool) ([]byte, Change, error)) error {
	for range MaxConflictRetries {
		e, err := s.KV.Get(ctx, key)
		exists := err == nil
		if err != nil && !errors.Is(err, eventrail.ErrNotFound) {
			return err
		}
		next, what, err := fn(e.Value, exists)
		if err != nil {
			return err
		}
		switch {
		case what == Keep:
			return nil
		case what == Remove:
			if !exists {
				return nil
			}
			return s.KV.Delete(ctx, key)
		case exists:
			_, err = s.KV.Update(ctx, key, next, e.Revision)
		default:
			_, err = s.KV.Create(ctx, key, next)
		}
		if errors.Is(err, eventrail.ErrConflict) || errors.Is(err, eventrail.ErrExists) {
			continue
		}
		return err
	}
	return ConcurrentModification()
}

// MutateJSON is Mutate for a JSON value of type T; fn edits *T (the zero T when the key is
// absent) in place and says what to do.
func MutateJSON[T any](ctx context.Context, s Store, key string, fn func(v *T, exists bool) (Change, error)) error {
	return s.Mutate(ctx, key, func(cur []byte, exists bool) ([]byte, Change, error) {
		var v T
		if exists {
			if err := json.Unmarshal(cur, &v); err != nil {
				return nil, Keep, s.Corrupt(key, err)
			}
		}
		what, err := fn(&v, exists)
		if err != nil || what != Write {
			return nil, what, err
		}
		return s.Marshal(v), Write, nil
	})
}

// Update replaces an existing key with optimistic concurrency: next reads the current state
// and returns the new value with the revision it was derived from. When the Update loses the
// race (ErrConflict) next is called again, so it must be free of side effects; an error from
// next is returned as is.
func (s Store) Update(ctx context.Context, key string, next func() ([]byte, uint64, error)) error {
	for range MaxConflictRetries {
		val, rev, err := next()
		if err != nil {
			return err
		}
		_, err = s.KV.Update(ctx, key, val, rev)
		if errors.Is(err, eventrail.ErrConflict) {
			continue
		}
		return err
	}
	return ConcurrentModification()
}
