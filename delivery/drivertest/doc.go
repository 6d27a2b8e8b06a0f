// Package drivertest is the conformance suite every delivery driver runs: RunDriverTests checks,
// against a real receiving side the driver's test provides, that a payload arrives exactly
// once and intact, that missing targets fail permanently and transient failures retryably (each
// with an ERROR_CODE), that the context deadline is honoured, and that the driver is safe for
// concurrent use. Run it with -race.
package drivertest
