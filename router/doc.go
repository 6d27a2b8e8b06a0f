// Package router is eventrail's hot path between ingestion and delivery.
//
// An Ingester (group commit) packs the events of many concurrent PutEvents calls into few
// records of the bus log and returns to each caller once its events are durable. A Router
// consumes the bus log, matches every event against its bus's enabled rules (one compiled
// pattern.Machine per bus, kept current by watching the control-plane KV), shapes the payload
// for each target (package transform) and gives the resulting (event, rule, target)
// hand-offs, per target, to a Dispatcher (the delivery engine, in process); it acknowledges
// the bus-log record once every hand-off of it is final (delivered, dead-lettered, or durably
// stored for retry or parked), and keeps the record alive meanwhile. Without a Dispatcher it
// appends the hand-offs to the hand-off log first, one record per target per bus-log record,
// with IDs derived from the bus-log sequence so that a redelivered bus-log record never
// creates duplicate hand-offs within the dedup window.
//
// With Ingester.DispatchDirectly (one process reading the bus log), each call's events are
// routed and dispatched while their append runs; the record marks each call, and the Router
// skips the calls it dispatched itself and settles the record when they are final (direct.go).
package router
