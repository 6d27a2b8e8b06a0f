package pattern

import "math/bits"

// This file is the scanner's fast path. It records exactly the leaves, trails, spans and
// duplicate-key bookkeeping that flatten records, for events it can decide cheaply, and gives up
// (returns false or -1) on anything else: invalid JSON, nesting deeper than fastMaxDepth, or a
// top-level value that is not an object. The caller then resets the scratch and runs flatten,
// which reports the error exactly (or handles the rare case). So the fast path only has to be
// sound — never accept what flatten rejects, never record differently — not complete.
//
// Its hot loops make no calls on their common paths: Go has no callee-saved registers, so a
// call in a loop forces every live value out to memory around it. Member keys are scanned eight
// bytes at a time and rejected by the first-byte filter of the path node before anything else;
// values no rule looks at are skipped by skipValue, one loop with an explicit container stack.

// fastMaxDepth bounds the nesting the fast path follows, both along rule paths (recursion) and
// within one skipped value (a 64-bit container stack); deeper events take flatten.
const fastMaxDepth = 64

// fastScan is the state of one fast-path scan (it lives on the stack of flattenFast).
type fastScan struct {
	s      *scratch
	arrays int32 // array ids handed out so far, as flattener.arrays
}

// flattenFast scans event like flatten and reports whether it could. On false, s holds partial
// results: the caller must reset it and run flatten.
func (s *scratch) flattenFast(d []byte, root *pathNode) bool {
	p := 0
	if len(d) > 0 && d[0] <= ' ' {
		p = skipWS(d, 0)
	}
	if uint(p) >= uint(len(d)) || d[p] != '{' {
		return false
	}
	fs := fastScan{s: s}
	if p = fs.object(d, p, root, 1); p < 0 {
		return false
	}
	return p == len(d) || skipWS(d, p) == len(d)
}

// object scans the object whose '{' is at p, at path node n, and returns the position after it
// (-1: give up).
func (fs *fastScan) object(d []byte, p int, n *pathNode, depth int) int {
	s := fs.s
	base := len(s.keys)
	k := swar
	if p++; uint(p) < uint(len(d)) && d[p] <= ' ' {
		p = skipWS(d, p)
	}
	if uint(p) < uint(len(d)) && d[p] == '}' {
		return p + 1
	}
	for {
		if uint(p) >= uint(len(d)) || d[p] != '"' {
			if p = skipWS(d, p); uint(p) >= uint(len(d)) || d[p] != '"' {
				return -1
			}
		}
		// The key, eight bytes at a time; keys with escapes (or too close to the end for a
		// word) take slowKey.
		q := p + 1
		var m uint64
		for q+8 <= len(d) {
			if m = k.special(load64(d, q)); m != 0 {
				q += bits.TrailingZeros64(m) >> 3
				break
			}
			q += 8
		}
		var child *pathNode
		if m != 0 && byteAt(d, q) == '"' {
			// A child can be named by the key only if its first byte passes the node's filter
			// (a dotted key's first segment starts with the same byte, or is empty: '.'; a
			// non-ASCII first byte may be invalid UTF-8, which decodes to another byte).
			if q == p+1 {
				if n.hasEmpty {
					child = n.lookupKey(d[p+1:q], false)
				}
			} else if b := byteAt(d, p+1); b >= 0x80 || b == '.' || n.firsts[b>>6]&(1<<(b&63)) != 0 {
				if k := q - p - 1; k <= 16 && n.many == nil {
					// two words hold the key (the key loop read them whole): an ASCII key
					// equal to a child's name (names have no dots) is that child; one equal to
					// none names no child unless it has a dot
					x, y := load64(d, p+1), uint64(0)
					if k > 8 { // (shifts of 0..56 bits: & 63 spares Go's check for larger ones)
						y = load64(d, p+9) & (^uint64(0) >> ((128 - 8*k) & 63))
					} else {
						x &= ^uint64(0) >> ((64 - 8*k) & 63)
					}
					if (x|y)&msb8 == 0 {
						for few := n.few; len(few) > 0; few = few[1:] {
							if e := &few[0]; e.head == x && e.tail == y && len(e.name) == k {
								if c := e.node; c.uses+c.sub != 0 {
									child = c
								}
								p = q + 1
								goto colon
							}
						}
						if dotBytes(x)|dotBytes(y) == 0 {
							p = q + 1
							goto colon
						}
					}
				}
				if child = n.keyChild(d, p+1, q); child == needSlowKey {
					if p, child = fs.slowKey(d, p, n); p < 0 {
						return -1
					}
					q = p - 1
				}
			}
			p = q + 1
		} else if p, child = fs.slowKey(d, p, n); p < 0 {
			return -1
		}
	colon:
		if uint(p) >= uint(len(d)) || d[p] != ':' {
			if p = skipWS(d, p); uint(p) >= uint(len(d)) || d[p] != ':' {
				return -1
			}
		}
		p++
		switch {
		case child != nil:
			start := int32(len(s.leaves))
			q := 0
			str := child.uses > 0 && uint(p) < uint(len(d)) && d[p] == '"'
			if str {
				// plainStrEnd in line: a plain ASCII string ending in its first eight words
				var high uint64
				for r, lim := p+1, min(len(d)-8, p+64); r <= lim; r += 8 {
					x := load64(d, r)
					if m := k.special(x); m != 0 {
						z := bits.TrailingZeros64(m) >> 3
						if (high|x&(uint64(1)<<(8*z)-1))&msb8 == 0 && byteAt(d, r+z) == '"' {
							q = r + z + 1
						}
						break
					}
					high |= x
				}
			}
			switch {
			case q > 0:
				// a plain ASCII string leaf, the usual case, recorded here
				s.addLeaf(child.field, leafString, d[p+1:q-1], p)
				p = q
			case str:
				// escaped, not ASCII or long: value's plainStrEnd would only repeat the loop
				if p = fs.slowStr(d, p, child); p < 0 {
					return -1
				}
			default:
				if p = fs.value(d, p, child, depth); p < 0 {
					return -1
				}
			}
			s.noteKey(base, child, start)
		case uint(p) < uint(len(d)) && d[p] == '"':
			// a skipped string: up to 64 bytes here, the rest (and escapes) by skipStr
			q := p + 1
			for lim := min(len(d)-8, p+64); q <= lim; {
				if m := k.special(load64(d, q)); m != 0 {
					q += bits.TrailingZeros64(m) >> 3
					break
				}
				q += 8
			}
			if q < len(d) && byteAt(d, q) == '"' {
				// the next member, if any, straight from here: this path makes no call,
				// so its values can stay in registers around the loop
				if p = q + 1; uint(p) < uint(len(d)) && d[p] == ',' {
					p++
					continue
				}
			} else if p = skipLongStr(d, q); p < 0 {
				return -1
			}
		case uint(p) < uint(len(d)) && d[p]-'0' <= 9:
			// a skipped number without sign or exponent: digits (no leading zero), then
			// maybe a fraction
			q := p + 1
			if d[p] != '0' {
				q = digitsEnd(d, q)
			}
			if q+1 < len(d) && d[q] == '.' && d[q+1]-'0' <= 9 {
				q = digitsEnd(d, q+2)
			}
			if uint(q) < uint(len(d)) && d[q] != '.' && d[q]|0x20 != 'e' && d[q]-'0' > 9 {
				p = q
			} else if p = skipValue(d, p); p < 0 {
				return -1
			}
		default:
			if p = skipValue(d, p); p < 0 {
				return -1
			}
		}
		if uint(p) < uint(len(d)) && d[p] == ',' {
			p++
			continue
		}
		if uint(p) >= uint(len(d)) {
			return -1
		}
		if d[p] <= ' ' {
			if p = skipWS(d, p); p >= len(d) {
				return -1
			}
		}
		if d[p] == ',' {
			p++
			continue
		}
		if d[p] != '}' {
			return -1
		}
		s.keys = s.keys[:base]
		return p + 1
	}
}
