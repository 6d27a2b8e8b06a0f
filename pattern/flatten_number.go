package pattern

import (
	"encoding/binary"
	"math/bits"
)

// number validates a JSON number at f.pos and moves past it.
func (f *flattener) number() error {
	p, err := numberEnd(f.data, f.pos)
	if err != nil {
		return err
	}
	f.pos = p
	return nil
}

// numberEnd validates the JSON number at p and returns the position after it.
func numberEnd(d []byte, p int) (int, error) {
	if p < len(d) && d[p] == '-' {
		p++
	}
	switch {
	case p < len(d) && d[p] == '0':
		p++
	case p < len(d) && d[p] >= '1' && d[p] <= '9':
		p += digitRun(d[p:])
	default:
		return p, syntaxError(p, "invalid character looking for beginning of value")
	}
	if p < len(d) && d[p] == '.' {
		p++
		if p >= len(d) || d[p] < '0' || d[p] > '9' {
			return p, syntaxError(p, "invalid number")
		}
		p += digitRun(d[p:])
	}
	if p < len(d) && (d[p] == 'e' || d[p] == 'E') {
		p++
		if p < len(d) && (d[p] == '+' || d[p] == '-') {
			p++
		}
		if p >= len(d) || d[p] < '0' || d[p] > '9' {
			return p, syntaxError(p, "invalid number")
		}
		for p < len(d) && d[p] >= '0' && d[p] <= '9' {
			p++
		}
	}
	return p, nil
}

// digitRun returns how many bytes at the start of b are ASCII digits, examining eight bytes at
// a time (the lowest flagged byte is always a genuine non-digit: borrows and carries only start
// at one).
func digitRun(b []byte) int {
	n := 0
	for n+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[n:])
		if m := ((x - lsb8*'0') | (x + lsb8*(0x7f-'9')) | x) & msb8; m != 0 {
			return n + bits.TrailingZeros64(m)/8
		}
		n += 8
	}
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n
}
