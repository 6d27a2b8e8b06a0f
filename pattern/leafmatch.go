package pattern

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// matchLeaf reports whether one event leaf satisfies matcher m. exists:false never matches a
// value (it is about the absence of values and is handled by the branch evaluation).
func matchLeaf(m *Matcher, l *eventLeaf) bool {
	switch m.Kind {
	case KindString:
		return l.kind == valString && l.str == m.Str
	case KindNumber:
		return l.kind == valNumber && NumbersEqual(m.Num, l.num)
	case KindTrue:
		return l.kind == valTrue
	case KindFalse:
		return l.kind == valFalse
	case KindNull:
		return l.kind == valNull
	case KindExists:
		return m.Exists
	case KindPrefix:
		return l.kind == valString && hasPrefixCase(l.str, m.Str, m.IgnoreCase)
	case KindSuffix:
		return l.kind == valString && hasSuffixCase(l.str, m.Str, m.IgnoreCase)
	case KindEqualsIgnoreCase:
		return l.kind == valString && FoldEqual(l.str, m.Str)
	case KindWildcard:
		return l.kind == valString && WildcardMatch(m.Str, l.str)
	case KindNumeric:
		return l.kind == valNumber && l.num.Exact && m.Range.Contains(l.num.Value)
	case KindCIDR:
		if l.kind != valString {
			return false
		}
		a, ok := ipAddress(l.str)
		return ok && m.Prefix.Contains(a)
	case KindAnythingBut:
		return !excludedValue(m, l)
	case KindAnythingButPrefix, KindAnythingButSuffix, KindAnythingButIgnoreCase, KindAnythingButWildcard:
		return l.kind != valString || !slices.ContainsFunc(m.Strs, func(s string) bool { return excludedString(m.Kind, s, l.str) })
	}
	return false
}

// excludedValue reports whether a plain anything-but lists the leaf's value.
func excludedValue(m *Matcher, l *eventLeaf) bool {
	switch l.kind {
	case valString:
		return slices.Contains(m.Strs, l.str)
	case valNumber:
		return slices.ContainsFunc(m.Nums, func(n Number) bool { return NumbersEqual(n, l.num) })
	}
	return false
}

// excludedString reports whether string value v is excluded by operand s of an anything-but
// prefix/suffix/equals-ignore-case/wildcard matcher.
func excludedString(k Kind, s, v string) bool {
	switch k {
	case KindAnythingButPrefix:
		return strings.HasPrefix(v, s)
	case KindAnythingButSuffix:
		return strings.HasSuffix(v, s)
	case KindAnythingButIgnoreCase:
		return FoldEqual(v, s)
	}
	return WildcardMatch(s, v)
}

func hasPrefixCase(v, p string, ignoreCase bool) bool {
	if !ignoreCase {
		return strings.HasPrefix(v, p)
	}
	n := utf8.RuneCountInString(p)
	i := 0
	for j := 0; j < n; j++ {
		if i >= len(v) {
			return false
		}
		_, size := utf8.DecodeRuneInString(v[i:])
		i += size
	}
	return FoldEqual(v[:i], p)
}

func hasSuffixCase(v, p string, ignoreCase bool) bool {
	if !ignoreCase {
		return strings.HasSuffix(v, p)
	}
	n := utf8.RuneCountInString(p)
	i := len(v)
	for j := 0; j < n; j++ {
		if i <= 0 {
			return false
		}
		_, size := utf8.DecodeLastRuneInString(v[:i])
		i -= size
	}
	return FoldEqual(v[i:], p)
}

// FoldEqual reports whether event string v equals pattern string p ignoring case, EventBridge's
// way: the same number of characters, and each character of v equals the corresponding character
// c of p, unicode.ToLower(c) or unicode.ToUpper(c). (strings.EqualFold is different: it also
// equates e.g. the Kelvin sign with 'k'.)
func FoldEqual(v, p string) bool {
	for _, pc := range p {
		if v == "" {
			return false
		}
		vc, size := utf8.DecodeRuneInString(v)
		if vc != pc && vc != unicode.ToLower(pc) && vc != unicode.ToUpper(pc) {
			return false
		}
		v = v[size:]
	}
	return v == ""
}
