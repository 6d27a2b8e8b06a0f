// Command putload is a PutEvents load generator for eventrail.
//
//	putload [-endpoint URL | -binary PATH] [-concurrency 32] [-entries 10] [-duration 10s]
//	        [-detail-bytes 1000] [-rate CALLS/S] [-json]
//
// Without -endpoint it starts its own server (building cmd/eventrail when -binary is not
// given) on a fresh data directory. Each of -concurrency workers sends PutEvents calls of
// -entries ~1 KB EC2/EBS-notification events over keep-alive connections, closed loop (as fast
// as answers come) or, with -rate, open loop at a fixed offered rate of calls per second (then
// latency is measured from each call's scheduled start, so queueing behind a slow server counts).
// It reports events/s, calls/s, errors and per-call latency percentiles, as a table and, with
// -json, as one JSON line. Loopback only; -duration is capped at 120 s.
package main
