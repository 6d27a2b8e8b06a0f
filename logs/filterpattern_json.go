package logs

import (
	"encoding/json"

	"strconv"
	"strings"
)

// step is one selector step: a member name or an array index.
type step struct {
	name  string
	index int // -1 for a member
}

func (p *jsonParser) selector() ([]step, error) {
	p.skip()
	if !p.eat("$") {
		return nil, errPattern
	}
	var steps []step
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '.':
			p.pos++
			start := p.pos
			for p.pos < len(p.s) && isNameByte(p.s[p.pos]) {
				p.pos++
			}
			if p.pos == start {
				return nil, errPattern
			}
			steps = append(steps, step{name: p.s[start:p.pos], index: -1})
		case '[':
			end := strings.IndexByte(p.s[p.pos:], ']')
			if end < 0 {
				return nil, errPattern
			}
			n, err := strconv.Atoi(p.s[p.pos+1 : p.pos+end])
			if err != nil || n < 0 {
				return nil, errPattern
			}
			steps = append(steps, step{index: n})
			p.pos += end + 1
		default:
			if len(steps) == 0 {
				return nil, errPattern
			}
			return steps, nil
		}
	}
	return steps, nil
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '@' || c == '$' || c == ':' ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
}

// resolve follows steps through doc.
func resolve(doc any, steps []step) (any, bool) {
	cur := doc
	for _, s := range steps {
		switch v := cur.(type) {
		case map[string]any:
			if s.index >= 0 {
				return nil, false
			}
			next, ok := v[s.name]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			if s.index < 0 || s.index >= len(v) {
				return nil, false
			}
			cur = v[s.index]
		default:
			return nil, false
		}
	}
	return cur, true
}

var comparisonOps = []string{"!=", ">=", "<=", "=", ">", "<"}

func (p *jsonParser) comparison() (jsonExpr, error) {
	steps, err := p.selector()
	if err != nil {
		return nil, err
	}
	switch {
	case p.eatWord("IS"):
		return p.isCheck(steps)
	case p.eatWord("NOT"):
		if !p.eatWord("EXISTS") {
			return nil, errPattern
		}
		return func(d any) bool { _, ok := resolve(d, steps); return !ok }, nil
	}
	for _, op := range comparisonOps {
		if p.eat(op) {
			lit, quoted, err := p.literal()
			if err != nil {
				return nil, err
			}
			return compare(steps, op, lit, quoted)
		}
	}
	return nil, errPattern
}

func (p *jsonParser) eatWord(w string) bool {
	p.skip()
	rest := p.s[p.pos:]
	if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) && (len(rest) == len(w) || !isNameByte(rest[len(w)])) {
		p.pos += len(w)
		return true
	}
	return false
}

func (p *jsonParser) isCheck(steps []step) (jsonExpr, error) {
	var want any
	switch {
	case p.eatWord("NULL"):
		want = nil
	case p.eatWord("TRUE"):
		want = true
	case p.eatWord("FALSE"):
		want = false
	default:
		return nil, errPattern
	}
	return func(d any) bool { v, ok := resolve(d, steps); return ok && v == want }, nil
}

// literal reads a comparison value: a "quoted string" or a bare word.
func (p *jsonParser) literal() (string, bool, error) {
	p.skip()
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		s, n, err := readQuoted(p.s[p.pos:])
		if err != nil {
			return "", false, err
		}
		p.pos += n
		return s, true, nil
	}
	start := p.pos
	for p.pos < len(p.s) && !strings.ContainsRune(" \t\n)}&|", rune(p.s[p.pos])) {
		p.pos++
	}
	if p.pos == start {
		return "", false, errPattern
	}
	return p.s[start:p.pos], false, nil
}

// compare builds a comparison of the value at steps with a literal.
func compare(steps []step, op, lit string, quoted bool) (jsonExpr, error) {
	num, numErr := strconv.ParseFloat(lit, 64)
	isNum := !quoted && numErr == nil
	if op != "=" && op != "!=" && !isNum {
		return nil, errPattern
	}
	return func(d any) bool {
		v, ok := resolve(d, steps)
		if !ok {
			return false
		}
		if n, isJSONNum := v.(json.Number); isJSONNum && isNum {
			f, err := n.Float64()
			return err == nil && numCompare(f, op, num)
		}
		if op != "=" && op != "!=" {
			return false
		}
		eq := matchText(textOf(v), lit)
		return eq == (op == "=")
	}, nil
}

func numCompare(a float64, op string, b float64) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case ">":
		return a > b
	case "<":
		return a < b
	case ">=":
		return a >= b
	}
	return a <= b
}

// textOf renders a JSON scalar for string comparison; objects and arrays never compare equal.
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	}
	return "\x00"
}

// matchText compares s with a pattern value where * matches any run of characters.
func matchText(s, pattern string) bool {
	if !strings.Contains(pattern, "*") {
		return s == pattern
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
