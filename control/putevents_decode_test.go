package control

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// decodeBodySamples are request bodies the fast decoder must handle itself (fast: true) or
// leave to encoding/json (fast: false); in both cases the result must be json.Unmarshal's.
var decodeBodySamples = []struct {
	body string
	fast bool
}{
	{`{"Entries":[{"Source":"s","DetailType":"d","Detail":"{\"a\":1}"}]}`, true},
	{`{"Entries":[]}`, true},
	{`{}`, true},
	{`{"EndpointId":"abc.def","Entries":[{}]}`, true},
	{" {\n \"Entries\" : [ { \"Source\" : \"s\" , \"Resources\" : [ ] } , {\"Resources\":[\"r1\",\"r2\"]} ]\t}", true},
	{`{"Entries":[{"Time":1700000000,"Detail":"{ \"a\": [1, 2.5e3, true, null] }"}]}`, true},
	{`{"Entries":[{"Time":1700000000.123,"TraceHeader":"Root=1-abc","EventBusName":"arn:aws:events:us-east-1:111111111111:event-bus/b"}]}`, true},
	{`{"Entries":[{"Time":"2024-01-02T03:04:05Z"},{"Time":"1700000000"},{"Time":-1.5e3}]}`, true},
	{`{"Entries":[{"Source":"\u00e9\n\t\"\\\/\b\f\r\u2028é日本","Detail":"{\"k\":\"\\u00e9\"}"}]}`, true},
	{`{"Entries":[{"Detail":"{\"a\":01}"},{"Detail":"[]"},{"Detail":"{\"n\":92233720368547758070}"}]}`, true},
	{`{"Entries":[{"Source":"\u0000"}]}`, true},
	// Left to encoding/json:
	{`{"entries":[{"Source":"s"}]}`, false},                               // key case folding
	{`{"Entries":[{"source":"s"}]}`, false},                               // key case folding
	{`{"Entries":[{"Source":"s","Extra":{"x":[1]}}]}`, false},             // unknown member
	{`{"Entries":[{"Source":"a","Source":"b"}]}`, false},                  // duplicate member
	{`{"Entries":[],"Entries":[{"Source":"b"}]}`, false},                  // duplicate member
	{`{"Entries":null}`, false},                                           // null
	{`{"Entries":[null]}`, false},                                         // null
	{`{"Entries":[{"Time":null,"Source":null,"Resources":null}]}`, false}, // nulls
	{`{"Entries":[{"Source":1}]}`, false},                                 // wrong type
	{`{"Entries":{"Source":"s"}}`, false},                                 // wrong type
	{`{"Entries":[{"Resources":"r"}]}`, false},                            // wrong type
	{`{"Entries":[{"Time":true}]}`, false},                                // wrong type
	{`{"Entries":[{"Time":"yesterday"}]}`, false},                         // rejected by EpochTime
	{`{"Entries":[{"Time":01}]}`, false},                                  // malformed number
	{`{"Entries":[{"Source":"\ud83d\ude00"}]}`, false},                    // surrogate pair
	{`{"Entries":[{"Source":"\ud800"}]}`, false},                          // lone surrogate
	{"{\"Entries\":[{\"Source\":\"\xff\"}]}", false},                      // invalid UTF-8
	{"{\"Entries\":[{\"Source\":\"a\x01\"}]}", false},                     // control character
	{`{"Entries":[{"Source":"\x"}]}`, false},                              // bad escape
	{`{"Entries":[{"Source":"s"}]`, false},                                // truncated
	{`{"Entries":[{"Source":"s"}]}x`, false},                              // trailing data
	{`{"Entries":[{"Source":"s"},]}`, false},                              // trailing comma
	{`[]`, false},
	{`null`, false},
	{`"s"`, false},
	{`{"Entr\u0069es":[]}`, false}, // escaped key
}

func TestDecodeAWSJSONSamples(t *testing.T) {
	for _, c := range decodeBodySamples {
		got := checkDecodeMatchesJSON(t, []byte(c.body))
		if got != c.fast {
			t.Errorf("fast path took %v, want %v, for %s", got, c.fast, c.body)
		}
	}
}

// TestDecodeAWSJSONGenerated checks random well-formed bodies: the fast path must take every
// one of them and agree with encoding/json.
func TestDecodeAWSJSONGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		body := randomPutEventsBody(r)
		if !checkDecodeMatchesJSON(t, body) {
			t.Fatalf("fast path refused a plain body: %s", body)
		}
	}
}

// FuzzDecodeAWSJSON is the differential fuzz test of the fast decoder against encoding/json.
func FuzzDecodeAWSJSON(f *testing.F) {
	for _, c := range decodeBodySamples {
		f.Add([]byte(c.body))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomPutEventsBody(r))
	}
	f.Add(benchPutEventsBody(3, 300, true))
	f.Add(benchPutEventsBody(2, 300, false))
	for _, c := range onePassDetailSamples {
		f.Add(onePassBodies(c.lit)[1])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecodeMatchesJSON(t, body)
	})
}

// checkDecodeMatchesJSON decodes body (trimmed, as the edge passes it) both ways and fails t
// unless the fast path either declined, leaving its value zero, or produced json.Unmarshal's
// value with correct Detail caches. It reports whether the fast path took the body.
func checkDecodeMatchesJSON(t *testing.T, body []byte) bool {
	t.Helper()
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return false
	}
	orig := bytes.Clone(body)
	var fast, ref PutEventsInput
	ok := fast.DecodeAWSJSON(body)
	if !bytes.Equal(body, orig) {
		t.Fatalf("DecodeAWSJSON modified its input")
	}
	err := json.Unmarshal(body, &ref)
	if !ok {
		if !reflect.DeepEqual(fast, PutEventsInput{}) {
			t.Fatalf("declined but left %#v for %q", fast, body)
		}
		return false
	}
	if err != nil {
		t.Fatalf("fast path took %q, json.Unmarshal fails: %v", body, err)
	}
	for i := range fast.Entries {
		checkDetailCache(t, &fast.Entries[i], body)
		fast.Entries[i].compact, fast.Entries[i].compactOf = nil, ""
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Fatalf("for %q\nfast: %#v\njson: %#v", body, fast, ref)
	}
	return true
}

// checkDetailCache checks that the decoder cached exactly AppendCompactDetail's result.
func checkDetailCache(t *testing.T, e *PutEventsEntry, body []byte) {
	t.Helper()
	want, valid := AppendCompactDetail(nil, e.Detail)
	switch {
	case !valid && e.compact != nil:
		t.Fatalf("invalid Detail %q cached as %q (body %q)", e.Detail, e.compact, body)
	case valid && (e.compactOf != e.Detail || !bytes.Equal(e.compact, want) || e.compact == nil):
		t.Fatalf("Detail %q cached as %q for %q, want %q (body %q)", e.Detail, e.compact, e.compactOf, want, body)
	case cap(e.compact) != len(e.compact): // shares memory with other entries' strings
		t.Fatalf("cached Detail has spare capacity %d > %d: appends would write into shared memory", cap(e.compact), len(e.compact))
	}
}

// randomPutEventsBody returns a well-formed body of the shape the fast path handles, with
// random strings (escapes, non-ASCII), times, whitespace and details.
func randomPutEventsBody(r *rand.Rand) []byte {
	ws := func() string { return []string{"", "", " ", "\n  ", "\t", "\r\n"}[r.IntN(6)] }
	var b strings.Builder
	b.WriteString(ws() + "{" + ws())
	var members []string
	n := r.IntN(12)
	var entries []string
	for range n {
		var fields []string
		add := func(k, v string) {
			if r.IntN(4) > 0 {
				fields = append(fields, ws()+quoteJSON(k)+ws()+":"+ws()+v+ws())
			}
		}
		add("Source", randomJSONString(r))
		add("DetailType", randomJSONString(r))
		add("Detail", quoteDetail(r))
		add("EventBusName", randomJSONString(r))
		add("TraceHeader", randomJSONString(r))
		var res []string
		for range r.IntN(3) {
			res = append(res, randomJSONString(r))
		}
		add("Resources", "["+ws()+strings.Join(res, ws()+","+ws())+ws()+"]")
		add("Time", []string{"1700000000", "-12.5", "1e9", "0", `"2024-05-06T07:08:09Z"`, `"1700000000.5"`}[r.IntN(6)])
		r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
		entries = append(entries, "{"+strings.Join(fields, ",")+"}")
	}
	if r.IntN(5) > 0 {
		members = append(members, `"Entries"`+ws()+":"+ws()+"["+ws()+strings.Join(entries, ws()+","+ws())+ws()+"]")
	}
	if r.IntN(3) == 0 {
		members = append(members, `"EndpointId":`+randomJSONString(r))
	}
	r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	b.WriteString(strings.Join(members, ws()+","+ws()) + ws() + "}" + ws())
	return []byte(b.String())
}

// randomJSONString returns a JSON string literal mixing plain, escaped and non-ASCII text.
func randomJSONString(r *rand.Rand) string {
	parts := []string{"a", "Zz9", " ", "é", "日本", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\u2028", "\\u0041", "\\t", "-", ".", "\\b\\f\\r"}
	var b strings.Builder
	b.WriteByte('"')
	for range r.IntN(8) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	b.WriteByte('"')
	return b.String()
}

// quoteDetail returns a Detail string literal: usually a valid object (compact or spaced),
// sometimes not.
func quoteDetail(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return randomJSONString(r)
	case 1:
		return quoteJSON(fmt.Sprintf(`{"n": %d, "deep": [[{"x": -0.5e-3}]], "s": "\u00e9\n"}`, r.Int64()))
	}
	return quoteJSON(benchDetail(r.IntN(100), r.IntN(300), r.IntN(2) == 0))
}

// TestSpecialBytes checks the word-at-a-time test against a byte loop: the lowest flagged byte
// of a word is its first '"', '\\' or control character (bytes after it may be flagged too).
func TestSpecialBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte{'a', ' ', '~', 0x7f, 0x80, 0xc3, 0xff, '"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x01}
	var w [8]byte
	for range 20000 {
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
			if r.IntN(3) > 0 {
				w[i] = 'a'
			}
		}
		want := 0
		for want < len(w) && plainStringByte[w[want]] {
			want++
		}
		m := specialBytes(binary.LittleEndian.Uint64(w[:]))
		if got := bits.TrailingZeros64(m) / 8; got != want {
			t.Fatalf("specialBytes(%q): first flagged byte %d, want %d", w, got, want)
		}
	}
}
