package control

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// MaxDetailDepth is the deepest nesting of objects and arrays PutEvents accepts in Detail.
const MaxDetailDepth = 1000

// ValidDetail reports whether b is a valid PutEvents Detail: a JSON object, nested at most
// MaxDetailDepth levels, whose integer numbers fit in a signed 64-bit integer.
func ValidDetail(b []byte) bool {
	if !json.Valid(b) {
		return false
	}
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			i = skipJSONString(b, i)
		case c == '{' || c == '[':
			depth++
			if depth > MaxDetailDepth {
				return false
			}
		case c == '}' || c == ']':
			depth--
		case c == '-' || (c >= '0' && c <= '9'):
			end := numberEnd(b, i)
			if !numberFits(b[i:end]) {
				return false
			}
			i = end - 1
		}
	}
	return true
}

// skipJSONString returns the index of the closing quote of the string opening at b[i].
func skipJSONString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(b)
}

// numberEnd returns the index just past the number literal starting at b[i].
func numberEnd(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
		default:
			return i
		}
	}
	return i
}

// numberFits reports whether an integer literal fits in int64; other numbers always pass.
func numberFits(lit []byte) bool {
	if bytes.ContainsAny(lit, ".eE") {
		return true
	}
	_, err := strconv.ParseInt(string(lit), 10, 64)
	return err == nil
}

// CompactDetail returns a valid Detail without insignificant whitespace; number lexemes and
// string contents are kept byte for byte.
func CompactDetail(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b))
	if err := json.Compact(&buf, b); err != nil {
		return append([]byte(nil), b...)
	}
	return buf.Bytes()
}
