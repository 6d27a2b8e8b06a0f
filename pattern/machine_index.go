package pattern

// fieldTrans holds, for one state and one field (path), every condition on that field that
// some branch tests next, indexed by value: a leaf of the field leads to the states of the
// conditions it satisfies. It is kept small (memory per rule matters): exact strings are inline,
// everything else sits behind more.
type fieldTrans struct {
	field int32
	exact strIndex // exact strings
	edges []*state // the states of the conditions (writer only); nil once more.rare.edges is used
	more  *moreIndex
}

// moreIndex holds the matchers other than exact strings; nil while unused. Kinds that can be
// hashed are, numeric ranges are kept sorted once there are many (see rangeIndex), the rest
// (wildcard, cidr, non-ASCII ignore-case, anything-but, a few numeric ranges) are evaluated one
// by one. Rarely used groups live behind rare.
type moreIndex struct {
	slow   []slowEntry
	affix  *affixSet
	ranges *rangeIndex // numeric ranges once more than rangeMin; nil while they are in slow
	rare   *rareIndex
}

// rareIndex holds the transitions that few fields have.
type rareIndex struct {
	absent []*state // conditions with an exists-false matcher: taken when the field has no leaf
	any    []*state // exists true
	lits   [3][]*state
	nums   *numIndex
	edges  map[*prepCond]*state // replaces fieldTrans.edges beyond smallMax conditions
}

// rangeMin is how many numeric ranges one fieldTrans evaluates one by one before it indexes
// them in a rangeIndex.
const rangeMin = 8

type slowEntry struct {
	m  *cmatcher
	to *state
}

// numIndex finds number matchers by lexeme (not exactly representable) or by value.
type numIndex struct {
	lex strIndex
	val map[float64][]*state
}

// affixSet finds prefix, suffix and ASCII ignore-case matchers.
type affixSet struct {
	prefix   affixIndex
	suffix   affixIndex
	prefixIC affixIndex // ASCII prefixes, lowered
	suffixIC affixIndex
	eqIC     strIndex // ASCII equals-ignore-case, lowered
	nIC      int      // keys in prefixIC, suffixIC and eqIC
}

// absent returns the states of ft's exists-false conditions.
func (ft *fieldTrans) absent() []*state {
	if ft.more == nil || ft.more.rare == nil {
		return nil
	}
	return ft.more.rare.absent
}

func (ft *fieldTrans) moreIdx() *moreIndex {
	if ft.more == nil {
		ft.more = &moreIndex{}
	}
	return ft.more
}

func (x *moreIndex) rareIdx() *rareIndex {
	if x.rare == nil {
		x.rare = &rareIndex{}
	}
	return x.rare
}

func litIndex(k Kind) int { return int(k - KindTrue) }

// register makes a leaf satisfying m lead to t.
func (ft *fieldTrans) register(m *cmatcher, t *state) {
	if m.kind == KindString {
		ft.exact.add(m.str, t)
		return
	}
	x := ft.moreIdx()
	switch m.kind {
	case KindExists:
		r := x.rareIdx()
		if m.exists {
			r.any = append(r.any, t)
		} else {
			r.absent = append(r.absent, t)
		}
	case KindTrue, KindFalse, KindNull:
		r := x.rareIdx()
		r.lits[litIndex(m.kind)] = append(r.lits[litIndex(m.kind)], t)
	case KindNumber:
		r := x.rareIdx()
		if r.nums == nil {
			r.nums = &numIndex{}
		}
		if !m.numExact {
			r.nums.lex.add(m.str, t)
			break
		}
		if r.nums.val == nil {
			r.nums.val = make(map[float64][]*state, 1)
		}
		r.nums.val[m.num] = append(r.nums.val[m.num], t)
	case KindNumeric:
		if x.ranges != nil {
			x.ranges.add(m.x.rng, t)
			break
		}
		x.slow = append(x.slow, slowEntry{m: m, to: t})
		x.indexRanges()
	default:
		if !m.indexed() {
			x.slow = append(x.slow, slowEntry{m: m, to: t})
			break
		}
		if x.affix == nil {
			x.affix = &affixSet{}
		}
		x.affix.register(m, t)
	}
}

// indexRanges moves the numeric ranges evaluated one by one into a rangeIndex once there are
// more than rangeMin of them. Afterwards every numeric range of x is in x.ranges.
func (x *moreIndex) indexRanges() {
	n := 0
	for i := range x.slow {
		if x.slow[i].m.kind == KindNumeric {
			n++
		}
	}
	if n <= rangeMin {
		return
	}
	x.ranges = &rangeIndex{}
	kept := x.slow[:0]
	for _, e := range x.slow {
		if e.m.kind == KindNumeric {
			x.ranges.add(e.m.x.rng, e.to)
		} else {
			kept = append(kept, e)
		}
	}
	clear(x.slow[len(kept):])
	x.slow = kept
}

func (a *affixSet) register(m *cmatcher, t *state) {
	switch {
	case m.kind == KindPrefix && !m.ignoreCase:
		a.prefix.add(m.str, t)
	case m.kind == KindSuffix && !m.ignoreCase:
		a.suffix.add(m.str, t)
	case m.kind == KindPrefix:
		a.prefixIC.add(m.str, t)
		a.nIC++
	case m.kind == KindSuffix:
		a.suffixIC.add(m.str, t)
		a.nIC++
	default:
		a.eqIC.add(m.str, t)
		a.nIC++
	}
}

// unregister undoes register(m, t).
func (ft *fieldTrans) unregister(m *cmatcher, t *state) {
	if m.kind == KindString {
		ft.exact.remove(m.str, t)
		return
	}
	x := ft.more
	switch m.kind {
	case KindExists:
		if m.exists {
			x.rare.any = removeState(x.rare.any, t)
		} else {
			x.rare.absent = removeState(x.rare.absent, t)
		}
	case KindTrue, KindFalse, KindNull:
		x.rare.lits[litIndex(m.kind)] = removeState(x.rare.lits[litIndex(m.kind)], t)
	case KindNumber:
		nums := x.rare.nums
		if !m.numExact {
			nums.lex.remove(m.str, t)
		} else if ts := removeState(nums.val[m.num], t); len(ts) > 0 {
			nums.val[m.num] = ts
		} else {
			delete(nums.val, m.num)
		}
	case KindNumeric:
		if x.ranges != nil {
			x.ranges.remove(m.x.rng, t)
			break
		}
		x.removeSlow(m, t)
	default:
		if m.indexed() {
			x.affix.unregister(m, t)
			break
		}
		x.removeSlow(m, t)
	}
}

// removeSlow drops the slow entry of m leading to t.
func (x *moreIndex) removeSlow(m *cmatcher, t *state) {
	for i := range x.slow {
		// by key: another rule may have registered an equal matcher
		if x.slow[i].to == t && x.slow[i].m.key == m.key {
			n := len(x.slow) - 1
			copy(x.slow[i:], x.slow[i+1:])
			x.slow[n] = slowEntry{} // let the removed matcher and state be collected
			x.slow = x.slow[:n]
			return
		}
	}
}

func (a *affixSet) unregister(m *cmatcher, t *state) {
	switch {
	case m.kind == KindPrefix && !m.ignoreCase:
		a.prefix.remove(m.str, t)
	case m.kind == KindSuffix && !m.ignoreCase:
		a.suffix.remove(m.str, t)
	case m.kind == KindPrefix:
		a.prefixIC.remove(m.str, t)
		a.nIC--
	case m.kind == KindSuffix:
		a.suffixIC.remove(m.str, t)
		a.nIC--
	default:
		a.eqIC.remove(m.str, t)
		a.nIC--
	}
}

// appendStates is append(out, ts...) for the usually short lists of next states, without the
// call to the runtime's pointer-slice copy.
func appendStates(out, ts []*state) []*state {
	if len(ts) > 4 {
		return append(out, ts...)
	}
	for _, t := range ts {
		out = append(out, t)
	}
	return out
}

// match appends to out the states that leaf lf of this field leads to.
func (ft *fieldTrans) match(lf *leaf, s *scratch, out []*state) []*state {
	if lf.kind == leafString && ft.exact.len() > 0 {
		out = ft.exact.appendTo(lf.val, out)
	}
	if x := ft.more; x != nil {
		out = x.match(lf, s, out)
	}
	return out
}

func (x *moreIndex) match(lf *leaf, s *scratch, out []*state) []*state {
	r := x.rare
	if r != nil {
		out = appendStates(out, r.any)
	}
	switch lf.kind {
	case leafString:
		if x.affix != nil {
			out = x.affix.match(lf.val, s, out)
		}
	case leafNumber:
		if r != nil && r.nums != nil {
			n := r.nums
			if n.lex.len() > 0 {
				out = n.lex.appendTo(lf.val, out)
			}
			if len(n.val) > 0 {
				if v, exact := numberValue(lf); exact {
					out = appendStates(out, n.val[v])
				}
			}
		}
		if x.ranges != nil && x.ranges.len() > 0 {
			if v, exact := numberValue(lf); exact {
				out = x.ranges.collect(v, out)
			}
		}
	default:
		if r != nil {
			out = appendStates(out, r.lits[lf.kind-leafTrue])
		}
	}
	for i := range x.slow {
		if x.slow[i].m.slowMatch(lf) {
			out = append(out, x.slow[i].to)
		}
	}
	return out
}

func (a *affixSet) match(v []byte, s *scratch, out []*state) []*state {
	if a.prefix.keys.len() > 0 {
		out = a.prefix.collect(v, false, out)
	}
	if a.suffix.keys.len() > 0 {
		out = a.suffix.collect(v, true, out)
	}
	if a.nIC > 0 {
		s.lower = append(s.lower[:0], v...)
		lowerASCII(s.lower)
		out = a.prefixIC.collect(s.lower, false, out)
		out = a.suffixIC.collect(s.lower, true, out)
		out = a.eqIC.appendTo(s.lower, out)
	}
	return out
}
