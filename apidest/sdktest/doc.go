// Package sdktest holds end-to-end tests of package apidest: the real AWS SDK for Go's
// EventBridge client, through the awsjson edge, to an apidest.Service on in-memory storage,
// invoking an HTTP server on 127.0.0.1. It has no non-test code.
package sdktest
