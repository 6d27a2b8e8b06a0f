package pattern

// fieldTrans holds, for one state and one field (path), every condition on that field that
// some branch tests next, indexed by value: a leaf of the field leads to the states of the
// conditions it satisfies.
type fieldTrans struct {
	field  int32
	absent []*state // conditions with an exists-false matcher: taken when the field has no leaf
	exact  strIndex // exact strings
	edges  edgeIndex
	more   *moreIndex // the other kinds; nil while unused
}

// moreIndex holds the matchers other than exact strings, each group allocated when first used
// (memory per rule matters). Kinds that can be hashed are, numeric ranges are kept sorted (see
// rangeIndex), the rest (wildcard, cidr, non-ASCII ignore-case, anything-but) are evaluated one
// by one.
type moreIndex struct {
	any    []*state // exists true
	slow   []slowEntry
	lits   *[3][]*state // true, false, null
	nums   *numIndex
	affix  *affixSet
	ranges *rangeIndex // numeric ranges
}

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

func litIndex(k Kind) int { return int(k - KindTrue) }

// register makes a leaf satisfying m lead to t.
func (ft *fieldTrans) register(m *cmatcher, t *state) {
	switch {
	case m.kind == KindString:
		ft.exact.add(m.str, t)
		return
	case m.kind == KindExists && !m.exists:
		ft.absent = append(ft.absent, t)
		return
	}
	if ft.more == nil {
		ft.more = &moreIndex{}
	}
	x := ft.more
	switch m.kind {
	case KindExists:
		x.any = append(x.any, t)
	case KindTrue, KindFalse, KindNull:
		if x.lits == nil {
			x.lits = new([3][]*state)
		}
		x.lits[litIndex(m.kind)] = append(x.lits[litIndex(m.kind)], t)
	case KindNumber:
		if x.nums == nil {
			x.nums = &numIndex{}
		}
		if !m.numExact {
			x.nums.lex.add(m.str, t)
			break
		}
		if x.nums.val == nil {
			x.nums.val = make(map[float64][]*state, 1)
		}
		x.nums.val[m.num] = append(x.nums.val[m.num], t)
	case KindNumeric:
		if x.ranges == nil {
			x.ranges = &rangeIndex{}
		}
		x.ranges.add(m.x.rng, t)
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
	switch {
	case m.kind == KindString:
		ft.exact.remove(m.str, t)
		return
	case m.kind == KindExists && !m.exists:
		ft.absent = removeState(ft.absent, t)
		return
	}
	x := ft.more
	switch m.kind {
	case KindExists:
		x.any = removeState(x.any, t)
	case KindTrue, KindFalse, KindNull:
		x.lits[litIndex(m.kind)] = removeState(x.lits[litIndex(m.kind)], t)
	case KindNumber:
		if !m.numExact {
			x.nums.lex.remove(m.str, t)
		} else if ts := removeState(x.nums.val[m.num], t); len(ts) > 0 {
			x.nums.val[m.num] = ts
		} else {
			delete(x.nums.val, m.num)
		}
	case KindNumeric:
		x.ranges.remove(m.x.rng, t)
	default:
		if m.indexed() {
			x.affix.unregister(m, t)
			break
		}
		for i := range x.slow {
			// by key: another rule may have registered an equal matcher
			if x.slow[i].to == t && x.slow[i].m.key == m.key {
				x.slow = append(x.slow[:i], x.slow[i+1:]...)
				break
			}
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

// match appends to out the states that leaf lf of this field leads to.
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

func (ft *fieldTrans) match(lf *leaf, s *scratch, out []*state) []*state {
	if lf.kind == leafString && ft.exact.len() > 0 {
		out = appendStates(out, ft.exact.get(lf.val))
	}
	if x := ft.more; x != nil {
		out = x.match(lf, s, out)
	}
	return out
}

func (x *moreIndex) match(lf *leaf, s *scratch, out []*state) []*state {
	out = appendStates(out, x.any)
	switch lf.kind {
	case leafString:
		if x.affix != nil {
			out = x.affix.match(lf.val, s, out)
		}
	case leafNumber:
		if n := x.nums; n != nil {
			if n.lex.len() > 0 {
				out = appendStates(out, n.lex.get(lf.val))
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
		if x.lits != nil {
			out = appendStates(out, x.lits[lf.kind-leafTrue])
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
	out = a.prefix.collect(v, false, out)
	out = a.suffix.collect(v, true, out)
	if a.nIC > 0 {
		s.lower = append(s.lower[:0], v...)
		lowerASCII(s.lower)
		out = a.prefixIC.collect(s.lower, false, out)
		out = a.suffixIC.collect(s.lower, true, out)
		out = appendStates(out, a.eqIC.get(s.lower))
	}
	return out
}

// edgeIndex finds the state a condition leads to from one state and field. Conditions are
// interned, so they are compared by pointer. It is used only by the writer.
type edgeIndex struct {
	small []*state
	big   map[*prepCond]*state
}

func (e *edgeIndex) get(pc *prepCond) *state {
	if e.big != nil {
		return e.big[pc]
	}
	for _, t := range e.small {
		if t.cond == pc {
			return t
		}
	}
	return nil
}

func (e *edgeIndex) add(t *state) {
	if e.big == nil && len(e.small) < smallMax {
		e.small = append(e.small, t)
		return
	}
	if e.big == nil {
		e.big = make(map[*prepCond]*state, 2*smallMax)
		for _, s := range e.small {
			e.big[s.cond] = s
		}
		e.small = nil
	}
	e.big[t.cond] = t
}

func (e *edgeIndex) remove(t *state) {
	if e.big != nil {
		delete(e.big, t.cond)
		return
	}
	e.small = removeState(e.small, t)
}

func (e *edgeIndex) len() int {
	if e.big != nil {
		return len(e.big)
	}
	return len(e.small)
}
