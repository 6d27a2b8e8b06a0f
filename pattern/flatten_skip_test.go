package pattern

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// scannerRules are the rules of the scanner's validation tests: some parts of their events are
// looked at, the rest skipped.
var scannerRules = []string{
	`{"source":["s"],"detail":{"state":["on"]}}`,
	`{"detail":{"tags":{"key":["env"]}}}`,
	`{"detail":{"n":[{"numeric":[">",1]}]}}`,
}

// scannerMachine compiles scannerRules; rule i has id "a"+i.
func scannerMachine(tb testing.TB) (*Machine, []*Pattern) {
	tb.Helper()
	m := NewMachine()
	var pats []*Pattern
	for i, r := range scannerRules {
		p, err := Parse(r)
		if err != nil {
			tb.Fatal(err)
		}
		pats = append(pats, p)
		if err := m.Add(string(rune('a'+i)), p); err != nil {
			tb.Fatal(err)
		}
	}
	return m, pats
}

// checkScanner reports whether Match rejects ev exactly when encoding/json does (or the event
// is not an object), and, when it accepts it, matches as MatchReference says. It returns whether
// ev was rejected.
func checkScanner(tb testing.TB, m *Machine, pats []*Pattern, ev []byte) bool {
	tb.Helper()
	got, err := m.Match(ev, nil)
	valid := json.Valid(ev) && strings.HasPrefix(strings.TrimLeft(string(ev), " \t\r\n"), "{")
	if (err == nil) != valid {
		tb.Fatalf("event %q: Match error %v, encoding/json valid %v", ev, err, valid)
	}
	if err != nil {
		return true
	}
	set := map[string]bool{}
	for _, id := range got {
		set[id] = true
	}
	for i, p := range pats {
		id := string(rune('a' + i))
		want, werr := MatchReference(p, ev)
		if werr != nil || want != set[id] {
			tb.Fatalf("event %q rule %s: Match %v, reference %v (%v)", ev, scannerRules[i], set[id], want, werr)
		}
	}
	return false
}

var scannerBases = []string{
	`{"version":"0","id":"abc","source":"s","skip":{"a":[1,-2.5e3,true,false,null,"x",{"k":"v","kk":[]}],"b":{}},` +
		`"detail":{"state":"on","n":3,"other":{"deep":[[["longer string value"]],{"e":"\u00e9\n"}]},"tags":[{"key":"env"},{"key":"x"}]}}`,
	`{ "skip" : [ { "a" : "b" , "c" : [ 1 , 2 ] } ] , "detail" : { "state" : "on" } , "source" : "s" }`,
}

// TestScannerValidatesLikeEncodingJSON mutates envelopes at every byte (replace, insert,
// delete, with bytes that matter to JSON's grammar) and checks each with checkScanner, in the
// parts rules look at and in the parts skipped.
func TestScannerValidatesLikeEncodingJSON(t *testing.T) {
	m, pats := scannerMachine(t)
	muts := []byte{' ', '"', ',', ':', '{', '}', '[', ']', 'x', '\\', '0', '-', '.', 'e', 0x01, 't'}
	checked, invalid := 0, 0
	for _, base := range scannerBases {
		if !json.Valid([]byte(base)) {
			t.Fatalf("base event is not valid JSON: %s", base)
		}
		var events []string
		for i := 0; i <= len(base); i++ {
			if i < len(base) {
				events = append(events, base[:i]+base[i+1:])
			}
			for _, c := range muts {
				if i < len(base) {
					events = append(events, base[:i]+string(c)+base[i+1:])
				}
				events = append(events, base[:i]+string(c)+base[i:])
			}
		}
		for _, ev := range events {
			checked++
			if checkScanner(t, m, pats, []byte(ev)) {
				invalid++
			}
		}
	}
	if invalid == 0 || invalid == checked {
		t.Fatalf("%d of %d mutated events invalid: the mutations miss their purpose", invalid, checked)
	}
	t.Logf("%d mutated events, %d invalid", checked, invalid)
}

// FuzzMachineScanner checks the machine's event scanner on arbitrary bytes with checkScanner.
func FuzzMachineScanner(f *testing.F) {
	for _, b := range scannerBases {
		f.Add([]byte(b))
	}
	f.Add([]byte(`{"a":"\ud800","source":"s","detail":{"state":"on"},"source":"t"}`))
	f.Add([]byte(`{"skip":[[[[[[[]]]]]]],"x":"` + strings.Repeat("ab\\n", 30) + `"}`))
	m, pats := scannerMachine(f)
	f.Fuzz(func(t *testing.T, ev []byte) {
		checkScanner(t, m, pats, ev)
	})
}

// TestSkipSparseEscapesIsLinear matches a 1 MiB event whose skipped string has an escape every
// 64 bytes: each search for the string's end must stay local (an earlier scanner searched to the
// closing quote after every escape, about a second per event).
func TestSkipSparseEscapesIsLinear(t *testing.T) {
	p, err := Parse(`{"source":["x"]}`)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMachine()
	if err := m.Add("r", p); err != nil {
		t.Fatal(err)
	}
	seg := strings.Repeat("a", 62) + `\n`
	for _, ev := range []string{
		`{"detail":"` + strings.Repeat(seg, (1<<20)/64) + `","source":"x"}`,
		`{"detail":{"k":"` + strings.Repeat(seg, (1<<20)/64) + `"},"source":"x"}`,
	} {
		start := time.Now()
		got, err := m.Match([]byte(ev), nil)
		if err != nil || len(got) != 1 {
			t.Fatalf("Match = %v, %v; want [r]", got, err)
		}
		if d := time.Since(start); d > 250*time.Millisecond {
			t.Fatalf("a 1 MiB event with sparse escapes took %v to match", d)
		}
	}
}
