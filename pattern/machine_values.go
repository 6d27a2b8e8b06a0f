package pattern

import (
	"bytes"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Value helpers of the Machine: case folding, IP addresses, numbers and wildcards, all working on
// event bytes without allocating.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	b := []byte(s)
	lowerASCII(b)
	return string(b)
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// foldEq reports whether event rune v matches pattern rune p ignoring case (Ruler's rule).
func foldEq(v, p rune) bool {
	return v == p || v == unicode.ToLower(p) || v == unicode.ToUpper(p)
}

// prefixFold reports whether val starts with pat ignoring case, rune by rune.
func prefixFold(val []byte, pat string) (rest []byte, ok bool) {
	for _, p := range pat {
		if len(val) == 0 {
			return nil, false
		}
		v, n := utf8.DecodeRune(val)
		if !foldEq(v, p) {
			return nil, false
		}
		val = val[n:]
	}
	return val, true
}

func equalFold(val []byte, pat string) bool {
	rest, ok := prefixFold(val, pat)
	return ok && len(rest) == 0
}

func suffixFold(val []byte, pat string) bool {
	for len(pat) > 0 {
		p, pn := utf8.DecodeLastRuneInString(pat)
		if len(val) == 0 {
			return false
		}
		v, n := utf8.DecodeLastRune(val)
		if !foldEq(v, p) {
			return false
		}
		val, pat = val[:len(val)-n], pat[:len(pat)-pn]
	}
	return true
}

// parseIP parses an event string as an IP address the way ipAddress does (four runs of decimal
// digits each at most 255, or hex digits and colons parsed as IPv6 and unmapped), without
// allocating.
func parseIP(b []byte) (netip.Addr, bool) {
	if len(b) == 0 || len(b) > 64 {
		return netip.Addr{}, false
	}
	if bytes.IndexByte(b, ':') >= 0 {
		for _, c := range b {
			if _, ok := hexDigit(c); !ok && c != ':' {
				return netip.Addr{}, false
			}
		}
		a, err := netip.ParseAddr(bstr(b))
		return a.Unmap(), err == nil
	}
	var v4 [4]byte
	part, v, digits := 0, 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if v = v*10 + int(c-'0'); v > 255 {
				return netip.Addr{}, false
			}
			digits++
		case c == '.' && digits > 0 && part < 3:
			v4[part] = byte(v)
			part, v, digits = part+1, 0, 0
		default:
			return netip.Addr{}, false
		}
	}
	if part != 3 || digits == 0 {
		return netip.Addr{}, false
	}
	v4[3] = byte(v)
	return netip.AddrFrom4(v4), true
}

// numberValue returns the float64 value of a number leaf and whether the number takes part in
// comparisons by value: its lexeme must denote exactly the shortest decimal form of the nearest
// float64 (see NewNumber). Parsed once per leaf.
func numberValue(lf *leaf) (float64, bool) {
	if lf.numState == 0 {
		v, err := strconv.ParseFloat(bstr(lf.val), 64)
		lf.num = v
		lf.numState = 2
		if err == nil && exactLexeme(lf.val, v) {
			lf.numState = 1
			if v == 0 {
				lf.num = 0 // -0 reads as 0
			}
		}
	}
	return lf.num, lf.numState == 1
}

// exactLexeme reports whether the JSON number lexeme denotes exactly the shortest decimal form of
// v, its parsed value, without allocating. Up to 15 significant digits always round-trip away
// from the subnormal range; longer literals are compared with strconv's shortest form.
func exactLexeme(lex []byte, v float64) bool {
	var a, b [32]byte
	da, ea, za := normDecimalBytes(a[:0], lex)
	if za {
		return v == 0
	}
	if v == 0 || math.IsInf(v, 0) {
		return false
	}
	if av := math.Abs(v); len(da) <= 15 && av > 1e-290 && av < 1e290 {
		return true
	}
	var f [32]byte
	db, eb, _ := normDecimalBytes(b[:0], strconv.AppendFloat(f[:0], v, 'e', -1, 64))
	return ea == eb && bytes.Equal(da, db)
}

// normDecimalBytes appends the significant digits of the decimal literal s to dst (no sign, no
// leading or trailing zeros) and returns them with the exponent of the last digit; zero reports
// a zero value. The sign is ignored: callers compare literals of the same parsed value.
func normDecimalBytes(dst, s []byte) (digits []byte, exp int, zero bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	frac := 0
	seenDot := false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			seenDot = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if seenDot {
			frac++
		}
		if c == '0' && len(dst) == 0 {
			continue
		}
		dst = append(dst, c)
	}
	e := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			neg = s[i] == '-'
			i++
		}
		for ; i < len(s) && e < 1e6; i++ {
			e = e*10 + int(s[i]-'0')
		}
		if neg {
			e = -e
		}
	}
	if len(dst) == 0 {
		return dst, 0, true
	}
	e -= frac
	for dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
		e++
	}
	return dst, e, false
}

// numEq reports whether event number lf equals pattern number n (lexeme, or value when exact).
func numEq(lf *leaf, n *Number) bool {
	if string(lf.val) == n.Lexeme {
		return true
	}
	if !n.Exact {
		return false
	}
	v, exact := numberValue(lf)
	return exact && v == n.Value
}

// wildcard is a compiled wildcard pattern: literal pieces between unescaped '*'.
type wildcard struct {
	pieces        []string
	lead, trail   bool // pattern starts / ends with '*'
	literalPrefix string
}

func compileWildcard(p string) *wildcard {
	w := &wildcard{}
	var cur strings.Builder
	star := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			i++
			cur.WriteByte(p[i])
			star = false
			continue
		}
		if c == '*' {
			if len(w.pieces) == 0 && cur.Len() == 0 {
				w.lead = true
			} else if !star {
				w.pieces = append(w.pieces, cur.String())
				cur.Reset()
			}
			star = true
			continue
		}
		star = false
		cur.WriteByte(c)
	}
	w.trail = star
	if !star {
		w.pieces = append(w.pieces, cur.String())
	}
	if !w.lead {
		w.literalPrefix = w.pieces[0]
	}
	return w
}

// match reports whether v matches: the first piece anchors at the start unless lead, the last at
// the end unless trail, and the middle ones are found leftmost in order (optimal for '*' only).
func (w *wildcard) match(v []byte) bool {
	ps := w.pieces
	if len(ps) == 0 { // pattern was only stars
		return true
	}
	if !w.lead {
		if !bytes.HasPrefix(v, []byte(ps[0])) {
			return false
		}
		if len(ps) == 1 && !w.trail {
			return len(v) == len(ps[0])
		}
		v = v[len(ps[0]):]
		ps = ps[1:]
	}
	last := ""
	if !w.trail && len(ps) > 0 {
		last = ps[len(ps)-1]
		ps = ps[:len(ps)-1]
	}
	for _, p := range ps {
		i := bytes.Index(v, []byte(p))
		if i < 0 {
			return false
		}
		v = v[i+len(p):]
	}
	if !w.trail {
		return bytes.HasSuffix(v, []byte(last))
	}
	return true
}
