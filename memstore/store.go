package memstore

import (
	"context"
	"sync"

	"github.com/eventrail/eventrail"
)

// Store is an in-memory eventrail.Store. It is safe for concurrent use; its KV and Log handles
// stay valid until Close, after which every call on them returns eventrail.ErrClosed, running
// Consume calls return eventrail.ErrClosed and Watch channels are closed.
type Store struct {
	clock eventrail.Clock
	done  chan struct{} // closed by Close

	mu     sync.Mutex
	closed bool
	kvs    map[string]*kvBucket
	logs   map[string]*recordLog
}

var _ eventrail.Store = (*Store)(nil)

// New returns an empty Store on the system clock.
func New() *Store { return NewWithClock(eventrail.SystemClock{}) }

// NewWithClock returns an empty Store whose ack deadlines, Nak delays, record times, MaxAge and
// dedup windows follow clock.
func NewWithClock(clock eventrail.Clock) *Store {
	return &Store{
		clock: clock,
		done:  make(chan struct{}),
		kvs:   map[string]*kvBucket{},
		logs:  map[string]*recordLog{},
	}
}

// KV opens (creating if needed) the bucket called name ([A-Za-z0-9_-]+).
func (s *Store) KV(ctx context.Context, name string) (eventrail.KV, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, eventrail.ErrClosed
	}
	b := s.kvs[name]
	if b == nil {
		b = newKVBucket(s)
		s.kvs[name] = b
	}
	return b, nil
}

// Log opens (creating if needed) the log called name ([A-Za-z0-9_-]+). opts apply only when the
// log is created.
func (s *Store) Log(ctx context.Context, name string, opts eventrail.LogOptions) (eventrail.Log, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, eventrail.ErrClosed
	}
	l := s.logs[name]
	if l == nil {
		l = newRecordLog(s, opts)
		s.logs[name] = l
	}
	return l, nil
}

// Close marks the store closed. It is idempotent.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
	return nil
}

// isClosed reports whether Close was called.
func (s *Store) isClosed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}
