package pattern

import (
	"strings"
	"unicode/utf8"
)

// This file is the pull tokenizer for pattern text. It reproduces the observable behaviour of the
// streaming JSON parser EventBridge validates patterns with (Jackson): tokens are produced on
// demand, a field name is returned together with the first token of its value already read,
// string contents are read lazily (only when their text is asked for, or when the next token is
// requested), and the "current location" after each step is where that parser would report it.
// Number lexemes, key order and duplicate keys are kept as written.

// ptokKind is the kind of a pattern token.
type ptokKind uint8

const (
	ptEOF ptokKind = iota
	ptStartObject
	ptEndObject
	ptStartArray
	ptEndArray
	ptFieldName
	ptString
	ptNumber
	ptTrue
	ptFalse
	ptNull
)

// ptok is one token: its kind, and for literals and numbers the text as written.
type ptok struct {
	kind ptokKind
	lit  string // number lexeme, "true", "false" or "null"
	at   int    // byte offset where the token starts
}

// pctx is an open container: an object or an array, and where it started.
type pctx struct {
	object     bool
	started    bool // at least one entry has been read (a comma is expected before the next)
	line, col  int  // location of the opening bracket, 1-based
	openOffset int
}

// plexer tokenizes one pattern. It is used by one goroutine.
type plexer struct {
	src       string
	pos       int // offset of the next unread byte
	line      int // 1-based line of pos
	lineStart int // offset where the current line starts

	stack   []pctx
	pending *ptok // value token read together with a field name
	name    string

	strOpen  bool   // the current token is a string whose body has not been consumed yet
	strStart int    // offset just after the opening quote of that string
	strText  string // decoded text once consumed
}

func newPlexer(src string) *plexer {
	return &plexer{src: src, line: 1}
}

// fail returns a syntax error located at the current position.
func (l *plexer) fail(reason string) *Error {
	return l.errAt(reason, l.pos)
}

// errAt returns an error located at byte offset off (which must be on the current line or later
// lines already scanned for newlines; columns count UTF-16 code units as Java does).
func (l *plexer) errAt(reason string, off int) *Error {
	line, start := l.line, l.lineStart
	off = min(max(off, start), len(l.src))
	return &Error{Reason: reason, Line: line, Column: utf16Len(l.src[start:off]) + 1, Source: l.src}
}

// failChar reports an unexpected character; the location points at the character itself.
func (l *plexer) failChar(r rune, comment string) *Error {
	msg := "Unexpected character (" + charDesc(r) + ")"
	if comment != "" {
		msg += ": " + comment
	}
	return l.fail(msg)
}

// next returns the next token. Errors are *Error values carrying AWS's (Jackson's) message.
func (l *plexer) next() (ptok, error) {
	if l.pending != nil {
		t := *l.pending
		l.pending = nil
		l.push(t)
		return t, nil
	}
	if l.strOpen {
		if _, err := l.finishString(); err != nil {
			return ptok{}, err
		}
	}
	c, err := l.skipSpace()
	if err != nil {
		return ptok{}, err
	}
	if c < 0 {
		if len(l.stack) > 0 {
			return ptok{}, l.eofInContainer()
		}
		return ptok{kind: ptEOF, at: l.pos}, nil
	}
	if c == ']' || c == '}' {
		return l.closeScope(byte(c))
	}
	top := l.top()
	if top != nil && top.started {
		if c != ',' {
			return ptok{}, l.failChar(l.peekRune(), "was expecting comma to separate "+l.typeDesc()+" entries")
		}
		l.pos++
		if c, err = l.skipSpace(); err != nil {
			return ptok{}, err
		}
		if c < 0 {
			return ptok{}, l.fail("Unexpected end-of-input within/between " + l.typeDesc() + " entries")
		}
	}
	if top != nil {
		top.started = true
	}
	if top != nil && top.object {
		return l.fieldName(c)
	}
	t, err := l.value(c)
	if err != nil {
		return ptok{}, err
	}
	l.push(t)
	return t, nil
}

// fieldName reads a quoted name, the colon and the first token of the value.
func (l *plexer) fieldName(c int) (ptok, error) {
	at := l.pos
	if c != '"' {
		return ptok{}, l.failChar(l.peekRune(), "was expecting double-quote to start field name")
	}
	l.pos++
	name, err := l.readString(true)
	if err != nil {
		return ptok{}, err
	}
	l.name = name
	if c, err = l.skipSpace(); err != nil {
		return ptok{}, err
	}
	if c < 0 {
		return ptok{}, l.fail("Unexpected end-of-input within/between Object entries")
	}
	if c != ':' {
		return ptok{}, l.failChar(l.peekRune(), "was expecting a colon to separate field name and value")
	}
	l.pos++
	if c, err = l.skipSpace(); err != nil {
		return ptok{}, err
	}
	if c < 0 {
		return ptok{}, l.fail("Unexpected end-of-input within/between Object entries")
	}
	if c == '}' {
		return ptok{}, l.failChar('}', "expected a value")
	}
	v, err := l.value(c)
	if err != nil {
		return ptok{}, err
	}
	l.pending = &v
	return ptok{kind: ptFieldName, at: at}, nil
}

// value reads the first token of a value starting with byte c at l.pos.
func (l *plexer) value(c int) (ptok, error) {
	at := l.pos
	switch {
	case c == '"':
		l.pos++
		l.strOpen, l.strStart, l.strText = true, l.pos, ""
		return ptok{kind: ptString, at: at}, nil
	case c == '[':
		l.pos++
		return ptok{kind: ptStartArray, at: at}, nil
	case c == '{':
		l.pos++
		return ptok{kind: ptStartObject, at: at}, nil
	case c == 't':
		return l.keyword("true", ptTrue)
	case c == 'f':
		return l.keyword("false", ptFalse)
	case c == 'n':
		return l.keyword("null", ptNull)
	case c == '-' || (c >= '0' && c <= '9'):
		return l.number()
	}
	return ptok{}, l.oddValue()
}

// push records a container opened by token t.
func (l *plexer) push(t ptok) {
	if t.kind != ptStartArray && t.kind != ptStartObject {
		return
	}
	line, start := l.line, l.lineStart
	col := utf16Len(l.src[start:t.at]) + 1
	l.stack = append(l.stack, pctx{object: t.kind == ptStartObject, line: line, col: col, openOffset: t.at})
}

func (l *plexer) top() *pctx {
	if len(l.stack) == 0 {
		return nil
	}
	return &l.stack[len(l.stack)-1]
}

// typeDesc names the innermost container the way Jackson does.
func (l *plexer) typeDesc() string {
	t := l.top()
	switch {
	case t == nil:
		return "root"
	case t.object:
		return "Object"
	}
	return "Array"
}

// startMarker renders where the innermost container started, as Jackson's location text.
func (l *plexer) startMarker() string {
	t := l.top()
	if t == nil {
		return locationText(l.src, 1, 0)
	}
	return locationText(l.src, t.line, t.col)
}

func (l *plexer) closeScope(c byte) (ptok, error) {
	at := l.pos
	t := l.top()
	want := byte(']')
	if t == nil || t.object {
		want = '}'
	}
	if t == nil || c != want {
		l.pos++
		return ptok{}, l.fail("Unexpected close marker '" + string(c) + "': expected '" + string(want) +
			"' (for " + l.typeDesc() + " starting at " + l.startMarker() + ")")
	}
	l.pos++
	l.stack = l.stack[:len(l.stack)-1]
	if c == ']' {
		return ptok{kind: ptEndArray, at: at}, nil
	}
	return ptok{kind: ptEndObject, at: at}, nil
}

func (l *plexer) eofInContainer() *Error {
	return l.fail("Unexpected end-of-input: expected close marker for " + l.typeDesc() +
		" (start marker at " + l.startMarker() + ")")
}

// skipSpace skips JSON white space, tracking lines. It returns the next byte, or -1 at the end.
func (l *plexer) skipSpace() (int, error) {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch c {
		case ' ', '\t':
			l.pos++
		case '\n':
			l.pos++
			l.newLine()
		case '\r':
			l.pos++
			if l.pos < len(l.src) && l.src[l.pos] == '\n' {
				l.pos++
			}
			l.newLine()
		case '/':
			return 0, l.failChar('/', "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)")
		default:
			if c < ' ' {
				l.pos++
				return 0, l.fail("Illegal character (" + charDesc(rune(c)) + "): only regular white space (\\r, \\n, \\t) is allowed between tokens")
			}
			return int(c), nil
		}
	}
	return -1, nil
}

func (l *plexer) newLine() {
	l.line++
	l.lineStart = l.pos
}

// peekRune decodes the character at the current position.
func (l *plexer) peekRune() rune {
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	return r
}

// keyword matches true/false/null, reporting a mismatch as Jackson does (whole identifier).
func (l *plexer) keyword(word string, k ptokKind) (ptok, error) {
	at := l.pos
	i := 0
	for i < len(word) && l.pos < len(l.src) && l.src[l.pos] == word[i] {
		l.pos++
		i++
	}
	if i < len(word) || (l.pos < len(l.src) && isIdentPart(l.peekRune())) {
		return ptok{}, l.invalidToken(word[:i])
	}
	return ptok{kind: k, lit: word, at: at}, nil
}

// invalidToken reports an unrecognized bare word that starts with matched.
func (l *plexer) invalidToken(matched string) *Error {
	var sb strings.Builder
	sb.WriteString(matched)
	n := utf8.RuneCountInString(matched)
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if !isIdentPart(r) {
			break
		}
		l.pos += size
		sb.WriteRune(r)
		if n++; n >= 256 {
			sb.WriteString("...")
			break
		}
	}
	return l.fail("Unrecognized token '" + sb.String() + "': was expecting " + validValues)
}

const validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

// oddValue reports a value that starts with a character no JSON value starts with.
func (l *plexer) oddValue() *Error {
	r := l.peekRune()
	switch r {
	case 'N', 'I':
		word := "NaN"
		if r == 'I' {
			word = "Infinity"
		}
		if strings.HasPrefix(l.src[l.pos:], word) {
			l.pos += len(word)
			return l.fail("Non-standard token '" + word + "': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow")
		}
	case '+':
		l.pos++
		if l.pos >= len(l.src) {
			return l.fail("Unexpected end-of-input in a Number value")
		}
		return l.numChar("expected digit (0-9) to follow minus sign, for valid numeric value")
	}
	if isIdentPart(r) {
		return l.invalidToken("")
	}
	return l.failChar(r, "expected a valid value "+validValues)
}
