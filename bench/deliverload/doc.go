// Command deliverload measures eventrail end to end: PutEvents → rule → HTTP target.
//
//	deliverload [-endpoint URL | -binary PATH] [-rate 1000 | -max] [-duration 10s]
//	            [-entries 10] [-target http|bus|sqs|reference] [-latency-from 2s] [-json]
//
// It starts (or uses) a server and an HTTP sink on 127.0.0.1 that records when each event
// arrives, creates an API_KEY connection, an API destination pointing at the sink, a rule
// matching this run's events and a target, then offers a fixed rate of events (-rate events/s)
// or, with -max, sends as fast as the server accepts. Every event carries its sequence number
// and send time in its detail. It reports delivered events/s, end-to-end latency (PutEvents
// sent → sink arrival) percentiles, and missing and duplicate counts.
//
// -latency-from D leaves the events sent in the window's first D out of the latency
// percentiles (they are still counted as delivered, missing or duplicated), to read a steady
// state apart from a warm-up: a started server's connections, goroutine stacks and heap are
// still growing in its first seconds.
//
// -target sqs (or a server without API destinations) uses a built-in SQS queue target that the
// tool drains instead; latency then includes the queue's receive polling.
//
// -target reference is the machine's own ceiling for the same sink, read beside the other
// targets' figures as echoserver's are beside putload's: no server is started, and the
// senders POST each event's envelope (the body and headers eventrail's API destination
// sends, with the same bench fields in its detail) straight to the sink with a plain
// keep-alive net/http client, one event per request (-entries does not apply; -endpoint,
// -binary and -perf are refused). -max: each of -concurrency senders posts as fast as it is
// answered; -rate R: R events/s offered. Sink, recorder, latency (sent → arrival) and report
// are the same code; the report has no server CPU line, and the tool CPU covers senders and
// sink, i.e. all the work.
//
//	deliverload -target reference -duration 10s -max
//	deliverload -target reference -duration 10s -rate 1000
package main
