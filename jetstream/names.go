package jetstream

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// validName checks a bucket, log or consumer name: non-empty [A-Za-z0-9_-], which is legal
// as a NATS stream, bucket, consumer and subject token alike.
func validName(name string) error {
	if name == "" || !isToken(name) {
		return fmt.Errorf("jetstream: invalid name %q: use [A-Za-z0-9_-]", name)
	}
	return nil
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if !tokenByte(s[i]) {
			return false
		}
	}
	return s != ""
}

func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// validKVKey: non-empty UTF-8 without NUL.
func validKVKey(key string) error {
	if key == "" || !utf8.ValidString(key) || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("jetstream: invalid key %q", key)
	}
	return nil
}

// validRecordKey: '.'-separated [A-Za-z0-9_-] tokens.
func validRecordKey(key string) error {
	for _, tok := range strings.Split(key, ".") {
		if !isToken(tok) {
			return fmt.Errorf("jetstream: invalid record key %q", key)
		}
	}
	return nil
}

// validFilter: "" or tokens, "*" for one token, a final ">" for one or more.
func validFilter(f string) error {
	if f == "" {
		return nil
	}
	toks := strings.Split(f, ".")
	for i, tok := range toks {
		if !(tok == "*" || tok == ">" && i == len(toks)-1 || isToken(tok)) {
			return fmt.Errorf("jetstream: invalid filter %q", f)
		}
	}
	return nil
}
