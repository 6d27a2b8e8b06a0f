package memstore

import (
	"regexp"
	"strings"
	"testing"
)

func TestMatchFilter(t *testing.T) {
	cases := []struct {
		filter, key string
		want        bool
	}{
		{"", "a.b", true},
		{">", "a", true},
		{"a", "a", true},
		{"a", "a.b", false},
		{"a.>", "a", false},
		{"a.>", "a.b", true},
		{"a.>", "a.b.c", true},
		{"a.>", "ab.c", false},
		{"a.*", "a.b", true},
		{"a.*", "a.b.c", false},
		{"*.b", "a.b", true},
		{"a.b", "a.bc", false},
		{"bus.default", "bus.default", true},
	}
	for _, c := range cases {
		if got := matchFilter(c.filter, c.key); got != c.want {
			t.Errorf("matchFilter(%q, %q) = %v, want %v", c.filter, c.key, got, c.want)
		}
	}
}

func TestValidRecordKeyAndFilter(t *testing.T) {
	for _, k := range []string{"a", "a.b", "bus.default", "t.3f2a-b_C"} {
		if validRecordKey(k) != nil || validFilter(k) != nil {
			t.Errorf("%q rejected", k)
		}
	}
	for _, k := range []string{"", ".", "a.", ".a", "a..b", "a b", "a.*", "a.>", "é"} {
		if validRecordKey(k) == nil {
			t.Errorf("record key %q accepted", k)
		}
	}
	for _, f := range []string{".", "a.", "a..b", ">.a", "a.>.b", "a b", "a*"} {
		if validFilter(f) == nil {
			t.Errorf("filter %q accepted", f)
		}
	}
}

// filterRegexp is an independent reading of the filter language, for the fuzz test.
func filterRegexp(f string) *regexp.Regexp {
	if f == "" {
		return regexp.MustCompile(`^.*$`)
	}
	var parts []string
	for _, tok := range strings.Split(f, ".") {
		switch tok {
		case "*":
			parts = append(parts, `[^.]+`)
		case ">":
			parts = append(parts, `.+`)
		default:
			parts = append(parts, regexp.QuoteMeta(tok))
		}
	}
	return regexp.MustCompile(`^` + strings.Join(parts, `\.`) + `$`)
}

// FuzzMatchFilter: for every valid filter and key, matchFilter agrees with the regexp reading.
func FuzzMatchFilter(f *testing.F) {
	for _, s := range [][2]string{{"a.>", "a.b"}, {"*.b", "a.b"}, {"a", "a.b"}, {">", "x"}, {"a.*.c", "a.b.c"}, {"", "k"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, filter, key string) {
		if validFilter(filter) != nil || validRecordKey(key) != nil {
			return
		}
		if got, want := matchFilter(filter, key), filterRegexp(filter).MatchString(key); got != want {
			t.Fatalf("matchFilter(%q, %q) = %v, regexp says %v", filter, key, got, want)
		}
	})
}
