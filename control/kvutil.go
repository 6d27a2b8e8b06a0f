package control

import (
	"context"
	"errors"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/kvjson"
)

// store is the service's KV seen as JSON values (see internal/kvjson); its internal errors
// start with "control: ".
func (s *Service) store() kvjson.Store { return kvjson.Store{KV: s.kv, Owner: "control"} }

// change is what a mutation function decides to do with a key.
type change = kvjson.Change

const (
	keep   = kvjson.Keep   // leave the key as it is
	write  = kvjson.Write  // store the returned value
	remove = kvjson.Remove // delete the key
)

// mustJSON marshals a value of a type that always marshals.
func mustJSON(v any) []byte { return kvjson.Store{Owner: "control"}.Marshal(v) }

// getJSON reads key into v. found is false (and err nil) when the key is absent.
func (s *Service) getJSON(ctx context.Context, key string, v any) (rev uint64, found bool, err error) {
	return s.store().Get(ctx, key, v)
}

// mutate is kvjson.Store.Mutate: fn decides what to do with key's current value and is called
// again on a concurrent change (so it must be free of side effects); after
// kvjson.MaxConflictRetries lost races it gives up with ConcurrentModificationException.
func (s *Service) mutate(ctx context.Context, key string, fn func(cur []byte, exists bool) ([]byte, change, error)) error {
	return s.store().Mutate(ctx, key, fn)
}

// mutateJSON is mutate for a JSON value of type T; fn edits *T in place and says what to do.
func mutateJSON[T any](ctx context.Context, s *Service, key string, fn func(v *T, exists bool) (change, error)) error {
	return kvjson.MutateJSON(ctx, s.store(), key, fn)
}

// listJSON returns the decoded values of every key under prefix, in key order.
func listJSON[T any](ctx context.Context, s *Service, prefix string) ([]T, error) {
	return kvjson.List[T](ctx, s.store(), prefix)
}

// errorsIsNotFound reports a missing KV key.
func errorsIsNotFound(err error) bool { return errors.Is(err, eventrail.ErrNotFound) }
