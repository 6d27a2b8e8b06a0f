package pattern

// edge returns the state condition pc leads to from this field, or nil. Conditions are
// interned, so they are compared by pointer. Writer only.
func (ft *fieldTrans) edge(pc *prepCond) *state {
	if ft.more != nil && ft.more.rare != nil && ft.more.rare.edges != nil {
		return ft.more.rare.edges[pc]
	}
	for _, t := range ft.edges {
		if t.cond == pc {
			return t
		}
	}
	return nil
}

// addEdge records t (reached by t.cond) among ft's conditions: a short list while there are at
// most smallMax, a map beyond.
func (ft *fieldTrans) addEdge(t *state) {
	if m := ft.edgeMap(); m != nil {
		m[t.cond] = t
		return
	}
	if len(ft.edges) < smallMax {
		ft.edges = append(ft.edges, t)
		return
	}
	m := make(map[*prepCond]*state, 2*smallMax)
	for _, s := range ft.edges {
		m[s.cond] = s
	}
	m[t.cond] = t
	ft.edges = nil
	ft.moreIdx().rareIdx().edges = m
}

func (ft *fieldTrans) edgeMap() map[*prepCond]*state {
	if ft.more == nil || ft.more.rare == nil {
		return nil
	}
	return ft.more.rare.edges
}

func (ft *fieldTrans) removeEdge(t *state) {
	if m := ft.edgeMap(); m != nil {
		delete(m, t.cond)
		return
	}
	ft.edges = removeState(ft.edges, t)
}

// numEdges returns how many conditions ft holds.
func (ft *fieldTrans) numEdges() int {
	if m := ft.edgeMap(); m != nil {
		return len(m)
	}
	return len(ft.edges)
}
