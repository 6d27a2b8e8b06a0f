// Package funcdriver delivers to Lambda-style function targets
// (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]) by running a local
// executable named in the server's configuration — never one created over the API.
//
// Each delivery starts the function's command once with the payload on standard input and the
// function's environment plus EVENTRAIL_EVENT_ID, EVENTRAIL_RULE_ARN, EVENTRAIL_TARGET_ID and
// AWS_LAMBDA_FUNCTION_NAME. Exit status 0 is success. A non-zero exit is a retryable
// FUNCTION_ERROR whose message is the tail of standard error; running past the function's
// Timeout (or the caller's deadline) kills the process and is a retryable TIMEOUT; a function
// that is not configured, or whose command cannot be started, is a permanent NO_RESOURCE.
// Standard output is discarded.
//
// The driver never retries. A Driver is safe for concurrent use; MaxConcurrency bounds the
// processes one function may have running at once.
package funcdriver
