package jetstream

import (
	"errors"
	"fmt"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// wrap maps NATS errors onto the eventrail storage errors, keeping the original in the chain.
func (s *Store) wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case s.closed.Load(), errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrConnectionDraining):
		return fmt.Errorf("jetstream: %s: %w (%w)", op, eventrail.ErrClosed, err)
	case errors.Is(err, jetstream.ErrKeyNotFound), errors.Is(err, jetstream.ErrKeyDeleted),
		errors.Is(err, jetstream.ErrMsgNotFound):
		return fmt.Errorf("jetstream: %s: %w (%w)", op, eventrail.ErrNotFound, err)
	case errors.Is(err, jetstream.ErrKeyExists):
		return fmt.Errorf("jetstream: %s: %w (%w)", op, eventrail.ErrExists, err)
	case errors.Is(err, jetstream.ErrKeyRevisionMismatch):
		return fmt.Errorf("jetstream: %s: %w (%w)", op, eventrail.ErrConflict, err)
	}
	return fmt.Errorf("jetstream: %s: %w", op, err)
}
