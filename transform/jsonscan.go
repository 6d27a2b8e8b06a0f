package transform

import (
	"bytes"
	"encoding/json"
)

// This file holds a small, allocation-free JSON navigator over raw bytes. It trusts its input
// to be JSON (envelopes come from eventrail.Event.Envelope) but never panics or loops on bytes
// that are not: malformed input simply yields "not found".

// skipWS returns the index of the first non-whitespace byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the JSON string starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		bs := 0
		for m := j - 1; m > i && b[m] == '\\'; m-- {
			bs++
		}
		if bs%2 == 0 {
			return j + 1
		}
		j++
	}
}

// skipValue returns the index just past the JSON value starting at b[i] (no leading
// whitespace), or -1 when there is none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipComposite(b, i)
	case '}', ']', ',', ':':
		return -1
	}
	j := i
	for j < len(b) {
		switch b[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r', ':', '"', '{', '[':
			return j
		}
		j++
	}
	return j
}

// structural marks the bytes skipComposite must look at.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skipComposite skips an object or array by bracket depth, stepping over strings.
func skipComposite(b []byte, i int) int {
	depth := 0
	for j := i; j < len(b); j++ {
		c := b[j]
		if !structural[c] {
			continue
		}
		switch c {
		case '"':
			end := skipString(b, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case '{', '[':
			depth++
		default:
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// eachField calls f with each key (raw, with quotes) and value of the object b. It stops early
// when f returns false. It reports false when b is not an object.
func eachField(b []byte, f func(key, val []byte) bool) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return true
	}
	for i < len(b) {
		if b[i] != '"' {
			return false
		}
		kEnd := skipString(b, i)
		if kEnd < 0 {
			return false
		}
		key := b[i:kEnd]
		i = skipWS(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipWS(b, i+1)
		vEnd := skipValue(b, i)
		if vEnd < 0 {
			return false
		}
		if !f(key, b[i:vEnd]) {
			return true
		}
		i = skipWS(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		return i < len(b) && b[i] == '}'
	}
	return false
}

// eachElem calls f with each element of the array b, stopping early when f returns false. It
// reports false when b is not an array.
func eachElem(b []byte, f func(val []byte) bool) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '[' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return true
	}
	for i < len(b) {
		vEnd := skipValue(b, i)
		if vEnd < 0 {
			return false
		}
		if !f(b[i:vEnd]) {
			return true
		}
		i = skipWS(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		return i < len(b) && b[i] == ']'
	}
	return false
}

// keyEquals reports whether the raw JSON string rawKey (with quotes) decodes to name.
func keyEquals(rawKey []byte, name string) bool {
	inner := rawKey[1 : len(rawKey)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == name
	}
	var s string
	if json.Unmarshal(rawKey, &s) != nil {
		return false
	}
	return s == name
}

// field returns the value of key name in object b; with duplicate keys the last one wins, as
// in a parsed JSON tree.
func field(b []byte, name string) ([]byte, bool) {
	var found []byte
	ok := false
	eachField(b, func(k, v []byte) bool {
		if keyEquals(k, name) {
			found, ok = v, true
		}
		return true
	})
	return found, ok
}

// element returns element n of array b; negative n counts from the end (-1 is the last).
func element(b []byte, n int) ([]byte, bool) {
	if n < 0 {
		count := 0
		eachElem(b, func([]byte) bool { count++; return true })
		n += count
		if n < 0 {
			return nil, false
		}
	}
	var found []byte
	ok := false
	i := 0
	eachElem(b, func(v []byte) bool {
		if i == n {
			found, ok = v, true
			return false
		}
		i++
		return true
	})
	return found, ok
}

// children calls f with every member value of an object or element of an array.
func children(b []byte, f func(val []byte)) {
	if !eachField(b, func(_, v []byte) bool { f(v); return true }) {
		eachElem(b, func(v []byte) bool { f(v); return true })
	}
}

// unquote returns the contents of the raw JSON string s, decoding escapes. It returns the
// inner bytes without copying when there is nothing to decode.
func unquote(s []byte) []byte {
	inner := s[1 : len(s)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	var out string
	if json.Unmarshal(s, &out) != nil {
		return inner
	}
	return []byte(out)
}
