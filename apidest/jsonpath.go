package apidest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// This file reads one value out of an event without decoding the rest of it: dynamic
// parameters ("$.detail.id") need a few values per invocation, and decoding whole events into
// maps would cost more than the request itself.

// lookup returns the raw JSON of the value at path in doc: dot-separated segments, each an
// object member name or a decimal index into an array. doc must be valid JSON. For duplicate
// member names the last wins, as encoding/json decides. ok is false when the path does not
// resolve.
func lookup(doc []byte, path string) (raw []byte, ok bool) {
	cur := trimWS(doc)
	for {
		seg, rest, more := strings.Cut(path, ".")
		switch {
		case len(cur) > 0 && cur[0] == '{':
			cur, ok = member(cur, seg)
		case len(cur) > 0 && cur[0] == '[':
			cur, ok = element(cur, seg)
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
		if !more {
			return cur, true
		}
		path = rest
	}
}

// member finds name in the object obj and returns its value (the last one on duplicates).
func member(obj []byte, name string) ([]byte, bool) {
	var found []byte
	ok := false
	i := skipWS(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		kend := skipString(obj, i)
		if kend < 0 {
			return nil, false
		}
		match := keyEquals(obj[i:kend], name)
		i = skipWS(obj, kend)
		if i >= len(obj) || obj[i] != ':' {
			return nil, false
		}
		i = skipWS(obj, i+1)
		vend := skipValue(obj, i)
		if vend < 0 {
			return nil, false
		}
		if match {
			found, ok = obj[i:vend], true
		}
		i = skipWS(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipWS(obj, i+1)
		}
	}
	return found, ok
}

// element returns element idx (decimal) of the array arr.
func element(arr []byte, idx string) ([]byte, bool) {
	n, err := strconv.Atoi(idx)
	if err != nil || n < 0 {
		return nil, false
	}
	i := skipWS(arr, 1)
	for k := 0; i < len(arr) && arr[i] != ']'; k++ {
		end := skipValue(arr, i)
		if end < 0 {
			return nil, false
		}
		if k == n {
			return arr[i:end], true
		}
		i = skipWS(arr, end)
		if i < len(arr) && arr[i] == ',' {
			i = skipWS(arr, i+1)
		}
	}
	return nil, false
}

// keyEquals compares a quoted JSON key with name, unescaping only when needed.
func keyEquals(quoted []byte, name string) bool {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == name
	}
	var s string
	return json.Unmarshal(quoted, &s) == nil && s == name
}

// skipValue returns the index just past the JSON value starting at i, or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipString(b, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !isDelim(b[j]) {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// skipString returns the index just past the string starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func isDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func trimWS(b []byte) []byte { return bytes.TrimSpace(b) }

// render turns a raw JSON value into a parameter value: strings unquoted, null as "", other
// values as compact JSON.
func render(raw []byte) string {
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return ""
	case raw[0] == '"':
		if bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1])
		}
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	case bytes.ContainsAny(raw, " \t\r\n"):
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			return buf.String()
		}
	}
	return string(raw)
}
