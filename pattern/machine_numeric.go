package pattern

import (
	"math"
	"sort"
)

// rangeIndex finds the numeric ranges (KindNumeric matchers of one state and field) that contain
// a value, in time proportional to log(ranges) plus the ranges found. Ranges are kept sorted by
// lower bound with a tree of the maximum upper bound over each span, so a query visits only
// subtrees that hold a containing range. New ranges go to a short unsorted list first, merged
// into the sorted part when that list grows past a quarter of it, and removed ranges are marked
// dead and dropped at the next merge: each Add or Remove costs amortised O(log n). Mutated only
// by the writer of a core (see Machine).
type rangeIndex struct {
	sorted []rangeEntry
	tree   []float64 // tree[1] is the max high over all of sorted; leaves start at len(tree)/2
	recent []rangeEntry
	dead   int
}

type rangeEntry struct {
	r  Range
	to *state // nil when removed
}

func low(r Range) float64 {
	if !r.HasLow {
		return math.Inf(-1)
	}
	return r.Low
}

func high(r Range) float64 {
	if !r.HasHigh {
		return math.Inf(1)
	}
	return r.High
}

func (x *rangeIndex) len() int { return len(x.sorted) - x.dead + len(x.recent) }

func (x *rangeIndex) add(r Range, t *state) {
	x.recent = append(x.recent, rangeEntry{r, t})
	if len(x.recent) > 16 && 4*len(x.recent) > len(x.sorted) {
		x.rebuild()
	}
}

func (x *rangeIndex) remove(r Range, t *state) {
	for i := range x.recent {
		if x.recent[i].to == t && x.recent[i].r == r {
			x.recent = append(x.recent[:i], x.recent[i+1:]...)
			return
		}
	}
	lo := low(r)
	i := sort.Search(len(x.sorted), func(i int) bool { return low(x.sorted[i].r) >= lo })
	for ; i < len(x.sorted) && low(x.sorted[i].r) == lo; i++ {
		if x.sorted[i].to == t && x.sorted[i].r == r {
			x.sorted[i].to = nil
			x.setLeaf(i, math.Inf(-1))
			if x.dead++; 4*x.dead > len(x.sorted) {
				x.rebuild()
			}
			return
		}
	}
}

// rebuild merges recent into sorted, drops dead entries and rebuilds the tree.
func (x *rangeIndex) rebuild() {
	all := make([]rangeEntry, 0, x.len())
	for _, e := range x.sorted {
		if e.to != nil {
			all = append(all, e)
		}
	}
	all = append(all, x.recent...)
	sort.SliceStable(all, func(i, j int) bool { return low(all[i].r) < low(all[j].r) })
	x.sorted, x.recent, x.dead = all, nil, 0
	size := 1
	for size < len(all) {
		size *= 2
	}
	x.tree = make([]float64, 2*size)
	for i := range x.tree {
		x.tree[i] = math.Inf(-1)
	}
	for i, e := range all {
		x.tree[size+i] = high(e.r)
	}
	for i := size - 1; i >= 1; i-- {
		x.tree[i] = max(x.tree[2*i], x.tree[2*i+1])
	}
}

func (x *rangeIndex) setLeaf(i int, v float64) {
	i += len(x.tree) / 2
	x.tree[i] = v
	for i /= 2; i >= 1; i /= 2 {
		x.tree[i] = max(x.tree[2*i], x.tree[2*i+1])
	}
}

// collect appends the states of the ranges that contain v.
func (x *rangeIndex) collect(v float64, out []*state) []*state {
	for _, e := range x.recent {
		if e.r.Contains(v) {
			out = append(out, e.to)
		}
	}
	if len(x.sorted) == 0 {
		return out
	}
	// only ranges whose lower bound is <= v can contain v
	n := sort.Search(len(x.sorted), func(i int) bool { return low(x.sorted[i].r) > v })
	return x.descend(1, 0, len(x.tree)/2, n, v, out)
}

// descend visits tree node i, which spans sorted[lo:hi), restricted to indexes below n.
func (x *rangeIndex) descend(i, lo, hi, n int, v float64, out []*state) []*state {
	if lo >= n || x.tree[i] < v {
		return out
	}
	if hi-lo == 1 {
		if e := &x.sorted[lo]; e.to != nil && e.r.Contains(v) {
			out = append(out, e.to)
		}
		return out
	}
	mid := (lo + hi) / 2
	out = x.descend(2*i, lo, mid, n, v, out)
	return x.descend(2*i+1, mid, hi, n, v, out)
}
