package control

import "unsafe"

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

// stringBytes returns the bytes of s without copying them; they must only be read.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
