package pattern

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strings"
	"testing"
)

// fastPathRules put rule paths on scalars, objects, arrays of objects, nested arrays, dotted
// and escaped names, so that the fast scanner's recording paths are all taken.
var fastPathRules = []string{
	`{"source":["s"],"detail":{"state":["on"]}}`,
	`{"detail":{"tags":{"key":["env"]}}}`,
	`{"detail":{"n":[{"numeric":[">",1]}]}}`,
	`{"detail":{"a.b":["v"],"x":{"y":[{"exists":true}]}}}`,
	`{"detail":{"é":["x"],"k\u00e9y":[{"prefix":"lo"}]}}`,
	`{"items":{"v":[1,true,null,"s"]},"list":[{"exists":true}]}`,
	`{"":{"":["e"]},"m":[{"suffix":"end"}]}`,
}

// flattenBoth runs the fast scanner and the general one on ev with the paths of m and fails
// when the fast one accepts an event the general one rejects or records anything differently.
// It reports whether the fast path decided the event.
func flattenBoth(t testing.TB, m *Machine, ev []byte) bool {
	t.Helper()
	c := m.cores[m.active.Load()]
	fast, slow := new(scratch), new(scratch)
	fast.reset(len(c.paths.fields), int(c.nStates), len(c.ids))
	slow.reset(len(c.paths.fields), int(c.nStates), len(c.ids))
	ok := fast.flattenFast(ev, &c.paths.root)
	err := slow.flatten(ev, &c.paths.root)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("event %q: fast path accepted, flatten: %v", ev, err)
	}
	if got, want := describeScratch(fast), describeScratch(slow); got != want {
		t.Fatalf("event %q: fast path recorded\n%s\nflatten recorded\n%s", ev, got, want)
	}
	return true
}

// describeScratch renders everything flatten records, for comparison.
func describeScratch(s *scratch) string {
	var b strings.Builder
	for i := range s.leaves {
		lf := &s.leaves[i]
		fmt.Fprintf(&b, "leaf f%d k%d %q off%d dead%v trail%v\n", lf.field, lf.kind, lf.val, lf.off, lf.dead, s.trailOf(lf))
	}
	fmt.Fprintf(&b, "spans %v touched %v scatter %v\n", s.spans, s.touched, s.scatter)
	for _, f := range s.touched {
		fl := s.fields[f]
		fmt.Fprintf(&b, "field %d first %d count %d live %d\n", f, fl.first, fl.count, fl.live)
	}
	return b.String()
}

func fastPathMachine(tb testing.TB) *Machine {
	tb.Helper()
	m := NewMachine()
	for i, r := range fastPathRules {
		p, err := Parse(r)
		if err != nil {
			tb.Fatalf("%s: %v", r, err)
		}
		if err := m.Add(fmt.Sprint(i), p); err != nil {
			tb.Fatal(err)
		}
	}
	return m
}

var fastPathEvents = []string{
	`{"source":"s","detail":{"state":"on","n":3,"tags":[{"key":"env"},{"key":"x","key":"env"}]}}`,
	`{"detail":{"a.b":"v","a":{"b":"w"},"x":{"y":[[1,[2]],{"z":1}]},"x.y":null}}`,
	`{"detail":{"\u00e9":"x","k\u00e9y":"long","é":"y","kéy":"lo\u0041\n"}}`,
	`{"items":[{"v":1},{"v":[true,null,"s",{"v":2}]},[{"v":"s"}],[]],"list":[],"list":[[]]}`,
	`{"":{"":"e","":"f"},"m":"the end","m":"x\ud800end","source":"\u0073"}`,
	` { "source" : "s" , "detail" : { "state" : [ "on" , "off" ] , "n" : -1.5e3 } } `,
	`{"skip":{"a":[1,-2.5e3,true,false,null,"x",{"k":"v","kk":[]}],"b":{}},"source":"s","source":1}`,
	`{"detail":{"tags":{"key":"` + strings.Repeat("k", 100) + `"},"state":"` + strings.Repeat(`on\"`, 30) + `"}}`,
	`{"detail":{"n":1e400,"n":12345678901234567890,"state":"` + "\xff\xfe" + `","` + "\xff" + `k":"v"}}`,
}

// TestFastScannerMatchesFlatten compares the fast scanner with flatten on hand-written events
// and on every single-byte mutation of them.
func TestFastScannerMatchesFlatten(t *testing.T) {
	m := fastPathMachine(t)
	decided, total := 0, 0
	muts := []byte{' ', '"', ',', ':', '{', '}', '[', ']', 'x', '\\', '0', '-', '.', 'e', 0x01, 0x80}
	for _, base := range fastPathEvents {
		if !flattenBoth(t, m, []byte(base)) {
			t.Fatalf("fast path gave up on a valid event: %s", base)
		}
		for i := 0; i <= len(base); i++ {
			var evs [][]byte
			if i < len(base) {
				evs = append(evs, []byte(base[:i]+base[i+1:]))
			}
			for _, c := range muts {
				evs = append(evs, []byte(base[:i]+string(c)+base[i:]))
			}
			for _, ev := range evs {
				total++
				if flattenBoth(t, m, ev) {
					decided++
				}
			}
		}
	}
	if decided == 0 || decided == total {
		t.Fatalf("fast path decided %d of %d mutated events: the mutations miss their purpose", decided, total)
	}
	t.Logf("%d mutated events, %d decided by the fast path", total, decided)
}

// TestFastScannerDepth checks that nesting beyond the fast path's depth falls back (and still
// matches): flatten decides.
func TestFastScannerDepth(t *testing.T) {
	m := fastPathMachine(t)
	for _, depth := range []int{fastMaxDepth - 2, fastMaxDepth + 2, 3 * fastMaxDepth} {
		skipped := `{"deep":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `,"source":"s"}`
		along := `{"items":` + strings.Repeat("[", depth) + `{"v":1}` + strings.Repeat("]", depth) + `}`
		for _, ev := range []string{skipped, along} {
			if got := flattenBoth(t, m, []byte(ev)); got != (depth < fastMaxDepth) {
				t.Fatalf("depth %d: fast path decided %v", depth, got)
			}
			if _, err := m.Match([]byte(ev), nil); err != nil {
				t.Fatalf("depth %d: %v", depth, err)
			}
		}
	}
}

// FuzzFastScanner holds the fast scanner to flatten on arbitrary bytes.
func FuzzFastScanner(f *testing.F) {
	for _, ev := range fastPathEvents {
		f.Add([]byte(ev))
	}
	for _, ev := range scannerBases {
		f.Add([]byte(ev))
	}
	m := fastPathMachine(f)
	f.Fuzz(func(t *testing.T, ev []byte) {
		flattenBoth(t, m, ev)
	})
}

// TestSpecialBytes checks that the lowest byte specialBytes flags is the first '"', '\\' or
// control character of the word, for every byte value at every position after every prefix of
// plain and high bytes.
func TestSpecialBytes(t *testing.T) {
	special := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	for _, fill := range []byte{'a', 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff} {
		for pos := range 8 {
			for c := range 256 {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				want := 8
				for i, b := range w {
					if special(b) {
						want = i
						break
					}
				}
				x := binary.LittleEndian.Uint64(w[:])
				m := specialBytes(x)
				if k := swar; k.special(x) != m {
					t.Fatalf("word %x: swar.special %x, specialBytes %x", w, k.special(x), m)
				}
				got := 8
				if m != 0 {
					got = bits.TrailingZeros64(m) / 8
				}
				if got != want {
					t.Fatalf("word %x: first special byte %d, specialBytes says %d", w, want, got)
				}
			}
		}
	}
}
