package apidest

import (
	"context"
	"errors"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/kvjson"
)

// store is the service's KV seen as JSON values (see internal/kvjson); its internal errors
// start with "apidest: ".
func (s *Service) store() kvjson.Store { return kvjson.Store{KV: s.kv, Owner: "apidest"} }

// mustJSON marshals a value of a type that always marshals.
func mustJSON(v any) []byte { return kvjson.Store{Owner: "apidest"}.Marshal(v) }

// getJSON reads key into v; found is false (err nil) when the key is absent.
func (s *Service) getJSON(ctx context.Context, key string, v any) (rev uint64, found bool, err error) {
	return s.store().Get(ctx, key, v)
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
		return c, 0, s.store().Corrupt(e.Key, err)
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

// mutate is kvjson.Store.Update: next reads the current state and returns the new value
// with the revision it came from; it is called again on a concurrent change.
func (s *Service) mutate(ctx context.Context, next func() ([]byte, uint64, error), key string) error {
	return s.store().Update(ctx, key, next)
}

// listJSON decodes every value under prefix, in key order.
func listJSON[T any](ctx context.Context, s *Service, prefix string) ([]T, error) {
	return kvjson.List[T](ctx, s.store(), prefix)
}
