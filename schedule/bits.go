package schedule

import "math/bits"

// bitset holds the allowed values of one cron field; values are 0..255 (years are stored as
// year-MinYear).
type bitset [4]uint64

func (b *bitset) set(v int)      { b[v>>6] |= 1 << (v & 63) }
func (b *bitset) has(v int) bool { return v >= 0 && v < 256 && b[v>>6]&(1<<(v&63)) != 0 }
func (b *bitset) empty() bool    { return b[0]|b[1]|b[2]|b[3] == 0 }

// next returns the smallest value ≥ from in the set, or -1.
func (b *bitset) next(from int) int {
	if from < 0 {
		from = 0
	}
	for w := from >> 6; w < 4; w++ {
		word := b[w]
		if w == from>>6 {
			word &= ^uint64(0) << (from & 63)
		}
		if word != 0 {
			return w<<6 + bits.TrailingZeros64(word)
		}
	}
	return -1
}
