// Package binframe writes and reads the primitives of eventrail's binary record forms (the bus
// log's event frames, parked hand-offs): uvarints, varints, big-endian uint32s, and byte
// strings prefixed by their length as a uvarint. Standard library only.
package binframe

import "encoding/binary"

// AppendBytes appends s to dst, prefixed by its length as a uvarint.
func AppendBytes[T ~string | ~[]byte](dst []byte, s T) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// Reader decodes primitives from Buf. The first failure sticks: Err becomes Bad (or a generic
// error when Bad is nil), Buf is emptied, and every later read returns a zero value, so a
// decoder may read a whole record and check Err once. Byte slices it returns alias Buf, capped
// at their length. Not safe for concurrent use.
type Reader struct {
	Buf []byte
	Err error
	Bad error // the error a failure sets
}

// fail records a failure.
func (r *Reader) fail() {
	if r.Err == nil {
		r.Err = r.Bad
		if r.Err == nil {
			r.Err = errMalformed
		}
	}
	r.Buf = nil
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.Buf) == 0 {
		r.fail()
		return 0
	}
	b := r.Buf[0]
	r.Buf = r.Buf[1:]
	return b
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.Buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.Buf = r.Buf[n:]
	return v
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	v, n := binary.Varint(r.Buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.Buf = r.Buf[n:]
	return v
}

// U32 reads a big-endian uint32.
func (r *Reader) U32() uint32 {
	if len(r.Buf) < 4 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint32(r.Buf)
	r.Buf = r.Buf[4:]
	return v
}

// Raw reads the next n bytes.
func (r *Reader) Raw(n int) []byte {
	if r.Err != nil || n < 0 || n > len(r.Buf) {
		r.fail()
		return nil
	}
	b := r.Buf[:n:n]
	r.Buf = r.Buf[n:]
	return b
}

// Bytes reads a byte string written by AppendBytes.
func (r *Reader) Bytes() []byte {
	n := r.Uvarint()
	if r.Err != nil || n > uint64(len(r.Buf)) {
		r.fail()
		return nil
	}
	return r.Raw(int(n))
}

// String reads a byte string written by AppendBytes, as a string.
func (r *Reader) String() string { return string(r.Bytes()) }
