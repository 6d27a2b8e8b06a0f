// Package jstest holds only tests: the queue and logs services restarted on a real embedded
// JetStream store (package jetstream), closing the store and reopening it from its data
// directory as a process restart does. It lives apart from package queue so that the queue
// package's own tests depend on nothing but the in-memory store.
package jstest
