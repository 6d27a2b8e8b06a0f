package control

import (
	"strings"
	"testing"
)

// onePassDetailSamples are Detail strings as they appear in a body (JSON string literals)
// that compactDetail must decode and validate itself (onePass: true) or leave to the two-pass
// path (onePass: false).
var onePassDetailSamples = []struct {
	lit     string
	onePass bool
}{
	{`"{}"`, true},
	{`"{\"a\":1}"`, true},
	{`"{\"a\":[1,-2.5e10,0,0.5E+3,true,false,null,{},[],{\"b\":[[]]}],\"c\":{}}"`, true},
	{`"{\"q\":\"x\\\"y\",\"bs\":\"c\\\\d\",\"e\":\"\\n\\t\\/\\b\\f\\r\",\"u\":\"\\u00e9\\uD800\"}"`, true},
	{`"{\"\":\"\",\"é日本\":\"é 日本 \\u2028\"}"`, true},
	{`"{\"n\":9223372036854775807,\"m\":-9223372036854775808}"`, true},
	{`"{\"s\":\"` + strings.Repeat("abcdefgh", 20) + `\"}"`, true},
	{quoteJSON(benchDetail(3, 1100, false)), true},
	{`"{\"a\":\"x\"}"` + strings.Repeat(" ", 9), true}, // what follows the string is not its business
	{`"{\"d\":` + strings.Repeat("[", MaxDetailDepth-1) + strings.Repeat("]", MaxDetailDepth-1) + `}"`, true},
	// With whitespace, compacted in the same pass:
	{`"{\"a\": 1}"`, true},
	{`" {}"`, true},
	{`"{}\n"`, true},
	{`"\r\n\t {\"a\" : [ 1 , {} , { } , [ ] ] , \"b\" :\n\"x y\" }  "`, true},
	{quoteJSON(benchDetail(3, 300, true)), true},
	// Escapes of the body's inside the detail's strings:
	{`"{\"a\":\"\u00e9\",\"\u65e5\":\"\/x\u0041\u2028\\\/\"}"`, true},
	// Left to the two-pass path, valid:
	{`"{\u0022a\":1}"`, false}, // a quote escaped as \u0022
	{`"{\"a\":\"\u005c\\n\"}"`, false},
	{`"{\"a\":\"\ud83d\ude00\"}"`, false}, // a surrogate pair
	{`"{\"a\":\/1}"`, false},
	{`"{\"a\":1\f}"`, false},
	// Left to the two-pass path, invalid or no detail:
	{`"[]"`, false},
	{`"1"`, false},
	{`"{\"a\":}"`, false},
	{`"{\"a\":1"`, false},
	{`"{\"a\":1}}"`, false},
	{`"{\"a\":1,}"`, false},
	{`"{\"a\" 1}"`, false},
	{`"{\"a\":01}"`, false},
	{`"{\"a\":tru}"`, false},
	{`"{\"n\":92233720368547758070}"`, false},
	{`"{\"a\":\"\\x\"}"`, false},
	{`"{\"a\":\"\\u12\"}"`, false},
	{`"{\"a\":\"\n\"}"`, false},
	{`"{\"a\":\"\u000a\"}"`, false},
	{`"{\"a\":\"\u0022\"}"`, false},
	{`"{\"a\":\"\u005c\"}"`, false},
	{`"{\"a\":\"\ud800\"}"`, false},
	{`"{\"a\":\"\u00\"}"`, false},
	{"\"{\t}\"", false},
	{"\"{\n}\"", false},
	{`"{\"a\"\n}"`, false},
	{`"{\"a\":1 2}"`, false},
	{"\"{\\\"a\\\":\\\"\x01\\\"}\"", false},
	{"\"{\\\"a\\\":\\\"\xff\\\"}\"", false},
	{"\"{\\\"a\\\":\\\"\xc3\\\"}\"", false},
	{`"{\"a\":\"b"`, false},
	{`"{\"a\":\"b\"`, false},
	{`"{\"a\":"`, false},
	{`"{`, false},
	{`"`, false},
	{`"{\"d\":` + strings.Repeat("[", MaxDetailDepth) + strings.Repeat("]", MaxDetailDepth) + `}"`, false},
}

// TestCompactDetailOnePass checks compactDetail on each sample: when it takes a string, its
// result must be what str decodes, a valid detail whose compact form (and whether it has
// whitespace) it reports as AppendCompactDetail does, and the lexer must stand right after
// the string; when it declines, the lexer and out must be as before.
func TestCompactDetailOnePass(t *testing.T) {
	for _, c := range onePassDetailSamples {
		body := []byte(c.lit)
		l := lexer{b: body, arena: make([]byte, 3, len(body)+3)}
		out := []byte("xy")
		got, compact, spaced, ok := l.compactDetail(out, len(body))
		if ok != c.onePass {
			t.Errorf("compactDetail took %v, want %v, for %s", ok, c.onePass, c.lit)
		}
		ref := lexer{b: body, arena: make([]byte, 3, len(body)+3)}
		want, strOK := ref.str()
		if !ok {
			if l.i != 0 || len(l.arena) != 3 || string(compact) != "xy" {
				t.Errorf("declined %s but moved to %d, arena %d, out %q", c.lit, l.i, len(l.arena), compact)
			}
			continue
		}
		if !strOK || got != want || l.i != ref.i || len(l.arena) != len(ref.arena) {
			t.Errorf("%s: one pass %q (at %d), str %q %v (at %d)", c.lit, got, l.i, want, strOK, ref.i)
		}
		wantCompact, valid := AppendCompactDetail([]byte("xy"), got)
		if !spaced {
			compact = append([]byte("xy"), got...)
		}
		if !valid || string(compact) != string(wantCompact) || spaced != (len(wantCompact) != len(got)+2) {
			t.Errorf("%s: one pass took %q as compact %q (spaced %v), want %q, %v", c.lit, got, compact, spaced, wantCompact, valid)
		}
	}
}

// TestDecodeOnePassDetails runs the samples through the whole decoder, against encoding/json
// (checkDecodeMatchesJSON also checks the Detail caches).
func TestDecodeOnePassDetails(t *testing.T) {
	for _, c := range onePassDetailSamples {
		for _, body := range onePassBodies(c.lit) {
			checkDecodeMatchesJSON(t, body)
		}
	}
}

// onePassBodies returns PutEvents bodies carrying the Detail literal lit.
func onePassBodies(lit string) [][]byte {
	return [][]byte{
		[]byte(`{"Entries":[{"Source":"s","Detail":` + lit + `,"DetailType":"t"}]}`),
		[]byte(`{"Entries":[{"Detail":` + lit + `},{"Detail":"{\"b\":2}"}]}`),
	}
}

// TestDecodeSpacedDetailsShareRoom checks that the room made for compact forms at a detail's
// first whitespace is kept even when the detail turns out unfit for the one-pass path or
// invalid, so that a body of many such details does not allocate that room once per detail.
func TestDecodeSpacedDetailsShareRoom(t *testing.T) {
	for _, lit := range []string{`"{\"a\": 1,}"`, `"{\"a\": \"\u0001\"}"`, `"{\"a\": 1}"`} {
		entries := make([]string, 10)
		for i := range entries {
			entries[i] = `{"Detail":` + lit + `}`
		}
		body := []byte(`{"Entries":[` + strings.Join(entries, ",") + `]}`)
		checkDecodeMatchesJSON(t, body)
		allocs := testing.AllocsPerRun(20, func() {
			var in PutEventsInput
			if !in.DecodeAWSJSON(body) {
				t.Fatalf("fast path refused %s", body)
			}
		})
		if allocs > 4 { // the input (it escapes), the arena, the entries, the compact forms
			t.Errorf("%.0f allocations decoding 10 details %s, want ≤ 4", allocs, lit)
		}
	}
}
