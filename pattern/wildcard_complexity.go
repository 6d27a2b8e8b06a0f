package pattern

import (
	"encoding/binary"
	"sort"
)

// The complexity of a set of wildcard operands on one field is the largest number of operand
// prefixes that a single input can match at the same time, counting each operand separately. It
// is computed on the operands as EventBridge stores them, with a '"' before and after, by a subset
// construction over the operands' positions (one subset per distinct set of matched prefixes).
// Examples: "a*b*bb" scores 5 (input `"abbb` matches `"a*`, `"a*b`, `"a*b*`, `"a*b*b`, `"a*b*bb`); *:*:*:*:*:event-bus/* scores 11;
// /Users/*/dir/dir/dir/dir/dir/doc.txt scores 7.

// wtoken is one element of a stored operand: a literal byte or a star.
type wtoken struct {
	star bool
	b    byte
}

func wildTokens(op string) []wtoken {
	toks := []wtoken{{b: '"'}}
	for i := 0; i < len(op); i++ {
		switch c := op[i]; {
		case c == '*':
			toks = append(toks, wtoken{star: true})
		case c == '\\' && i+1 < len(op):
			i++
			toks = append(toks, wtoken{b: op[i]})
		default:
			toks = append(toks, wtoken{b: c})
		}
	}
	return append(toks, wtoken{b: '"'})
}

// maxComplexityStates bounds the subset construction; beyond it the maximum found so far is used.
const maxComplexityStates = 20000

// prefixComplexity returns the complexity of ops, or a value > limit as soon as one is seen.
func prefixComplexity(ops []string, limit int) int {
	pats := make([][]wtoken, len(ops))
	for i, op := range ops {
		pats[i] = wildTokens(op)
	}
	start := make([][]int32, len(pats))
	for i, pat := range pats {
		start[i] = closeStars(pat, []int32{0})
	}
	seen := map[string]bool{subsetKey(start): true}
	queue := [][][]int32{start}
	best := 0
	for len(queue) > 0 && len(seen) < maxComplexityStates {
		cur := queue[0]
		queue = queue[1:]
		if n := matchedPrefixes(cur); n > best {
			best = n
			if best > limit {
				return best
			}
		}
		for _, c := range subsetLetters(pats, cur) {
			nxt, alive := stepSubset(pats, cur, c)
			if !alive {
				continue
			}
			if k := subsetKey(nxt); !seen[k] {
				seen[k] = true
				queue = append(queue, nxt)
			}
		}
	}
	return best
}

// subsetLetters returns the bytes that can move some position of the subset forward, plus one
// byte that moves none (it stands for every other byte: all of them lead to the same subset).
func subsetLetters(pats [][]wtoken, cur [][]int32) []byte {
	var used [256]bool
	var letters []byte
	for i, pat := range pats {
		for _, k := range cur[i] {
			if int(k) < len(pat) && !pat[k].star && !used[pat[k].b] {
				used[pat[k].b] = true
				letters = append(letters, pat[k].b)
			}
		}
	}
	for c := 0; c < 256; c++ {
		if !used[c] {
			return append(letters, byte(c))
		}
	}
	return letters
}

// matchedPrefixes counts the non-empty prefixes in a subset.
func matchedPrefixes(sub [][]int32) int {
	n := 0
	for _, s := range sub {
		for _, k := range s {
			if k > 0 {
				n++
			}
		}
	}
	return n
}

// stepSubset advances every operand's position set by one input byte.
func stepSubset(pats [][]wtoken, cur [][]int32, c byte) ([][]int32, bool) {
	out := make([][]int32, len(pats))
	alive := false
	for i, pat := range pats {
		var next []int32
		for _, k := range cur[i] {
			if k > 0 && pat[k-1].star {
				next = append(next, k)
			}
			if int(k) < len(pat) && !pat[k].star && pat[k].b == c {
				next = append(next, k+1)
			}
		}
		out[i] = closeStars(pat, next)
		alive = alive || len(out[i]) > 0
	}
	return out, alive
}

// closeStars adds, for every position before a star, the position after it; the result is sorted
// and free of duplicates.
func closeStars(pat []wtoken, set []int32) []int32 {
	for i := 0; i < len(set); i++ {
		if k := set[i]; int(k) < len(pat) && pat[k].star {
			set = append(set, k+1)
		}
	}
	sort.Slice(set, func(a, b int) bool { return set[a] < set[b] })
	out := set[:0]
	for i, k := range set {
		if i == 0 || k != set[i-1] {
			out = append(out, k)
		}
	}
	return out
}

func subsetKey(sub [][]int32) string {
	var b []byte
	for _, s := range sub {
		for _, k := range s {
			b = binary.AppendUvarint(b, uint64(k)+1)
		}
		b = append(b, 0)
	}
	return string(b)
}
