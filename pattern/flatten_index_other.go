//go:build !amd64 || purego

package pattern

// hasAVX2 is false where there is no plainIndex in assembly (see flatten_index_amd64.go).
const hasAVX2 = false

// plainIndex is never called where hasAVX2 is false.
func plainIndex(b []byte) int { panic("pattern: plainIndex without AVX2") }
