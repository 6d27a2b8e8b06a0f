package pattern

import "sync"

// scratch is the per-match working memory: the event's leaves grouped by field, array trails,
// unescaped string bytes, and generation stamps for de-duplicating states and rules. Scratches
// are pooled so that a match allocates nothing once warmed up. One goroutine uses a scratch at a
// time.
type scratch struct {
	gen    uint32
	leaves []leaf
	trails []trailStep // trail arena; leaf.trailOff indexes it
	trail  []trailStep // trail of the value being scanned
	buf    []byte      // unescaped strings
	keys   []keyEntry  // relevant keys of the objects being scanned
	lower  []byte      // ASCII-lowered event string for ignore-case lookups

	fields  []fieldLeaves // per field id, valid when fields[f].gen == gen
	touched []int32       // fields with at least one leaf
	byField []int32
	order   []int32 // byField's buffer when the leaves must be reordered (see group)
	ident   []int32 // 0, 1, 2, ...: byField when every field's leaves are already contiguous
	scatter bool    // some field's leaves are not contiguous in leaves
	spans   []span  // array and element spans, indexed by trailStep.arr / trailStep.elem

	visited []uint32 // per state id: visited with no array constraint
	ruleGen []uint32 // per rule index: already reported
	next    []*state // stack of next states found by value indexes
	picks   []int32  // leaves with array trails chosen on the current walk
}

// fieldLeaves says where one field's leaves are: byField[first:first+count], in document order
// (see group), live of them not replaced by a later duplicate key. Valid when gen is the
// scratch's current generation.
type fieldLeaves struct {
	gen                uint32
	first, count, live int32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// reset prepares s for one event of a machine with the given sizes.
func (s *scratch) reset(nFields, nStates, nRules int) {
	s.gen++
	if s.gen == 0 { // wrapped: old stamps could collide
		clear(s.fields)
		clear(s.visited)
		clear(s.ruleGen)
		s.gen = 1
	}
	if len(s.fields) < nFields {
		f := make([]fieldLeaves, nFields+nFields/4+16)
		copy(f, s.fields)
		s.fields = f
	}
	s.visited = growU32(s.visited, nStates)
	s.ruleGen = growU32(s.ruleGen, nRules)
	s.leaves = s.leaves[:0]
	s.trails = s.trails[:0]
	s.trail = s.trail[:0]
	s.buf = s.buf[:0]
	s.keys = s.keys[:0]
	s.touched = s.touched[:0]
	s.byField = nil
	s.scatter = false
	s.spans = s.spans[:0]
	s.next = s.next[:0]
	s.picks = s.picks[:0]
}

func growU32(a []uint32, n int) []uint32 {
	if len(a) >= n {
		return a
	}
	b := make([]uint32, n+n/4+16)
	copy(b, a)
	return b
}

// addLeaf records a leaf of field at byte offset off with the current array trail.
func (s *scratch) addLeaf(field int32, k leafKind, v []byte, off int) {
	i := int32(len(s.leaves))
	if len(s.leaves) < cap(s.leaves) {
		s.leaves = s.leaves[:i+1]
	} else {
		s.leaves = append(s.leaves, leaf{})
	}
	// field by field: a composite literal would be built on the stack and copied
	lf := &s.leaves[i]
	lf.val, lf.num, lf.field, lf.off = v, 0, field, int32(off)
	lf.trailOff, lf.trailLen, lf.kind, lf.dead, lf.numState = 0, 0, k, false, 0
	if len(s.trail) > 0 {
		lf.trailOff = int32(len(s.trails))
		lf.trailLen = int32(len(s.trail))
		s.trails = append(s.trails, s.trail...)
	}
	if fl := &s.fields[field]; fl.gen != s.gen {
		*fl = fieldLeaves{gen: s.gen, first: i, count: 1, live: 1}
		s.touched = append(s.touched, field)
	} else {
		if fl.first+fl.count != i {
			s.scatter = true
		}
		fl.count++
		fl.live++
	}
}

// group lays the leaves out by field (byField), each field's leaves in document order, so that
// a field's leaves inside one array element form a contiguous run (see walker.candidates). When
// every field's leaves are already contiguous in leaves (the usual envelope: one leaf per field),
// byField is the identity and first needs no change.
func (s *scratch) group() {
	n := int32(len(s.leaves))
	if !s.scatter {
		for int32(len(s.ident)) < n {
			s.ident = append(s.ident, int32(len(s.ident)))
		}
		s.byField = s.ident[:n]
		return
	}
	n = 0
	for _, f := range s.touched {
		fl := &s.fields[f]
		fl.first = n
		n += fl.count
		fl.count = 0
	}
	if cap(s.order) < int(n) {
		s.order = make([]int32, n)
	}
	s.byField = s.order[:n]
	for i := range s.leaves {
		f := s.leaves[i].field
		fl := &s.fields[f]
		s.byField[fl.first+fl.count] = int32(i)
		fl.count++
	}
}

// leavesOf returns the indexes of field f's leaves (live or dead), in document order.
func (s *scratch) leavesOf(f int32) []int32 {
	fl := &s.fields[f]
	if fl.gen != s.gen {
		return nil
	}
	return s.byField[fl.first : fl.first+fl.count]
}

// noteKey records that key node n of the object whose entries start at keys[base] produced the
// leaves from start on; an earlier occurrence of the same key in that object loses its leaves
// (the last duplicate key wins).
func (s *scratch) noteKey(base int, n *pathNode, start int32) {
	end := int32(len(s.leaves))
	for i := base; i < len(s.keys); i++ {
		if s.keys[i].node == n {
			s.kill(s.keys[i].start, s.keys[i].end)
			s.keys[i].start, s.keys[i].end = start, end
			return
		}
	}
	s.keys = append(s.keys, keyEntry{node: n, start: start, end: end})
}

// kill marks the leaves in [from, to) dead.
func (s *scratch) kill(from, to int32) {
	for i := from; i < to; i++ {
		if lf := &s.leaves[i]; !lf.dead {
			lf.dead = true
			s.fields[lf.field].live--
		}
	}
}

// liveLeaves reports how many live leaves field f has in the current event.
func (s *scratch) liveLeaves(f int32) int32 {
	fl := &s.fields[f]
	if fl.gen != s.gen {
		return 0
	}
	return fl.live
}

// trailOf returns the array trail of lf.
func (s *scratch) trailOf(lf *leaf) []trailStep {
	return s.trails[lf.trailOff : lf.trailOff+lf.trailLen]
}

// agree reports whether two trails pick the same element of every array both lie in. Arrays nest,
// so the arrays two leaves share are a common prefix of their trails.
func agree(a, b []trailStep) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].array != b[i].array {
			return true
		}
		if a[i].index != b[i].index {
			return false
		}
	}
	return true
}
