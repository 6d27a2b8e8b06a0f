package control

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Where scanDetail is: about to read a value, after a value, or about to read an object key.
const (
	atValue = iota
	afterValue
	atKey
)

// scanDetail validates d as ValidDetail does and reports whether it contains insignificant
// whitespace (whether compacting it changes it); when it does, compact is d without that
// whitespace appended to out. It makes one pass: a strict JSON (RFC 8259) validator written
// as one loop over the tokens, with the kinds of the open containers in a bit stack, which
// copies the text between runs of whitespace only once it has met some. At the first
// whitespace it makes sure out has room for reserve (≥ len(d)) more bytes. It may write into
// out's spare capacity even when it fails.
func scanDetail(d string, out []byte, reserve int) (compact []byte, spaced, ok bool) {
	var objects [MaxDetailDepth/64 + 1]uint64 // bit n: the container at depth n is an object
	depth, i := 0, skipWS(d, 0)
	if i >= len(d) || d[i] != '{' {
		return out, false, false
	}
	cp := compactor{out: out, run: i, reserve: reserve}
	for st := atValue; ; {
		if st == afterValue && depth == 0 {
			if skipWS(d, i) != len(d) {
				return cp.out, false, false
			}
			if cp.spaced || cp.run > 0 || i != len(d) { // whitespace inside, before or after
				cp.copyUpTo(d, i)
			}
			return cp.out, cp.spaced, true
		}
		if i < len(d) && d[i] <= ' ' {
			i = cp.skip(d, i)
		}
		if i >= len(d) {
			return cp.out, false, false
		}
		c := d[i]
		switch st {
		case atKey:
			if c != '"' {
				return cp.out, false, false
			}
			if i = checkedStringEnd(d, i+1); i < 0 {
				return cp.out, false, false
			}
			if i < len(d) && d[i] <= ' ' {
				i = cp.skip(d, i)
			}
			if i >= len(d) || d[i] != ':' {
				return cp.out, false, false
			}
			i, st = i+1, atValue
		case atValue:
			switch {
			case c == '{' || c == '[':
				if depth == MaxDetailDepth {
					return cp.out, false, false
				}
				top := uint(depth)
				objects[top/64] &^= 1 << (top % 64)
				if c == '{' {
					objects[top/64] |= 1 << (top % 64)
				}
				depth++
				if i++; i < len(d) && d[i] <= ' ' {
					i = cp.skip(d, i)
				}
				if i < len(d) && d[i] == c+2 { // '}' is '{'+2, ']' is '['+2
					i, depth, st = i+1, depth-1, afterValue
				} else if c == '{' {
					st = atKey
				}
			case c == '"':
				if i = checkedStringEnd(d, i+1); i < 0 {
					return cp.out, false, false
				}
				st = afterValue
			case c == 't' || c == 'f' || c == 'n':
				lit := literalFor(c)
				if !strings.HasPrefix(d[i:], lit) {
					return cp.out, false, false
				}
				i, st = i+len(lit), afterValue
			default:
				var ok bool
				if i, ok = numberEnd(d, i); !ok {
					return cp.out, false, false
				}
				st = afterValue
			}
		case afterValue:
			top := uint(depth - 1)
			inObject := objects[top/64]&(1<<(top%64)) != 0
			switch {
			case c == ',':
				i++
				if inObject {
					st = atKey
				} else {
					st = atValue
				}
			case c == '}' && inObject || c == ']' && !inObject:
				i, depth = i+1, depth-1
			default:
				return cp.out, false, false
			}
		}
	}
}

// compactor builds the compact form of a detail while scanDetail reads it: nothing until
// the first whitespace, then the text between runs of whitespace.
type compactor struct {
	out     []byte
	run     int // start of the text not yet copied to out
	reserve int
	spaced  bool
}

// skip skips the whitespace at d[i:] (if any) and returns the index after it.
func (cp *compactor) skip(d string, i int) int {
	j := skipWS(d, i)
	if j != i {
		cp.copyUpTo(d, i)
		cp.run = j
	}
	return j
}

// copyUpTo appends the text not yet copied, up to d[i], to out.
func (cp *compactor) copyUpTo(d string, i int) {
	if !cp.spaced {
		cp.out = slices.Grow(cp.out, cp.reserve)
		cp.spaced = true
	}
	cp.out = append(cp.out, d[cp.run:i]...)
}

// literalFor returns the JSON literal starting with c ('t', 'f' or 'n').
func literalFor(c byte) string {
	switch c {
	case 't':
		return "true"
	case 'f':
		return "false"
	}
	return "null"
}

// skipWS returns the index of the first non-whitespace byte of d at or after i.
func skipWS(d string, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
		i++
	}
	return i
}

// checkedStringEnd checks the string whose contents start at d[i] and returns the index just past
// its closing quote, or -1 when it is invalid (unterminated, a control character, a bad
// escape). It looks at 8 bytes at a time while 8 remain, then byte by byte; the word loop is
// written out here rather than called, as most strings of a detail are short.
func checkedStringEnd(d string, i int) int {
	for i < len(d) {
		if i+8 <= len(d) {
			m := specialBytes(binary.LittleEndian.Uint64(stringBytes(d)[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8 // '"', '\\' or a control character
		}
		switch c := d[i]; {
		case c == '"':
			return i + 1
		case c == '\\':
			n := escapeLen(d[i:])
			if n == 0 {
				return -1
			}
			i += n
		case c < 0x20:
			return -1
		default:
			i++
		}
	}
	return -1
}

// escapeLen returns the length of the valid escape sequence at the start of e, or 0.
func escapeLen[T string | []byte](e T) int {
	if len(e) < 2 {
		return 0
	}
	switch e[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(e) >= 6 && isHex(e[2]) && isHex(e[3]) && isHex(e[4]) && isHex(e[5]) {
			return 6
		}
	}
	return 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// numberEnd checks the number -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at d[i] and
// returns the index past it; it rejects integers outside the int64 range.
func numberEnd(d string, i int) (int, bool) {
	start := i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		i = digitsEnd(d, i)
	default:
		return i, false
	}
	integer := true
	if i < len(d) && d[i] == '.' {
		j := digitsEnd(d, i+1)
		if j == i+1 {
			return j, false
		}
		i, integer = j, false
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digitsEnd(d, i)
		if j == i {
			return j, false
		}
		i, integer = j, false
	}
	if lit := d[start:i]; integer && len(lit) > 18 {
		if _, err := strconv.ParseInt(lit, 10, 64); err != nil {
			return i, false
		}
	}
	return i, true
}

// digitsEnd returns the index of the first non-digit of d at or after i.
func digitsEnd(d string, i int) int {
	for i < len(d) && d[i] >= '0' && d[i] <= '9' {
		i++
	}
	return i
}
