package eventrail

import (
	"regexp"
	"testing"
)

func TestRecordKeyToken(t *testing.T) {
	cases := map[string]string{
		"default":   "default",
		"my.bus/x":  "my_2ebus_2fx",
		"a_b":       "a_5fb",
		"":          "_",
		"é":         "_c3_a9",
		"Bus-1":     "Bus-1",
		"a b*>":     "a_20b_2a_3e",
		"arn:aws:x": "arn_3aaws_3ax",
	}
	for in, want := range cases {
		if got := RecordKeyToken(in); got != want {
			t.Errorf("RecordKeyToken(%q) = %q, want %q", in, got, want)
		}
	}
}

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// FuzzRecordKeyToken: tokens are legal and distinct names never share one.
func FuzzRecordKeyToken(f *testing.F) {
	f.Add("my.bus", "my_2ebus")
	f.Add("", "_")
	f.Add("a_b", "a_5fb")
	f.Fuzz(func(t *testing.T, a, b string) {
		ta, tb := RecordKeyToken(a), RecordKeyToken(b)
		if !tokenRE.MatchString(ta) {
			t.Fatalf("RecordKeyToken(%q) = %q is not a token", a, ta)
		}
		if a != b && ta == tb {
			t.Fatalf("%q and %q both encode to %q", a, b, ta)
		}
	})
}
