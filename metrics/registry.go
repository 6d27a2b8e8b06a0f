package metrics

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// family is what the Registry keeps for each metric name.
type family interface {
	header() (name, help, kind string, labels []string)
	write(w *expoWriter)
}

// Registry holds metric families and renders them. The zero value is not usable; use
// NewRegistry. Safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry { return &Registry{families: map[string]family{}} }

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// register returns the family already registered under name when it has the same kind and
// labels, else stores the one make builds. It panics on invalid names and on conflicting
// re-registration (programming errors).
func (r *Registry) register(name, kind string, labels []string, make func() family) family {
	if !metricNameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	for _, l := range labels {
		if !labelNameRE.MatchString(l) || l == "le" {
			panic(fmt.Sprintf("metrics: invalid label name %q on %s", l, name))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.families[name]; ok {
		_, _, k, ls := f.header()
		if k != kind || !sameLabels(ls, labels) {
			panic(fmt.Sprintf("metrics: %s registered again as %s%v (was %s%v)", name, kind, labels, k, ls))
		}
		return f
	}
	f := make()
	r.families[name] = f
	return f
}

// sortedFamilies returns the families ordered by name.
func (r *Registry) sortedFamilies() []family {
	r.mu.Lock()
	out := make([]family, 0, len(r.families))
	for _, f := range r.families {
		out = append(out, f)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, _, _, _ := out[i].header()
		b, _, _, _ := out[j].header()
		return a < b
	})
	return out
}

// CounterVec is a counter family; With selects one series.
type CounterVec struct {
	help string
	*vec[Counter]
}

// Counter registers (or returns the already registered) counter family name.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	return r.register(name, "counter", labels, func() family {
		return &CounterVec{help: help, vec: newVec(name, labels, func() *Counter { return new(Counter) })}
	}).(*CounterVec)
}

// With returns the series for the label values, given in the order of the label names.
func (c *CounterVec) With(values ...string) *Counter { return c.with(values) }

// Total returns the sum over every series of the family.
func (c *CounterVec) Total() float64 {
	var t float64
	c.each(func(_ []string, s *Counter) { t += s.Value() })
	return t
}

func (c *CounterVec) header() (string, string, string, []string) {
	return c.name, c.help, "counter", c.labels
}

func (c *CounterVec) write(w *expoWriter) {
	c.each(func(values []string, s *Counter) { w.sample(c.name, "", c.labels, values, "", "", s.Value()) })
}

// GaugeVec is a gauge family; With selects one series.
type GaugeVec struct {
	help string
	*vec[Gauge]
}

// Gauge registers (or returns the already registered) gauge family name.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	return r.register(name, "gauge", labels, func() family {
		return &GaugeVec{help: help, vec: newVec(name, labels, func() *Gauge { return new(Gauge) })}
	}).(*GaugeVec)
}

// With returns the series for the label values, given in the order of the label names.
func (g *GaugeVec) With(values ...string) *Gauge { return g.with(values) }

func (g *GaugeVec) header() (string, string, string, []string) {
	return g.name, g.help, "gauge", g.labels
}

func (g *GaugeVec) write(w *expoWriter) {
	g.each(func(values []string, s *Gauge) { w.sample(g.name, "", g.labels, values, "", "", s.Value()) })
}

// HistogramVec is a histogram family; With selects one series.
type HistogramVec struct {
	help  string
	upper []float64
	*vec[Histogram]
}

// Histogram registers (or returns the already registered) histogram family name with the given
// bucket upper bounds (sorted and de-duplicated here; +Inf is implied).
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *HistogramVec {
	return r.register(name, "histogram", labels, func() family {
		upper := normalizeBuckets(buckets)
		return &HistogramVec{help: help, upper: upper,
			vec: newVec(name, labels, func() *Histogram { return newHistogram(upper) })}
	}).(*HistogramVec)
}

// With returns the series for the label values, given in the order of the label names.
func (h *HistogramVec) With(values ...string) *Histogram { return h.with(values) }

func (h *HistogramVec) header() (string, string, string, []string) {
	return h.name, h.help, "histogram", h.labels
}

func (h *HistogramVec) write(w *expoWriter) {
	h.each(func(values []string, s *Histogram) {
		cum := s.cumulative()
		for i, n := range cum {
			le := "+Inf"
			if i < len(h.upper) {
				le = formatFloat(h.upper[i])
			}
			w.sample(h.name, "_bucket", h.labels, values, "le", le, float64(n))
		}
		w.sample(h.name, "_sum", h.labels, values, "", "", s.Sum())
		w.sample(h.name, "_count", h.labels, values, "", "", float64(cum[len(cum)-1]))
	})
}
