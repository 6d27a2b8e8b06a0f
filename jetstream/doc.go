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
//
// Durability: by default the embedded server fsyncs every stored message before it
// acknowledges it (nats-server's sync_interval "always"), so an Append or Put that returned is
// on disk. Throughput therefore comes from group commit: put many items in one Record and
// append many Records per call (Append publishes them all asynchronously and waits for every
// acknowledgement, so their fsyncs overlap in the server's write path).
//
// A Store is safe for concurrent use.
package jetstream
