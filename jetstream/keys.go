package jetstream

import (
	"fmt"
	"strings"
)

// KV keys are arbitrary strings; NATS KV keys are '.'-separated tokens of [-/_=A-Za-z0-9].
// encodeKey splits a key at '/', escapes each segment to [A-Za-z0-9_-] plus "=XX" (hex) for
// every other byte ("=" alone for an empty segment) and joins the segments with '.'. The
// encoding is injective, and a key prefix that ends at a '/' maps to a token prefix, which a
// NATS subject filter can select on the server.

const hexDigits = "0123456789ABCDEF"

// encodeKey maps a KV key to its NATS key.
func encodeKey(key string) string {
	var b strings.Builder
	b.Grow(len(key) + 8)
	for i, seg := range strings.Split(key, "/") {
		if i > 0 {
			b.WriteByte('.')
		}
		encodeSegment(&b, seg)
	}
	return b.String()
}

func encodeSegment(b *strings.Builder, seg string) {
	if seg == "" {
		b.WriteByte('=')
		return
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if tokenByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('=')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
}

// decodeKey inverts encodeKey.
func decodeKey(enc string) (string, error) {
	var b strings.Builder
	b.Grow(len(enc))
	for i, tok := range strings.Split(enc, ".") {
		if i > 0 {
			b.WriteByte('/')
		}
		if err := decodeSegment(&b, tok); err != nil {
			return "", fmt.Errorf("jetstream: undecodable key %q: %w", enc, err)
		}
	}
	return b.String(), nil
}

func decodeSegment(b *strings.Builder, tok string) error {
	if tok == "=" {
		return nil
	}
	if tok == "" {
		return fmt.Errorf("empty token")
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case tokenByte(c):
			b.WriteByte(c)
		case c == '=' && i+2 < len(tok) && isHex(tok[i+1]) && isHex(tok[i+2]):
			b.WriteByte(unhex(tok[i+1])<<4 | unhex(tok[i+2]))
			i += 2
		default:
			return fmt.Errorf("bad byte %q at %d", c, i)
		}
	}
	return nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// prefixFilter returns the NATS subject filter (relative to the bucket) that selects a
// superset of the keys starting with prefix, and whether that superset is exact (then no
// client-side check is needed). The filter covers every full '/'-segment of the prefix.
func prefixFilter(prefix string) (filter string, exact bool) {
	cut := strings.LastIndexByte(prefix, '/')
	if cut < 0 {
		return ">", prefix == ""
	}
	return encodeKey(prefix[:cut]) + ".>", cut == len(prefix)-1
}
