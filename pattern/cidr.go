package pattern

import (
	"net/netip"
	"strings"
	"unicode"
)

// IP address handling, as EventBridge does it:
//   - a string "looks like" an IPv4 address when it is four runs of ASCII digits separated by dots,
//     and like an IPv6 address when it consists only of hex digits and colons with at least one
//     colon;
//   - a looking-alike IPv4 string is an address when every part is at most 255 (leading zeros
//     are allowed and read as decimal, as Java's classic literal parser does); an IPv6 one when it
//     parses as an IPv6 literal. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d written in hex) are
//     treated as the IPv4 address.

// ipAddress parses s as an IP address literal under the rules above.
func ipAddress(s string) (netip.Addr, bool) {
	switch {
	case looksIPv4(s):
		var b [4]byte
		for i, part := range strings.Split(s, ".") {
			v := 0
			for j := 0; j < len(part); j++ {
				v = v*10 + int(part[j]-'0')
				if v > 255 {
					return netip.Addr{}, false
				}
			}
			b[i] = byte(v)
		}
		return netip.AddrFrom4(b), true
	case looksIPv6(s):
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Addr{}, false
		}
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

func looksIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) {
				return false
			}
		}
	}
	return true
}

func looksIPv6(s string) bool {
	if !strings.Contains(s, ":") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if _, ok := hexDigit(s[i]); !ok && s[i] != ':' {
			return false
		}
	}
	return true
}

// ipLiteralPrefix reports whether a plain string in a pattern is an IP address literal, which
// EventBridge turns into a single-address range (so "2001:db8::1" matches "2001:0db8:0:0:0:0:0:1"
// and "::ffff:a00:1" matches "10.0.0.1").
func ipLiteralPrefix(s string) (netip.Prefix, bool) {
	a, ok := ipAddress(s)
	if !ok {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// parseCIDR parses the operand of {"cidr": ...}; reason is AWS's message when it is invalid.
func parseCIDR(s string) (netip.Prefix, string) {
	parts := javaSplit(s, "/")
	if len(parts) != 2 {
		return netip.Prefix{}, "Malformed CIDR, one '/' required"
	}
	bits, ok := javaParseInt(parts[1])
	if !ok {
		return netip.Prefix{}, "Malformed CIDR, mask bits must be an integer"
	}
	if bits < 0 {
		return netip.Prefix{}, "Malformed CIDR, mask bits must not be negative"
	}
	addr := parts[0]
	if !looksIPv4(addr) && !looksIPv6(addr) {
		return netip.Prefix{}, "Nonstandard IP address: " + addr
	}
	a, ok := ipAddress(addr)
	if !ok {
		return netip.Prefix{}, "Invalid IP address: " + addr
	}
	if a.Is4() && bits > 31 {
		return netip.Prefix{}, "IPv4 mask bits must be < 32"
	}
	if a.Is6() && bits > 127 {
		return netip.Prefix{}, "IPv6 mask bits must be < 128"
	}
	return netip.PrefixFrom(a, bits).Masked(), ""
}

// javaSplit splits like Java's String.split with a literal separator: trailing empty strings are
// removed.
func javaSplit(s, sep string) []string {
	parts := strings.Split(s, sep)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// javaParseInt parses like Java's Integer.parseInt: optional sign, decimal digits (any Unicode
// decimal digit), 32-bit range.
func javaParseInt(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	v := int64(0)
	for _, r := range s {
		d, ok := decimalDigit(r)
		if !ok {
			return 0, false
		}
		v = v*10 + int64(d)
		if v > 1<<31 {
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	if v > 1<<31-1 || v < -1<<31 {
		return 0, false
	}
	return int(v), true
}

// decimalDigit returns the value of a Unicode decimal digit (category Nd).
func decimalDigit(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if !unicode.IsDigit(r) {
		return 0, false
	}
	// Nd digits come in runs of ten starting at zero.
	zero := r
	for unicode.IsDigit(zero - 1) {
		zero--
	}
	return int(r-zero) % 10, true
}
