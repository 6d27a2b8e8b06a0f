package metrics

import (
	"math"
	"sort"
	"sync/atomic"
)

// atomicFloat is a float64 updated with compare-and-swap.
type atomicFloat struct{ bits atomic.Uint64 }

func (f *atomicFloat) load() float64   { return math.Float64frombits(f.bits.Load()) }
func (f *atomicFloat) store(v float64) { f.bits.Store(math.Float64bits(v)) }

func (f *atomicFloat) add(v float64) {
	for {
		old := f.bits.Load()
		next := math.Float64bits(math.Float64frombits(old) + v)
		if f.bits.CompareAndSwap(old, next) {
			return
		}
	}
}

// Counter is one monotonically increasing series. Safe for concurrent use.
type Counter struct {
	whole atomic.Uint64 // integral increments: one atomic add
	frac  atomicFloat   // everything else
}

// Inc adds 1.
func (c *Counter) Inc() { c.whole.Add(1) }

// Add adds v. Negative, NaN and infinite values are ignored: a counter never goes down.
func (c *Counter) Add(v float64) {
	switch {
	case !(v > 0) || math.IsInf(v, 1):
		return
	case v < 1<<53 && v == math.Trunc(v):
		c.whole.Add(uint64(v))
	default:
		c.frac.add(v)
	}
}

// Value returns the current total.
func (c *Counter) Value() float64 { return float64(c.whole.Load()) + c.frac.load() }

// Gauge is one series that may go up and down. Safe for concurrent use.
type Gauge struct{ v atomicFloat }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.v.store(v) }

// Add adds v (which may be negative).
func (g *Gauge) Add(v float64) { g.v.add(v) }

// Inc adds 1.
func (g *Gauge) Inc() { g.v.add(1) }

// Dec subtracts 1.
func (g *Gauge) Dec() { g.v.add(-1) }

// Value returns the current value.
func (g *Gauge) Value() float64 { return g.v.load() }

// Histogram is one series counting observations into buckets. Safe for concurrent use; a
// scrape taken while observations are under way may see the sum and the buckets one
// observation apart, never a bucket count above the total count.
type Histogram struct {
	upper  []float64       // ascending upper bounds, +Inf excluded (shared, read-only)
	counts []atomic.Uint64 // per bucket, not cumulative; the last is the +Inf bucket
	sum    atomicFloat
}

func newHistogram(upper []float64) *Histogram {
	return &Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
}

// Observe records v. NaN is ignored.
func (h *Histogram) Observe(v float64) {
	if math.IsNaN(v) {
		return
	}
	h.counts[sort.SearchFloat64s(h.upper, v)].Add(1)
	h.sum.add(v)
}

// Count returns how many values were observed.
func (h *Histogram) Count() uint64 {
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
	}
	return n
}

// Sum returns the sum of the observed values.
func (h *Histogram) Sum() float64 { return h.sum.load() }

// cumulative returns the cumulative bucket counts, the +Inf bucket last.
func (h *Histogram) cumulative() []uint64 {
	out := make([]uint64, len(h.counts))
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
		out[i] = n
	}
	return out
}

// normalizeBuckets sorts, de-duplicates and drops non-finite bounds (+Inf is always implied).
func normalizeBuckets(b []float64) []float64 {
	out := make([]float64, 0, len(b))
	for _, v := range b {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	sort.Float64s(out)
	uniq := out[:0]
	for i, v := range out {
		if i == 0 || v != out[i-1] {
			uniq = append(uniq, v)
		}
	}
	return uniq
}
