package pattern

import "math/bits"

// Keys and strings for the scanner's fast path (flatten_fast.go).

// needSlowKey is keyChild's answer for a key with non-ASCII bytes: slowKey must decide.
var needSlowKey = new(pathNode)

// swarConsts are specialBytes' constants as values rather than immediates: a function that
// copies swar into a local keeps them in registers or stack slots that its loops use as memory
// operands, instead of materialising five 64-bit immediates per word.
type swarConsts struct{ x02, x21, x5c, lsb, msb uint64 }

var swar = swarConsts{lsb8 * 0x02, lsb8 * 0x21, lsb8 * '\\', lsb8, msb8}

// special is specialBytes(x).
func (k *swarConsts) special(x uint64) uint64 {
	return (((x ^ k.x02) - k.x21) | ((x ^ k.x5c) - k.lsb)) &^ x & k.msb
}

// keyChild is lookupKey for the key d[start:end] (no escapes; d[end] is its closing quote,
// found in a word read whole, so words from start up to end can be read) that passed the
// first-byte filter: non-ASCII keys get needSlowKey, dotted keys are split, others go through
// the length filter and the child table directly.
func (n *pathNode) keyChild(d []byte, start, end int) *pathNode {
	var high, dots uint64
	for i := start; i < end; i += 8 {
		x := load64(d, i)
		if end-i < 8 {
			x &= uint64(1)<<(8*(end-i)) - 1
		}
		high |= x
		dots |= dotBytes(x)
	}
	key := d[start:end]
	switch {
	case high&msb8 != 0:
		return needSlowKey
	case dots != 0:
		return n.lookupKey(key, true)
	case n.lens&(1<<min(len(key), 63)) == 0:
		return nil
	}
	if c := n.childOf(key); c != nil && c.uses+c.sub != 0 {
		return c
	}
	return nil
}

// slowKey scans the key at p (d[p] == '"') with the general key scanner and looks it up in n.
// It returns the position after the key (-1: invalid) and the child, if any.
func (fs *fastScan) slowKey(d []byte, p int, n *pathNode) (int, *pathNode) {
	f := flattener{s: fs.s, data: d, pos: p}
	mark := len(fs.s.buf)
	key, maybeDot, err := f.key()
	if err != nil {
		return -1, nil
	}
	child := n.lookupKey(key, maybeDot)
	fs.s.buf = fs.s.buf[:mark]
	return f.pos, child
}

// plainStrEnd returns the position after the string at p when it is plain (no escapes, ASCII)
// and short (its closing quote lies in its first eight words), else 0 (also when d[p] is not
// '"'): the strings a leaf can keep as a slice of the event. (object has the same loop in line
// for a member's value: the call cost 0.5% more instructions per Match.)
func plainStrEnd(d []byte, p int, k swarConsts) int {
	if p >= len(d) || byteAt(d, p) != '"' {
		return 0
	}
	var high uint64
	for q, lim := p+1, min(len(d)-8, p+64); q <= lim; q += 8 {
		x := load64(d, q)
		if m := k.special(x); m != 0 {
			n := bits.TrailingZeros64(m) >> 3
			if (high|x&(uint64(1)<<(8*n)-1))&msb8 != 0 || byteAt(d, q+n) != '"' {
				return 0
			}
			return q + n + 1
		}
		high |= x
	}
	return 0
}

// The scanner scans short strings with the same few lines at several places (a skipped
// member's value, a key and a string inside a skipped container, a member's plain string leaf)
// rather than a helper: the helper is too large to be inlined, and the call cost 5.7% more
// instructions per Match (callgrind, rulegen mixed, 10 rules). The skipping copies end in
// skipLongStr.

// skipLongStr finishes skipping a string whose bytes before q are known to be plain content
// (q: the first byte not scanned yet, or a special byte) and returns the position after it, or
// -1 when it is invalid. With AVX2, plainIndex finds the first special byte however far it is
// (usually the closing quote); otherwise, or at an escape, skipStrFrom goes on, sending a long
// run to the vectorised search at once.
func skipLongStr(d []byte, q int) int {
	if hasAVX2 && len(d)-q >= 32 {
		// the first special byte, however far: the usual one is the closing quote
		if q += plainIndex(d[q:]); q < len(d) && byteAt(d, q) == '"' {
			return q + 1
		}
	}
	done := 0
	if q < len(d) && byteAt(d, q) != '\\' && byteAt(d, q) >= 0x20 {
		done = 5 // not at a special byte: a long plain run
	}
	p, err := skipStrFrom(d, q-1, done)
	if err != nil {
		return -1
	}
	return p
}

// digitsEnd returns the position of the first byte at or after q that is not an ASCII digit
// (len(d) if there is none), eight bytes at a time. In a word, a byte is flagged when adding
// 0x46 or subtracting 0x30 sets its high bit (it is above '9' or below '0'); carries and
// borrows only propagate upwards and digits cause none, so the lowest flagged byte is genuine.
func digitsEnd(d []byte, q int) int {
	for ; q+8 <= len(d); q += 8 {
		x := load64(d, q)
		if m := ((x + lsb8*0x46) | (x - lsb8*0x30) | x) & msb8; m != 0 {
			return q + bits.TrailingZeros64(m)>>3
		}
	}
	for q < len(d) && d[q]-'0' <= 9 {
		q++
	}
	return q
}
