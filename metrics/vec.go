package metrics

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// maxLabels is the most label names a family may have; label values are kept in a fixed-size
// array so that looking a series up allocates nothing.
const maxLabels = 6

type labelKey [maxLabels]string

// shortKey is the lookup key of families with at most two labels (all of EventBridge's): hashing
// two strings instead of maxLabels makes the per-event lookup about twice as fast.
type shortKey [2]string

// seriesEntry is one series of a family: its label values and its value holder.
type seriesEntry[T any] struct {
	values []string
	v      *T
}

// vec is the set of series of one family. Readers load an immutable map through an atomic
// pointer (lock-free); the first use of a new label set copies the map under mu.
type vec[T any] struct {
	name   string
	labels []string
	newT   func() *T
	mu     sync.Mutex
	m      atomic.Pointer[map[labelKey]*seriesEntry[T]]
	short  atomic.Pointer[map[shortKey]*seriesEntry[T]] // the same series, when len(labels) <= 2
}

func newVec[T any](name string, labels []string, newT func() *T) *vec[T] {
	if len(labels) > maxLabels {
		panic(fmt.Sprintf("metrics: %s has %d labels, at most %d are supported", name, len(labels), maxLabels))
	}
	v := &vec[T]{name: name, labels: append([]string(nil), labels...), newT: newT}
	empty := map[labelKey]*seriesEntry[T]{}
	v.m.Store(&empty)
	emptyShort := map[shortKey]*seriesEntry[T]{}
	v.short.Store(&emptyShort)
	if len(labels) == 0 {
		v.with(nil) // an unlabelled metric is exposed (as zero) from the start
	}
	return v
}

// with returns the value holder for values, creating it on first use. It panics when the number
// of values differs from the number of label names (a programming error).
func (v *vec[T]) with(values []string) *T {
	if len(values) != len(v.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", v.name, len(v.labels), len(values)))
	}
	if len(values) <= len(shortKey{}) {
		var sk shortKey
		copy(sk[:], values)
		if e, ok := (*v.short.Load())[sk]; ok {
			return e.v
		}
	} else {
		var k labelKey
		copy(k[:], values)
		if e, ok := (*v.m.Load())[k]; ok {
			return e.v
		}
	}
	var k labelKey
	copy(k[:], values)
	return v.create(k, values)
}

func (v *vec[T]) create(k labelKey, values []string) *T {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := *v.m.Load()
	if e, ok := old[k]; ok {
		return e.v
	}
	next := make(map[labelKey]*seriesEntry[T], len(old)+1)
	for key, e := range old {
		next[key] = e
	}
	e := &seriesEntry[T]{values: append([]string(nil), values...), v: v.newT()}
	next[k] = e
	if len(values) <= len(shortKey{}) {
		oldShort := *v.short.Load()
		nextShort := make(map[shortKey]*seriesEntry[T], len(oldShort)+1)
		for key, e := range oldShort {
			nextShort[key] = e
		}
		var sk shortKey
		copy(sk[:], values)
		nextShort[sk] = e
		v.short.Store(&nextShort) // before m: a reader that misses here takes mu in create
	}
	v.m.Store(&next)
	return e.v
}

// sorted returns the series ordered by label values.
func (v *vec[T]) sorted() []*seriesEntry[T] {
	m := *v.m.Load()
	out := make([]*seriesEntry[T], 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.Join(out[i].values, "\xff") < strings.Join(out[j].values, "\xff")
	})
	return out
}

// each calls fn for every series in label-value order.
func (v *vec[T]) each(fn func(values []string, t *T)) {
	for _, e := range v.sorted() {
		fn(e.values, e.v)
	}
}

func sameLabels(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
