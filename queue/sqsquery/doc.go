// Package sqsquery serves the legacy AWS Query protocol of Amazon SQS (API version 2012-11-05)
// on top of a queue.Service, for clients that still speak it — notably AWS CLI v2 releases
// before the SQS JSON migration, such as Debian's awscli 2.9.x (spec §11.2, §12.3, §12.7).
//
// A Query call is "POST /" (or to the queue URL path "/<account>/<name>") with an
// application/x-www-form-urlencoded body "Action=<Op>&Version=2012-11-05&..." (GET with the
// same parameters in the URL is accepted too). Lists and maps are flattened as botocore's
// sqs 2012-11-05 query model serialises them: "AttributeName.N", "Attribute.N.Name" /
// "Attribute.N.Value", "Tag.N.Key" / "Tag.N.Value", "MessageAttribute.N.Name" /
// "MessageAttribute.N.Value.DataType|StringValue|BinaryValue", "SendMessageBatchRequestEntry.N.*"
// and so on. Answers are XML in namespace http://queue.amazonaws.com/doc/2012-11-05/:
// <OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>,
// and errors are <ErrorResponse><Error><Type>Sender|Receiver</Type><Code>legacy code</Code>…
// with the error's HTTP status. Error codes are the legacy Query codes of
// queue.QueryCompatibleCodes (e.g. AWS.SimpleQueueService.NonExistentQueue).
//
// Authentication is awsjson's SigV4 verification, reused rather than re-implemented: the
// handler runs every request through an awsjson edge whose only routes are this package's, so
// signatures, clock skew, body limits, request ids and the OnRequest hook behave exactly as for
// the JSON services; awsjson's JSON authentication errors are rewritten as Query errors
// (InvalidClientTokenId, SignatureDoesNotMatch, MissingAuthenticationToken, …).
//
// IsQueryRequest tells a router which requests belong here.
package sqsquery
