// Package router is eventrail's hot path between ingestion and delivery.
//
// An Ingester (group commit) packs the events of many concurrent PutEvents calls into few
// records of the bus log and returns to each caller once its events are durable. A Router
// consumes the bus log, matches every event against its bus's enabled rules (one compiled
// pattern.Machine per bus, kept current by watching the control-plane KV), shapes the payload
// for each target (package transform) and appends the resulting (event, rule, target)
// hand-offs to the hand-off log, one record per target per bus-log record, before it
// acknowledges the bus-log record. Hand-off record IDs are derived from the bus-log sequence,
// so a redelivered bus-log record never creates duplicate hand-offs within the dedup window.
package router
