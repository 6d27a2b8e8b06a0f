package memstore

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// validName reports whether a bucket or log name is usable: non-empty [A-Za-z0-9_-].
func validName(name string) error {
	if name == "" {
		return fmt.Errorf("memstore: empty name")
	}
	for i := 0; i < len(name); i++ {
		if !tokenByte(name[i]) {
			return fmt.Errorf("memstore: invalid name %q: use [A-Za-z0-9_-]", name)
		}
	}
	return nil
}

func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// validKVKey reports whether key is a legal KV key: non-empty UTF-8 without NUL.
func validKVKey(key string) error {
	if key == "" || !utf8.ValidString(key) || strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("memstore: invalid key %q", key)
	}
	return nil
}

// validRecordKey reports whether key is a legal Record.Key: '.'-separated [A-Za-z0-9_-] tokens.
func validRecordKey(key string) error {
	if key == "" {
		return fmt.Errorf("memstore: empty record key")
	}
	for _, tok := range strings.Split(key, ".") {
		if tok == "" {
			return fmt.Errorf("memstore: invalid record key %q", key)
		}
		for i := 0; i < len(tok); i++ {
			if !tokenByte(tok[i]) {
				return fmt.Errorf("memstore: invalid record key %q", key)
			}
		}
	}
	return nil
}

// validFilter checks a consumer or read filter: "" (all), or tokens where "*" matches one
// token and a final ">" matches one or more, as NATS subjects do.
func validFilter(f string) error {
	if f == "" {
		return nil
	}
	toks := strings.Split(f, ".")
	for i, tok := range toks {
		switch {
		case tok == ">" && i == len(toks)-1, tok == "*":
		case validRecordKey(tok) != nil:
			return fmt.Errorf("memstore: invalid filter %q", f)
		}
	}
	return nil
}

// matchFilter reports whether key matches a valid filter.
func matchFilter(filter, key string) bool {
	if filter == "" || filter == ">" {
		return true
	}
	for {
		ft, frest, fmore := strings.Cut(filter, ".")
		if ft == ">" {
			return key != ""
		}
		kt, krest, kmore := strings.Cut(key, ".")
		if ft != "*" && ft != kt {
			return false
		}
		if !fmore || !kmore {
			return fmore == kmore
		}
		filter, key = frest, krest
	}
}
