package pattern

import (
	"sort"
	"strconv"
	"strings"
)

// Wildcard operands: '*' matches any run of characters (possibly empty), "\*" is a literal
// asterisk and "\\" a literal backslash; any other backslash is an error, and so are two
// consecutive unescaped '*'.

// wildcardSyntax returns AWS's reason when s is not a valid wildcard operand, else "". Positions
// are byte offsets in the operand plus one (EventBridge checks the operand with a leading '"').
func wildcardSyntax(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			if i+1 < len(s) && s[i+1] == '*' {
				return "Consecutive wildcard characters at pos " + strconv.Itoa(i+1)
			}
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '\\') {
				i++
				continue
			}
			return "Invalid escape character at pos " + strconv.Itoa(i+1)
		}
	}
	return ""
}

// wildcardSegments splits a valid operand at its unescaped '*' into unescaped literal pieces; a
// pattern with n stars has n+1 pieces.
func wildcardSegments(s string) []string {
	var segs []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			segs = append(segs, cur.String())
			cur.Reset()
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		default:
			cur.WriteByte(c)
		}
	}
	return append(segs, cur.String())
}

// WildcardMatch reports whether value matches the wildcard operand pat (as written, escapes in
// place). pat must be valid (Parse guarantees it).
func WildcardMatch(pat, value string) bool {
	segs := wildcardSegments(pat)
	if len(segs) == 1 {
		return value == segs[0]
	}
	first, last := segs[0], segs[len(segs)-1]
	if len(value) < len(first)+len(last) || !strings.HasPrefix(value, first) || !strings.HasSuffix(value, last) {
		return false
	}
	mid := value[len(first) : len(value)-len(last)]
	// Greedy leftmost placement of the middle pieces is optimal when each '*' is unbounded.
	for _, seg := range segs[1 : len(segs)-1] {
		i := strings.Index(mid, seg)
		if i < 0 {
			return false
		}
		mid = mid[i+len(seg):]
	}
	return true
}

// wildcardComplexity estimates, per path, the largest number of wildcard-operand prefixes that one
// input string can match at once (EventBridge's "machine complexity"), over all wildcard and
// anything-but wildcard operands of the pattern; it returns the maximum over paths, stopping
// early once the result exceeds limit.
func wildcardComplexity(p *Pattern, limit int) int {
	byPath := map[string]map[string]bool{}
	for _, br := range p.Branches {
		for _, c := range br {
			for _, m := range c.Matchers {
				switch m.Kind {
				case KindWildcard:
					addWild(byPath, c.Path, m.Str)
				case KindAnythingButWildcard:
					for _, s := range m.Strs {
						addWild(byPath, c.Path, s)
					}
				}
			}
		}
	}
	worst := 0
	for _, set := range byPath {
		ops := make([]string, 0, len(set))
		for s := range set {
			ops = append(ops, s)
		}
		sort.Strings(ops)
		worst = max(worst, prefixComplexity(ops, limit))
		if worst > limit {
			break
		}
	}
	return worst
}

func addWild(byPath map[string]map[string]bool, path, op string) {
	if byPath[path] == nil {
		byPath[path] = map[string]bool{}
	}
	byPath[path][op] = true
}
