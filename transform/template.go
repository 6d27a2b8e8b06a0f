package transform

import (
	"encoding/json"
	"strings"
)

// segment is a piece of literal template text followed by one placeholder.
type segment struct {
	lit    string // literal text before the placeholder (or the tail when v < 0)
	v      int    // index into Transformer.vars; -1 for the trailing literal
	quoted bool   // the placeholder sits inside a JSON string literal of the template
}

// template is a parsed InputTemplate.
type template struct {
	segs []segment
	// jsonMode: the template is a JSON object or array (or a lone placeholder), so unquoted
	// placeholders are rendered as JSON values and the result must be valid JSON. Otherwise the
	// template is text (typically a quoted sentence) and placeholders are replaced textually.
	jsonMode bool
}

// placeholder is a <name> found in a template.
type placeholder struct {
	start, end int // byte offsets of '<' and just past '>'
	name       string
	quoted     bool
}

// isNameByte reports whether c may appear in a placeholder name: [A-Za-z0-9_.-].
func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.'
}

// scanPlaceholders finds every <name> in tmpl and whether it lies inside a JSON string
// literal. A '<' not followed by name bytes and '>' is plain text.
func scanPlaceholders(tmpl string) []placeholder {
	var out []placeholder
	inString := false
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; {
		case c == '\\' && inString:
			i++
		case c == '"':
			inString = !inString
		case c == '<':
			j := i + 1
			for j < len(tmpl) && isNameByte(tmpl[j]) {
				j++
			}
			if j > i+1 && j < len(tmpl) && tmpl[j] == '>' {
				out = append(out, placeholder{start: i, end: j + 1, name: tmpl[i+1 : j], quoted: inString})
				i = j
			}
		}
	}
	return out
}

// buildTemplate splits tmpl at its placeholders; index maps a placeholder name to its variable.
func buildTemplate(tmpl string, phs []placeholder, index func(name string) int) template {
	t := template{jsonMode: isJSONTemplate(tmpl, phs)}
	prev := 0
	for _, p := range phs {
		t.segs = append(t.segs, segment{lit: tmpl[prev:p.start], v: index(p.name), quoted: p.quoted})
		prev = p.end
	}
	t.segs = append(t.segs, segment{lit: tmpl[prev:], v: -1})
	return t
}

// isJSONTemplate decides the template's mode: JSON when it is an object or array that is valid
// JSON once each unquoted placeholder stands for a value, or when it is a lone placeholder.
func isJSONTemplate(tmpl string, phs []placeholder) bool {
	trimmed := strings.TrimSpace(tmpl)
	if len(phs) == 1 && trimmed == tmpl[phs[0].start:phs[0].end] {
		return true
	}
	if trimmed == "" || (trimmed[0] != '{' && trimmed[0] != '[') {
		return false
	}
	var b strings.Builder
	prev := 0
	for _, p := range phs {
		b.WriteString(tmpl[prev:p.start])
		if !p.quoted {
			b.WriteString("null")
		}
		prev = p.end
	}
	b.WriteString(tmpl[prev:])
	return json.Valid([]byte(b.String()))
}
