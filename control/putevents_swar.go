package control

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Word-at-a-time scanning of JSON string contents: 8 bytes are checked at once for the bytes
// that end a run of plain string text.
const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// specialBytes returns a word with the high bit set in (at least) the lowest byte of v that
// is '"', '\\' or a control character; zero when there is none. Bytes above the lowest flagged
// one may be flagged wrongly.
func specialBytes(v uint64) uint64 {
	q := v ^ ('"' * swarLo)
	bs := v ^ ('\\' * swarLo)
	return ((v-0x20*swarLo) & ^v | (q-swarLo) & ^q | (bs-swarLo) & ^bs) & swarHi
}

// skipPlain returns the index of the first byte of s at or after j that is '"', '\\', a
// control character, or (when stopAtNonASCII) ≥ 0x80; len(s) when there is none.
func skipPlain(s []byte, j int, stopAtNonASCII bool) int {
	var extra uint64
	if stopAtNonASCII {
		extra = swarHi
	}
	for ; j+8 <= len(s); j += 8 {
		v := binary.LittleEndian.Uint64(s[j:])
		if m := specialBytes(v) | v&extra; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	for ; j < len(s); j++ {
		if c := s[j]; !plainStringByte[c] || stopAtNonASCII && c >= 0x80 {
			return j
		}
	}
	return j
}

// skipPlainString is skipPlain for a string.
func skipPlainString(s string, j int, stopAtNonASCII bool) int {
	return skipPlain(stringBytes(s), j, stopAtNonASCII)
}

// stringBytes returns the bytes of s without copying them; they must only be read.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
