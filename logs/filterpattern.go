package logs

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode"
)

// matcher decides whether a log message matches a filter pattern.
type matcher func(msg string) bool

// errPattern is returned for filter patterns outside the supported syntax.
var errPattern = errors.New("invalid filter pattern")

// compilePattern compiles a CloudWatch Logs filter pattern. Supported: the empty pattern (all
// events); text patterns of terms (all must occur), "quoted phrases", ?terms (at least one of
// them must occur) and -terms (must not occur), case-sensitive; and JSON patterns
// "{ <selector> <op> <value> }" with selectors $.a.b[0], operators = != > < >= <=, values
// that are "strings" (with * wildcards), numbers or bare words, IS NULL / IS TRUE / IS FALSE,
// NOT EXISTS, combined with && and || and parentheses. Space-delimited ("[a, b]") patterns
// are not supported.
func compilePattern(p string) (matcher, error) {
	t := strings.TrimSpace(p)
	switch {
	case t == "":
		return func(string) bool { return true }, nil
	case strings.HasPrefix(t, "{"):
		return compileJSONPattern(t)
	case strings.HasPrefix(t, "["):
		return nil, errPattern
	}
	return compileTextPattern(t)
}

// compileTextPattern handles term patterns.
func compileTextPattern(p string) (matcher, error) {
	words, err := splitTerms(p)
	if err != nil {
		return nil, err
	}
	var all, anyOf, none []string
	for _, w := range words {
		switch {
		case w.quoted:
			all = append(all, w.text)
		case strings.HasPrefix(w.text, "?") && len(w.text) > 1:
			anyOf = append(anyOf, w.text[1:])
		case strings.HasPrefix(w.text, "-") && len(w.text) > 1:
			none = append(none, w.text[1:])
		default:
			all = append(all, w.text)
		}
	}
	return func(msg string) bool {
		for _, w := range all {
			if !strings.Contains(msg, w) {
				return false
			}
		}
		for _, w := range none {
			if strings.Contains(msg, w) {
				return false
			}
		}
		if len(anyOf) == 0 {
			return true
		}
		for _, w := range anyOf {
			if strings.Contains(msg, w) {
				return true
			}
		}
		return false
	}, nil
}

type term struct {
	text   string
	quoted bool
}

// splitTerms splits on white space, keeping "quoted phrases" (with \" escapes) together; a
// ? or - directly before a quote applies to the whole phrase.
func splitTerms(p string) ([]term, error) {
	var out []term
	for i := 0; i < len(p); {
		if isSpace(p[i]) {
			i++
			continue
		}
		prefix := ""
		if (p[i] == '?' || p[i] == '-') && i+1 < len(p) && p[i+1] == '"' {
			prefix, i = p[i:i+1], i+1
		}
		if p[i] == '"' {
			s, n, err := readQuoted(p[i:])
			if err != nil {
				return nil, err
			}
			out = append(out, term{prefix + s, prefix == ""})
			i += n
			continue
		}
		j := i
		for j < len(p) && !isSpace(p[j]) {
			j++
		}
		out = append(out, term{p[i:j], false})
		i = j
	}
	return out, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// readQuoted reads a "..." string at the start of s, returning its text and length.
func readQuoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, errPattern
}

// --- JSON patterns ---

type jsonParser struct {
	s   string
	pos int
}

// jsonExpr evaluates against a decoded JSON document.
type jsonExpr func(doc any) bool

func compileJSONPattern(p string) (matcher, error) {
	jp := &jsonParser{s: p}
	jp.skip()
	if !jp.eat("{") {
		return nil, errPattern
	}
	expr, err := jp.or()
	if err != nil {
		return nil, err
	}
	jp.skip()
	if !jp.eat("}") {
		return nil, errPattern
	}
	jp.skip()
	if jp.pos != len(jp.s) {
		return nil, errPattern
	}
	return func(msg string) bool {
		var doc any
		dec := json.NewDecoder(strings.NewReader(msg))
		dec.UseNumber()
		if dec.Decode(&doc) != nil {
			return false
		}
		switch doc.(type) {
		case map[string]any, []any:
			return expr(doc)
		}
		return false
	}, nil
}

func (p *jsonParser) skip() {
	for p.pos < len(p.s) && unicode.IsSpace(rune(p.s[p.pos])) {
		p.pos++
	}
}

func (p *jsonParser) eat(tok string) bool {
	p.skip()
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *jsonParser) or() (jsonExpr, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.eat("||") {
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(d any) bool { return l(d) || right(d) }
	}
	return left, nil
}

func (p *jsonParser) and() (jsonExpr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.eat("&&") {
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(d any) bool { return l(d) && right(d) }
	}
	return left, nil
}

func (p *jsonParser) unary() (jsonExpr, error) {
	if p.eat("(") {
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.eat(")") {
			return nil, errPattern
		}
		return e, nil
	}
	return p.comparison()
}
