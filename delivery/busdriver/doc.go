// Package busdriver delivers to event-bus targets (arn:aws:events:<region>:<account>:event-bus/<name>).
//
// A bus in this server's own account and region is a local target: the original event (not the
// transformed payload, spec §5.6) is ingested again on the target bus through an
// eventrail.Ingester, keeping its id, source, detail-type, detail, time, resources and trace
// header. Every such forward increments the event's hop counter; a hand-off whose event has
// already been forwarded MaxHops times fails permanently with LOOP_DETECTED, so rules that
// forward between buses in a cycle cannot loop forever.
//
// A bus listed in Options.Remotes is sent to that EventBridge-compatible endpoint with PutEvents
// (aws-sdk-go-v2, SigV4 with static credentials, SDK retries disabled: the delivery engine
// retries). Any other ARN fails permanently with NO_RESOURCE.
//
// The driver never retries; it classifies failures (package doc of delivery). A Driver is safe
// for concurrent use.
package busdriver
