// Package logs is eventrail's built-in subset of Amazon CloudWatch Logs: log groups, log
// streams and log events over the AWS JSON 1.1 protocol (X-Amz-Target "Logs_20140328.<Op>",
// spec §11.3), so the AWS CLI and SDKs can read what rules deliver to
// "arn:aws:logs:<region>:<account>:log-group:<name>" targets (spec §5.6).
//
// Groups, streams and events live in one eventrail.KV bucket ("logs"); every PutLogEvents
// batch is one value, written before the call returns. Open rebuilds an in-memory index from
// the bucket, so a restart keeps everything. Reads (GetLogEvents, FilterLogEvents) are served
// from memory.
//
// The wire methods have the shape func(ctx, *XxxInput) (*XxxOutput, error) with AWS's JSON
// member names; Operations lists them for the awsjson edge. Errors are *eventrail.Error with
// CloudWatch Logs' codes and messages (model-validation failures are InvalidParameterException
// with the "N validation error(s) detected" text, as the service answers).
//
// The Service also implements eventrail.Deliverer for log-group targets: one log stream per
// event id, one log event whose message is the payload and whose timestamp is the event's
// time (or the {"timestamp","message"} shape an InputTransformer produces).
//
// One Service owns its bucket: two processes must not open the same store's logs at once.
package logs
