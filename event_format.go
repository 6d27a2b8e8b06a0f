package eventrail

import "time"

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// plainJSON8 reports whether the 8 bytes of s (len(s) must be 8) can be copied into a JSON
// string literal as they are: ASCII, no control character, no quote, no backslash.
func plainJSON8(s string) bool {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	below20 := (x - lsb*0x20) & ^x    // high bit set in bytes < 0x20 (and some >= 0x80)
	quote := (x ^ lsb*'"') - lsb      // high bit set in bytes == '"' (and some others)
	quote &= ^(x ^ lsb*'"')           // ... exactly where x == '"' or borrow chains from one
	backslash := (x ^ lsb*'\\') - lsb // same for '\\'
	backslash &= ^(x ^ lsb*'\\')
	return (below20|quote|backslash|x)&msb == 0
}

// appendEnvelopeTime appends t in UTC as TimeFormat (2006-01-02T15:04:05Z) without the
// general layout interpreter; years outside 0..9999 take the general path.
func appendEnvelopeTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, TimeFormat)
	}
	hour, minute, sec := t.Clock()
	dst = append(dst, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-')
	dst = appendTwoDigits(dst, int(month), '-')
	dst = appendTwoDigits(dst, day, 'T')
	dst = appendTwoDigits(dst, hour, ':')
	dst = appendTwoDigits(dst, minute, ':')
	return appendTwoDigits(dst, sec, 'Z')
}

func appendTwoDigits(dst []byte, v int, sep byte) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10), sep)
}
