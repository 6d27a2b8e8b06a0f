// Command deliverload measures eventrail end to end: PutEvents → rule → HTTP target.
//
//	deliverload [-endpoint URL | -binary PATH] [-rate 1000 | -max] [-duration 10s]
//	            [-entries 10] [-target http|sqs] [-json]
//
// It starts (or uses) a server and an HTTP sink on 127.0.0.1 that records when each event
// arrives, creates an API_KEY connection, an API destination pointing at the sink, a rule
// matching this run's events and a target, then offers a fixed rate of events (-rate events/s)
// or, with -max, sends as fast as the server accepts. Every event carries its sequence number
// and send time in its detail. It reports delivered events/s, end-to-end latency (PutEvents
// sent → sink arrival) percentiles, and missing and duplicate counts.
//
// -target sqs (or a server without API destinations) uses a built-in SQS queue target that the
// tool drains instead; latency then includes the queue's receive polling.
package main
