package pattern

import (
	"encoding/json"
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonStrings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = jsonString(s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "[" + strings.Join(q, ",") + "]"
}

// describeMatcher renders m in pattern syntax, e.g. {"prefix":"us-"}.
func describeMatcher(m *Matcher) string {
	op := func(name, operand string) string { return `{"` + name + `":` + operand + `}` }
	switch m.Kind {
	case KindString:
		return jsonString(m.Str)
	case KindNumber:
		return m.Num.Lexeme
	case KindTrue:
		return "true"
	case KindFalse:
		return "false"
	case KindNull:
		return "null"
	case KindExists:
		return op("exists", strconv.FormatBool(m.Exists))
	case KindPrefix, KindSuffix:
		name := "prefix"
		if m.Kind == KindSuffix {
			name = "suffix"
		}
		if m.IgnoreCase {
			return op(name, op("equals-ignore-case", jsonString(m.Str)))
		}
		return op(name, jsonString(m.Str))
	case KindEqualsIgnoreCase:
		return op("equals-ignore-case", jsonString(m.Str))
	case KindWildcard:
		return op("wildcard", jsonString(m.Str))
	case KindNumeric:
		return op("numeric", describeRange(m.Range))
	case KindCIDR:
		if m.Str != "" && !strings.Contains(m.Str, "/") {
			return jsonString(m.Str)
		}
		return op("cidr", jsonString(m.Prefix.String()))
	case KindAnythingBut:
		if len(m.Nums) > 0 {
			lex := make([]string, len(m.Nums))
			for i, n := range m.Nums {
				lex[i] = n.Lexeme
			}
			if len(lex) == 1 {
				return op("anything-but", lex[0])
			}
			return op("anything-but", "["+strings.Join(lex, ",")+"]")
		}
		return op("anything-but", jsonStrings(m.Strs))
	case KindAnythingButPrefix:
		return op("anything-but", op("prefix", jsonStrings(m.Strs)))
	case KindAnythingButSuffix:
		return op("anything-but", op("suffix", jsonStrings(m.Strs)))
	case KindAnythingButIgnoreCase:
		return op("anything-but", op("equals-ignore-case", jsonStrings(m.Strs)))
	case KindAnythingButWildcard:
		return op("anything-but", op("wildcard", jsonStrings(m.Strs)))
	}
	return "?"
}

func describeRange(r Range) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var parts []string
	if r.HasLow && r.HasHigh && r.Low == r.High && r.LowInclusive && r.HighInclusive {
		return `["=",` + f(r.Low) + `]`
	}
	if r.HasLow {
		o := `">"`
		if r.LowInclusive {
			o = `">="`
		}
		parts = append(parts, o, f(r.Low))
	}
	if r.HasHigh {
		o := `"<"`
		if r.HighInclusive {
			o = `"<="`
		}
		parts = append(parts, o, f(r.High))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// whyNot says why matcher m rejects leaf l.
func whyNot(m *Matcher, l *eventLeaf) string {
	v := l.text()
	d := describeMatcher(m)
	wantString := func() string { return d + " applies to strings only and " + v + " is not a string" }
	switch m.Kind {
	case KindString:
		if l.kind != valString {
			return v + " is not the string " + d
		}
		return v + " is not " + d + " (comparison is exact and case-sensitive)"
	case KindNumber:
		if l.kind != valNumber {
			return v + " is not the number " + d
		}
		return v + " is not equal to " + d
	case KindTrue, KindFalse, KindNull:
		return v + " is not " + d
	case KindExists:
		if !m.Exists {
			return d + " requires the field to be absent, but it has a value"
		}
	case KindPrefix, KindSuffix, KindEqualsIgnoreCase, KindWildcard:
		if l.kind != valString {
			return wantString()
		}
		return v + " does not match " + d
	case KindNumeric:
		if l.kind != valNumber {
			return d + " applies to numbers only and " + v + " is not a number"
		}
		if !l.num.Exact {
			return v + " cannot be compared as a number (not exactly representable as a 64-bit float)"
		}
		return v + " is outside " + d
	case KindCIDR:
		if l.kind != valString {
			return wantString()
		}
		if _, ok := ipAddress(l.str); !ok {
			return v + " is not an IP address"
		}
		return v + " is not inside " + d
	case KindAnythingBut, KindAnythingButPrefix, KindAnythingButSuffix, KindAnythingButIgnoreCase,
		KindAnythingButWildcard:
		return v + " is excluded by " + d
	}
	return v + " does not match " + d
}

// String renders a short human-readable report.
func (e *Explanation) String() string {
	var sb strings.Builder
	if e.Matched {
		sb.WriteString("MATCH")
	} else {
		sb.WriteString("NO MATCH")
	}
	if len(e.Branches) > 1 {
		sb.WriteString(" (" + itoa(len(e.Branches)) + " alternatives from $or; the event matches if any does)")
	}
	sb.WriteString("\n")
	for _, b := range e.Branches {
		if len(e.Branches) > 1 {
			verdict := "does not match"
			if b.Matched {
				verdict = "matches"
			}
			sb.WriteString("alternative " + itoa(b.Index+1) + " " + verdict + ":\n")
		}
		for _, c := range b.Conditions {
			mark := "  ok   "
			if !c.Matched {
				mark = "  FAIL "
			}
			sb.WriteString(mark + c.Path + " " + strings.Join(c.Matchers, " or ") + ": " + c.Reason + "\n")
		}
		if b.Note != "" {
			sb.WriteString("  FAIL " + b.Note + "\n")
		}
	}
	return sb.String()
}
