package control

// MaxDetailDepth is the deepest nesting of objects and arrays PutEvents accepts in Detail.
const MaxDetailDepth = 1000

// ValidDetail reports whether d is a valid PutEvents Detail: a JSON object, nested at most
// MaxDetailDepth levels, whose integer numbers fit in a signed 64-bit integer.
func ValidDetail(d string) bool {
	_, _, ok := scanDetail(d, nil, len(d))
	return ok
}

// AppendCompactDetail validates d as ValidDetail does and, when valid, appends it to dst
// without insignificant whitespace (number lexemes and string contents byte for byte, as
// json.Compact does). It makes one pass over d; on failure it returns dst (whose spare capacity
// it may have written to).
func AppendCompactDetail(dst []byte, d string) ([]byte, bool) {
	compact, spaced, ok := scanDetail(d, dst, len(d))
	switch {
	case !ok:
		return dst, false
	case spaced:
		return compact, true
	}
	return append(dst, d...), true
}

// plainStringByte marks the bytes that stand for themselves inside a JSON string: all but
// '"', '\\' and the control characters.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
