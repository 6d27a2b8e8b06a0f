package pattern

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// branchSet is the list of branches built while parsing ("sub-rules" in EventBridge's compiler):
// each maps a path to its matchers. Once the number of branches exceeds limit the set only
// counts (maps is dropped) so that a pathological "$or" cannot exhaust memory; parsing goes on so
// that syntax errors later in the text are still reported first.
type branchSet struct {
	maps     []map[string][]Matcher
	count    int
	limit    int
	overflow bool
}

func (b *branchSet) clone() *branchSet {
	c := &branchSet{count: b.count, limit: b.limit, overflow: b.overflow}
	if !b.overflow {
		c.maps = make([]map[string][]Matcher, len(b.maps))
		for i, m := range b.maps {
			c.maps[i] = copyBranch(m)
		}
	}
	return c
}

// forkFor copies b for one object of a "$or" array whose results go into into. When into has
// already overflowed the copy only needs to count.
func (b *branchSet) forkFor(into *branchSet) *branchSet {
	if into.overflow {
		return &branchSet{count: b.count, limit: b.limit, overflow: true}
	}
	return b.clone()
}

func copyBranch(m map[string][]Matcher) map[string][]Matcher {
	c := make(map[string][]Matcher, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (b *branchSet) reset() {
	b.maps, b.count = b.maps[:0], 0
	if b.overflow {
		b.count = 0
	}
}

func (b *branchSet) addEmpty() {
	b.count++
	if !b.overflow {
		b.maps = append(b.maps, map[string][]Matcher{})
	}
	b.checkLimit()
}

func (b *branchSet) addAll(o *branchSet) {
	b.count += o.count
	if o.overflow {
		b.overflow = true
	}
	if !b.overflow {
		b.maps = append(b.maps, o.maps...)
	}
	b.checkLimit()
}

func (b *branchSet) checkLimit() {
	if b.count > b.limit {
		b.overflow = true
		b.count = b.limit + 1
	}
	if b.overflow {
		b.maps = nil
	}
}

func (b *branchSet) set(path string, ms []Matcher) {
	for _, m := range b.maps {
		m[path] = ms
	}
}

// branches converts the maps to Branches with conditions sorted by path.
func (b *branchSet) branches() []Branch {
	out := make([]Branch, 0, len(b.maps))
	for _, m := range b.maps {
		br := make(Branch, 0, len(m))
		for path, ms := range m {
			br = append(br, Condition{Path: path, Matchers: ms})
		}
		sort.Slice(br, func(i, j int) bool { return PathLess(br[i].Path, br[j].Path) })
		out = append(out, br)
	}
	return out
}

// PathLess orders paths as EventBridge orders field names (Java's String.compareTo: by UTF-16
// code units). It differs from Go's string order only when a path contains a character above
// U+FFFF and another a character in U+E000..U+FFFF at the same place. Branch conditions are sorted
// with it, and the array-consistency rule for "exists": false depends on this order.
func PathLess(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra == utf8.RuneError && rb == utf8.RuneError && na == 1 && nb == 1 && a[0] != b[0] {
			return a[0] < b[0]
		}
		if ra != rb {
			return utf16Key(ra) < utf16Key(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b != ""
}

// utf16Key maps a rune to a value ordered like its first UTF-16 code unit (then the second).
func utf16Key(r rune) uint32 {
	if r >= 0x10000 {
		hi, lo := utf16.EncodeRune(r)
		return uint32(hi)<<16 | uint32(lo)
	}
	return uint32(r) << 16
}
