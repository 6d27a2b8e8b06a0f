// Package queue is eventrail's built-in, durable message-queue service. It speaks the Amazon
// SQS JSON protocol (AWS JSON 1.0, X-Amz-Target "AmazonSQS.<Op>", query-compatible errors), so
// the AWS CLI and SDKs can read what rules deliver to "arn:aws:sqs:..." targets and dead-letter
// queues (spec §11.2, §5.5, §5.6).
//
// A Service keeps every queue's metadata and every message in one eventrail.KV bucket
// ("queues": q/<name>, m/<name>/<seq> as sent, v/<name>/<seq> the receive state once
// received) and an in-memory index rebuilt from it by Open. Each state change that matters for
// delivery (send, receive, delete, visibility change) is written to the bucket before the call
// returns, so a restart never loses a message: a message that was in flight keeps its
// visibility deadline and receive count, and becomes visible again once the deadline passes.
// Receipt handles stay valid across restarts. Standard-queue sends and deletes write outside
// the queue's lock (concurrent calls share the store's commits); FIFO sends, receives and
// visibility changes write under it.
//
// The wire methods have the shape func(ctx, *XxxInput) (*XxxOutput, error) with AWS's JSON
// member names; Operations lists them for the awsjson edge. Errors are *eventrail.Error whose
// Code is the SQS JSON shape name (e.g. "QueueDoesNotExist"); QueryCompatibleCodes gives the
// legacy Query codes the edge puts in the x-amzn-query-error header.
//
// The Service also implements eventrail.QueueSender (dead-letter queues) and
// eventrail.Deliverer (rule targets whose ARN is an SQS queue ARN).
//
// One Service owns its bucket: two processes must not open the same store's queues at once.
package queue
