// Package jetstream implements eventrail.Store on NATS JetStream, either on an embedded
// nats-server running in this process (the default: one binary, file storage under a data
// directory) or on an external NATS server or cluster. It is the only package of eventrail that
// imports NATS.
//
// Mapping:
//
//   - A KV bucket is a JetStream KV bucket (history 1). Keys are arbitrary strings; they are
//     stored as NATS keys built from the '/'-separated segments of the key, each escaped to
//     [A-Za-z0-9_-] with '=' escapes, joined by '.'. A prefix ending at a '/' becomes a
//     server-side subject filter; any other prefix is narrowed to its last full segment
//     on the server and finished on the client, so List and Watch always compare the original
//     keys.
//   - A Log named n is the stream "LOG_n" with subjects "n.>"; a Record with key k is the message
//     on subject "n.k" (Record.ID is its Nats-Msg-Id, so the stream's duplicate window
//     deduplicates). Consumers are durable pull consumers with explicit ack, MaxAckPending =
//     MaxInFlight and unlimited deliveries; WorkQueue logs use work-queue retention.
//   - A Record's data of 4 KiB or more is stored as one S2 block when that saves at least an
//     eighth, marked with the header Er-Enc: s2; reads decode it (encoding.go).
//
// Durability: by default the embedded server fsyncs every stored message before it
// acknowledges it (nats-server's sync_interval "always"), so an Append or Put that returned is
// on disk. The server writes and fsyncs a stream's messages one at a time, so the fsync, not
// the record size, bounds the record rate: more concurrent Appends or more records per Append
// do not raise it. Throughput therefore comes from group commit above this package:
//
//   - Keep one committer per log. While an Append is in flight, gather the items that arrive
//     (PutEvents calls, handoffs); when it returns, encode everything gathered into ONE Record
//     (up to Store.MaxRecordBytes, about 8 MiB embedded) and Append it, then answer every
//     gathered caller with that Append's result. No timer is needed: an idle log commits at
//     once, a busy one commits bigger groups.
//   - Give the Record an ID (e.g. a UUID per group) so that retrying a failed Append inside the
//     dedup window cannot store the group twice.
//   - Consumers get one Delivery per group; Ack it once every item in it has been handled.
//
// Options.SyncInterval trades this for speed: writes still reach the OS before they are
// acknowledged (a killed process loses nothing) but are fsynced only periodically.
//
// A Store is safe for concurrent use.
package jetstream
