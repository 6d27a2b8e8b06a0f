package pattern

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// specialBytes has the high bit set in each byte of x that is '"', '\\' or a control character
// (and possibly in bytes above the first such one: borrows only propagate upwards). The XOR-ed
// bytes keep x's high bit, so one mask by ^x serves all three tests.
func specialBytes(x uint64) uint64 {
	return ((x - lsb8*0x20) | ((x ^ lsb8*'"') - lsb8) | ((x ^ lsb8*'\\') - lsb8)) &^ x & msb8
}

// plainRun returns how many bytes at the start of b are ordinary string content: not '"', not
// '\\', not a control character, and whether those bytes are all ASCII. It reads eight bytes at
// a time (also past the end of the string, within b) and locates the first special byte from the
// mask: that one is always genuine.
func plainRun(b []byte) (n int, ascii bool) {
	var high uint64
	for n+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[n:])
		if m := specialBytes(x); m != 0 {
			k := bits.TrailingZeros64(m) / 8
			high |= x & (1<<(8*k) - 1)
			return n + k, high&msb8 == 0
		}
		high |= x
		n += 8
	}
	for ; n < len(b); n++ {
		c := b[n]
		if c == '"' || c == '\\' || c < 0x20 {
			break
		}
		high |= uint64(c)
	}
	return n, high&msb8 == 0
}

// stringEnd finds the end of the plain string content starting at start: the index of the
// closing quote, or of the first backslash (then esc is true). It fails on a control character
// or a missing quote. ascii reports whether the content before that point is all ASCII.
func (f *flattener) stringEnd(start int) (end int, esc, ascii bool, err error) {
	n, ascii := plainRun(f.data[start:])
	end = start + n
	switch {
	case end >= len(f.data):
		return 0, false, false, syntaxError(end, "unterminated string")
	case f.data[end] == '"':
		return end, false, ascii, nil
	case f.data[end] == '\\':
		return end, true, ascii, nil
	}
	return 0, false, false, syntaxError(end, "invalid control character in string")
}

// skipString validates a JSON string at f.pos (which is '"') and moves past it.
func (f *flattener) skipString() error {
	p := f.pos + 1
	for {
		end, esc, _, err := f.stringEnd(p)
		if err != nil {
			return err
		}
		if !esc {
			f.pos = end + 1
			return nil
		}
		n, ok := escapeLen(f.data[end:])
		if !ok {
			return syntaxError(end, "invalid escape in string")
		}
		p = end + n
	}
}

// escapeLen returns the length of the escape sequence at the start of b (b[0] == '\\').
func escapeLen(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
		if hex4(b[2:]) < 0 {
			return 0, false
		}
		return 6, true
	}
	return 0, false
}

// hex4 decodes four hex digits at the start of b, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// str scans the JSON string at f.pos and returns its unescaped bytes: a slice of the event when
// no work is needed, else bytes appended to the scratch buffer. Invalid UTF-8 and lone
// surrogates become U+FFFD, as encoding/json does.
func (f *flattener) str() ([]byte, error) {
	start := f.pos + 1
	end, esc, ascii, err := f.stringEnd(start)
	if err != nil {
		return nil, err
	}
	if !esc && (ascii || utf8.Valid(f.data[start:end])) {
		f.pos = end + 1
		return f.data[start:end], nil
	}
	return f.strSlow(start)
}

// strSlow unescapes the string starting at start (just after the opening quote).
func (f *flattener) strSlow(start int) ([]byte, error) {
	d := f.data
	s := f.s
	mark := len(s.buf)
	p := start
	for p < len(d) {
		c := d[p]
		switch {
		case c == '"':
			f.pos = p + 1
			return s.buf[mark:], nil
		case c < 0x20:
			return nil, syntaxError(p, "invalid control character in string")
		case c == '\\':
			n, ok := escapeLen(d[p:])
			if !ok {
				return nil, syntaxError(p, "invalid escape in string")
			}
			p += f.unescape(d[p:], n)
		case c < utf8.RuneSelf:
			s.buf = append(s.buf, c)
			p++
		default:
			r, size := utf8.DecodeRune(d[p:])
			if r == utf8.RuneError && size == 1 {
				s.buf = utf8.AppendRune(s.buf, utf8.RuneError)
			} else {
				s.buf = append(s.buf, d[p:p+size]...)
			}
			p += size
		}
	}
	return nil, syntaxError(p, "unterminated string")
}

// unescape appends the character of the valid escape of length n at b and returns how many
// bytes it consumed (a surrogate pair consumes two escapes).
func (f *flattener) unescape(b []byte, n int) int {
	s := f.s
	if n == 2 {
		c := b[1]
		switch c {
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
		}
		s.buf = append(s.buf, c)
		return 2
	}
	r := hex4(b[2:])
	if utf16.IsSurrogate(r) {
		if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if r2 := hex4(b[8:]); r2 >= 0 {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					s.buf = utf8.AppendRune(s.buf, dec)
					return 12
				}
			}
		}
		r = utf8.RuneError
	}
	s.buf = utf8.AppendRune(s.buf, r)
	return 6
}
