package logs

import (
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

func FuzzParsePosition(f *testing.F) {
	for _, s := range []string{token('f', 3), token('b', 0), "f/", "b/x", "x/1", "f/99999999999999999999999", "", "f/-1"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, tok string, n int) {
		if n < 0 {
			n = -n
		}
		forward, pos, err := parsePosition(tok, n)
		if err != nil {
			return
		}
		if pos < 0 || pos > n {
			t.Fatalf("%q → position %d outside [0,%d]", tok, pos, n)
		}
		if got := strings.HasPrefix(tok, "f/"); got != forward {
			t.Fatalf("%q → forward=%v", tok, forward)
		}
	})
}

func FuzzDecodeFilterToken(f *testing.F) {
	f.Add(encodeFilterToken(cursor{12, "s/1", "0001"}))
	f.Add("!!")
	f.Add("")
	f.Add("MTI6YQ")
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := decodeFilterToken(tok)
		if err != nil || c == nil {
			return
		}
		if strings.Contains(c.id, ":") {
			return // ids never contain ':'; such a token cannot round-trip and need not
		}
		again, err := decodeFilterToken(encodeFilterToken(*c))
		if err != nil || *again != *c {
			t.Fatalf("round trip of %+v = %+v, %v", *c, again, err)
		}
	})
}

func FuzzGroupNameFromIdentifier(f *testing.F) {
	for _, s := range []string{"/aws/x", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/x:*", "arn:aws:logs:r:a:log-group:", "arn:aws:sqs:r:a:q", "arn:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		name := groupNameFromIdentifier(id)
		p, ok := eventrail.ParseARN(id)
		if !ok || p.Service != "logs" || !strings.HasPrefix(p.Resource, "log-group:") {
			if name != id {
				t.Fatalf("non-ARN %q → %q", id, name)
			}
			return
		}
		if strings.HasSuffix(p.Resource, ":*") && strings.HasSuffix(name, ":*") && !strings.HasSuffix(p.Resource, ":*:*") {
			t.Fatalf("%q → %q kept the :* suffix", id, name)
		}
	})
}
