// Package memstore is an in-memory eventrail.Store for unit tests and single-process
// experiments: KV buckets with revisions, compare-and-set and watches; record logs with durable
// named consumers, ack deadlines, delayed redelivery, key filters, deduplication and work-queue
// retention. It follows the same contracts as package jetstream (both pass package storetest),
// but nothing survives the process: "durable" here means "for the life of the Store".
//
// Time comes from an eventrail.Clock, so tests can drive AckWait and Nak delays with a
// FakeClock (NewWithClock).
package memstore
