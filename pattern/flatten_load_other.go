//go:build !(amd64 || arm64 || 386 || ppc64le || loong64)

package pattern

import "encoding/binary"

// load64 returns the eight bytes d[i:i+8] as a little-endian word (see flatten_load.go).
func load64(d []byte, i int) uint64 { return binary.LittleEndian.Uint64(d[i : i+8]) }

// byteAt returns d[i].
func byteAt(d []byte, i int) byte { return d[i] }
