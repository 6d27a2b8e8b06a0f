package jetstream

import (
	"regexp"
	"strings"
	"testing"
)

var natsKeyRE = regexp.MustCompile(`^[-/_=A-Za-z0-9]+(\.[-/_=A-Za-z0-9]+)*$`)

func TestEncodeKey(t *testing.T) {
	cases := []struct{ key, enc string }{
		{"bus/default", "bus.default"},
		{"rule/my.bus/a..b", "rule.my=2Ebus.a=2E=2Eb"},
		{"tags/arn:aws:events:us-east-1:000000000000:rule/x", "tags.arn=3Aaws=3Aevents=3Aus-east-1=3A000000000000=3Arule.x"},
		{"/", "=.="},
		{"a//b", "a.=.b"},
		{"=", "=3D"},
		{"é", "=C3=A9"},
		{"a b*>", "a=20b=2A=3E"},
	}
	for _, c := range cases {
		if got := encodeKey(c.key); got != c.enc {
			t.Errorf("encodeKey(%q) = %q, want %q", c.key, got, c.enc)
		}
		if got, err := decodeKey(c.enc); err != nil || got != c.key {
			t.Errorf("decodeKey(%q) = %q, %v", c.enc, got, err)
		}
	}
}

func TestDecodeKeyRejects(t *testing.T) {
	for _, enc := range []string{"", "a..b", "=4", "=zz", "a.", "=4g", "a*"} {
		if got, err := decodeKey(enc); err == nil {
			t.Errorf("decodeKey(%q) = %q, want error", enc, got)
		}
	}
}

func TestPrefixFilter(t *testing.T) {
	cases := []struct {
		prefix, filter string
		exact          bool
	}{
		{"", ">", true},
		{"bus", ">", false},
		{"bus/", "bus.>", true},
		{"rule/my.bus/", "rule.my=2Ebus.>", true},
		{"rule/my.bus/r", "rule.my=2Ebus.>", false},
		{"/", "=.>", true},
	}
	for _, c := range cases {
		f, exact := prefixFilter(c.prefix)
		if f != c.filter || exact != c.exact {
			t.Errorf("prefixFilter(%q) = %q,%v want %q,%v", c.prefix, f, exact, c.filter, c.exact)
		}
	}
}

// FuzzKeyEncoding: every key encodes to a legal NATS key, decodes back, and the prefix filter
// of any prefix of it selects it.
func FuzzKeyEncoding(f *testing.F) {
	for _, s := range []string{"bus/default", "rule/my.bus/a..b", "/", "//", "a=", "tags/arn:aws:x", "é/✓", "*.>"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, key string, cut int) {
		if validKVKey(key) != nil {
			return
		}
		enc := encodeKey(key)
		if !natsKeyRE.MatchString(enc) {
			t.Fatalf("encodeKey(%q) = %q is not a legal NATS key", key, enc)
		}
		dec, err := decodeKey(enc)
		if err != nil || dec != key {
			t.Fatalf("decodeKey(encodeKey(%q)) = %q, %v", key, dec, err)
		}
		if cut < 0 {
			cut = -cut
		}
		prefix := key[:cut%(len(key)+1)]
		filter, _ := prefixFilter(prefix)
		if !subjectMatch(filter, enc) {
			t.Fatalf("filter %q of prefix %q misses key %q (%q)", filter, prefix, key, enc)
		}
	})
}

// subjectMatch is NATS token matching of a filter against a subject, for the fuzz test.
func subjectMatch(filter, subj string) bool {
	ft, st := strings.Split(filter, "."), strings.Split(subj, ".")
	for i, f := range ft {
		if f == ">" {
			return len(st) > i
		}
		if i >= len(st) || f != "*" && f != st[i] {
			return false
		}
	}
	return len(ft) == len(st)
}
