package control

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// lexer reads the JSON tokens of a request body at b[i:], decoding strings into arena. Each
// method reports false on anything outside the subset the fast decoder handles (which
// includes all malformed JSON); the position is then unspecified.
type lexer struct {
	b     []byte
	i     int
	arena []byte
}

func (l *lexer) skipSpace() {
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// eat consumes c if it is the next byte.
func (l *lexer) eat(c byte) bool {
	if l.i < len(l.b) && l.b[l.i] == c {
		l.i++
		return true
	}
	return false
}

// object reads an object, calling member for each key with the lexer on the value's first
// byte; member must consume the value.
func (l *lexer) object(member func(key []byte) bool) bool {
	if !l.eat('{') {
		return false
	}
	l.skipSpace()
	if l.eat('}') {
		return true
	}
	for {
		key, ok := l.key()
		if !ok {
			return false
		}
		l.skipSpace()
		if !l.eat(':') {
			return false
		}
		l.skipSpace()
		if !member(key) {
			return false
		}
		l.skipSpace()
		if l.eat('}') {
			return true
		}
		if !l.eat(',') {
			return false
		}
		l.skipSpace()
	}
}

// array reads an array, calling elem with the lexer on each element's first byte.
func (l *lexer) array(elem func() bool) bool {
	if !l.eat('[') {
		return false
	}
	l.skipSpace()
	if l.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		l.skipSpace()
		if l.eat(']') {
			return true
		}
		if !l.eat(',') {
			return false
		}
		l.skipSpace()
	}
}

// key reads an object key made of plain ASCII (no escapes) and returns its bytes.
func (l *lexer) key() ([]byte, bool) {
	if !l.eat('"') {
		return nil, false
	}
	for j := l.i; j < len(l.b); j++ {
		c := l.b[j]
		if c == '"' {
			k := l.b[l.i:j]
			l.i = j + 1
			return k, true
		}
		if c < 0x20 || c >= 0x80 || c == '\\' {
			return nil, false
		}
	}
	return nil, false
}

// str reads a string of valid UTF-8 whose \u escapes are not surrogates, and returns its
// decoded value, stored in the arena.
//
// It writes into the arena's spare capacity directly, 8 bytes at a time where it can: the
// arena's capacity is len(b), and the decoded text never outruns the JSON text it comes from
// (every escape is longer than what it stands for), so the write position w never passes the
// read position j and w+8 ≤ cap whenever j+8 ≤ len(b). Working on locals also keeps the GC
// write barrier of a store to l.arena to once per string.
func (l *lexer) str() (string, bool) {
	if !l.eat('"') {
		return "", false
	}
	b, dst := l.b, l.arena[:cap(l.arena)]
	start := len(l.arena)
	w, ascii := start, true
	for j := l.i; ; {
		for ; j+8 <= len(b); j, w = j+8, w+8 {
			v := binary.LittleEndian.Uint64(b[j:])
			binary.LittleEndian.PutUint64(dst[w:], v)
			if m := specialBytes(v) | v&asciiMask(ascii); m != 0 {
				k := bits.TrailingZeros64(m) / 8
				j, w = j+k, w+k
				break
			}
		}
		if j >= len(b) {
			return "", false
		}
		c := b[j]
		switch {
		case plainStringByte[c] && (c < 0x80 || !ascii):
			dst[w] = c
			j, w = j+1, w+1
		case c >= 0x80:
			ascii = false
		case c == '\\' && j+1 < len(b) && b[j+1] == '"': // the common escape, inline
			dst[w] = '"'
			j, w = j+2, w+1
		case c == '\\':
			n, m := unescapeInto(dst[w:], b[j:])
			if n == 0 {
				return "", false
			}
			j, w = j+n, w+m
		case c == '"':
			if !ascii && !utf8.Valid(b[l.i:j]) {
				return "", false // json.Unmarshal replaces invalid UTF-8
			}
			l.i, l.arena = j+1, dst[:w]
			return sharedString(dst[start:w]), true
		default:
			return "", false // a control character
		}
	}
}

// asciiMask is the word that flags non-ASCII bytes while a string is still ASCII.
func asciiMask(ascii bool) uint64 {
	if ascii {
		return swarHi
	}
	return 0
}

// unescapeInto decodes the escape sequence at the start of e into dst and returns its length
// and the number of bytes written (at most 3, never more than the length), or 0 when it is
// invalid or an escaped surrogate (json.Unmarshal pairs or replaces those).
func unescapeInto(dst, e []byte) (n, m int) {
	if len(e) < 2 {
		return 0, 0
	}
	var c byte
	switch e[1] {
	case '"', '\\', '/':
		c = e[1]
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	case 'u':
		r, ok := hex4(e[2:])
		if !ok || r >= 0xD800 && r < 0xE000 {
			return 0, 0
		}
		return 6, utf8.EncodeRune(dst, r)
	default:
		return 0, 0
	}
	dst[0] = c
	return 2, 1
}

// hex4 parses the four hex digits at the start of h.
func hex4(h []byte) (rune, bool) {
	if len(h) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range h[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// rawScalar reads a string (syntax checked, not decoded) or a number and returns its JSON
// text.
func (l *lexer) rawScalar() ([]byte, bool) {
	start := l.i
	if l.eat('"') {
		for j := l.i; j < len(l.b); j++ {
			switch c := l.b[j]; {
			case c == '"':
				l.i = j + 1
				return l.b[start:l.i], true
			case c < 0x20:
				return nil, false
			case c == '\\':
				n := escapeLen(l.b[j:])
				if n == 0 {
					return nil, false
				}
				j += n - 1
			}
		}
		return nil, false
	}
	end, ok := numberEnd(sharedString(l.b), l.i)
	if !ok {
		return nil, false
	}
	l.i = end
	return l.b[start:end], true
}
