package eventrail

import (
	"context"
	"errors"
	"time"
)

// Storage errors. Implementations return these (possibly wrapped) so callers can test with
// errors.Is regardless of backend.
var (
	ErrNotFound = errors.New("eventrail: not found")
	ErrExists   = errors.New("eventrail: already exists")
	ErrConflict = errors.New("eventrail: revision conflict")
	ErrClosed   = errors.New("eventrail: store closed")
)

// Store opens the durable structures everything else is kept in. Package jetstream implements it
// on NATS JetStream (embedded or external); package memstore implements it in memory for unit
// tests. Both pass the suite in package storetest.
//
// A Store is safe for concurrent use. KV and Log handles stay valid until Close.
type Store interface {
	// KV opens (creating if needed) the key/value bucket called name.
	KV(ctx context.Context, name string) (KV, error)
	// Log opens (creating if needed) the record log called name.
	Log(ctx context.Context, name string, opts LogOptions) (Log, error)
	// Close releases the store; pending Appends either complete durably or fail.
	Close() error
}

// KVEntry is one key with its value and revision.
type KVEntry struct {
	Key      string
	Value    []byte
	Revision uint64
	Deleted  bool // set on watch events for deletions
}

// KV is a durable key/value bucket with optimistic concurrency and change notification: the
// control plane's state (buses, rules, targets, tags, ...). Keys are arbitrary non-empty UTF-8
// strings without NUL; implementations encode them as their backend requires, and List/Watch
// prefixes compare on the original keys. Writes are on stable storage when they return.
//
// Safe for concurrent use.
type KV interface {
	// Get returns the entry for key, or ErrNotFound.
	Get(ctx context.Context, key string) (KVEntry, error)
	// Put sets key to value unconditionally and returns the new revision.
	Put(ctx context.Context, key string, value []byte) (uint64, error)
	// Create sets key only if it does not exist, else ErrExists.
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	// Update sets key only if its current revision is rev, else ErrConflict.
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List returns every live entry whose key starts with prefix, sorted by key.
	List(ctx context.Context, prefix string) ([]KVEntry, error)
	// Watch sends the current entries under prefix, then a zero KVEntry as a marker that the
	// initial state is complete, then every later change, until ctx is done (the channel is then
	// closed).
	Watch(ctx context.Context, prefix string) (<-chan KVEntry, error)
}

// LogOptions configure a Log when it is first created.
type LogOptions struct {
	// MaxAge discards records older than this; 0 keeps them until acknowledged or forever.
	MaxAge time.Duration
	// MaxBytes, when positive, discards the oldest records once the log holds more than this
	// many bytes (a bound on disk use for logs kept by age).
	MaxBytes int64
	// WorkQueue removes a record once every consumer acknowledged it (consumers must then
	// filter on disjoint keys); otherwise records are kept per MaxAge.
	WorkQueue bool
	// DedupWindow is how long record IDs are remembered for deduplication (default 2 minutes).
	DedupWindow time.Duration
}

// Record is one entry of a Log.
type Record struct {
	// Key partitions the log; consumers may filter on it. It is a non-empty string of
	// [A-Za-z0-9_-] tokens separated by '.', e.g. "bus.default" or "target.3f2a".
	Key string
	// ID, when non-empty, deduplicates: a second Append of the same ID within the dedup window
	// is acknowledged without storing the record again.
	ID   string
	Data []byte

	// Seq and Time are set by the log on Append and on delivery.
	Seq  uint64
	Time time.Time
}

// Log is a durable, append-only record log with named, durable, at-least-once consumers: the
// bus event logs and the delivery hand-offs. Throughput comes from putting many items in one
// Record (group commit); a Log makes every Append durable (fsync) before it returns.
//
// Safe for concurrent use.
type Log interface {
	// Append stores recs in order and returns once all are durable. recs[i].Seq is set.
	// Once it has returned nil, the log no longer refers to any recs[i].Data: the caller may
	// reuse those buffers.
	Append(ctx context.Context, recs []Record) error
	// Consume runs the durable consumer called name: it calls handle for each record whose key
	// matches opts.Filter, from the consumer's saved position, and returns when ctx is done.
	// Several Consume calls with the same name share the work. A record not acknowledged within
	// opts.AckWait (or Nak'ed) is delivered again.
	Consume(ctx context.Context, name string, opts ConsumeOptions, handle func(context.Context, Delivery)) error
	// Read returns up to max records with Seq >= from whose key matches filter (empty: all), in
	// order, without affecting consumers (replay, inspection).
	Read(ctx context.Context, from uint64, filter string, max int) ([]Record, error)
	// Info describes the log's current extent.
	Info(ctx context.Context) (LogInfo, error)
}

// LogInfo is a Log's current extent.
type LogInfo struct {
	FirstSeq, LastSeq uint64
	Records           uint64
	Bytes             uint64
}

// ConsumeOptions tune one consumer.
type ConsumeOptions struct {
	// Filter selects records by key; "" = all. A trailing ".>" matches any suffix of tokens.
	Filter string
	// AckWait is how long a delivered record may stay unacknowledged before redelivery
	// (default 30 s). Delivery.InProgress extends it.
	AckWait time.Duration
	// MaxInFlight bounds unacknowledged records for this consumer (default 1000).
	MaxInFlight int
	// Concurrency is how many handle calls may run at once (default 1).
	Concurrency int
}

// Delivery is one record handed to a consumer. Exactly one of Ack, Nak or Term should be called.
type Delivery interface {
	Record() Record
	// Attempt is 1 on the first delivery of the record and counts up on redeliveries.
	Attempt() int
	// Ack marks the record done for this consumer.
	Ack() error
	// Nak asks for redelivery after delay.
	Nak(delay time.Duration) error
	// InProgress resets the ack timer while a long delivery is under way.
	InProgress() error
	// Term marks the record as never to be delivered again to this consumer.
	Term() error
}
