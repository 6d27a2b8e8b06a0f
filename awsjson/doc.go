// Package awsjson is eventrail's AWS protocol edge: one http.Handler that serves every AWS
// JSON-protocol service on a single port (EventBridge "AWSEvents" JSON 1.1, CloudWatch Logs
// "Logs_20140328" JSON 1.1, SQS "AmazonSQS" JSON 1.0, …), REST-JSON routes (Scheduler), and
// SigV4 request verification.
//
// Services register typed operations, func(context.Context, *In) (*Out, error), wrapped once
// at registration (Service.Register via reflection, or the generic Handle). For each call the
// edge routes by X-Amz-Target (then REST path, then SigV4 scope), reads the body within a size
// limit, verifies the signature when credentials are configured, decodes the JSON body into a
// new *In, calls the operation and encodes *Out. Every response carries x-amzn-RequestId.
//
// Errors are mapped in one place: an *eventrail.Error is sent with its code, message and
// eventrail.StatusOf status as {"__type","message"} plus X-Amzn-ErrorType (and
// x-amzn-query-error for query-compatible services such as SQS); decoding failures are
// SerializationException; any other error or a panic is logged and answered 500
// InternalException/InternalFailure with a generic message, never with internal details.
//
// SigV4 verification follows AWS's order of checks and its messages (spec §12.3, §12.5):
// MissingAuthenticationTokenException, IncompleteSignatureException, InvalidSignatureException
// (including "Signature expired" / "Signature not yet current" beyond ±15 minutes),
// UnrecognizedClientException. Canonical requests agree byte for byte with aws-sdk-go-v2's
// signer (tests sign with it); botocore's path normalisation is accepted as an alternative.
// Presigned (query-string) signatures are accepted too.
//
// Handlers find the request id and the caller in their context: RequestID, CallerFromContext,
// RegionFromContext. Options.OnRequest receives a RequestInfo per answered call (for the audit
// trail and metrics). ListenGuard keeps an unauthenticated server on loopback addresses.
//
// Also here: Timestamp, the JSON protocol's epoch-seconds time type, and Client, a small
// SigV4-signing caller of JSON operations for the CLI and tests.
package awsjson
