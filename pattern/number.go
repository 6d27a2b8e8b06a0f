package pattern

import (
	"math"
	"strconv"
	"strings"
)

// NewNumber describes a JSON number literal (from a pattern or from an event): its lexeme, its
// float64 value and whether the literal is exactly representable.
//
// A literal is exact when its decimal value equals the decimal value of the shortest decimal
// representation of the nearest float64 (EventBridge's rule: BigDecimal.valueOf(double) must
// compare equal to the literal). So 300, 300.0, 3e2, 0.1 and 1.5e-7 are exact, while
// 12345678901234567890, 0.30000000000000001 and 1e400 are not. Only exact numbers take part in
// comparisons by value (equality, numeric ranges, numeric anything-but); any number also matches
// a pattern number with the identical lexeme.
func NewNumber(lexeme string) Number {
	v, err := strconv.ParseFloat(lexeme, 64)
	n := Number{Lexeme: lexeme, Value: v}
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return n
	}
	n.Exact = sameDecimal(lexeme, strconv.FormatFloat(v, 'e', -1, 64))
	if n.Exact && v == 0 {
		n.Value = 0 // EventBridge reads -0 as 0
	}
	return n
}

// NumbersEqual reports whether an event number matches a pattern number: identical lexemes, or
// both exact with equal values.
func NumbersEqual(pattern, event Number) bool {
	if pattern.Lexeme == event.Lexeme {
		return true
	}
	return pattern.Exact && event.Exact && pattern.Value == event.Value
}

// sameDecimal reports whether two decimal literals denote the same number.
func sameDecimal(a, b string) bool {
	na, ea, za := normDecimal(a)
	nb, eb, zb := normDecimal(b)
	if za || zb {
		return za && zb
	}
	return na == nb && ea == eb
}

// normDecimal reduces a decimal literal to sign+significant digits and the exponent of the last
// digit; zero reports isZero.
func normDecimal(s string) (digits string, exp int, isZero bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	mant, e := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		x, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return s, 0, false // absurd exponents: compare literally
		}
		e = x
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		e -= len(mant) - i - 1
		mant = mant[:i] + mant[i+1:]
	}
	mant = strings.TrimLeft(mant, "0")
	if mant == "" {
		return "", 0, true
	}
	for strings.HasSuffix(mant, "0") {
		mant = mant[:len(mant)-1]
		e++
	}
	if neg {
		mant = "-" + mant
	}
	return mant, e, false
}

// cannotCompare is EventBridge's reason for a number that is not exactly representable where a
// comparison by value is required.
func cannotCompare(lexeme string) string {
	return "Cannot compare number : " + lexeme
}
