package pattern

import (
	"errors"
	"strings"
	"testing"
)

// Each row: a pattern, AWS's reason, and the location (0, 0 when AWS gives none). Reasons follow
// README §2-§3; locations follow the parser's rules (just past the token being read; a string not
// yet read counts only its opening quote; an unexpected character is pointed at).
var parseErrorCases = []struct {
	src       string
	reason    string
	line, col int
}{
	{`{}`, "Empty objects are not allowed", 1, 3},
	{`{"a":{}}`, "Empty objects are not allowed", 1, 8},
	{`{"a":[]}`, "Empty arrays are not allowed", 1, 8},
	{`{"a":[[1]]}`, "Match value must be String, number, true, false, or null", 1, 8},
	{`{"a":[{}]}`, "Match expression name not found", 1, 9},
	{`{"a":[{"foo":1}]}`, "Unrecognized match type foo", 1, 15},
	{`{"a":[{"prefix":"x","y":1}]}`, "Only one key allowed in match expression", 1, 26},
	{`{"a":[{"prefix":{}}]}`, "Prefix expression name not found", 1, 19},
	{`{"a":[{"prefix":{"foo":"x"}}]}`, "Unsupported prefix pattern: foo", 1, 25},
	{`{"a":[{"prefix":{"equals-ignore-case":5}}]}`, "equals-ignore-case match pattern must be a string", 1, 40},
	{`{"a":[{"prefix":{"equals-ignore-case":"x","b":1}}]}`, "Only one key allowed in match expression", 1, 48},
	{`{"a":[{"suffix":{}}]}`, "Suffix expression name not found", 1, 19},
	{`{"a":[{"suffix":{"x":"y"}}]}`, "Unsupported suffix pattern: x", 1, 23},
	{`{"a":[{"exactly":5}]}`, "exact match pattern must be a string", 1, 19},
	{`{"a":[{"exists":"true"}]}`, "exists match pattern must be either true or false.", 1, 18},
	{`{"a":[{"exists":true,"x":1}]}`, "Only one key allowed in match expression", 1, 27},
	{`{"a":[{"equals-ignore-case":"x","y":1}]}`, "Only one key allowed in match expression", 1, 38},
	{`{"a":[{"numeric":[]}]}`, "Invalid member in numeric match: ]", 1, 20},
	{`{"a":[{"numeric":[5]}]}`, "Invalid member in numeric match: 5", 1, 20},
	{`{"a":[{"numeric":["=","5"]}]}`, "Value of equals must be numeric", 1, 24},
	{`{"a":[{"numeric":["=",5,6]}]}`, "Too many elements in numeric expression", 1, 26},
	{`{"a":[{"numeric":["!",5]}]}`, "Unrecognized numeric range operator: !", 1, 24},
	{`{"a":[{"numeric":[">",5,6]}]}`, "Bad value in numeric range: 6", 1, 26},
	{`{"a":[{"numeric":[">",5,"<",6,7]}]}`, "Too many terms in numeric range expression", 1, 32},
	{`{"a":[{"numeric":[">",5,"<",4]}]}`, "Bottom must be less than top", 1, 31},
	{`{"a":[{"numeric":[">=",5,"<=",5]}]}`, "Bottom must be less than top", 1, 33},
	{`{"a":[{"numeric":["<",1e400]}]}`, "Cannot compare number : 1e400", 1, 29},
	{`{"a":[{"numeric":["<",5], "x":1}]}`, "Too many elements in numeric expression", 1, 32},
	{`{"a":[{"anything-but":true}]}`, "Value of anything-but must be an array or single string/number value.", 1, 27},
	{`{"a":[{"anything-but":[true]}]}`, "Inside anything but list, start|null|boolean is not supported.", 1, 28},
	{`{"a":[{"anything-but":["a",1]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported", 1, 30},
	{`{"a":[{"anything-but":[]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported", 1, 25},
	{`{"a":[{"anything-but":{}}]}`, "Anything-But expression name not found", 1, 25},
	{`{"a":[{"anything-but":{"foo":"x"}}]}`, "Unsupported anything-but pattern: foo", 1, 31},
	{`{"a":[{"anything-but":{"prefix":["x",""]}}]}`, "Null prefix/suffix not allowed", 1, 40},
	{`{"a":[{"anything-but":1e400}]}`, "Cannot compare number : 1e400", 0, 0},
	{`{"a":[{"anything-but":[1e400]}]}`, "Cannot compare number : 1e400", 1, 29},
	{`{"a":[{"anything-but":"x","y":1}]}`, "Too many elements in numeric expression", 1, 32},
	{`{"a":[{"anything-but":{"prefix":"x","y":1}}]}`, "Too many elements in numeric expression", 1, 42},
	{`{"a":[{"anything-but":{"wildcard":"a**"}}]}`, "Consecutive wildcard characters at pos 2", 1, 40},
	{`{"a":[{"anything-but":{"wildcard":["a","b**"]}}]}`, "Consecutive wildcard characters at pos 2", 1, 46},
	{`{"a":[{"wildcard":"a\\x"}]}`, "Invalid escape character at pos 2", 1, 25},
	{`{"a":[{"wildcard":"a\\"}]}`, "Invalid escape character at pos 2", 1, 24},
	{`{"a":[{"wildcard":"a**b"}]}`, "Consecutive wildcard characters at pos 2", 1, 25},
	{`{"a":[{"wildcard":"ü**"}]}`, "Consecutive wildcard characters at pos 3", 1, 24},
	{`{"a":[{"cidr":"10.0.0.0"}]}`, "Malformed CIDR, one '/' required", 0, 0},
	{`{"a":[{"cidr":"10.0.0.0//"}]}`, "Malformed CIDR, one '/' required", 0, 0},
	{`{"a":[{"cidr":"10.0.0.0/x"}]}`, "Malformed CIDR, mask bits must be an integer", 0, 0},
	{`{"a":[{"cidr":"10.0.0.0/99999999999"}]}`, "Malformed CIDR, mask bits must be an integer", 0, 0},
	{`{"a":[{"cidr":"10.0.0.0/-1"}]}`, "Malformed CIDR, mask bits must not be negative", 0, 0},
	{`{"a":[{"cidr":"10.0.0.0/32"}]}`, "IPv4 mask bits must be < 32", 0, 0},
	{`{"a":[{"cidr":"::/128"}]}`, "IPv6 mask bits must be < 128", 0, 0},
	{`{"a":[{"cidr":"1.2.3.999/8"}]}`, "Invalid IP address: 1.2.3.999", 0, 0},
	{`{"a":[{"cidr":"1:2/8"}]}`, "Invalid IP address: 1:2", 0, 0},
	{`{"a":[{"cidr":"::ffff:a00:0/104"}]}`, "IPv4 mask bits must be < 32", 0, 0},
	{`{"a":[{"cidr":"xx.11.xx/8"}]}`, "Nonstandard IP address: xx.11.xx", 0, 0},
	{`{"a":[{"cidr":"/8"}]}`, "Nonstandard IP address: ", 0, 0},
	{`{"$or":1}`, "It must be an Array followed with $or.", 1, 9},
	{`{"$or":[]}`, "There must have at least 2 Objects in $or relationship.", 1, 10},
	{`{"$or":[{"a":[1]}]}`, "There must have at least 2 Objects in $or relationship.", 1, 19},
	{`{"$or":[{"a":[1]},2]}`, "Only JSON object is allowed in array of $or relationship.", 1, 20},
	{`{"$or":[{"prefix":[1]},{"b":[2]}]}`, "prefix is Ruler reserved fieldName which cannot be used inside $or.", 1, 20},
	{`{"$or":[{"a":[1]},{}]}`, "Empty objects are not allowed", 1, 21},
	{`{"a":`, "Unexpected end-of-input within/between Object entries", 1, 6},
	{`{"a":[1,`, "Unexpected end-of-input within/between Array entries", 1, 9},
	{`{"a":[1,]}`, "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", 1, 9},
	{`{"a" [1]}`, "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value", 1, 6},
	{`{"a":[1] "b":[2]}`, `Unexpected character ('"' (code 34)): was expecting comma to separate Object entries`, 1, 10},
	{`{"a":["x\q"]}`, "Unrecognized character escape 'q' (code 113)", 1, 11},
	{`{"a":["x`, "Unexpected end-of-input: was expecting closing quote for a string value", 1, 9},
	{`{"a":[tru]}`, "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", 1, 10},
	{`{"a":[01]}`, "Invalid numeric value: Leading zeroes not allowed", 1, 7},
	{`{"a":[1.]}`, "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit", 1, 9},
	{`{"a":[1e]}`, "Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by a digit", 1, 9},
	{`{"a":[-]}`, "Unexpected character (']' (code 93)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value", 1, 8},
	{`{"a":[NaN]}`, "Non-standard token 'NaN': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow", 1, 10},
	{`{"a":[#]}`, "Unexpected character ('#' (code 35)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", 1, 7},
	{"{\"a\":[\"\x01\"]}", "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value", 1, 9},
	{"{\n  \"a\": [\n    {\"EXISTS\": true}\n  ]\n}", "Unrecognized match type EXISTS", 3, 20},
	{"{\r\n\"a\":\t5}", `"a" must be an object or an array`, 2, 7},
	{``, "Filter is not an object", 1, 1},
	{`123`, "Filter is not an object", 1, 4},
	{`"str"`, "Filter is not an object", 1, 2},
	{`123abc`, "Unexpected character ('a' (code 97)): Expected space separating root-level values", 1, 4},
	// A semantic error early in the text wins over a syntax error later.
	{`{"a": "x", "b": [tru`, `"a" must be an object or an array`, 1, 8},
	// Columns count UTF-16 code units.
	{`{"😀": 1}`, `"😀" must be an object or an array`, 1, 9},
}

func TestParseErrors(t *testing.T) {
	for _, c := range parseErrorCases {
		_, err := Parse(c.src)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want *Error", c.src, err)
			continue
		}
		if pe.Reason != c.reason || pe.Line != c.line || pe.Column != c.col {
			t.Errorf("%q:\n got %q at %d:%d\nwant %q at %d:%d", c.src, pe.Reason, pe.Line, pe.Column, c.reason, c.line, c.col)
		}
		if pe.Source != c.src {
			t.Errorf("%q: Source = %q", c.src, pe.Source)
		}
		if !strings.HasPrefix(err.Error(), "Event pattern is not valid. Reason: "+c.reason) {
			t.Errorf("%q: Error() = %q", c.src, err.Error())
		}
	}
}

func TestErrorMessageFormat(t *testing.T) {
	_, err := Parse(`{"a":[{"anything-but":[true]}]}`)
	want := "Event pattern is not valid. Reason: Inside anything but list, start|null|boolean is not supported." +
		"\n at [Source: (String)\"{\"a\":[{\"anything-but\":[true]}]}\"; line: 1, column: 28]" +
		"\n at [Source: (String)\"{\"a\":[{\"anything-but\":[true]}]}\"; line: 1, column: 28]"
	if err == nil || err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	_, err = Parse(`{"a":[{"cidr":"bad"}]}`)
	if err == nil || err.Error() != "Event pattern is not valid. Reason: Malformed CIDR, one '/' required" {
		t.Errorf("cidr: %v", err)
	}
	long := `{"` + strings.Repeat("k", 600) + `": 1}`
	_, err = Parse(long)
	want = "Event pattern is not valid. Reason: \"" + strings.Repeat("k", 600) + "\" must be an object or an array" +
		"\n at [Source: (String)\"" + long[:500] + "\"[truncated 107 chars]; line: 1, column: 607]"
	if err == nil || err.Error() != want {
		t.Errorf("long: got %q\nwant %q", err, want)
	}
}

func TestParseLimits(t *testing.T) {
	// Lenient reading after the pattern, as EventBridge.
	for _, src := range []string{`{"a":[1]} trailing`, `{"a":[1]}}`} {
		if _, err := Parse(src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
	if _, err := ParseWithOptions(`{"a":["`+strings.Repeat("x", 100)+`"]}`, Options{MaxLength: 50}); err == nil {
		t.Error("MaxLength not applied")
	}
	if _, err := Parse(`{"a":["` + strings.Repeat("é", 4000) + `"]}`); err != nil {
		t.Errorf("4000 characters (8000 bytes) rejected: %v", err)
	}
	// 10 x 10 x 10 = 1000 branches pass; one more factor fails.
	alt := func(name string, n int) string {
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, `{"`+name+`":[`+strings.Repeat("1", i+1)+`]}`)
		}
		return `"$or":[` + strings.Join(parts, ",") + `]`
	}
	ok := `{"x":{` + alt("a", 10) + `},"y":{` + alt("b", 10) + `},"z":{` + alt("c", 10) + `}}`
	p, err := Parse(ok)
	if err != nil || len(p.Branches) != 1000 {
		t.Fatalf("1000 combinations: %v", err)
	}
	if _, err := Parse(`{"w":{` + alt("d", 2) + `},` + ok[1:]); err == nil {
		t.Error("2000 combinations accepted")
	}
	if _, err := ParseWithOptions(ok, Options{MaxCombinations: 999}); err == nil {
		t.Error("MaxCombinations not applied")
	}
	// Wildcard complexity.
	if _, err := Parse(`{"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`); err == nil || !strings.Contains(err.Error(), "Rule is too complex") {
		t.Errorf("complex wildcard: %v", err)
	}
	if _, err := ParseWithOptions(`{"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}`, Options{MaxWildcardComplexity: 20}); err != nil {
		t.Errorf("raised complexity limit: %v", err)
	}
	buckets := func(n int) string {
		var ms []string
		for i := 0; i < n; i++ {
			ms = append(ms, `{"wildcard":"arn:aws:s3:::bucket-`+string(rune('a'+i))+`/*"}`)
		}
		return `{"resources":[` + strings.Join(ms, ",") + `]}`
	}
	if _, err := Parse(buckets(10)); err != nil {
		t.Errorf("10 bucket wildcards: %v", err)
	}
	if _, err := Parse(buckets(11)); err == nil {
		t.Error("11 bucket wildcards (complexity 11) accepted")
	}
	if _, err := Parse(`{"a":[{"anything-but":{"wildcard":["*a*a*a","*a*a*b","*a*a*c"]}}]}`); err == nil {
		t.Error("complexity of several operands on one path is not summed")
	}
}

func TestParseStructure(t *testing.T) {
	p := mustParse(t, `{"b":[1],"a":{"z":["x"],"c":[{"prefix":"p"}, null]},"a.c":[2]}`)
	if len(p.Branches) != 1 {
		t.Fatalf("branches: %d", len(p.Branches))
	}
	br := p.Branches[0]
	var paths []string
	for _, c := range br {
		paths = append(paths, c.Path)
	}
	if got := strings.Join(paths, ","); got != "a.c,a.z,b" {
		t.Errorf("paths = %s (a.c is defined twice; the last wins)", got)
	}
	if m := br[0].Matchers; len(m) != 1 || m[0].Kind != KindNumber || m[0].Num.Lexeme != "2" || !m[0].Num.Exact {
		t.Errorf("a.c matchers = %+v", m)
	}
	if !PathLess("a\U0001F600", "a\uffff") {
		t.Error("PathLess must order by UTF-16 code units (surrogates before U+FFFF)")
	}
}
