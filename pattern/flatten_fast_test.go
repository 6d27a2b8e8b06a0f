package pattern

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPlainEnd checks the long-string search, and its word-at-a-time form that runs without
// AVX2, against a byte loop for every byte value at every position of a string long enough to
// use them.
func TestPlainEnd(t *testing.T) {
	for _, n := range []int{9, 30} { // 90 bytes, and 300 (several 64-byte steps)
		for c := range 256 {
			for pos := range 10 * n {
				b := []byte(strings.Repeat("abcdefghij", n) + `"tail`)
				b[pos] = byte(c)
				want := 0
				for want < len(b) && b[want] != '"' && b[want] != '\\' && b[want] >= 0x20 {
					want++
				}
				for _, from := range []int{0, 1, 7} { // every alignment of the blocks
					if from <= want {
						if got := plainEnd(b, from); got != want {
							t.Fatalf("plainEnd(%q, %d) = %d, want %d", b, from, got, want)
						}
						if got := plainEndWords(b, from); got != want {
							t.Fatalf("plainEndWords(%q, %d) = %d, want %d", b, from, got, want)
						}
					}
				}
				if got := plainEnd(b[:pos], 0); got != pos { // no special byte: the end
					t.Fatalf("plainEnd(%q) = %d, want %d", b[:pos], got, pos)
				}
				if got := plainEndWords(b[:pos], 0); got != pos {
					t.Fatalf("plainEndWords(%q) = %d, want %d", b[:pos], got, pos)
				}
			}
		}
	}
}

// TestPlainIndex checks the vectorised search (where the CPU has it) against a byte loop, for
// every length up to 200 and a special or plain byte at every position.
func TestPlainIndex(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no vectorised search on this platform")
	}
	for n := 32; n < 200; n++ {
		for _, c := range []byte{'"', '\\', 0, 0x1f, 0x20, 0x7f, 0x80, 0xff} {
			for pos := -1; pos < n; pos++ {
				b := []byte(strings.Repeat("x", n))
				want := n
				if pos >= 0 {
					b[pos] = c
					if c == '"' || c == '\\' || c < 0x20 {
						want = pos
					}
				}
				if got := plainIndex(b); got != want {
					t.Fatalf("plainIndex(len %d, %#x at %d) = %d, want %d", n, c, pos, got, want)
				}
			}
		}
	}
}

// TestPlainIndexRandom checks the vectorised search against a byte loop on random strings up to
// 1,000 bytes with sparse special and non-ASCII bytes, from every start alignment.
func TestPlainIndexRandom(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no vectorised search on this platform")
	}
	r := rand.New(rand.NewPCG(1, 2))
	specials := []byte{'"', '\\', 0, '\n', 0x1f, 0x20, 0x7f, 0x80, 0xc3, 0xff}
	for range 20000 {
		b := make([]byte, 32+r.IntN(1000))
		for i := range b {
			b[i] = 'a' + byte(r.IntN(26))
			if r.IntN(200) == 0 {
				b[i] = specials[r.IntN(len(specials))]
			}
		}
		from := r.IntN(len(b) - 31)
		want := from
		for want < len(b) && b[want] != '"' && b[want] != '\\' && b[want] >= 0x20 {
			want++
		}
		if got := from + plainIndex(b[from:]); got != want {
			t.Fatalf("plainIndex(%q[%d:]) = %d, want %d", b, from, got-from, want-from)
		}
	}
}

// TestChildFilterAndTable checks child lookup through the filters and the open-addressed table
// (more than smallMax children) for present and absent names of every length and first byte.
func TestChildFilterAndTable(t *testing.T) {
	var n pathNode
	names := []string{"", "a", "b.c", "State", "state", "eventName", "eventSource", "errorCode",
		"requestParameters", "responseElements", "x", strings.Repeat("long", 20), "é", "detail-type"}
	for i, name := range names {
		n.addChild(name, &pathNode{field: int32(i)})
		for j, other := range names[:i+1] {
			if c := n.child([]byte(other)); c == nil || c.field != int32(j) {
				t.Fatalf("after %d children: child(%q) = %v", i+1, other, c)
			}
		}
	}
	for _, absent := range []string{"b", "State ", "Stat", "eventname", "c", strings.Repeat("long", 21), "e"} {
		if c := n.child([]byte(absent)); c != nil {
			t.Fatalf("child(%q) = %v, want nil", absent, c)
		}
	}
}

// TestMachineScannerFastPaths matches events built to hit the scanner's in-line paths and their
// fall-backs (keys and values at every offset near the end of the event, dotted, escaped and
// non-ASCII keys, long strings with escapes or control characters, many children of one object)
// and compares with MatchReference, including the errors on invalid events.
func TestMachineScannerFastPaths(t *testing.T) {
	rules := []string{
		`{"source":["s"]}`,
		`{"detail":{"a.b":["v"]}}`,
		`{"detail":{"a":{"b":["w"]}}}`,
		`{"detail":{"é":["x"]}}`,
		`{"detail":{"k\u00e9y":[{"prefix":"lo"}]}}`,
		`{"detail":{"message":[{"suffix":"end"}]}}`,
	}
	for i := range 12 {
		rules = append(rules, fmt.Sprintf(`{"detail":{"field%d":["v%d"]}}`, i, i))
	}
	m := NewMachine()
	pats := make([]*Pattern, len(rules))
	for i, r := range rules {
		p, err := Parse(r)
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		pats[i] = p
		if err := m.Add(fmt.Sprint(i), p); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("lorem ipsum ", 20)
	var events []string
	for pad := range 20 {
		sp := strings.Repeat(" ", pad%3)
		x := strings.Repeat("x", pad)
		events = append(events,
			fmt.Sprintf(`{"source":"s","p":"%s"}`, x),
			fmt.Sprintf(`{"%s":1,"source":"s"}`, x),
			fmt.Sprintf(`{"source"%s:%s"s"%s}`, sp, sp, sp),
			fmt.Sprintf(`{"detail":{"a.b":"v","%s":"%s"}}`, x, x),
			fmt.Sprintf(`{"detail":{"%s.a":"v","a.b":"w%s"}}`, x, x),
			fmt.Sprintf(`{"detail":{"a":{"b":"w"},"a\u002eb":"v","z":"%s"}}`, x),
			fmt.Sprintf(`{"detail":{"\u00e9":"x","k\u00e9y":"long%s"}}`, x),
			fmt.Sprintf(`{"detail":{"é":"x","kéy":"lo%s","field%d":"v%d"}}`, x, pad%14, pad%14),
			fmt.Sprintf(`{"detail":{"message":"%s%s end","field3":"v3"}}`, long, x),
			fmt.Sprintf(`{"detail":{"message":"%s\n%s end"}}`, long, x),
			fmt.Sprintf(`{"detail":{"message":"%s\"%s end"}}`, long, x),
			fmt.Sprintf(`{"detail":{"message":"%s%s`+"\x01"+`end"}}`, long, x),
			fmt.Sprintf(`{"detail":{"%s":"%s`+"\x1f"+`"}}`, x, x),
			fmt.Sprintf(`{"detail":{"field1":"v1","%s":"%s\x"}}`, x, long),
			fmt.Sprintf(`{"detail":{"field2":"v2","%s`, x),
			fmt.Sprintf(`{"detail":{"field2":"v2%s`, x),
			fmt.Sprintf(`{"det%s`, x),
		)
	}
	matches, errs := 0, 0
	for _, ev := range events {
		got, gotErr := m.Match([]byte(ev), nil)
		matches += len(got)
		if gotErr != nil {
			errs++
		}
		set := map[string]bool{}
		for _, id := range got {
			set[id] = true
		}
		for i, p := range pats {
			want, wantErr := MatchReference(p, []byte(ev))
			if (wantErr != nil) != (gotErr != nil) {
				t.Fatalf("event %q: Match error %v, reference error %v", ev, gotErr, wantErr)
			}
			if wantErr == nil && want != set[fmt.Sprint(i)] {
				t.Fatalf("event %q rule %s: Match %v, reference %v", ev, rules[i], set[fmt.Sprint(i)], want)
			}
		}
	}
	if matches < len(events)/2 || errs < 5*20 {
		t.Fatalf("only %d matches and %d errors over %d events: the events miss their purpose", matches, errs, len(events))
	}
	t.Logf("%d events, %d matches, %d errors", len(events), matches, errs)
}

// TestDigitsEnd checks the word-wise digit scan against a byte loop for every byte value at
// every position after a run of digits.
func TestDigitsEnd(t *testing.T) {
	for c := range 256 {
		for pos := range 20 {
			b := []byte(strings.Repeat("1234567890", 2))
			b[pos] = byte(c)
			for from := range pos + 1 {
				want := from
				for want < len(b) && b[want]-'0' <= 9 {
					want++
				}
				if got := digitsEnd(b, from); got != want {
					t.Fatalf("digitsEnd(%q, %d) = %d, want %d", b, from, got, want)
				}
			}
		}
	}
}
