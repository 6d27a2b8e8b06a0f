// Package delivery is eventrail's delivery engine: it invokes each target through its driver,
// applying the target's RetryPolicy and DeadLetterConfig (spec §5.4, §5.5). Retries live here
// and nowhere else; drivers (packages under delivery/) make exactly one attempt and classify
// failures as retryable or not. Each attempt is bounded by Options.AttemptTimeout (or the
// driver's AttemptTimeouter answer): a driver that implements DeadlineDeliverer is given that
// deadline as a value, with the engine's run context for cancellation; any other gets a context
// with that deadline. Either way, stopping the engine ends attempts in progress.
//
// # Two ways in
//
// The router hands each bus-log record's hand-offs to Dispatch, one call per target, and the
// engine attempts them at once from memory: no write and no consumer hop sits between routing
// and the first attempt. Dispatch reports the hand-offs final (and the router then acknowledges
// the bus-log record) once each is delivered, dead-lettered or dropped and counted, stored as a
// retry record, or parked in the hand-off log. Parking keeps a slow target from holding bus-log
// records: a target whose lane would exceed DirectBacklog queued hand-offs and does not drain
// within BacklogWait gets its hand-offs parked at once (and for ParkHold after), and hand-offs
// not final DirectWait after Dispatch are parked then. A parked record whose hand-offs are still
// being attempted in memory is not delivered again when the hand-off consumer reads it: it is
// acknowledged when those attempts end. Waiting for room (BacklogWait) is also the
// back-pressure that paces the router when the server, not the target, is the bottleneck.
//
// The engine also consumes the hand-off log: hand-off records (key "t.<targetKey>", all for
// one target) that it parked itself, in a compact binary form (parkcodec.go), or that other
// writers appended as a JSON array of eventrail.Handoff; and its own retry records.
//
// # Guarantees
//
// Delivery is at least once. A hand-off record is acknowledged only when every hand-off in it
// has reached a final outcome: delivered, written to its dead-letter queue, or dropped and
// counted (warn log, FailedInvocations) when there is no dead-letter queue or the queue cannot
// take it. A hand-off that needs a later retry is first re-appended durably as its own retry
// record (key "r.<targetKey>", carrying the retry count and the time of the next attempt) and
// only then counted final. The same holds for Dispatch, whose caller keeps its bus-log record
// unacknowledged until then. A crash therefore loses nothing: unacknowledged records are
// redelivered (bus-log records are routed and dispatched again), and a hand-off may be
// delivered more than once.
//
// # Retries
//
// A failed attempt is retried while the target's MaximumRetryAttempts (default 185) and
// MaximumEventAgeInSeconds (default 24 h, measured from the event's ingestion time) allow. The
// delay before retry n (n = 1, 2, ...) is exponential backoff with full jitter:
//
//	delay = MinBackoff + rand[0, min(MaxBackoff, BaseBackoff·2^(n-1)))
//
// with defaults BaseBackoff 1 s, MaxBackoff 15 min and MinBackoff 100 ms. With these defaults
// the 185 retries of the default policy span about 22 hours on average, close to AWS's
// documented "185 times over 24 hours", so both default limits end retries against a dead
// target at about the same time. A driver's RetryAfter replaces the delay
// when it is larger; a negative RetryAfter stops retrying. A retry whose time would fall after
// the event's maximum age is not scheduled: the hand-off is dead-lettered with
// EXHAUSTED_RETRY_CONDITION MaximumEventAgeInSeconds. Non-retryable failures are dead-lettered
// at once, without that attribute.
//
// # Isolation
//
// Each target (targetKey) has its own in-memory queue served by at most PerTargetConcurrency
// goroutines; a slow or dead target only delays itself. A dead target fails fast and its
// hand-offs move to retry records; a slow one that cannot keep up holds at most about
// LaneBacklog hand-offs in memory (DirectBacklog queued by Dispatch): Dispatch parks further
// ones in the hand-off log; a parked record that finds its lane full waits there (it is
// redelivered a second later), and hand-offs of other records beyond LaneBacklog are parked as
// retry records (ThrottledRules). So a slow target never holds the router's records, and
// rarely fills the hand-off consumer's MaxInFlight. Retry records are group-committed: many
// failing hand-offs cost few durable appends. Targets that share an ARN may share a
// token-bucket rate limit (SetRateLimit), which API destinations use for
// InvocationRateLimitPerSecond; waiting for a token counts ThrottledRules.
//
// The remaining shared resource is the retry consumer's RetryMaxInFlight: retry records waiting
// for their time are unacknowledged, so a very large number of them (default limit 100000)
// delays the retries of every target until some come due.
//
// # Metrics
//
// The engine records the AWS/Events metrics of package metrics: InvocationsCreated,
// InvocationAttempts, RetryInvocationAttempts, SuccessfulInvocationAttempts, Invocations,
// FailedInvocations, DeadLetterInvocations, InvocationsSentToDlq,
// InvocationsFailedToBeSentToDlq, ThrottledRules and the three ingestion-to-invocation
// latencies. Every hand-off ends counted exactly once in Invocations (delivered, or failed
// without reaching a dead-letter queue) or in InvocationsSentToDlq; DeadLetterInvocations counts
// every hand-off that ended without its target being invoked successfully.
package delivery
