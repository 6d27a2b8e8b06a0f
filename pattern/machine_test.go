package pattern

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMachineCases(t *testing.T) {
	for _, tc := range machineCases {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMachine()
			if err := m.Add("r", tc.p); err != nil {
				t.Fatal(err)
			}
			got, err := m.Match([]byte(tc.event), nil)
			if err != nil {
				t.Fatal(err)
			}
			if (len(got) == 1) != tc.want || len(got) > 1 {
				t.Fatalf("Match(%s) = %v, want match %v", tc.event, got, tc.want)
			}
		})
	}
}

// TestMachineAllCasesTogether puts every case's pattern into one machine and checks that each
// event matches exactly the rules that match it alone.
func TestMachineAllCasesTogether(t *testing.T) {
	all := NewMachine()
	for i, tc := range machineCases {
		if err := all.Add(strconv.Itoa(i), tc.p); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range machineCases {
		var want []string
		for j, other := range machineCases {
			one := NewMachine()
			_ = one.Add("x", other.p)
			if got, _ := one.Match([]byte(tc.event), nil); len(got) == 1 {
				want = append(want, strconv.Itoa(j))
			}
		}
		got, err := all.Match([]byte(tc.event), nil)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("event %s: got %v want %v", tc.event, got, want)
		}
	}
}

func TestMachineInvalidEvents(t *testing.T) {
	m := NewMachine()
	_ = m.Add("r", pat(cnd("a", mExists(false))))
	for _, ev := range []string{``, `[]`, `"x"`, `1`, `null`, `{`, `{"a":}`, `{"a":1,}`, `{"a":1} x`,
		`{"a":"\x"}`, "{\"a\":\"\x01\"}", `{"a":01}`, `{"a":tru}`, `{"a":[1,]}`, `{a:1}`, `{"a":1.}`, `{"a":"\ud83`} {
		if got, err := m.Match([]byte(ev), []string{"keep"}); err == nil || !slices.Equal(got, []string{"keep"}) {
			t.Errorf("Match(%q) = %v, %v; want an error and dst unchanged", ev, got, err)
		}
	}
	deep := strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)
	if _, err := m.Match([]byte(deep), nil); err == nil {
		t.Error("want an error for nesting beyond the depth limit")
	}
}

func TestMachineAddReplaceRemove(t *testing.T) {
	m := NewMachine()
	ev := []byte(`{"source":"aws.ec2","detail":{"state":"running"}}`)
	mustAdd(t, m, "a", pat(cnd("source", mStr("aws.ec2"))))
	mustAdd(t, m, "b", pat(cnd("source", mStr("aws.ec2")), cnd("detail.state", mStr("running"))))
	mustAdd(t, m, "c", pat(cnd("source", mStr("aws.s3"))))
	expectIDs(t, m, ev, "a", "b")
	mustAdd(t, m, "a", pat(cnd("source", mStr("aws.s3"))))
	expectIDs(t, m, ev, "b")
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	m.Remove("b")
	m.Remove("missing")
	expectIDs(t, m, ev)
	mustAdd(t, m, "d", pat(cnd("detail.state", mExists(true))))
	expectIDs(t, m, ev, "d")
	m.Remove("a")
	m.Remove("c")
	m.Remove("d")
	if m.Len() != 0 {
		t.Fatalf("Len = %d, want 0", m.Len())
	}
	expectIDs(t, m, ev)
	if len(m.conds) != 0 {
		t.Fatalf("%d interned conditions left", len(m.conds))
	}
	for _, c := range m.cores {
		if len(c.start.fields) != 0 || len(c.start.finals) != 0 || c.nStates-int32(len(c.freeIDs)) != 1 {
			t.Fatalf("start state not emptied: %d fields, %d finals, %d states in use",
				len(c.start.fields), len(c.start.finals), c.nStates-int32(len(c.freeIDs)))
		}
	}
}

// TestMachineRemoveSharedCondition removes a rule whose branches share a condition that is
// evaluated one by one (anything-but suffix): each branch carries its own compiled copy of the
// matcher, and removal must still unregister it.
func TestMachineRemoveSharedCondition(t *testing.T) {
	m := NewMachine()
	ab := mABk(KindAnythingButSuffix, "x")
	mustAdd(t, m, "old", patOr(Branch{cnd("a", ab), cnd("b", mStr("k"))}, Branch{cnd("a", ab), cnd("d", mPrefix(""))}))
	mustAdd(t, m, "old", pat(cnd("c", mStr("y"))))
	expectIDs(t, m, []byte(`{"a":"y","b":"k","c":"y"}`), "old")
	for _, c := range m.cores {
		if ft := c.start.trans(c.paths.find("a")); ft != nil {
			t.Fatalf("field a still has transitions: %+v", ft.more)
		}
	}
}

func mustAdd(t testing.TB, m *Machine, id string, p *Pattern) {
	t.Helper()
	if err := m.Add(id, p); err != nil {
		t.Fatal(err)
	}
}

func expectIDs(t *testing.T, m *Machine, ev []byte, want ...string) {
	t.Helper()
	got, err := m.Match(ev, nil)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("Match = %v, want %v", got, want)
	}
}

// TestMachineConcurrent runs matchers while rules are added and removed (run with -race).
func TestMachineConcurrent(t *testing.T) {
	m := NewMachine()
	const stable = 50
	for i := range stable {
		mustAdd(t, m, fmt.Sprintf("stable-%d", i), pat(cnd("source", mStr(fmt.Sprintf("svc-%d", i)))))
	}
	deadline := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst []string
			for i := 0; i < 20000 && time.Now().Before(deadline); i++ {
				src := (i + r) % stable
				ev := fmt.Sprintf(`{"source":"svc-%d","detail":{"n":%d}}`, src, i%100)
				var err error
				dst, err = m.Match([]byte(ev), dst[:0])
				if err != nil || !slices.Contains(dst, fmt.Sprintf("stable-%d", src)) {
					errs <- fmt.Errorf("event %s: got %v, %v", ev, dst, err)
					return
				}
			}
		}()
	}
	for i := 0; i < 2000 && time.Now().Before(deadline); i++ {
		id := fmt.Sprintf("churn-%d", i%37)
		if i%3 == 2 {
			m.Remove(id)
			continue
		}
		mustAdd(t, m, id, pat(cnd("source", mStr(fmt.Sprintf("svc-%d", i%stable))),
			cnd("detail.n", mRange(float64(i%100), true, inf, false))))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMachineMatchAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race")
	}
	m := NewMachine()
	for i := range 100 {
		mustAdd(t, m, fmt.Sprintf("r%d", i), pat(cnd("source", mStr(fmt.Sprintf("svc-%d", i))),
			cnd("detail.state", mStr("running"), mPrefix("stop"))))
	}
	ev := []byte(`{"source":"svc-7","detail":{"state":"pending","tags":[{"k":"a\"b"}],"n":1.5}}`)
	dst := make([]string, 0, 4)
	allocs := testing.AllocsPerRun(200, func() {
		dst, _ = m.Match(ev, dst[:0])
	})
	if allocs != 0 {
		t.Fatalf("Match allocates %.1f times per event, want 0", allocs)
	}
}

// TestMachineConformance runs the recorded AWS cases (../shared/conformance/patterns.jsonl) that
// expect "match" or "nomatch" through the Machine: each pattern alone, then all in one machine.
func TestMachineConformance(t *testing.T) {
	all := NewMachine()
	type item struct {
		id, event string
		want      bool
	}
	var items []item
	for _, c := range loadConformance(t) {
		if c.Expect != "match" && c.Expect != "nomatch" {
			continue
		}
		p, err := Parse(c.Pattern)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		mustAdd(t, all, c.ID, p)
		items = append(items, item{c.ID, c.Event, c.Expect == "match"})
		one := NewMachine()
		mustAdd(t, one, c.ID, p)
		got, err := one.Match([]byte(c.Event), nil)
		if err != nil || (len(got) == 1) != (c.Expect == "match") {
			t.Errorf("%s: Match = %v, %v; AWS says %s\npattern %s\nevent %s", c.ID, got, err, c.Expect, c.Pattern, c.Event)
		}
	}
	for _, it := range items {
		got, err := all.Match([]byte(it.event), nil)
		if err != nil || slices.Contains(got, it.id) != it.want {
			t.Errorf("%s in a shared machine: got %v, %v; want match %v", it.id, got, err, it.want)
		}
	}
	t.Logf("%d match/nomatch cases", len(items))
}

// TestScannerWordAtATime checks the eight-bytes-at-a-time scanners against byte loops for every
// byte value at every position.
func TestScannerWordAtATime(t *testing.T) {
	for c := range 256 {
		for pos := range 20 {
			b := []byte("abcdefghij0123456789")
			d := []byte("01234567890123456789")
			b[pos], d[pos] = byte(c), byte(c)
			wantPlain, wantASCII := 0, true
			for wantPlain < len(b) && b[wantPlain] != '"' && b[wantPlain] != '\\' && b[wantPlain] >= 0x20 {
				wantASCII = wantASCII && b[wantPlain] < 0x80
				wantPlain++
			}
			if n, ascii := plainRun(b); n != wantPlain || ascii != wantASCII {
				t.Fatalf("plainRun(%q) = %d, %v; want %d, %v", b, n, ascii, wantPlain, wantASCII)
			}
			wantDigits := 0
			for wantDigits < len(d) && d[wantDigits] >= '0' && d[wantDigits] <= '9' {
				wantDigits++
			}
			if n := digitRun(d); n != wantDigits {
				t.Fatalf("digitRun(%q) = %d, want %d", d, n, wantDigits)
			}
		}
	}
}

// TestRangeIndex checks the numeric range index against a linear scan while ranges are added
// and removed (enough of them to go through merges and tombstones).
func TestRangeIndex(t *testing.T) {
	var x rangeIndex
	type entry struct {
		r  Range
		to *state
	}
	var live []entry
	rng := func(i int) Range {
		lo, hi := float64(i%37)-10, float64(i%37)-10+float64(i%11)
		return Range{HasLow: i%5 != 0, Low: lo, LowInclusive: i%2 == 0, HasHigh: i%7 != 0, High: hi, HighInclusive: i%3 == 0}
	}
	check := func() {
		for v := -12.0; v <= 40; v += 0.5 {
			got := x.collect(v, nil)
			var want []*state
			for _, e := range live {
				if e.r.Contains(v) {
					want = append(want, e.to)
				}
			}
			ids := func(ss []*state) []int32 {
				var out []int32
				for _, s := range ss {
					out = append(out, s.id)
				}
				slices.Sort(out)
				return out
			}
			if !slices.Equal(ids(got), ids(want)) {
				t.Fatalf("collect(%v) = %v, want %v", v, ids(got), ids(want))
			}
		}
	}
	for i := range 300 {
		e := entry{rng(i), &state{id: int32(i)}}
		x.add(e.r, e.to)
		live = append(live, e)
		if i%4 == 3 {
			j := (i * 7) % len(live)
			x.remove(live[j].r, live[j].to)
			live = slices.Delete(live, j, j+1)
		}
		if i%25 == 0 {
			check()
		}
	}
	check()
}

// TestMachineLargeEvent matches a ~1 MiB event (an array of 10,000 objects, long strings) and
// compares with the reference evaluator.
func TestMachineLargeEvent(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"source":"aws.ec2","detail":{"items":[`)
	for i := range 10000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"item-%d","n":%d,"tags":["a","b\u0063"],"pad":"%s"}`, i, i, strings.Repeat("x", 40))
	}
	b.WriteString(`]}}`)
	ev := []byte(b.String())
	if len(ev) < 900_000 {
		t.Fatalf("event is only %d bytes", len(ev))
	}
	rules := []string{
		`{"detail":{"items":{"id":["item-9999"],"n":[9999]}}}`,
		`{"detail":{"items":{"id":["item-9999"],"n":[9998]}}}`,
		`{"detail":{"items":{"tags":["bc"],"n":[{"numeric":[">",9990]}]}}}`,
		`{"source":["aws.ec2"],"detail":{"items":{"pad":[{"prefix":"xxx"}],"missing":[{"exists":false}]}}}`,
	}
	m := NewMachine()
	for i, r := range rules {
		p, err := Parse(r)
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, m, strconv.Itoa(i), p)
		want, err := MatchReference(p, ev)
		if err != nil {
			t.Fatal(err)
		}
		one := NewMachine()
		mustAdd(t, one, "x", p)
		got, err := one.Match(ev, nil)
		if err != nil || (len(got) == 1) != want {
			t.Errorf("rule %s: machine %v, %v; reference %v", r, got, err, want)
		}
	}
	got, err := m.Match(ev, nil)
	slices.Sort(got)
	if err != nil || !slices.Equal(got, []string{"0", "2", "3"}) {
		t.Errorf("all rules: %v, %v; want [0 2 3]", got, err)
	}
}
