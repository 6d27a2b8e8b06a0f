package control

import "strconv"

// MaxDetailDepth is the deepest nesting of objects and arrays PutEvents accepts in Detail.
const MaxDetailDepth = 1000

// ValidDetail reports whether d is a valid PutEvents Detail: a JSON object, nested at most
// MaxDetailDepth levels, whose integer numbers fit in a signed 64-bit integer.
func ValidDetail(d string) bool {
	_, ok := AppendCompactDetail(nil, d)
	return ok
}

// AppendCompactDetail validates d as ValidDetail does and, when valid, appends it to dst
// without insignificant whitespace (number lexemes and string contents byte for byte, as
// json.Compact does). It makes one pass over d.
func AppendCompactDetail(dst []byte, d string) ([]byte, bool) {
	sc := detailScanner{s: d, out: dst}
	sc.skipSpace()
	if sc.i >= len(d) || d[sc.i] != '{' || !sc.value() {
		return dst, false
	}
	sc.skipSpace()
	if sc.i != len(d) {
		return dst, false
	}
	return sc.out, true
}

// detailScanner is a strict JSON (RFC 8259) recursive-descent validator that copies what it
// accepts, minus whitespace, to out.
type detailScanner struct {
	s     string
	i     int
	out   []byte
	depth int
}

func (sc *detailScanner) skipSpace() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *detailScanner) value() bool {
	if sc.i >= len(sc.s) {
		return false
	}
	switch c := sc.s[sc.i]; {
	case c == '{':
		return sc.composite('}', true)
	case c == '[':
		return sc.composite(']', false)
	case c == '"':
		return sc.str()
	case c == 't':
		return sc.literal("true")
	case c == 'f':
		return sc.literal("false")
	case c == 'n':
		return sc.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return sc.number()
	}
	return false
}

// composite scans an object (keyed) or array opened at s[i], closed by end.
func (sc *detailScanner) composite(end byte, keyed bool) bool {
	if sc.depth++; sc.depth > MaxDetailDepth {
		return false
	}
	sc.out = append(sc.out, sc.s[sc.i])
	sc.i++
	sc.skipSpace()
	if sc.i < len(sc.s) && sc.s[sc.i] == end {
		sc.out = append(sc.out, end)
		sc.i++
		sc.depth--
		return true
	}
	for {
		if keyed && !sc.member() || !keyed && !sc.value() {
			return false
		}
		sc.skipSpace()
		if sc.i >= len(sc.s) {
			return false
		}
		switch sc.s[sc.i] {
		case ',':
			sc.out = append(sc.out, ',')
			sc.i++
			sc.skipSpace()
		case end:
			sc.out = append(sc.out, end)
			sc.i++
			sc.depth--
			return true
		default:
			return false
		}
	}
}

// member scans `"key" : value`.
func (sc *detailScanner) member() bool {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' || !sc.str() {
		return false
	}
	sc.skipSpace()
	if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
		return false
	}
	sc.out = append(sc.out, ':')
	sc.i++
	sc.skipSpace()
	return sc.value()
}

func (sc *detailScanner) literal(word string) bool {
	if len(sc.s)-sc.i < len(word) || sc.s[sc.i:sc.i+len(word)] != word {
		return false
	}
	sc.out = append(sc.out, word...)
	sc.i += len(word)
	return true
}

// str scans a string literal opened at s[i].
func (sc *detailScanner) str() bool {
	start := sc.i
	for sc.i++; sc.i < len(sc.s); sc.i++ {
		switch c := sc.s[sc.i]; {
		case c == '"':
			sc.i++
			sc.out = append(sc.out, sc.s[start:sc.i]...)
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if !sc.escape() {
				return false
			}
		}
	}
	return false
}

// escape checks the escape sequence whose backslash is at s[i], leaving i on its last byte.
func (sc *detailScanner) escape() bool {
	sc.i++
	if sc.i >= len(sc.s) {
		return false
	}
	switch sc.s[sc.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return true
	case 'u':
		if len(sc.s)-sc.i < 5 {
			return false
		}
		for _, h := range []byte(sc.s[sc.i+1 : sc.i+5]) {
			if !isHex(h) {
				return false
			}
		}
		sc.i += 4
		return true
	}
	return false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and rejects integers outside
// the int64 range.
func (sc *detailScanner) number() bool {
	start := sc.i
	if sc.s[sc.i] == '-' {
		sc.i++
	}
	switch {
	case sc.i < len(sc.s) && sc.s[sc.i] == '0':
		sc.i++
	case sc.digits() == 0:
		return false
	}
	integer := true
	if sc.i < len(sc.s) && sc.s[sc.i] == '.' {
		sc.i++
		if sc.digits() == 0 {
			return false
		}
		integer = false
	}
	if sc.i < len(sc.s) && (sc.s[sc.i] == 'e' || sc.s[sc.i] == 'E') {
		sc.i++
		if sc.i < len(sc.s) && (sc.s[sc.i] == '+' || sc.s[sc.i] == '-') {
			sc.i++
		}
		if sc.digits() == 0 {
			return false
		}
		integer = false
	}
	lit := sc.s[start:sc.i]
	if integer && len(lit) > 18 {
		if _, err := strconv.ParseInt(lit, 10, 64); err != nil {
			return false
		}
	}
	sc.out = append(sc.out, lit...)
	return true
}

// digits consumes [0-9]* and returns how many.
func (sc *detailScanner) digits() int {
	n := 0
	for sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9' {
		sc.i++
		n++
	}
	return n
}
