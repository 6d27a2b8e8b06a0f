package pattern

// walker runs the event's leaves through a core's automaton. From each reached state it follows,
// for every field the state has transitions on, each live leaf of that field through the field's
// value index, keeping the leaves it picked array-consistent; fields without leaves follow their
// exists-false transitions. Work is proportional to the leaves of the fields the reached states
// test, which is bounded by the event and the rules that (partly) match it, not by the rule count.
type walker struct {
	c   *core
	s   *scratch
	dst []string
}

// visit explores state st under the current picks.

func (w *walker) visit(st *state) {
	s := w.s
	for _, r := range st.finals {
		if s.ruleGen[r] != s.gen {
			s.ruleGen[r] = s.gen
			w.dst = append(w.dst, w.c.ids[r])
		}
	}
	if st.nAbsent > 0 {
		for _, ft := range st.fields {
			if abs := ft.absent(); len(abs) > 0 && !w.anyAgreeing(ft.field) {
				for _, t := range abs {
					w.enter(t, nil, -1)
				}
			}
		}
	}
	if len(st.fields) <= 2*len(s.touched) {
		for _, ft := range st.fields {
			fl := &s.fields[ft.field]
			if fl.gen != s.gen || fl.live == 0 {
				continue
			}
			if len(s.picks) > 0 && fl.count >= 16 {
				w.follow(ft)
				continue
			}
			if fl.count == 1 { // the usual field: one leaf
				w.followLeaf(ft, s.byField[fl.first])
				continue
			}
			for _, i := range s.byField[fl.first : fl.first+fl.count] { // follow's first case
				w.followLeaf(ft, i)
			}
		}
		return
	}
	for _, f := range s.touched {
		if s.fields[f].live > 0 {
			if ft := st.trans(f); ft != nil {
				w.follow(ft)
			}
		}
	}
}

// follow runs every live leaf of ft's field that agrees with the picks through ft.
func (w *walker) follow(ft *fieldTrans) {
	s := w.s
	if all := s.leavesOf(ft.field); len(s.picks) == 0 || len(all) < 16 { // candidates' first case
		for _, i := range all {
			w.followLeaf(ft, i)
		}
		return
	}
	runs := w.candidates(ft.field)
	for _, run := range runs {
		for _, i := range run {
			w.followLeaf(ft, i)
		}
	}
}

// followLeaf runs leaf i through ft and enters every state it leads to, each once (see seenIn).
func (w *walker) followLeaf(ft *fieldTrans, i int32) {
	s := w.s
	lf := &s.leaves[i]
	if lf.dead || (lf.trailLen > 0 && !w.consistent(lf)) {
		return
	}
	if ft.more == nil { // exact strings only: enter their states straight from the index
		if lf.kind != leafString {
			return
		}
		t, ts := ft.exact.lookup(lf.val)
		if t != nil && lf.trailLen == 0 && len(s.picks) == 0 { // enter's first case
			if s.visited[t.id] != s.gen {
				s.visited[t.id] = s.gen
				w.visit(t)
			}
			return
		}
		if t != nil {
			w.enter(t, lf, i)
			return
		}
		for j, t := range ts {
			if !seenIn(ts[:j], t) {
				w.enter(t, lf, i)
			}
		}
		return
	}
	base := len(s.next)
	s.next = ft.match(lf, s, s.next)
	end := len(s.next)
	for j := base; j < end; j++ {
		t := s.next[j]
		if !seenIn(s.next[base:j], t) {
			w.enter(t, lf, i)
		}
	}
	s.next = s.next[:base]
}

// candidates returns the leaves of field f that may agree with the picks, as up to three runs.
// With nothing picked, or few leaves, that is all of them. Otherwise the last pick lies in some
// element of its outermost array; a leaf inside that array but outside that element cannot agree
// with it, and as a field's leaves are in document order, those inside the element form one run
// (found by binary search on byte offsets). This keeps, say, two conditions on the elements of a
// 10,000-element array linear instead of quadratic.
func (w *walker) candidates(f int32) [3][]int32 {
	s := w.s
	all := s.leavesOf(f)
	if len(s.picks) == 0 || len(all) < 16 {
		return [3][]int32{all}
	}
	step := s.trails[s.leaves[s.picks[len(s.picks)-1]].trailOff]
	arr, el := s.spans[step.arr], s.spans[step.elem]
	return [3][]int32{all[:s.firstAt(all, arr.start)], all[s.firstAt(all, el.start):s.firstAt(all, el.end)],
		all[s.firstAt(all, arr.end):]}
}

// firstAt returns the index of the first leaf in idx (document order) at byte offset >= off.
func (s *scratch) firstAt(idx []int32, off int32) int {
	lo, hi := 0, len(idx)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.leaves[idx[mid]].off < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// seenIn reports whether t occurs in the (short) list ts.
func seenIn(ts []*state, t *state) bool {
	if len(ts) > 8 {
		return false // duplicates are rare; re-visiting is correct, only slower
	}
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// enter visits t after picking leaf lf (index i; nil for an exists-false step). A state already
// explored with no array constraint is not explored again under no constraint; constrained visits
// always run, because an exists-false condition can hold under a constraint (no leaf agrees with
// the picks) and not without one.
func (w *walker) enter(t *state, lf *leaf, i int32) {
	s := w.s
	withTrail := lf != nil && lf.trailLen > 0
	if !withTrail {
		if len(s.picks) == 0 {
			if s.visited[t.id] == s.gen {
				return
			}
			s.visited[t.id] = s.gen
		}
		w.visit(t)
		return
	}
	s.picks = append(s.picks, i)
	w.visit(t)
	s.picks = s.picks[:len(s.picks)-1]
}

// anyAgreeing reports whether field f has a live leaf that agrees with every picked leaf (so an
// exists-false condition on f does not hold).
func (w *walker) anyAgreeing(f int32) bool {
	s := w.s
	if s.liveLeaves(f) == 0 {
		return false
	}
	if len(s.picks) == 0 {
		return true
	}
	for _, run := range w.candidates(f) {
		for _, i := range run {
			if lf := &s.leaves[i]; !lf.dead && (lf.trailLen == 0 || w.consistent(lf)) {
				return true
			}
		}
	}
	return false
}

// consistent reports whether lf agrees with every picked leaf on shared arrays.
func (w *walker) consistent(lf *leaf) bool {
	s := w.s
	tr := s.trailOf(lf)
	for _, p := range s.picks {
		if !agree(tr, s.trailOf(&s.leaves[p])) {
			return false
		}
	}
	return true
}
