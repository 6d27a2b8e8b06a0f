package pattern

import (
	"bytes"
	"net/netip"
	"strconv"
)

// cmatcher is a Matcher prepared for the machine, kept small because every condition of every
// rule holds some: the common kinds need only the inline fields, the rest use x. It is immutable
// and shared by both copies of the machine's structure.
type cmatcher struct {
	kind       Kind
	ignoreCase bool
	exists     bool
	ascii      bool    // Str is ASCII: ignore-case kinds are then hashed by lowered key
	numExact   bool    // Num.Exact
	str        string  // Str (ASCII-lowered for ASCII ignore-case kinds); Num.Lexeme for numbers
	num        float64 // Num.Value
	key        string  // canonical encoding; kept only for kinds evaluated one by one
	x          *matcherExt
}

// matcherExt holds what the kinds evaluated one by one need.
type matcherExt struct {
	strs   []string
	nums   []Number
	rng    Range
	prefix netip.Prefix
	wild   *wildcard
	wilds  []*wildcard // anything-but wildcard list
}

func compileMatcher(m Matcher) *cmatcher {
	c := &cmatcher{kind: m.Kind, ignoreCase: m.IgnoreCase, exists: m.Exists, str: m.Str, key: matcherKey(m)}
	c.ascii = isASCII(m.Str)
	icKind := m.Kind == KindEqualsIgnoreCase || (m.IgnoreCase && (m.Kind == KindPrefix || m.Kind == KindSuffix))
	if c.ascii && icKind {
		c.str = asciiLower(m.Str)
	}
	if m.Kind == KindNumber {
		c.str, c.num, c.numExact = m.Num.Lexeme, m.Num.Value, m.Num.Exact
	}
	if !c.indexed() {
		c.x = &matcherExt{strs: m.Strs, nums: m.Nums, rng: m.Range, prefix: m.Prefix}
		switch m.Kind {
		case KindWildcard:
			c.x.wild = compileWildcard(m.Str)
		case KindAnythingButWildcard:
			for _, s := range m.Strs {
				c.x.wilds = append(c.x.wilds, compileWildcard(s))
			}
		}
	}
	return c
}

// indexed reports whether the matcher is hashed by fieldTrans.register rather than evaluated one
// by one (slowMatch).
func (c *cmatcher) indexed() bool {
	switch c.kind {
	case KindString, KindNumber, KindTrue, KindFalse, KindNull, KindExists:
		return true
	case KindPrefix, KindSuffix:
		return !c.ignoreCase || c.ascii
	case KindEqualsIgnoreCase:
		return c.ascii
	}
	return false
}

// dropKey forgets the canonical key once conditions are keyed, unless unregister needs it.
func (c *cmatcher) dropKey() {
	if c.indexed() {
		c.key = ""
	}
}

// matcherKey encodes every field of m that its kind uses, so equal keys mean equal matchers.
func matcherKey(m Matcher) string {
	b := []byte{byte(m.Kind)}
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	num := func(n Number) {
		str(n.Lexeme)
		if n.Exact {
			b = append(b, 'x')
			b = strconv.AppendFloat(b, n.Value, 'g', -1, 64)
		}
		b = append(b, ';')
	}
	switch m.Kind {
	case KindString, KindPrefix, KindSuffix, KindEqualsIgnoreCase, KindWildcard:
		str(m.Str)
		if m.IgnoreCase {
			b = append(b, 'i')
		}
	case KindNumber:
		num(m.Num)
	case KindExists:
		b = strconv.AppendBool(b, m.Exists)
	case KindNumeric:
		r := m.Range
		b = strconv.AppendBool(b, r.HasLow)
		b = strconv.AppendBool(b, r.LowInclusive)
		b = strconv.AppendFloat(b, r.Low, 'g', -1, 64)
		b = strconv.AppendBool(b, r.HasHigh)
		b = strconv.AppendBool(b, r.HighInclusive)
		b = strconv.AppendFloat(b, r.High, 'g', -1, 64)
	case KindCIDR:
		b = append(b, m.Prefix.String()...)
	case KindAnythingBut, KindAnythingButPrefix, KindAnythingButSuffix, KindAnythingButIgnoreCase,
		KindAnythingButWildcard:
		for _, s := range m.Strs {
			str(s)
		}
		b = append(b, '|')
		for _, n := range m.Nums {
			num(n)
		}
	}
	return string(b)
}

// slowMatch evaluates the matchers that are not hashed (see index.go) against one leaf.
func (c *cmatcher) slowMatch(lf *leaf) bool {
	switch c.kind {
	case KindWildcard:
		return lf.kind == leafString && c.x.wild.match(lf.val)
	case KindNumeric:
		if lf.kind != leafNumber {
			return false
		}
		v, ok := numberValue(lf)
		return ok && c.x.rng.Contains(v)
	case KindCIDR:
		if lf.kind != leafString {
			return false
		}
		a, ok := parseIP(lf.val)
		return ok && c.x.prefix.Contains(a)
	case KindEqualsIgnoreCase:
		return lf.kind == leafString && equalFold(lf.val, c.str)
	case KindPrefix:
		if lf.kind != leafString {
			return false
		}
		if c.ignoreCase {
			_, ok := prefixFold(lf.val, c.str)
			return ok
		}
		return bytes.HasPrefix(lf.val, []byte(c.str))
	case KindSuffix:
		if lf.kind != leafString {
			return false
		}
		if c.ignoreCase {
			return suffixFold(lf.val, c.str)
		}
		return bytes.HasSuffix(lf.val, []byte(c.str))
	case KindAnythingBut:
		return !c.excludes(lf)
	}
	if lf.kind != leafString {
		return c.kind >= KindAnythingButPrefix // other types are "something else"
	}
	for i, s := range c.x.strs {
		var hit bool
		switch c.kind {
		case KindAnythingButPrefix:
			hit = bytes.HasPrefix(lf.val, []byte(s))
		case KindAnythingButSuffix:
			hit = bytes.HasSuffix(lf.val, []byte(s))
		case KindAnythingButIgnoreCase:
			hit = equalFold(lf.val, s)
		case KindAnythingButWildcard:
			hit = c.x.wilds[i].match(lf.val)
		}
		if hit {
			return false
		}
	}
	return true
}

// excludes reports whether a plain anything-but lists the value of lf.
func (c *cmatcher) excludes(lf *leaf) bool {
	switch lf.kind {
	case leafString:
		for _, s := range c.x.strs {
			if string(lf.val) == s {
				return true
			}
		}
	case leafNumber:
		for i := range c.x.nums {
			if numEq(lf, &c.x.nums[i]) {
				return true
			}
		}
	}
	return false
}
