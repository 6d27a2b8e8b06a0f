package metrics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLabelRoundTrip checks that any UTF-8 label value survives exposition and parsing.
func FuzzLabelRoundTrip(f *testing.F) {
	for _, s := range []string{"", "plain", `a"b`, `a\b`, "a\nb", `\n`, `"}`, "ünïcödé", `\\"`} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, value string, add float64) {
		if !utf8.ValidString(value) {
			t.Skip()
		}
		r := NewRegistry()
		c := r.Counter("c", "C.", "v")
		c.With(value).Add(add)
		var b strings.Builder
		r.WriteTo(&b)
		e, err := parseExposition(b.String())
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if got, ok := e.find("c", map[string]string{"v": value}); !ok || got != c.With(value).Value() {
			t.Fatalf("value %q: got %v, %v; want %v", value, got, ok, c.With(value).Value())
		}
	})
}
