package pattern

import (
	"slices"
)

// Explanation says why a pattern did or did not match one event.
type Explanation struct {
	// Matched is the verdict (identical to MatchReference's).
	Matched bool
	// Branches explains every branch of the pattern (one per "$or" combination), in order.
	Branches []BranchExplanation
}

// BranchExplanation explains one branch: it matches when all its conditions hold together.
type BranchExplanation struct {
	// Index is the branch's position in Pattern.Branches.
	Index int
	// Matched reports whether the branch matches the event.
	Matched bool
	// Conditions explains each condition, in the branch's (path) order.
	Conditions []ConditionExplanation
	// Note is set when every condition holds on its own but not together: the values that
	// satisfy them lie in different elements of the same array in the event.
	Note string
}

// ConditionExplanation explains one condition: the values found at its path and the verdict.
type ConditionExplanation struct {
	// Path is the condition's dotted path, e.g. "detail.state".
	Path string
	// Matchers renders the condition's matchers as pattern JSON, e.g. `{"prefix":"us-"}`.
	Matchers []string
	// Values are the event's values at Path as JSON text; empty when the path is absent.
	Values []string
	// Matched reports whether the condition holds on its own (ignoring the other conditions).
	Matched bool
	// Reason says in words why it holds or fails, e.g. `"pending" is not "running"`.
	Reason string
}

// Explain evaluates p against event like MatchReference and records, per branch and condition,
// what was found and why it matched or not. It returns an error when event is not a JSON object.
func Explain(p *Pattern, event []byte) (*Explanation, error) {
	leaves, err := decodeEvent(event)
	if err != nil {
		return nil, err
	}
	ex := &Explanation{Branches: make([]BranchExplanation, 0, len(p.Branches))}
	for i, br := range p.Branches {
		be := explainBranch(br, leaves)
		be.Index = i
		ex.Matched = ex.Matched || be.Matched
		ex.Branches = append(ex.Branches, be)
	}
	return ex, nil
}

func explainBranch(br Branch, leaves map[string][]*eventLeaf) BranchExplanation {
	be := BranchExplanation{Matched: branchMatches(br, leaves)}
	all := true
	for i := range br {
		ce := explainCondition(&br[i], leaves[br[i].Path])
		all = all && ce.Matched
		be.Conditions = append(be.Conditions, ce)
	}
	if be.Matched {
		for i := range be.Conditions {
			if c := &be.Conditions[i]; !c.Matched {
				// Only exists:false can hold in context while failing on its own.
				c.Matched = true
				c.Reason = "the field has values, but none in the array element where the earlier " +
					"conditions matched, so exists:false holds there"
			}
		}
	}
	if all && !be.Matched {
		be.Note = "every condition holds on its own, but not with values from the same element of the " +
			"event's arrays (matches inside arrays of objects must come from one element)"
	}
	return be
}

func explainCondition(c *Condition, found []*eventLeaf) ConditionExplanation {
	ce := ConditionExplanation{Path: c.Path}
	for i := range c.Matchers {
		ce.Matchers = append(ce.Matchers, describeMatcher(&c.Matchers[i]))
	}
	for _, l := range found {
		ce.Values = append(ce.Values, l.text())
	}
	if len(found) == 0 {
		ce.Matched = hasExistsFalse(c)
		if ce.Matched {
			ce.Reason = "the field is absent, as exists:false requires"
		} else {
			ce.Reason = "the field is absent (or holds only objects or empty arrays)" + absentHint(c)
		}
		return ce
	}
	i := slices.IndexFunc(found, func(l *eventLeaf) bool { return leafSatisfies(c, l) })
	if i >= 0 {
		ce.Matched = true
		ce.Reason = found[i].text() + " matches " + describeMatcher(firstSatisfied(c, found[i]))
		return ce
	}
	ce.Reason = whyNoValue(c, found)
	return ce
}

// firstSatisfied returns the first matcher of c that l satisfies.
func firstSatisfied(c *Condition, l *eventLeaf) *Matcher {
	for i := range c.Matchers {
		if matchLeaf(&c.Matchers[i], l) {
			return &c.Matchers[i]
		}
	}
	return nil
}

// absentHint adds why an absent field fails for conditions whose matchers need a value.
func absentHint(c *Condition) string {
	for _, m := range c.Matchers {
		switch m.Kind {
		case KindAnythingBut, KindAnythingButPrefix, KindAnythingButSuffix, KindAnythingButIgnoreCase,
			KindAnythingButWildcard:
			return "; anything-but requires the field to exist"
		case KindNull:
			return "; null matches only a JSON null value, not a missing field"
		}
	}
	return ""
}

// whyNoValue explains a condition none of whose matchers accepts any of the found values. It
// names the first value and why each matcher rejects it (at most a few).
func whyNoValue(c *Condition, found []*eventLeaf) string {
	l := found[0]
	reason := ""
	if len(found) > 1 {
		reason = "none of the " + itoa(len(found)) + " values matches; for " + l.text() + ": "
	}
	for i := range c.Matchers {
		if i == 4 {
			reason += "; ..."
			break
		}
		if i > 0 {
			reason += "; "
		}
		reason += whyNot(&c.Matchers[i], l)
	}
	return reason
}
