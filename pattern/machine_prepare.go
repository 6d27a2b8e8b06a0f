package pattern

import (
	"sort"
	"strings"
)

// prepare turns p's branches into interned prepared conditions. The caller holds m.mu.
//
// The automaton tests a branch's conditions in the order given here. A branch with an
// exists-false condition keeps its order (sorted by PathLess), because such a condition is
// decided relative to the leaves picked for the conditions before it. Any other branch matches
// the same events in every order; its conditions keep PathLess order (so that rules sharing
// fields share states), except that conditions evaluated one by one (numeric, cidr, wildcard,
// exists, anything-but, non-ASCII ignore-case) move behind the hashed ones: a shared state then
// fans out by hashing on, say, "source" before a numeric range is tested, instead of testing
// thousands of distinct ranges that mostly partly match.
func (m *Machine) prepare(p *Pattern) [][]*prepCond {
	out := make([][]*prepCond, 0, len(p.Branches))
	for _, br := range p.Branches {
		conds := make([]*prepCond, 0, len(br))
		existsFalse := false
		for _, cond := range br {
			pc := m.intern(cond)
			existsFalse = existsFalse || pc.class == classExistsFalse
			conds = append(conds, pc)
		}
		if !existsFalse {
			sort.SliceStable(conds, func(i, j int) bool { return conds[i].class != classSlow && conds[j].class == classSlow })
		}
		out = append(out, conds)
	}
	return out
}

// release drops r's references to its interned conditions. The caller holds m.mu.
func (m *Machine) release(r *machineRule) {
	for _, br := range r.branches {
		for _, pc := range br {
			if pc.refs--; pc.refs == 0 {
				delete(m.conds, pc.key)
			}
		}
	}
}

// Condition classes: hashed conditions are tested before the slow ones (see prepare).
const (
	classExact       = iota // only exact values (strings, numbers, literals)
	classIndexed            // also prefixes, suffixes, ASCII ignore-case values (hashed too)
	classSlow               // some matcher is evaluated one by one
	classExistsFalse        // has an exists-false matcher
)

func conditionClass(ms []*cmatcher) int32 {
	class := int32(classExact)
	for _, m := range ms {
		switch {
		case m.kind == KindExists && !m.exists:
			return classExistsFalse
		case !m.indexed() || m.kind == KindExists:
			class = max(class, classSlow)
		case m.kind == KindPrefix || m.kind == KindSuffix || m.kind == KindEqualsIgnoreCase:
			class = max(class, classIndexed)
		}
	}
	return class
}

// intern returns the shared prepared form of cond, adding a reference. Matchers are compiled
// only the first time a condition is seen.
func (m *Machine) intern(cond Condition) *prepCond {
	keys := make([]string, len(cond.Matchers))
	order := make([]int, len(cond.Matchers))
	for i, mt := range cond.Matchers {
		keys[i], order[i] = matcherKey(mt), i
	}
	sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	var b strings.Builder
	b.WriteString(cond.Path)
	uniq := order[:0]
	for _, o := range order {
		if len(uniq) > 0 && keys[o] == keys[uniq[len(uniq)-1]] {
			continue
		}
		uniq = append(uniq, o)
		b.WriteByte(0)
		b.WriteString(keys[o])
	}
	key := b.String()
	if pc := m.conds[key]; pc != nil {
		pc.refs++
		return pc
	}
	pc := &prepCond{path: cond.Path, key: key, refs: 1, ms: make([]*cmatcher, 0, len(uniq))}
	for _, o := range uniq {
		pc.ms = append(pc.ms, compileMatcher(cond.Matchers[o]))
	}
	pc.class = conditionClass(pc.ms)
	for _, cm := range pc.ms {
		cm.dropKey()
	}
	m.conds[key] = pc
	return pc
}
