package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/eventrail/eventrail"
)

// maxConflictRetries bounds optimistic-concurrency retries before giving up with
// ConcurrentModificationException.
const maxConflictRetries = 64

// mustJSON marshals a value of a type that always marshals.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("control: marshal %T: %v", v, err))
	}
	return b
}

// getJSON reads key into v. found is false (and err nil) when the key is absent.
func (s *Service) getJSON(ctx context.Context, key string, v any) (rev uint64, found bool, err error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, eventrail.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if err := json.Unmarshal(e.Value, v); err != nil {
		return 0, false, fmt.Errorf("control: corrupt value at %q: %w", key, err)
	}
	return e.Revision, true, nil
}

// change is what a mutation function decides to do with a key.
type change int

const (
	keep   change = iota // leave the key as it is
	write                // store the returned value
	remove               // delete the key
)

// mutate reads key, calls fn with its current value (nil, false when absent) and applies
// fn's decision with optimistic concurrency: Create when the key was absent, Update at the
// revision read when present. On a concurrent change it re-reads and calls fn again, so fn
// must be free of side effects. An error from fn is returned as is.
func (s *Service) mutate(ctx context.Context, key string, fn func(cur []byte, exists bool) ([]byte, change, error)) error {
	for range maxConflictRetries {
		e, err := s.kv.Get(ctx, key)
		exists := err == nil
		if err != nil && !errors.Is(err, eventrail.ErrNotFound) {
			return err
		}
		next, what, err := fn(e.Value, exists)
		if err != nil {
			return err
		}
		switch {
		case what == keep:
			return nil
		case what == remove:
			if !exists {
				return nil
			}
			return s.kv.Delete(ctx, key)
		case exists:
			_, err = s.kv.Update(ctx, key, next, e.Revision)
		default:
			_, err = s.kv.Create(ctx, key, next)
		}
		if errors.Is(err, eventrail.ErrConflict) || errors.Is(err, eventrail.ErrExists) {
			continue
		}
		return err
	}
	return eventrail.Errorf(eventrail.CodeConcurrentModification,
		"Another process is modifying the resource. Retry the request.")
}

// mutateJSON is mutate for a JSON value of type T; fn edits *T in place and says what to do.
func mutateJSON[T any](ctx context.Context, s *Service, key string, fn func(v *T, exists bool) (change, error)) error {
	return s.mutate(ctx, key, func(cur []byte, exists bool) ([]byte, change, error) {
		var v T
		if exists {
			if err := json.Unmarshal(cur, &v); err != nil {
				return nil, keep, fmt.Errorf("control: corrupt value at %q: %w", key, err)
			}
		}
		what, err := fn(&v, exists)
		if err != nil || what != write {
			return nil, what, err
		}
		return mustJSON(v), write, nil
	})
}

// listJSON returns the decoded values of every key under prefix, in key order.
func listJSON[T any](ctx context.Context, s *Service, prefix string) ([]T, error) {
	entries, err := s.kv.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(entries))
	for _, e := range entries {
		var v T
		if err := json.Unmarshal(e.Value, &v); err != nil {
			return nil, fmt.Errorf("control: corrupt value at %q: %w", e.Key, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// errorsIsNotFound reports a missing KV key.
func errorsIsNotFound(err error) bool { return errors.Is(err, eventrail.ErrNotFound) }
