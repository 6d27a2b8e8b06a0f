// Package sdktest holds end-to-end tests of package control: the real AWS SDK for Go's
// EventBridge client, through the awsjson edge, to a control.Service on in-memory storage.
// It has no non-test code.
package sdktest
