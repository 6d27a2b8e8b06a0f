// Package storetest is the conformance suite of eventrail.Store: every sentence of the
// Store/KV/Log/Delivery contracts in package eventrail has a test here, and every backend runs
// the same bodies (package memstore in memory, package jetstream on an embedded NATS server).
//
//	func TestStore(t *testing.T) {
//		storetest.RunStoreTests(t, func(t *testing.T) eventrail.Store { return memstore.New() })
//	}
//
// Backends that keep data on disk also run RunPersistenceTests, which closes a store and opens
// a new one on the same directory.
//
// Timing-dependent tests (AckWait, Nak delays) use short durations and poll with deadlines;
// the whole suite takes a few seconds per backend.
package storetest
