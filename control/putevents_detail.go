package control

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// compactDetail is the one-pass fast path of peDecoder.detail. It reads the JSON string at
// l.b[l.i] (its opening quote) as str does, decoding it into the arena, and validates and
// compacts the decoded text as a Detail (scanDetail) in the same pass: in the body, the
// detail's own quotes are the escapes \" and its own escapes start with \\, so the structure
// of the detail can be read straight off the body. Reading each byte once instead of twice
// (decode, then validate) saves much of the work, most of which is at the many string
// boundaries of a typical detail.
//
// It handles what JSON encoders make of a detail: inside the detail's strings, \\ before the
// detail's own escape sequences, \/ and \uXXXX (of a character that may stand as itself
// there); outside them, \" around the strings and the escapes of whitespace (\n, \r, \t).
// For such a string holding a valid detail it returns the decoded string, advances past it
// and reports, like scanDetail, whether the detail holds insignificant whitespace: then
// compact is the detail without it, appended to out, after growing out by reserve (≥ the
// body's remaining length) at the first whitespace so that the compact forms of all the
// body's details share its memory.
//
// Otherwise (other escapes, an invalid detail, a malformed string) it reports false and
// changes nothing but the spare capacity of the arena; compact is then out itself, grown if
// room was made for compact forms (to be kept, not made again). The caller then takes the
// two-pass path, which gives every such string its exact treatment.
func (l *lexer) compactDetail(out []byte, reserve int) (s string, compact []byte, spaced, ok bool) {
	strip := detailStripper{out: out, base: len(out), reserve: reserve}
	if s, ok = l.onePassDetail(&strip); !ok {
		return "", strip.out[:strip.base], false, false
	}
	return s, strip.out, strip.spaced, true
}

// onePassDetail is compactDetail with its compact form going to strip.
func (l *lexer) onePassDetail(strip *detailStripper) (string, bool) {
	b := l.b
	if l.i >= len(b) || b[l.i] != '"' {
		return "", false
	}
	dst := l.arena[:cap(l.arena)]
	start := len(l.arena)
	// The arena's capacity is len(b) and, as in str, w never passes j: every piece of the
	// detail is written as long as or shorter than the body text it comes from.
	j, w := l.i+1, start
	strip.run = start
	if j, w = detailSpace(b, j, dst, w, strip); j >= len(b) || b[j] != '{' {
		return "", false
	}
	var objects [MaxDetailDepth/64 + 1]uint64 // bit n: the container at depth n is an object
	depth, st := 0, atValue
	nonASCII := uint64(swarHi) // zero once a byte ≥ 0x80 has been seen (UTF-8 checked at the end)
	for {
		if atDetailSpace(b, j) {
			j, w = detailSpace(b, j, dst, w, strip)
		}
		if st == afterValue && depth == 0 {
			if j >= len(b) || b[j] != '"' {
				return "", false
			}
			if nonASCII == 0 && !utf8.Valid(b[l.i+1:j]) {
				return "", false
			}
			strip.finish(dst, w)
			l.i, l.arena = j+1, dst[:w]
			return sharedString(dst[start:w]), true
		}
		if j >= len(b) {
			return "", false
		}
		c := b[j]
		switch st {
		case atKey:
			var ok bool
			if j, w, nonASCII, ok = detailString(b, j, dst, w, nonASCII); !ok {
				return "", false
			}
			if atDetailSpace(b, j) {
				j, w = detailSpace(b, j, dst, w, strip)
			}
			if j >= len(b) || b[j] != ':' {
				return "", false
			}
			dst[w] = ':'
			j, w, st = j+1, w+1, atValue
		case atValue:
			switch {
			case c == '{' || c == '[':
				if depth == MaxDetailDepth {
					return "", false
				}
				top := uint(depth)
				objects[top/64] &^= 1 << (top % 64)
				if c == '{' {
					objects[top/64] |= 1 << (top % 64)
				}
				depth++
				dst[w] = c
				j, w = j+1, w+1
				if atDetailSpace(b, j) {
					j, w = detailSpace(b, j, dst, w, strip)
				}
				if j < len(b) && b[j] == c+2 { // '}' is '{'+2, ']' is '['+2
					dst[w] = b[j]
					j, w, depth, st = j+1, w+1, depth-1, afterValue
				} else if c == '{' {
					st = atKey
				}
			case c == '\\':
				var ok bool
				if j, w, nonASCII, ok = detailString(b, j, dst, w, nonASCII); !ok {
					return "", false
				}
				st = afterValue
			case c == 't' || c == 'f' || c == 'n':
				lit := literalFor(c)
				if len(b)-j < len(lit) || string(b[j:j+len(lit)]) != lit {
					return "", false
				}
				w += copy(dst[w:], lit)
				j, st = j+len(lit), afterValue
			default:
				end, ok := numberEnd(sharedString(b), j)
				if !ok {
					return "", false
				}
				w += copy(dst[w:], b[j:end])
				j, st = end, afterValue
			}
		case afterValue:
			top := uint(depth - 1)
			inObject := objects[top/64]&(1<<(top%64)) != 0
			switch {
			case c == ',':
				if inObject {
					st = atKey
				} else {
					st = atValue
				}
			case c == '}' && inObject || c == ']' && !inObject:
				depth--
			default:
				return "", false
			}
			dst[w] = c
			j, w = j+1, w+1
		}
	}
}

// atDetailSpace reports whether b[j] may start whitespace of a detail (see detailSpace): it
// is a space, or a backslash not followed by a quote.
func atDetailSpace(b []byte, j int) bool {
	return j < len(b) && (b[j] == ' ' || b[j] == '\\' && j+1 < len(b) && b[j+1] != '"')
}

// detailSpace decodes the whitespace of a detail at b[j:] (spaces, and \n, \r, \t), if any,
// into dst at w, tells strip about it and returns the positions after it.
func detailSpace(b []byte, j int, dst []byte, w int, strip *detailStripper) (int, int) {
	from := w
	for j < len(b) {
		c := b[j]
		if c == '\\' && j+1 < len(b) {
			switch b[j+1] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default:
				c = 0
			}
			if c == 0 {
				break
			}
			j++
		} else if c != ' ' {
			break
		}
		dst[w] = c
		j, w = j+1, w+1
	}
	if w != from {
		strip.cut(dst, from, w)
	}
	return j, w
}

// detailStripper builds the compact form of a detail while compactDetail decodes it into
// dst: nothing until the first whitespace, then the decoded text between runs of it.
type detailStripper struct {
	out     []byte // where compact forms go, grown at the first whitespace
	base    int    // the length of out before this detail
	run     int    // start of the decoded text not yet copied to out
	reserve int
	spaced  bool
}

// cut copies the decoded text up to the whitespace dst[from:to] to out and skips that.
func (s *detailStripper) cut(dst []byte, from, to int) {
	if !s.spaced {
		s.out = slices.Grow(s.out, s.reserve)
		s.spaced = true
	}
	s.out = append(s.out, dst[s.run:from]...)
	s.run = to
}

// finish copies the rest of a spaced detail, which ends at dst[w], to out.
func (s *detailStripper) finish(dst []byte, w int) {
	if s.spaced {
		s.out = append(s.out, dst[s.run:w]...)
	}
}

// detailString decodes one string of a detail, starting at the \" that opens it in the body b,
// into dst at w, and returns the positions after it. It reports false for anything
// compactDetail leaves to the two-pass path: a string that does not open with \", an escape
// of the body's other than \" (the string's end), \/, \uXXXX standing for a character that
// may appear as such in the detail's string, and \\ (starting an escape of the detail's own,
// which must be valid: \\\", \\\\, \\\/, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX), a control
// character or the body's string ending inside the detail's. hi is compactDetail's nonASCII,
// returned cleared once a byte ≥ 0x80 has been seen.
func detailString(b []byte, j int, dst []byte, w int, hi uint64) (int, int, uint64, bool) {
	if j+1 >= len(b) || b[j] != '\\' || b[j+1] != '"' {
		return j, w, hi, false
	}
	dst[w] = '"'
	j, w = j+2, w+1
	for {
		if j+8 <= len(b) {
			v := binary.LittleEndian.Uint64(b[j:])
			binary.LittleEndian.PutUint64(dst[w:], v)
			m := specialBytes(v) | v&hi
			if m == 0 {
				j, w = j+8, w+8
				continue
			}
			k := bits.TrailingZeros64(m) / 8
			j, w = j+k, w+k // b[j] is '"', '\\', a control character or the first byte ≥ 0x80
		} else if j >= len(b) {
			return j, w, hi, false
		}
		switch c := b[j]; {
		case c == '\\':
			if j+1 >= len(b) {
				return j, w, hi, false
			}
			switch b[j+1] {
			case '"': // the end of the detail's string
				dst[w] = '"'
				return j + 2, w + 1, hi, true
			case '\\': // the backslash starting an escape of the detail's
				n := detailEscapeLen(b[j+2:])
				if n == 0 {
					return j, w, hi, false
				}
				dst[w] = '\\'
				if n == 2 { // \\\" or \\\\: the escaped character is itself escaped in the body
					dst[w+1] = b[j+3]
					j, w = j+4, w+2
				} else {
					w += copy(dst[w+1:], b[j+2:j+2+n]) + 1
					j += 2 + n
				}
			case '/': // PHP's and others' escaped slash
				dst[w] = '/'
				j, w = j+2, w+1
			case 'u': // Python's (ensure_ascii) escaped non-ASCII, say
				r, ok := hex4(b[j+2:])
				if !ok || r < 0x20 || r == '"' || r == '\\' || r >= 0xD800 && r < 0xE000 {
					return j, w, hi, false // would be a control character, end the string, start an escape, or is a surrogate
				}
				j, w = j+6, w+utf8.EncodeRune(dst[w:], r)
			default:
				return j, w, hi, false
			}
		case c == '"' || c < 0x20:
			return j, w, hi, false
		case c >= 0x80 && hi != 0:
			hi = 0 // from here on the words stop only at the other bytes
		default: // plain text within the last 8 bytes of the body, or non-ASCII
			dst[w] = c
			j, w = j+1, w+1
		}
	}
}

// detailEscapeLen returns the length, in the body, of what follows the \\ of an escape of
// the detail's own at the start of e: 2 for \", \\ and \/ (the detail's ", \ and / escaped in
// the body), 1 for the letters and '/' of the one-character escapes, 5 for u and four hex
// digits; 0 for anything else.
func detailEscapeLen(e []byte) int {
	if len(e) == 0 {
		return 0
	}
	switch e[0] {
	case '\\':
		if len(e) >= 2 && (e[1] == '"' || e[1] == '\\' || e[1] == '/') {
			return 2
		}
	case '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(e) >= 5 && isHex(e[1]) && isHex(e[2]) && isHex(e[3]) && isHex(e[4]) {
			return 5
		}
	}
	return 0
}
