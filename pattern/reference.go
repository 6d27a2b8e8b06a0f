package pattern

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// MatchReference reports whether event matches p. It is the reference evaluator: a plain
// tree-walking implementation of the rules in README.md ("Matching", "Array consistency"), kept
// simple so that it is obviously right; the compiled Machine is tested against it. It returns an
// error when event is not a JSON object. Safe for concurrent use.
func MatchReference(p *Pattern, event []byte) (bool, error) {
	leaves, err := decodeEvent(event)
	if err != nil {
		return false, err
	}
	for _, br := range p.Branches {
		if branchMatches(br, leaves) {
			return true, nil
		}
	}
	return false, nil
}

// Matches reports whether event matches p, using the fastest available evaluator.
func Matches(p *Pattern, event []byte) (bool, error) {
	m := NewMachine()
	if err := m.Add("p", p); err != nil {
		return false, err
	}
	ids, err := m.Match(event, nil)
	if err != nil {
		return false, errors.Join(errEventNotObject, err)
	}
	return len(ids) > 0, nil
}

// branchMatches decides one branch. Conditions are taken in order (sorted by path); for each,
// either a leaf at its path that agrees with the leaves chosen so far satisfies one of its value
// matchers, or the condition has an exists:false matcher and no leaf at its path agrees with the
// leaves chosen so far.
func branchMatches(br Branch, leaves map[string][]*eventLeaf) bool {
	s := &branchSearch{br: br, leaves: leaves, failed: map[string]bool{}}
	return s.from(0, nil)
}

type branchSearch struct {
	br     Branch
	leaves map[string][]*eventLeaf
	failed map[string]bool // (condition index, array positions fixed so far) known to fail
}

func (s *branchSearch) from(i int, chosen []*eventLeaf) bool {
	if i == len(s.br) {
		return true
	}
	key := strconv.Itoa(i) + "|" + fixedPositions(chosen)
	if s.failed[key] {
		return false
	}
	c := &s.br[i]
	for _, l := range s.leaves[c.Path] {
		if agreesWithAll(l, chosen) && leafSatisfies(c, l) && s.from(i+1, append(chosen[:len(chosen):len(chosen)], l)) {
			return true
		}
	}
	if hasExistsFalse(c) && !slices.ContainsFunc(s.leaves[c.Path], func(l *eventLeaf) bool { return agreesWithAll(l, chosen) }) &&
		s.from(i+1, chosen) {
		return true
	}
	s.failed[key] = true
	return false
}

func agreesWithAll(l *eventLeaf, chosen []*eventLeaf) bool {
	for _, c := range chosen {
		if !leavesAgree(l, c) {
			return false
		}
	}
	return true
}

// leafSatisfies reports whether l satisfies one of c's value matchers.
func leafSatisfies(c *Condition, l *eventLeaf) bool {
	for i := range c.Matchers {
		if matchLeaf(&c.Matchers[i], l) {
			return true
		}
	}
	return false
}

func hasExistsFalse(c *Condition) bool {
	for _, m := range c.Matchers {
		if m.Kind == KindExists && !m.Exists {
			return true
		}
	}
	return false
}

// fixedPositions renders the array positions the chosen leaves fix, as a memo key.
func fixedPositions(chosen []*eventLeaf) string {
	var pos []arrayPos
	for _, l := range chosen {
		pos = append(pos, l.trail...)
	}
	slices.SortFunc(pos, func(a, b arrayPos) int { return a.Array - b.Array })
	pos = slices.Compact(pos)
	var sb strings.Builder
	for _, p := range pos {
		sb.WriteString(strconv.Itoa(p.Array))
		sb.WriteByte(':')
		sb.WriteString(strconv.Itoa(p.Index))
		sb.WriteByte(',')
	}
	return sb.String()
}
