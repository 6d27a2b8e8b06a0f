package pattern

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// text returns the decoded text of the current string token, consuming its body (the current
// location then moves past the closing quote, as when Jackson's getText is called).
func (l *plexer) text() (string, error) {
	if l.strOpen {
		return l.finishString()
	}
	return l.strText, nil
}

// finishString consumes the body of the open string token.
func (l *plexer) finishString() (string, error) {
	l.strOpen = false
	s, err := l.readString(false)
	l.strText = s
	return s, err
}

// readString decodes a string body starting at l.pos (just after the opening quote) up to and
// including the closing quote.
func (l *plexer) readString(isName bool) (string, error) {
	start := l.pos
	// Fast path: no escapes, no control characters.
	for i := l.pos; i < len(l.src); i++ {
		c := l.src[i]
		if c == '"' {
			l.pos = i + 1
			return l.src[start:i], nil
		}
		if c == '\\' || c < ' ' {
			break
		}
	}
	var sb strings.Builder
	for {
		if l.pos >= len(l.src) {
			if isName {
				return "", l.fail("Unexpected end-of-input in field name")
			}
			return "", l.fail("Unexpected end-of-input: was expecting closing quote for a string value")
		}
		c := l.src[l.pos]
		switch {
		case c == '"':
			l.pos++
			return sb.String(), nil
		case c == '\\':
			l.pos++
			if err := l.escape(&sb); err != nil {
				return "", err
			}
		case c < ' ':
			what := "string value"
			if isName {
				what = "name"
			}
			l.pos++
			return "", l.fail("Illegal unquoted character (" + charDesc(rune(c)) +
				"): has to be escaped using backslash to be included in " + what)
		default:
			sb.WriteByte(c)
			l.pos++
		}
	}
}

// escape decodes one backslash escape (the backslash already consumed).
func (l *plexer) escape(sb *strings.Builder) error {
	if l.pos >= len(l.src) {
		return l.fail("Unexpected end-of-input in character escape sequence")
	}
	c := l.src[l.pos]
	l.pos++
	switch c {
	case '"', '\\', '/':
		sb.WriteByte(c)
	case 'b':
		sb.WriteByte('\b')
	case 'f':
		sb.WriteByte('\f')
	case 'n':
		sb.WriteByte('\n')
	case 'r':
		sb.WriteByte('\r')
	case 't':
		sb.WriteByte('\t')
	case 'u':
		r, err := l.hex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) && strings.HasPrefix(l.src[l.pos:], "\\u") {
			save := l.pos
			l.pos += 2
			r2, err := l.hex4()
			if err != nil {
				return err
			}
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				sb.WriteRune(d)
				return nil
			}
			l.pos = save
		}
		sb.WriteRune(r) // lone surrogates become U+FFFD
	default:
		l.pos--
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		l.pos += size
		return l.fail("Unrecognized character escape " + charDesc(r))
	}
	return nil
}

func (l *plexer) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		if l.pos >= len(l.src) {
			return 0, l.fail("Unexpected end-of-input in character escape sequence")
		}
		c := l.src[l.pos]
		d, ok := hexDigit(c)
		if !ok {
			return 0, l.failChar(l.peekRune(), "expected a hex-digit for character escape sequence")
		}
		l.pos++
		r = r<<4 | rune(d)
	}
	return r, nil
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// number reads a JSON number, reporting malformed ones with Jackson's messages.
func (l *plexer) number() (ptok, error) {
	at := l.pos
	if l.src[l.pos] == '-' {
		l.pos++
		if l.pos >= len(l.src) {
			return ptok{}, l.fail("Unexpected end-of-input in a Number value")
		}
		if c := l.src[l.pos]; c < '0' || c > '9' {
			return ptok{}, l.numChar("expected digit (0-9) to follow minus sign, for valid numeric value")
		}
	}
	if l.src[l.pos] == '0' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]) {
		return ptok{}, l.fail("Invalid numeric value: Leading zeroes not allowed")
	}
	l.digits()
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.pos++
		if l.digits() == 0 {
			return ptok{}, l.numCharOrLast("Decimal point not followed by a digit")
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		l.pos++
		if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
			l.pos++
		}
		if l.digits() == 0 {
			return ptok{}, l.numCharOrLast("Exponent indicator not followed by a digit")
		}
	}
	if len(l.stack) == 0 && l.pos < len(l.src) {
		if c := l.src[l.pos]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return ptok{}, l.failChar(l.peekRune(), "Expected space separating root-level values")
		}
	}
	return ptok{kind: ptNumber, lit: l.src[at:l.pos], at: at}, nil
}

func (l *plexer) digits() int {
	n := 0
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
		n++
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// numChar reports the character at the current position as invalid inside a number.
func (l *plexer) numChar(comment string) *Error {
	return l.fail("Unexpected character (" + charDesc(l.peekRune()) + ") in numeric value: " + comment)
}

// numCharOrLast is numChar, but at the end of input it names the last character read.
func (l *plexer) numCharOrLast(comment string) *Error {
	if l.pos < len(l.src) {
		return l.numChar(comment)
	}
	r, _ := utf8.DecodeLastRuneInString(l.src)
	return l.fail("Unexpected character (" + charDesc(r) + ") in numeric value: " + comment)
}

// charDesc describes a character as Jackson's error messages do.
func charDesc(r rune) string {
	if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
		return "(CTRL-CHAR, code " + strconv.Itoa(int(r)) + ")"
	}
	if r > 255 {
		return "'" + string(r) + "' (code " + strconv.Itoa(int(r)) + " / 0x" + strconv.FormatInt(int64(r), 16) + ")"
	}
	return "'" + string(r) + "' (code " + strconv.Itoa(int(r)) + ")"
}

// isIdentPart approximates Java's Character.isJavaIdentifierPart.
func isIdentPart(r rune) bool {
	switch {
	case r == '_' || r == '$':
		return true
	case r <= 8 || (r >= 0x0e && r <= 0x1b) || (r >= 0x7f && r <= 0x9f):
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) ||
		unicode.In(r, unicode.Sc, unicode.Pc, unicode.Mn, unicode.Mc, unicode.Nl, unicode.Cf)
}

// utf16Len is the length of s in UTF-16 code units (Java's String.length()).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
