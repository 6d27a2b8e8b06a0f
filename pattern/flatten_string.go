package pattern

import (
	"bytes"
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
// (and possibly in bytes above the first such one: borrows only propagate upwards). XOR-ing 2
// maps '"' to 0x20 and keeps the control characters below 0x20, so one subtraction finds both;
// the XOR-ed bytes keep x's high bit, so one mask by ^x serves both tests.
func specialBytes(x uint64) uint64 {
	return (((x ^ lsb8*0x02) - lsb8*0x21) | ((x ^ lsb8*'\\') - lsb8)) &^ x & msb8
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

// dotBytes has the high bit set in exactly the bytes of x that are '.'.
func dotBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	v := x ^ lsb8*'.'
	return ^((v&low7 + low7) | v | low7)
}

// key scans the object key at f.pos like str, and also reports whether the key may contain a
// '.' (false is exact: the key has none). Keys without escapes or non-ASCII bytes are scanned in
// line, eight bytes at a time.
func (f *flattener) key() (key []byte, maybeDot bool, err error) {
	d := f.data
	start := f.pos + 1
	p := start
	var high, dots uint64
scan:
	for {
		if p+8 > len(d) {
			for ; p < len(d); p++ {
				c := d[p]
				if c == '"' || c == '\\' || c < 0x20 {
					break
				}
				high |= uint64(c)
				if c == '.' {
					dots = 1
				}
			}
			break scan
		}
		x := binary.LittleEndian.Uint64(d[p:])
		if m := specialBytes(x); m != 0 {
			k := bits.TrailingZeros64(m) / 8
			below := uint64(1)<<(8*k) - 1
			high |= x & below
			dots |= dotBytes(x) & below
			p += k
			break scan
		}
		high |= x
		dots |= dotBytes(x)
		p += 8
	}
	if high&msb8 == 0 && p < len(d) && d[p] == '"' {
		f.pos = p + 1
		return d[start:p], dots != 0, nil
	}
	key, err = f.str()
	return key, true, err
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

// skipStr validates the JSON string whose opening quote is at p and returns the position after
// its closing quote. Up to 80 bytes are scanned in line, sixteen at a time (most strings, and
// the gaps between most escapes, end there), longer runs by plainEnd over growing windows, so
// that the search for the closing quote after each of many sparse escapes in a huge string does
// not run to the string's end (the bytes searched stay within a constant factor of those
// skipped).
func skipStr(d []byte, p int) (int, error) { return skipStrFrom(d, p, 0) }

// skipStrFrom is skipStr starting with the given number of 16-byte steps already done (5: search
// the first run by plainEnd at once).
func skipStrFrom(d []byte, p, done int) (int, error) {
	q := p + 1
	win := 1024
	for {
	scan:
		for pairs := done; ; pairs++ {
			if q+16 > len(d) {
				if q+8 <= len(d) {
					if m := specialBytes(binary.LittleEndian.Uint64(d[q:])); m != 0 {
						q += bits.TrailingZeros64(m) / 8
						break scan
					}
					q += 8
				}
				for q < len(d) && d[q] != '"' && d[q] != '\\' && d[q] >= 0x20 {
					q++
				}
				break scan
			}
			if pairs == 5 { // a long run: vectorised search from here on
				for {
					w := min(len(d), q+win)
					win = min(2*win, 1<<16)
					if q = plainEnd(d[:w], q); q < w || w == len(d) {
						break scan
					}
				}
			}
			// the lowest flagged byte of the first flagged word is genuine
			if m := specialBytes(binary.LittleEndian.Uint64(d[q:])); m != 0 {
				q += bits.TrailingZeros64(m) / 8
				break scan
			}
			if m := specialBytes(binary.LittleEndian.Uint64(d[q+8:])); m != 0 {
				q += 8 + bits.TrailingZeros64(m)/8
				break scan
			}
			q += 16
		}
		switch {
		case q >= len(d):
			return q, syntaxError(q, "unterminated string")
		case d[q] == '"':
			return q + 1, nil
		case d[q] == '\\':
			n, ok := escapeLen(d[q:])
			if !ok {
				return q, syntaxError(q, "invalid escape in string")
			}
			q += n
			win = 1024
			done = 0
		default:
			return q, syntaxError(q, "invalid control character in string")
		}
	}
}

// plainEnd returns the index of the first '"', '\\' or control character in d at or after p
// (len(d) if there is none). With AVX2 (and 32 bytes or more) that is plainIndex, one pass
// over the bytes; otherwise plainEndWords.
func plainEnd(d []byte, p int) int {
	if hasAVX2 && len(d)-p >= 32 {
		return p + plainIndex(d[p:])
	}
	return plainEndWords(d, p)
}

// plainEndWords is plainEnd without vector instructions: it finds the quote and the backslash
// with bytes.IndexByte and then checks only for control characters before them, 64 bytes per
// step: cheaper than specialBytes for long strings.
func plainEndWords(d []byte, p int) int {
	end := len(d)
	if q := bytes.IndexByte(d[p:], '"'); q >= 0 {
		end = p + q
	}
	if b := bytes.IndexByte(d[p:end], '\\'); b >= 0 {
		end = p + b
	}
	i := p
	for ; i+64 <= end; i += 64 {
		// In an all-ASCII block no subtraction borrows unless some byte is below 0x20, so one
		// mask over the words and their differences decides it (a block with a high byte is
		// left to the exact word loop below).
		w := d[i : i+64 : i+64]
		if (asc(w[0:])|asc(w[8:])|asc(w[16:])|asc(w[24:])|asc(w[32:])|asc(w[40:])|asc(w[48:])|asc(w[56:]))&msb8 != 0 {
			break
		}
	}
	for ; i+8 <= end; i += 8 {
		// the high bit of each byte below 0x20 is set (and possibly of bytes above it)
		if x := binary.LittleEndian.Uint64(d[i:]); (x-lsb8*0x20)&^x&msb8 != 0 {
			break
		}
	}
	for ; i < end; i++ {
		if d[i] < 0x20 {
			return i
		}
	}
	return end
}

// asc has the high bit set in some byte when one of the eight bytes at the start of b is a
// control character or not ASCII (and only then).
func asc(b []byte) uint64 {
	x := binary.LittleEndian.Uint64(b)
	return (x - lsb8*0x20) | x
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
