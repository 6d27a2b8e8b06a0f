package control

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// referenceDetail is the obviously-right (three-pass) definition AppendCompactDetail must
// agree with: json.Valid, an object, depth ≤ MaxDetailDepth, integers within int64, and
// json.Compact's output.
func referenceDetail(d string) ([]byte, bool) {
	if !json.Valid([]byte(d)) {
		return nil, false
	}
	t := strings.TrimLeft(d, " \t\r\n")
	if t == "" || t[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(d))
	dec.UseNumber()
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				if depth++; depth > MaxDetailDepth {
					return nil, false
				}
			} else {
				depth--
			}
		case json.Number:
			if !strings.ContainsAny(string(v), ".eE") {
				if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
					return nil, false
				}
			}
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(d)); err != nil {
		return nil, false
	}
	return b.Bytes(), true
}

var detailSamples = []string{
	`{}`, ` { } `, `{"a": 1}`, `{"a":[1, 2.5, -0, -0.0e+1, 1E9, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"]}`,
	`{"n": 9223372036854775807}`, `{"n": -9223372036854775808}`, `{"n": 9223372036854775808}`, `{"n": -9223372036854775809}`,
	`{"n": 123456789012345678}`, `{"n": 1.50}`, `{"n": 01}`, `{"n": 1.}`, `{"n": .5}`, `{"n": -}`, `{"n": 1e}`, `{"n": +1}`,
	`[]`, `"s"`, `1`, `null`, ``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{"a":1 "b":2}`, `{"a":[1,]}`,
	`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", `{"a":tru}`, `{"a":nul}`,
	`{"a":1}{}`, `{"a":1} x`, `{"a": {"b": {"c": []}}}`, "{\r\n\t\"k\" :\t[ 1 ,2 ]\n}", `{"é": "ü"}`, `{"a": "\ud800"}`,
	"{\"a\":" + strings.Repeat("[", 999) + strings.Repeat("]", 999) + "}",
	"{\"a\":" + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + "}",
	"{\"a\":" + strings.Repeat("[", 1000) + "}",
}

func TestAppendCompactDetailMatchesReference(t *testing.T) {
	for _, d := range detailSamples {
		checkDetailAgainstReference(t, d)
	}
}

func checkDetailAgainstReference(t *testing.T, d string) {
	t.Helper()
	want, wantOK := referenceDetail(d)
	got, ok := AppendCompactDetail(nil, d)
	if ok != wantOK || (ok && !bytes.Equal(got, want)) {
		t.Fatalf("%.80q: got (%q, %v), reference (%q, %v)", d, got, ok, want, wantOK)
	}
	if ValidDetail(d) != wantOK {
		t.Fatalf("ValidDetail(%.80q) = %v", d, !wantOK)
	}
}

// FuzzAppendCompactDetail checks the one-pass scanner against the reference definition.
func FuzzAppendCompactDetail(f *testing.F) {
	for _, d := range detailSamples {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) { checkDetailAgainstReference(t, d) })
}

func BenchmarkDetail(b *testing.B) {
	d := `{"order": {"id": "o-123", "amount": 12.50, "items": [1, 2, 3], "customer": {"tier": "gold", "since": 2019}}}`
	b.Run("scanner", func(b *testing.B) {
		buf := make([]byte, 0, len(d))
		for range b.N {
			if _, ok := AppendCompactDetail(buf[:0], d); !ok {
				b.Fatal("rejected")
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		for range b.N {
			if _, ok := referenceDetail(d); !ok {
				b.Fatal("rejected")
			}
		}
	})
}
