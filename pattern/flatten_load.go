//go:build amd64 || arm64 || 386 || ppc64le || loong64

package pattern

import "unsafe"

// load64 returns the eight bytes d[i:i+8] as a little-endian word. The caller guarantees
// 0 <= i && i+8 <= len(d); there is no bounds check (this file is built only for little-endian
// platforms that allow unaligned loads; flatten_load_other.go is the portable version).
func load64(d []byte, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(d)), i))
}

// byteAt returns d[i]; the caller guarantees 0 <= i < len(d).
func byteAt(d []byte, i int) byte {
	return *(*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(d)), i))
}
