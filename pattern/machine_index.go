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

// moreIndex holds the matchers other than exact strings. Kinds that can be hashed are; the rest
// (wildcard, numeric, cidr, non-ASCII ignore-case, anything-but) are evaluated one by one.
type moreIndex struct {
	any      []*state    // exists true
	lits     [3][]*state // true, false, null
	numLex   strIndex    // numbers by lexeme (not exactly representable)
	numVal   map[float64][]*state
	prefix   affixIndex
	suffix   affixIndex
	prefixIC affixIndex // ASCII prefixes, lowered
	suffixIC affixIndex
	eqIC     strIndex // ASCII equals-ignore-case, lowered
	slow     []slowEntry
	nIC      int // keys in prefixIC, suffixIC and eqIC
}

type slowEntry struct {
	m  *cmatcher
	to *state
}

func litIndex(k Kind) int { return int(k - KindTrue) }

// register makes a leaf satisfying m lead to t.
func (ft *fieldTrans) register(m *cmatcher, t *state) {
	if m.kind == KindString {
		ft.exact.add(m.str, t)
		return
	}
	if m.kind == KindExists && !m.exists {
		ft.absent = append(ft.absent, t)
		return
	}
	if ft.more == nil {
		ft.more = &moreIndex{}
	}
	x := ft.more
	switch {
	case m.kind == KindNumber && m.numExact:
		if x.numVal == nil {
			x.numVal = make(map[float64][]*state, 1)
		}
		x.numVal[m.num] = append(x.numVal[m.num], t)
	case m.kind == KindNumber:
		x.numLex.add(m.str, t)
	case m.kind >= KindTrue && m.kind <= KindNull:
		x.lits[litIndex(m.kind)] = append(x.lits[litIndex(m.kind)], t)
	case m.kind == KindExists:
		x.any = append(x.any, t)
	case m.kind == KindPrefix && !m.ignoreCase:
		x.prefix.add(m.str, t)
	case m.kind == KindSuffix && !m.ignoreCase:
		x.suffix.add(m.str, t)
	case m.ascii && m.kind == KindPrefix:
		x.prefixIC.add(m.str, t)
		x.nIC++
	case m.ascii && m.kind == KindSuffix:
		x.suffixIC.add(m.str, t)
		x.nIC++
	case m.ascii && m.kind == KindEqualsIgnoreCase:
		x.eqIC.add(m.str, t)
		x.nIC++
	default:
		x.slow = append(x.slow, slowEntry{m: m, to: t})
	}
}

// unregister undoes register(m, t).
func (ft *fieldTrans) unregister(m *cmatcher, t *state) {
	if m.kind == KindString {
		ft.exact.remove(m.str, t)
		return
	}
	if m.kind == KindExists && !m.exists {
		ft.absent = removeState(ft.absent, t)
		return
	}
	x := ft.more
	switch {
	case m.kind == KindNumber && m.numExact:
		if ts := removeState(x.numVal[m.num], t); len(ts) > 0 {
			x.numVal[m.num] = ts
		} else {
			delete(x.numVal, m.num)
		}
	case m.kind == KindNumber:
		x.numLex.remove(m.str, t)
	case m.kind >= KindTrue && m.kind <= KindNull:
		x.lits[litIndex(m.kind)] = removeState(x.lits[litIndex(m.kind)], t)
	case m.kind == KindExists:
		x.any = removeState(x.any, t)
	case m.kind == KindPrefix && !m.ignoreCase:
		x.prefix.remove(m.str, t)
	case m.kind == KindSuffix && !m.ignoreCase:
		x.suffix.remove(m.str, t)
	case m.ascii && m.kind == KindPrefix:
		x.prefixIC.remove(m.str, t)
		x.nIC--
	case m.ascii && m.kind == KindSuffix:
		x.suffixIC.remove(m.str, t)
		x.nIC--
	case m.ascii && m.kind == KindEqualsIgnoreCase:
		x.eqIC.remove(m.str, t)
		x.nIC--
	default:
		for i := range x.slow {
			// by key: another branch of the rule may have registered an equal matcher
			if x.slow[i].to == t && x.slow[i].m.key == m.key {
				x.slow = append(x.slow[:i], x.slow[i+1:]...)
				x.slow = x.slow[:len(x.slow):len(x.slow)]
				break
			}
		}
	}
}

// match appends to out the states that leaf lf of this field leads to.
func (ft *fieldTrans) match(lf *leaf, s *scratch, out []*state) []*state {
	if lf.kind == leafString && ft.exact.len() > 0 {
		out = append(out, ft.exact.get(lf.val)...)
	}
	if x := ft.more; x != nil {
		out = x.match(lf, s, out)
	}
	return out
}

func (x *moreIndex) match(lf *leaf, s *scratch, out []*state) []*state {
	out = append(out, x.any...)
	switch lf.kind {
	case leafString:
		out = x.prefix.collect(lf.val, false, out)
		out = x.suffix.collect(lf.val, true, out)
		if x.nIC > 0 {
			s.lower = append(s.lower[:0], lf.val...)
			lowerASCII(s.lower)
			out = x.prefixIC.collect(s.lower, false, out)
			out = x.suffixIC.collect(s.lower, true, out)
			out = append(out, x.eqIC.get(s.lower)...)
		}
	case leafNumber:
		if x.numLex.len() > 0 {
			out = append(out, x.numLex.get(lf.val)...)
		}
		if len(x.numVal) > 0 {
			if v, ok := numberValue(lf); ok {
				out = append(out, x.numVal[v]...)
			}
		}
	default:
		out = append(out, x.lits[lf.kind-leafTrue]...)
	}
	for i := range x.slow {
		if x.slow[i].m.slowMatch(lf) {
			out = append(out, x.slow[i].to)
		}
	}
	return out
}

// edgeIndex finds the state a condition (by canonical key) leads to from one state and field.
// It is used only by the writer.
type edgeIndex struct {
	small []*state
	big   map[string]*state
}

func (e *edgeIndex) get(key string) *state {
	if e.big != nil {
		return e.big[key]
	}
	for _, t := range e.small {
		if t.key == key {
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
		e.big = make(map[string]*state, 2*smallMax)
		for _, s := range e.small {
			e.big[s.key] = s
		}
		e.small = nil
	}
	e.big[t.key] = t
}

func (e *edgeIndex) remove(t *state) {
	if e.big != nil {
		delete(e.big, t.key)
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
