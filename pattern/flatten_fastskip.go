package pattern

import "math/bits"

// skipValue validates the JSON value at p (after optional whitespace) and returns the position
// after it, or -1 when it is invalid or nested deeper than fastMaxDepth (the fast path then
// gives up and flatten decides). It accepts exactly what flattener.skip accepts, within that
// depth. It is one loop over an explicit container stack (bit i of stack: the container at depth
// i+1 is an object), with strings up to 64 bytes, plain integers and literals decided in line;
// only longer strings, strings with escapes and other numbers call out.
func skipValue(d []byte, p int) int {
	var (
		stack uint64
		depth int
		q     int
		c     byte
		k     = swar
	)
value:
	if uint(p) >= uint(len(d)) {
		return -1
	}
	if c = d[p]; c == '"' {
		goto str
	}
	switch c {
	case '{':
		if depth == fastMaxDepth {
			return -1
		}
		depth++
		stack = stack<<1 | 1
		if p++; uint(p) < uint(len(d)) && d[p] <= ' ' {
			p = skipWS(d, p)
		}
		if uint(p) < uint(len(d)) && d[p] == '}' {
			p++
			goto closed
		}
		goto key
	case '[':
		if depth == fastMaxDepth {
			return -1
		}
		depth++
		stack <<= 1
		if p++; uint(p) < uint(len(d)) && d[p] <= ' ' {
			p = skipWS(d, p)
		}
		if uint(p) < uint(len(d)) && d[p] == ']' {
			p++
			goto closed
		}
		goto value
	case 't':
		if len(d)-p < 4 || string(d[p:p+4]) != "true" {
			return -1
		}
		p += 4
		goto after
	case 'f':
		if len(d)-p < 5 || string(d[p:p+5]) != "false" {
			return -1
		}
		p += 5
		goto after
	case 'n':
		if len(d)-p < 4 || string(d[p:p+4]) != "null" {
			return -1
		}
		p += 4
		goto after
	case ' ', '\t', '\n', '\r':
		p = skipWS(d, p)
		goto value
	}
	// a number: plain integers here, the others by numberEnd
	if c-'1' <= 8 {
		q = p + 1
		for uint(q) < uint(len(d)) && d[q]-'0' <= 9 {
			q++
		}
		if uint(q) < uint(len(d)) && d[q] != '.' && d[q]|0x20 != 'e' {
			p = q
			goto after
		}
	}
	if q = numberEndPos(d, p); q < 0 {
		return -1
	}
	p = q
	goto after

key:
	if uint(p) >= uint(len(d)) || d[p] != '"' {
		if p = skipWS(d, p); uint(p) >= uint(len(d)) || d[p] != '"' {
			return -1
		}
	}
	// the key (the same scan as str below), then ':' and its value
	q = p + 1
	for lim := min(len(d)-8, p+64); q <= lim; {
		if m := k.special(load64(d, q)); m != 0 {
			q += bits.TrailingZeros64(m) >> 3
			break
		}
		q += 8
	}
	if q < len(d) && byteAt(d, q) == '"' {
		p = q + 1
	} else if p = skipLongStr(d, q); p < 0 {
		return -1
	}
	if uint(p) >= uint(len(d)) || d[p] != ':' {
		if p = skipWS(d, p); uint(p) >= uint(len(d)) || d[p] != ':' {
			return -1
		}
	}
	p++
	goto value

str: // a string value at p
	q = p + 1
	for lim := min(len(d)-8, p+64); q <= lim; {
		if m := k.special(load64(d, q)); m != 0 {
			q += bits.TrailingZeros64(m) >> 3
			break
		}
		q += 8
	}
	if q < len(d) && byteAt(d, q) == '"' {
		p = q + 1
	} else if p = skipLongStr(d, q); p < 0 {
		return -1
	}

after: // after a complete value inside depth containers
	if depth == 0 {
		return p
	}
	if uint(p) >= uint(len(d)) {
		return -1
	}
	if c = d[p]; c <= ' ' {
		if p = skipWS(d, p); p >= len(d) {
			return -1
		}
		c = d[p]
	}
	if c == ',' {
		p++
		if stack&1 != 0 {
			goto key
		}
		goto value
	}
	// '}' closes an object, ']' an array
	if c != ']'+byte(stack&1)*('}'-']') {
		return -1
	}
	p++

closed: // a container just ended at p
	depth--
	stack >>= 1
	goto after
}

// numberEndPos is numberEnd returning -1 on an error.
func numberEndPos(d []byte, p int) int {
	q, err := numberEnd(d, p)
	if err != nil {
		return -1
	}
	return q
}
