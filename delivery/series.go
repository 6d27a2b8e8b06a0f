package delivery

import (
	"sync/atomic"

	"github.com/eventrail/eventrail/metrics"
)

// ruleSeries are the metric series of one (bus, rule) that every attempt updates, looked up
// once rather than on each update (a label lookup hashes both label values). Immutable.
type ruleSeries struct {
	bus, rule string

	throttled, attempts, retries, successes, invocations *metrics.Counter
	toStart, toComplete, toSuccess                       *metrics.Histogram
}

func newRuleSeries(m *metrics.EventBridge, bus, rule string) *ruleSeries {
	return &ruleSeries{bus: bus, rule: rule,
		throttled:   m.ThrottledRules.With(bus, rule),
		attempts:    m.InvocationAttempts.With(bus, rule),
		retries:     m.RetryInvocationAttempts.With(bus, rule),
		successes:   m.SuccessfulInvocationAttempts.With(bus, rule),
		invocations: m.Invocations.With(bus, rule),
		toStart:     m.IngestionToInvocationStartLatency.With(bus, rule),
		toComplete:  m.IngestiontoInvocationCompleteLatency.With(bus, rule),
		toSuccess:   m.IngestionToInvocationSuccessLatency.With(bus, rule),
	}
}

// seriesCache remembers the ruleSeries last used by a lane: a target belongs to one rule, so
// its lane's hand-offs nearly always share (bus, rule). Safe for concurrent use.
type seriesCache struct {
	last atomic.Pointer[ruleSeries]
}

// get returns the series of (bus, rule), from the cache when it holds them.
func (c *seriesCache) get(m *metrics.EventBridge, bus, rule string) *ruleSeries {
	if s := c.last.Load(); s != nil && s.bus == bus && s.rule == rule {
		return s
	}
	s := newRuleSeries(m, bus, rule)
	c.last.Store(s)
	return s
}

// throttledInc counts one throttled invocation (a method value of it is what limiters.wait
// calls).
func (s *ruleSeries) throttledInc() { s.throttled.Inc() }
