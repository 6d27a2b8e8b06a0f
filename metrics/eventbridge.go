package metrics

// Prefix is prepended to every AWS/Events metric name.
const Prefix = "aws_events_"

// The label names of the EventBridge dimensions (spec §9), verbatim.
const (
	LabelEventBusName    = "EventBusName"
	LabelRuleName        = "RuleName"
	LabelEventSourceName = "EventSourceName"
)

// LatencyBuckets are the bucket bounds, in milliseconds, of the latency histograms.
var LatencyBuckets = []float64{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 3600000}

// SizeBuckets are the bucket bounds, in bytes, of PutEventsRequestSize.
var SizeBuckets = []float64{256, 1024, 4096, 16384, 65536, 262144, 1048576}

// EventBridge is the catalogue of AWS/Events metrics (spec §9), named as AWS names them and
// prefixed with Prefix. Per-rule families take the label values (EventBusName, RuleName) in
// that order; CloudWatch's "None" dimension (account-wide) is the sum over all series.
//
// MatchedEvents is recorded per rule; its series with RuleName "" counts, per bus, the events
// that matched at least one rule. Latencies are in milliseconds.
type EventBridge struct {
	MatchedEvents  *CounterVec // EventBusName, RuleName
	TriggeredRules *CounterVec // EventBusName, RuleName

	Invocations                    *CounterVec // EventBusName, RuleName: final outcomes (success or permanent failure), DLQ'd excluded
	FailedInvocations              *CounterVec // EventBusName, RuleName: permanent failures not sent to a DLQ
	InvocationAttempts             *CounterVec // EventBusName, RuleName: every attempt
	SuccessfulInvocationAttempts   *CounterVec // EventBusName, RuleName
	RetryInvocationAttempts        *CounterVec // EventBusName, RuleName: attempts after the first
	InvocationsCreated             *CounterVec // no labels
	ThrottledRules                 *CounterVec // EventBusName, RuleName: invocations delayed by a rate limit
	DeadLetterInvocations          *CounterVec // EventBusName, RuleName: target not invoked for an event
	InvocationsSentToDlq           *CounterVec // EventBusName, RuleName
	InvocationsFailedToBeSentToDlq *CounterVec // EventBusName, RuleName

	IngestionToInvocationStartLatency    *HistogramVec // EventBusName, RuleName: ms to the start of the first attempt
	IngestiontoInvocationCompleteLatency *HistogramVec // EventBusName, RuleName: ms to the end of the first attempt
	IngestionToInvocationSuccessLatency  *HistogramVec // EventBusName, RuleName: ms to the end of the successful attempt

	Events *CounterVec // EventSourceName: partner events ingested

	PutEventsApproximateCallCount      *CounterVec   // no labels
	PutEventsApproximateSuccessCount   *CounterVec   // no labels
	PutEventsApproximateFailedCount    *CounterVec   // no labels
	PutEventsApproximateThrottledCount *CounterVec   // no labels
	PutEventsEntriesCount              *CounterVec   // no labels
	PutEventsFailedEntriesCount        *CounterVec   // no labels
	PutEventsLatency                   *HistogramVec // no labels, ms
	PutEventsRequestSize               *HistogramVec // no labels, bytes
}

// NewEventBridge registers the catalogue in r (or returns handles on the families already
// registered there by an earlier call) and returns it.
func NewEventBridge(r *Registry) *EventBridge {
	rule := []string{LabelEventBusName, LabelRuleName}
	c := func(name, help string, labels ...string) *CounterVec { return r.Counter(Prefix+name, help, labels...) }
	lat := func(name, help string) *HistogramVec {
		return r.Histogram(Prefix+name, help, LatencyBuckets, rule...)
	}
	return &EventBridge{
		MatchedEvents:  c("MatchedEvents", "Events that matched a rule (RuleName empty: matched any rule of the bus).", rule...),
		TriggeredRules: c("TriggeredRules", "Rules that ran because they matched an event.", rule...),

		Invocations:                    c("Invocations", "Target invocations that reached a final outcome (success or permanent failure), excluding those sent to a dead-letter queue.", rule...),
		FailedInvocations:              c("FailedInvocations", "Invocations that failed permanently and were not sent to a dead-letter queue.", rule...),
		InvocationAttempts:             c("InvocationAttempts", "Attempts to invoke a target, first attempts and retries.", rule...),
		SuccessfulInvocationAttempts:   c("SuccessfulInvocationAttempts", "Attempts to invoke a target that succeeded.", rule...),
		RetryInvocationAttempts:        c("RetryInvocationAttempts", "Attempts to invoke a target that were retries.", rule...),
		InvocationsCreated:             c("InvocationsCreated", "Invocations created in response to events."),
		ThrottledRules:                 c("ThrottledRules", "Invocations delayed because a rate limit was reached.", rule...),
		DeadLetterInvocations:          c("DeadLetterInvocations", "Times a rule's target was not invoked in response to an event.", rule...),
		InvocationsSentToDlq:           c("InvocationsSentToDlq", "Invocations moved to a dead-letter queue.", rule...),
		InvocationsFailedToBeSentToDlq: c("InvocationsFailedToBeSentToDlq", "Dead-letter queue writes that failed.", rule...),

		IngestionToInvocationStartLatency:    lat("IngestionToInvocationStartLatency", "Milliseconds from ingestion to the start of the first invocation attempt."),
		IngestiontoInvocationCompleteLatency: lat("IngestiontoInvocationCompleteLatency", "Milliseconds from ingestion to the completion of the first invocation attempt."),
		IngestionToInvocationSuccessLatency:  lat("IngestionToInvocationSuccessLatency", "Milliseconds from ingestion to the end of the successful invocation attempt."),

		Events: c("Events", "Partner events ingested.", LabelEventSourceName),

		PutEventsApproximateCallCount:      c("PutEventsApproximateCallCount", "PutEvents requests received."),
		PutEventsApproximateSuccessCount:   c("PutEventsApproximateSuccessCount", "PutEvents requests that succeeded."),
		PutEventsApproximateFailedCount:    c("PutEventsApproximateFailedCount", "PutEvents requests that failed."),
		PutEventsApproximateThrottledCount: c("PutEventsApproximateThrottledCount", "PutEvents requests that were throttled."),
		PutEventsEntriesCount:              c("PutEventsEntriesCount", "Entries received in PutEvents requests."),
		PutEventsFailedEntriesCount:        c("PutEventsFailedEntriesCount", "PutEvents entries that failed."),
		PutEventsLatency:                   r.Histogram(Prefix+"PutEventsLatency", "Milliseconds per PutEvents request.", LatencyBuckets),
		PutEventsRequestSize:               r.Histogram(Prefix+"PutEventsRequestSize", "PutEvents request size in bytes.", SizeBuckets),
	}
}
