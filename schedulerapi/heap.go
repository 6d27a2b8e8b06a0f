package schedulerapi

import "time"

// entry is one schedule in the runner: its timing, its pending occurrence and its place in
// the heap. Guarded by runner.mu.
type entry struct {
	timing
	last   time.Time // latest occurrence this runner dispatched
	occ    time.Time // pending occurrence (valid while idx >= 0)
	fireAt time.Time // when occ is invoked
	idx    int       // index in the heap, -1 when not pending
	// form is the schedule's fire form (fireform.go), kept while it fits Options.ValueCacheBytes
	// and the schedule may fire again (nil: read it when firing).
	form *fireForm
}

// fireHeap is a min-heap of entries by fireAt (container/heap's algorithm, inlined to avoid
// interface boxing).
type fireHeap []*entry

func (h fireHeap) less(i, j int) bool { return h[i].fireAt.Before(h[j].fireAt) }

func (h fireHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx, h[j].idx = i, j
}

func (h *fireHeap) push(e *entry) {
	e.idx = len(*h)
	*h = append(*h, e)
	h.up(e.idx)
}

// remove takes e out of the heap if it is in it.
func (h *fireHeap) remove(e *entry) {
	i := e.idx
	if i < 0 || i >= len(*h) || (*h)[i] != e {
		return
	}
	n := len(*h) - 1
	if i != n {
		h.swap(i, n)
	}
	(*h)[n] = nil
	*h = (*h)[:n]
	if i != n {
		if !h.down(i) {
			h.up(i)
		}
	}
	e.idx = -1
}

// pop removes and returns the earliest entry.
func (h *fireHeap) pop() *entry {
	e := (*h)[0]
	h.remove(e)
	return e
}

func (h fireHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

func (h fireHeap) down(i0 int) bool {
	i, n := i0, len(h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}
