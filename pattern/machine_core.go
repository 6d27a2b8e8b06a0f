package pattern

import "sort"

// state is a node of the rule automaton. The branches of all rules form a trie over their
// conditions taken in path order: the state reached after a branch's first k conditions is
// shared by every branch with the same first k conditions. A branch is complete at the state
// its last condition leads to (finals). A state is in use while some branch ends there or
// passes through it: while it has finals or transitions. It is kept small (64 bytes): every rule
// has at least one of its own in each core.
type state struct {
	cond    *prepCond     // the condition that leads here (nil for the start)
	id      int32         // dense id, for the per-match visited stamps
	nAbsent int32         // transitions among fields with exists-false conditions
	fields  []*fieldTrans // sorted by field id
	finals  []int32       // rule indexes of the branches complete here
}

// trans returns the transitions of s on field f, or nil.
func (s *state) trans(f int32) *fieldTrans {
	fs := s.fields
	if len(fs) <= 8 {
		for _, ft := range fs {
			if ft.field == f {
				return ft
			}
		}
		return nil
	}
	i := sort.Search(len(fs), func(i int) bool { return fs[i].field >= f })
	if i < len(fs) && fs[i].field == f {
		return fs[i]
	}
	return nil
}

func (s *state) addTrans(ft *fieldTrans) {
	i := sort.Search(len(s.fields), func(i int) bool { return s.fields[i].field >= ft.field })
	s.fields = append(s.fields, nil)
	copy(s.fields[i+1:], s.fields[i:])
	s.fields[i] = ft
}

func (s *state) dropTrans(ft *fieldTrans) {
	for i, x := range s.fields {
		if x == ft {
			s.fields = append(s.fields[:i], s.fields[i+1:]...)
			break
		}
	}
}

// noteAbsent updates s.nAbsent after ft.absent() changed from hadAbsent.
func (s *state) noteAbsent(ft *fieldTrans, hadAbsent bool) {
	switch has := len(ft.absent()) > 0; {
	case has && !hadAbsent:
		s.nAbsent++
	case !has && hadAbsent:
		s.nAbsent--
	}
}

// prepCond is a condition prepared for the machine: matchers compiled, a canonical key. Equal
// conditions of all rules share one prepCond (interned by the Machine's writer, reference
// counted), and both cores use it; a state records the prepCond that leads to it.
type prepCond struct {
	path  string
	key   string // canonical key: path and matcher set
	ms    []*cmatcher
	class int32
	refs  int32 // branches using it; writer only
}

// core is one complete copy of a machine's compiled rules. A core is mutated only by the
// Machine's writer while no reader can see it (see Machine).
type core struct {
	paths    pathTrie
	start    *state
	ids      []string // rule index -> id ("" when free)
	nStates  int32
	freeIDs  []int32 // state ids to reuse
	numRules int
}

func newCore() *core {
	c := &core{}
	c.start = c.newState(nil)
	return c
}

func (c *core) newState(cond *prepCond) *state {
	s := &state{cond: cond}
	if n := len(c.freeIDs); n > 0 {
		s.id = c.freeIDs[n-1]
		c.freeIDs = c.freeIDs[:n-1]
	} else {
		s.id = c.nStates
		c.nStates++
	}
	return s
}

// setRule records id at rule index idx.
func (c *core) setRule(idx int32, id string) {
	for int(idx) >= len(c.ids) {
		c.ids = append(c.ids, "")
	}
	c.ids[idx] = id
}

// addBranch adds one branch of rule idx.
func (c *core) addBranch(idx int32, br []*prepCond) {
	s := c.start
	for _, pc := range br {
		f := c.paths.use(pc.path)
		ft := s.trans(f)
		if ft == nil {
			ft = &fieldTrans{field: f}
			s.addTrans(ft)
		}
		t := ft.edge(pc)
		if t == nil {
			t = c.newState(pc)
			ft.addEdge(t)
			had := len(ft.absent()) > 0
			for _, m := range pc.ms {
				ft.register(m, t)
			}
			s.noteAbsent(ft, had)
		}
		s = t
	}
	s.finals = append(s.finals, idx)
}

// removeBranch removes one branch of rule idx that addBranch added.
func (c *core) removeBranch(idx int32, br []*prepCond) {
	type hop struct {
		from *state
		ft   *fieldTrans
		to   *state
	}
	var stack [16]hop
	hops := stack[:0]
	s := c.start
	for i := range br {
		ft := s.trans(c.paths.find(br[i].path))
		t := ft.edge(br[i])
		hops = append(hops, hop{s, ft, t})
		s = t
	}
	for i, r := range s.finals {
		if r == idx {
			s.finals = append(s.finals[:i], s.finals[i+1:]...)
			break
		}
	}
	for i := len(hops) - 1; i >= 0; i-- {
		h := hops[i]
		c.paths.release(br[i].path)
		if len(h.to.finals) > 0 || len(h.to.fields) > 0 { // still used by another branch
			continue
		}
		had := len(h.ft.absent()) > 0
		for _, m := range br[i].ms {
			h.ft.unregister(m, h.to)
		}
		h.ft.removeEdge(h.to)
		h.from.noteAbsent(h.ft, had)
		if h.ft.numEdges() == 0 {
			h.from.dropTrans(h.ft)
		}
		c.freeIDs = append(c.freeIDs, h.to.id)
	}
}
