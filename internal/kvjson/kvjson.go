// Package kvjson stores JSON values in an eventrail.KV for the control-plane services: read,
// list, and change a key with optimistic concurrency, retrying lost races a bounded number of
// times before giving up with AWS's ConcurrentModificationException.
//
// A Store is a small value (the KV and the owning package's name, which prefixes internal
// errors such as "control: corrupt value at ..."); it is as safe for concurrent use as its KV.
package kvjson

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/eventrail/eventrail"
)

// MaxConflictRetries bounds optimistic-concurrency retries before ConcurrentModification.
const MaxConflictRetries = 64

// Store reads and writes JSON values in KV. Owner names the package using it ("control").
type Store struct {
	KV    eventrail.KV
	Owner string
}

// Marshal marshals a value of a type that always marshals; it panics otherwise.
func (s Store) Marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("%s: marshal %T: %v", s.Owner, v, err))
	}
	return b
}

// Corrupt is the error for a stored value at key that does not decode (err).
func (s Store) Corrupt(key string, err error) error {
	return fmt.Errorf("%s: corrupt value at %q: %w", s.Owner, key, err)
}

// Get reads key into v. found is false (and err nil) when the key is absent.
func (s Store) Get(ctx context.Context, key string, v any) (rev uint64, found bool, err error) {
	e, err := s.KV.Get(ctx, key)
	if errors.Is(err, eventrail.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if err := json.Unmarshal(e.Value, v); err != nil {
		return 0, false, s.Corrupt(key, err)
	}
	return e.Revision, true, nil
}

// List returns the decoded values of every key under prefix, in key order.
func List[T any](ctx context.Context, s Store, prefix string) ([]T, error) {
	entries, err := s.KV.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(entries))
	for _, e := range entries {
		var v T
		if err := json.Unmarshal(e.Value, &v); err != nil {
			return nil, s.Corrupt(e.Key, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// ConcurrentModification is AWS's error when MaxConflictRetries attempts all lost the race.
func ConcurrentModification() error {
	return eventrail.Errorf(eventrail.CodeConcurrentModification,
		"Another process is modifying the resource. Retry the request.")
}
