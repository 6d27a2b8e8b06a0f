//go:build amd64 && !purego

package pattern

// The scanner's one piece of assembly (flatten_index_amd64.s): plainIndex, the search for the
// end of a long plain string with AVX2, where the CPU and the OS support it. Build with the
// purego tag to leave it out.

// hasAVX2 reports whether plainIndex may run (the CPU and the OS support AVX2).
var hasAVX2 = cpuHasAVX2()

// cpuHasAVX2 asks CPUID and XGETBV whether AVX2 instructions and the YMM state are usable.
func cpuHasAVX2() bool

// plainIndex returns the index of the first '"', '\\' or control character in b, or len(b) when
// there is none, 64 bytes per step while 64 remain, then 32 (one byte compare each for the
// quote and the backslash, an unsigned maximum for the control characters). It must only be called when hasAVX2 is true and
// len(b) >= 32.
//
//go:noescape
func plainIndex(b []byte) int
