// Package uuidtext makes random (version 4) UUIDs in their 8-4-4-4-12 text form with one read
// of the system's cryptographic random source for any number of them, and no allocation
// beyond the caller's buffer: event ids and request ids on the hot path.
package uuidtext

import (
	"crypto/rand"
	"encoding/hex"
)

// Size is the length of one UUID's text.
const Size = 36

// AppendV4 appends the text of n random version 4 UUIDs (Size bytes each, no separator) to
// dst. Safe for concurrent use.
func AppendV4(dst []byte, n int) []byte {
	var small [16 * 10]byte
	raw := small[:0]
	if 16*n > len(small) {
		raw = make([]byte, 0, 16*n)
	}
	raw = raw[:16*n]
	_, _ = rand.Read(raw) // crypto/rand.Read never fails on supported platforms
	for i := range n {
		u := raw[16*i : 16*i+16]
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
		dst = appendText(dst, u)
	}
	return dst
}

// appendText appends the 16 bytes of u in the 8-4-4-4-12 hex form.
func appendText(dst, u []byte) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, Size)...)
	t := dst[start:]
	hex.Encode(t[0:8], u[0:4])
	t[8] = '-'
	hex.Encode(t[9:13], u[4:6])
	t[13] = '-'
	hex.Encode(t[14:18], u[6:8])
	t[18] = '-'
	hex.Encode(t[19:23], u[8:10])
	t[23] = '-'
	hex.Encode(t[24:36], u[10:16])
	return dst
}
