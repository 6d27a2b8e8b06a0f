package pattern

import (
	"encoding/binary"
	"math/bits"
)

// litEnd checks that the literal lit is at p and returns the position after it.
func litEnd(d []byte, p int, lit string) (int, error) {
	if len(d)-p < len(lit) || string(d[p:p+len(lit)]) != lit {
		return p, syntaxError(p, "invalid literal")
	}
	return p + len(lit), nil
}

// skipKey validates an object key and its ':' at p (after optional whitespace) and returns the
// position after the ':'.
func skipKey(d []byte, p int) (int, error) {
	if p >= len(d) || d[p] != '"' {
		if p = skipWS(d, p); p >= len(d) || d[p] != '"' {
			return p, syntaxError(p, "expected object key")
		}
	}
	q := -1
	if p+9 <= len(d) {
		if m := specialBytes(binary.LittleEndian.Uint64(d[p+1:])); m != 0 {
			if q = p + 1 + bits.TrailingZeros64(m)/8; d[q] == '"' {
				p = q + 1
			} else {
				q = -1
			}
		}
	}
	if q < 0 {
		var err error
		if p, err = skipStr(d, p); err != nil {
			return p, err
		}
	}
	return skipColon(d, p)
}

// skipColon validates the ':' after an object key at p (after optional whitespace) and returns
// the position after it.
func skipColon(d []byte, p int) (int, error) {
	if p >= len(d) || d[p] != ':' {
		if p = skipWS(d, p); p >= len(d) || d[p] != ':' {
			return p, syntaxError(p, "expected ':' after object key")
		}
	}
	return p + 1, nil
}

// skipWS returns the position of the first non-whitespace byte at or after p.
func skipWS(d []byte, p int) int {
	for p < len(d) {
		switch d[p] {
		case ' ', '\t', '\n', '\r':
			p++
		default:
			return p
		}
	}
	return p
}

// skip validates the JSON value at f.pos (after optional whitespace) and moves past it,
// recording nothing: the scanner's path for values no rule looks at or below. Containers recurse
// (one call each); their strings are decided in line when shorter than eight bytes (calls are
// costly: every live register is saved around them). It accepts exactly what value does.
func (f *flattener) skip() error {
	d := f.data
	p := f.pos
	if p < len(d) && d[p] <= ' ' {
		p = skipWS(d, p)
	}
	if p >= len(d) {
		return syntaxError(p, "unexpected end of input")
	}
	c := d[p]
	if c != '{' && c != '[' {
		if c == '"' {
			p = f.skipStrAt(p)
		} else {
			p = f.skipScalarAt(p)
		}
		if p < 0 {
			return f.err
		}
		f.pos = p
		return nil
	}
	f.depth++
	if f.depth > maxDepth {
		return syntaxError(p, "exceeded max depth")
	}
	p = skipWS(d, p+1)
	if p < len(d) && d[p] == c+2 { // '}' or ']'
		f.pos = p + 1
		f.depth--
		return nil
	}
	var err error
	for {
		if c == '{' {
			if p < len(d) && d[p] == '"' {
				if q := shortStrEnd(d, p); q >= 0 {
					p = q
				} else if p, err = skipStr(d, p); err != nil {
					return err
				}
				if p < len(d) && d[p] == ':' {
					p++
				} else if p, err = skipColon(d, p); err != nil {
					return err
				}
			} else if p, err = skipKey(d, p); err != nil {
				return err
			}
		}
		if p < len(d) && d[p] == '"' {
			if q := shortStrEnd(d, p); q >= 0 {
				p = q
			} else if p, err = skipStr(d, p); err != nil {
				return err
			}
		} else if q := intEnd(d, p); q >= 0 {
			p = q
		} else {
			f.pos = p
			if err := f.skip(); err != nil {
				return err
			}
			p = f.pos
		}
		if p < len(d) && d[p] == ',' {
			p++
			continue
		}
		if p = skipWS(d, p); p >= len(d) {
			return syntaxError(p, "unexpected end of input")
		}
		if d[p] == ',' {
			p++
			continue
		}
		if d[p] != c+2 {
			return syntaxError(p, "expected ',' or end of container")
		}
		f.pos = p + 1
		f.depth--
		return nil
	}
}

// shortStrEnd returns the position after the JSON string whose opening quote is at p (the caller
// has checked d[p] == '"') when the string is plain and shorter than eight bytes (one word
// decides it), else -1.
func shortStrEnd(d []byte, p int) int {
	if p+9 <= len(d) {
		if m := specialBytes(binary.LittleEndian.Uint64(d[p+1:])); m != 0 {
			if q := p + 1 + bits.TrailingZeros64(m)/8; d[q] == '"' {
				return q + 1
			}
		}
	}
	return -1
}

// intEnd returns the position after the integer at p when it is plain (digits not starting with
// '0', not followed by a fraction or exponent, not at the end of d), else -1: the common case,
// decided without numberEnd.
func intEnd(d []byte, p int) int {
	q := p
	for q < len(d) && d[q]-'0' <= 9 {
		q++
	}
	if q == p || d[p] == '0' || q >= len(d) || d[q] == '.' || d[q] == 'e' || d[q] == 'E' {
		return -1
	}
	return q
}

// skipStrAt and skipScalarAt are skipStr and the literal and number scanners for skip: they return the new position, or -1 with the error in f.err (one result
// keeps the caller's registers freer).
func (f *flattener) skipStrAt(p int) int {
	q, err := skipStr(f.data, p)
	if err != nil {
		f.err = err
		return -1
	}
	return q
}

func (f *flattener) skipScalarAt(p int) int {
	var err error
	switch f.data[p] {
	case 't':
		p, err = litEnd(f.data, p, "true")
	case 'f':
		p, err = litEnd(f.data, p, "false")
	case 'n':
		p, err = litEnd(f.data, p, "null")
	default:
		p, err = numberEnd(f.data, p)
	}
	if err != nil {
		f.err = err
		return -1
	}
	return p
}
