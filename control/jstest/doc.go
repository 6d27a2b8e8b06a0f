// Package jstest tests package control on NATS JetStream storage: two control.Services on
// two connections to one server (two eventrail processes sharing a cluster) must keep one
// consistent state under concurrent writes. It has no non-test code.
package jstest
