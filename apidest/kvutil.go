package apidest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/eventrail/eventrail"
)

// maxConflictRetries bounds optimistic-concurrency retries before ConcurrentModification.
const maxConflictRetries = 64

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("apidest: marshal %T: %v", v, err))
	}
	return b
}

// getJSON reads key into v; found is false (err nil) when the key is absent.
func (s *Service) getJSON(ctx context.Context, key string, v any) (rev uint64, found bool, err error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, eventrail.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if err := json.Unmarshal(e.Value, v); err != nil {
		return 0, false, fmt.Errorf("apidest: corrupt value at %q: %w", key, err)
	}
	return e.Revision, true, nil
}

// getConnection reads a connection; a missing one is AWS's ResourceNotFoundException for the
// operation's action verb.
func (s *Service) getConnection(ctx context.Context, name, action string) (connection, uint64, error) {
	e, err := s.kv.Get(ctx, eventrail.ConnectionKey(name))
	if errors.Is(err, eventrail.ErrNotFound) {
		return connection{}, 0, errConnectionNotFound(action, name)
	}
	if err != nil {
		return connection{}, 0, err
	}
	c, err := s.decodeConnection(e.Value)
	if errors.Is(err, errNoKey) {
		c.keyless, err = true, nil
	}
	if err != nil {
		return c, 0, fmt.Errorf("apidest: corrupt value at %q: %w", e.Key, err)
	}
	return c, e.Revision, nil
}

// getDestination reads an API destination (ResourceNotFoundException when missing).
func (s *Service) getDestination(ctx context.Context, name, action string) (destination, uint64, error) {
	var d destination
	rev, found, err := s.getJSON(ctx, eventrail.APIDestinationKey(name), &d)
	if err == nil && !found {
		err = errDestinationNotFound(action, name)
	}
	return d, rev, err
}

// mutateConnection applies fn to the stored connection with optimistic concurrency, calling
// it again on a concurrent change (fn must be free of side effects).
func (s *Service) mutateConnection(ctx context.Context, name, action string, fn func(*connection) error) error {
	return s.mutate(ctx, func() ([]byte, uint64, error) {
		c, rev, err := s.getConnection(ctx, name, action)
		if err != nil {
			return nil, 0, err
		}
		if err := fn(&c); err != nil {
			return nil, 0, err
		}
		return s.encodeConnection(c), rev, nil
	}, eventrail.ConnectionKey(name))
}

// mutateDestination is mutateConnection for API destinations.
func (s *Service) mutateDestination(ctx context.Context, name, action string, fn func(*destination) error) error {
	return s.mutate(ctx, func() ([]byte, uint64, error) {
		d, rev, err := s.getDestination(ctx, name, action)
		if err != nil {
			return nil, 0, err
		}
		if err := fn(&d); err != nil {
			return nil, 0, err
		}
		return mustJSON(d), rev, nil
	}, eventrail.APIDestinationKey(name))
}

func (s *Service) mutate(ctx context.Context, next func() ([]byte, uint64, error), key string) error {
	for range maxConflictRetries {
		val, rev, err := next()
		if err != nil {
			return err
		}
		_, err = s.kv.Update(ctx, key, val, rev)
		if errors.Is(err, eventrail.ErrConflict) {
			continue
		}
		return err
	}
	return eventrail.Errorf(eventrail.CodeConcurrentModification,
		"Another process is modifying the resource. Retry the request.")
}

// listJSON decodes every value under prefix, in key order.
func listJSON[T any](ctx context.Context, s *Service, prefix string) ([]T, error) {
	entries, err := s.kv.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(entries))
	for _, e := range entries {
		var v T
		if err := json.Unmarshal(e.Value, &v); err != nil {
			return nil, fmt.Errorf("apidest: corrupt value at %q: %w", e.Key, err)
		}
		out = append(out, v)
	}
	return out, nil
}
