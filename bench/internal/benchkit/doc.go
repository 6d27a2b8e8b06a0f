// Package benchkit is the shared machinery of eventrail's end-to-end load tools
// (bench/putload, bench/deliverload): starting a server process, a tuned keep-alive client
// for the AWS JSON protocols, event generators shaped like real AWS notifications, and
// latency reports with exact percentiles.
//
// Everything here talks to 127.0.0.1 only and is bounded in time by its callers.
package benchkit
