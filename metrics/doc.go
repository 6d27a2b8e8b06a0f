// Package metrics is a small, dependency-free metrics registry that speaks the Prometheus text
// exposition format 0.0.4, and the catalogue of EventBridge metrics (spec §9) every eventrail
// component records into.
//
// A Registry holds metric families: counters, gauges and histograms, each with a fixed list of
// label names. (*CounterVec).With and friends return the series for one set of label values;
// the series is created once and cached, and every later With for the same values is a
// lock-free, allocation-free lookup. Recording (Add, Inc, Set, Observe) is a handful of atomic
// operations. Callers on very hot paths may keep the returned *Counter and skip With entirely.
//
// Registering a family twice with the same name, kind and label names returns the first one, so
// several components may each call NewEventBridge on one shared Registry and record into the
// same series. Registering a name again with a different kind or labels is a programming error
// and panics.
//
// The EventBridge metric names are AWS's, verbatim, prefixed "aws_events_"
// (aws_events_Invocations{EventBusName="b",RuleName="r"}); latencies are in milliseconds as
// CloudWatch reports them. Everything in this package is safe for concurrent use.
package metrics
