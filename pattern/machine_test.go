package pattern

import (
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// AST builders for tests that do not depend on the parser.

func pat(conds ...Condition) *Pattern { return &Pattern{Branches: []Branch{sortBranch(conds)}} }

func patOr(branches ...Branch) *Pattern {
	for i := range branches {
		branches[i] = sortBranch(branches[i])
	}
	return &Pattern{Branches: branches}
}

func sortBranch(b Branch) Branch {
	slices.SortFunc(b, func(x, y Condition) int {
		if PathLess(x.Path, y.Path) {
			return -1
		}
		return strings.Compare(x.Path, y.Path) // 0 for equal paths
	})
	return b
}

func cnd(path string, ms ...Matcher) Condition { return Condition{Path: path, Matchers: ms} }

func mStr(s string) Matcher { return Matcher{Kind: KindString, Str: s} }

func mNum(lexeme string) Matcher { return Matcher{Kind: KindNumber, Num: num(lexeme)} }

func num(lexeme string) Number { return NewNumber(lexeme) }

func mKind(k Kind) Matcher             { return Matcher{Kind: k} }
func mExists(b bool) Matcher           { return Matcher{Kind: KindExists, Exists: b} }
func mPrefix(s string) Matcher         { return Matcher{Kind: KindPrefix, Str: s} }
func mPrefixIC(s string) Matcher       { return Matcher{Kind: KindPrefix, Str: s, IgnoreCase: true} }
func mSuffix(s string) Matcher         { return Matcher{Kind: KindSuffix, Str: s} }
func mSuffixIC(s string) Matcher       { return Matcher{Kind: KindSuffix, Str: s, IgnoreCase: true} }
func mEqIC(s string) Matcher           { return Matcher{Kind: KindEqualsIgnoreCase, Str: s} }
func mWild(s string) Matcher           { return Matcher{Kind: KindWildcard, Str: s} }
func mCIDR(s string) Matcher           { return Matcher{Kind: KindCIDR, Prefix: netip.MustParsePrefix(s)} }
func mAB(strs ...string) Matcher       { return Matcher{Kind: KindAnythingBut, Strs: strs} }
func mABk(k Kind, s ...string) Matcher { return Matcher{Kind: k, Strs: s} }

func mABNum(lexemes ...string) Matcher {
	m := Matcher{Kind: KindAnythingBut}
	for _, l := range lexemes {
		m.Nums = append(m.Nums, num(l))
	}
	return m
}

func mRange(low float64, lowInc bool, high float64, highInc bool) Matcher {
	r := Range{HasLow: !math.IsInf(low, -1), Low: low, LowInclusive: lowInc,
		HasHigh: !math.IsInf(high, 1), High: high, HighInclusive: highInc}
	return Matcher{Kind: KindNumeric, Range: r}
}

type machineCase struct {
	name  string
	p     *Pattern
	event string
	want  bool
}

var inf = math.Inf(1)

var machineCases = []machineCase{
	// exact strings
	{"string", pat(cnd("a", mStr("x"))), `{"a":"x"}`, true},
	{"string other", pat(cnd("a", mStr("x"))), `{"a":"y"}`, false},
	{"string vs number", pat(cnd("a", mStr("1"))), `{"a":1}`, false},
	{"string escaped", pat(cnd("a", mStr("é\"\n"))), `{"a":"\u00e9\"\n"}`, true},
	{"string surrogate pair", pat(cnd("a", mStr("😀"))), `{"a":"\ud83d\ude00"}`, true},
	{"string empty", pat(cnd("a", mStr(""))), `{"a":""}`, true},
	{"string in array", pat(cnd("a", mStr("x"))), `{"a":["y",["z","x"]]}`, true},
	{"string nested path", pat(cnd("a.b", mStr("x"))), `{"a":{"b":"x"}}`, true},
	{"string dotted key", pat(cnd("a.b", mStr("x"))), `{"a.b":"x"}`, true},
	{"string dotted mixed", pat(cnd("a.b.c", mStr("x"))), `{"a":{"b.c":"x"}}`, true},
	{"string object at leaf", pat(cnd("a", mStr("x"))), `{"a":{"b":"x"}}`, false},
	{"duplicate key last wins", pat(cnd("a", mStr("x"))), `{"a":"x","a":"y"}`, false},
	{"duplicate key last wins 2", pat(cnd("a", mStr("y"))), `{"a":"x","a":"y"}`, true},
	{"duplicate object replaced", pat(cnd("a.b", mStr("x"))), `{"a":{"b":"x"},"a":{"c":"y"}}`, false},
	{"two conditions", pat(cnd("a", mStr("x")), cnd("b", mStr("y"))), `{"b":"y","a":"x"}`, true},
	{"two conditions one fails", pat(cnd("a", mStr("x")), cnd("b", mStr("y"))), `{"a":"x","b":"z"}`, false},
	// numbers
	{"number", pat(cnd("n", mNum("300"))), `{"n":300}`, true},
	{"number float form", pat(cnd("n", mNum("300"))), `{"n":300.0}`, true},
	{"number exponent", pat(cnd("n", mNum("300"))), `{"n":3e2}`, true},
	{"number other", pat(cnd("n", mNum("300"))), `{"n":301}`, false},
	{"number vs string", pat(cnd("n", mNum("300"))), `{"n":"300"}`, false},
	{"number inexact lexeme", pat(cnd("n", Matcher{Kind: KindNumber, Num: Number{Lexeme: "0.1000000000000000000001", Value: 0.1}})), `{"n":0.1}`, false},
	{"number inexact same lexeme", pat(cnd("n", Matcher{Kind: KindNumber, Num: Number{Lexeme: "0.1000000000000000000001", Value: 0.1}})), `{"n":0.1000000000000000000001}`, true},
	// literals
	{"true", pat(cnd("b", mKind(KindTrue))), `{"b":true}`, true},
	{"true vs string", pat(cnd("b", mKind(KindTrue))), `{"b":"true"}`, false},
	{"false", pat(cnd("b", mKind(KindFalse))), `{"b":false}`, true},
	{"null", pat(cnd("b", mKind(KindNull))), `{"b":null}`, true},
	{"null absent", pat(cnd("b", mKind(KindNull))), `{}`, false},
	{"null empty array", pat(cnd("b", mKind(KindNull))), `{"b":[]}`, false},
	// exists
	{"exists", pat(cnd("a", mExists(true))), `{"a":null}`, true},
	{"exists absent", pat(cnd("a", mExists(true))), `{"b":1}`, false},
	{"exists object", pat(cnd("a", mExists(true))), `{"a":{"b":1}}`, false},
	{"exists empty array", pat(cnd("a", mExists(true))), `{"a":[]}`, false},
	{"not exists", pat(cnd("a", mExists(false))), `{"b":1}`, true},
	{"not exists present", pat(cnd("a", mExists(false))), `{"a":1}`, false},
	{"not exists object", pat(cnd("a", mExists(false))), `{"a":{"b":1}}`, true},
	{"not exists empty array", pat(cnd("a", mExists(false))), `{"a":[[],[]]}`, true},
	{"not exists dup replaced", pat(cnd("a.b", mExists(false))), `{"a":{"b":1},"a":{}}`, true},
	{"not exists with other", pat(cnd("a", mExists(false)), cnd("c", mStr("x"))), `{"c":"x"}`, true},
	{"anything-but or not exists", pat(cnd("a", mAB("roses"), mExists(false))), `{"b":1}`, true},
	{"anything-but or not exists 2", pat(cnd("a", mAB("roses"), mExists(false))), `{"a":"roses"}`, false},
	// prefix / suffix
	{"prefix", pat(cnd("s", mPrefix("us-"))), `{"s":"us-east-1"}`, true},
	{"prefix no", pat(cnd("s", mPrefix("us-"))), `{"s":"eu-west-1"}`, false},
	{"prefix empty", pat(cnd("s", mPrefix(""))), `{"s":"x"}`, true},
	{"prefix number", pat(cnd("s", mPrefix("1"))), `{"s":12}`, false},
	{"prefix ic", pat(cnd("s", mPrefixIC("US-"))), `{"s":"us-east-1"}`, true},
	{"prefix ic non-ascii", pat(cnd("s", mPrefixIC("ÉT"))), `{"s":"été"}`, true},
	{"suffix", pat(cnd("s", mSuffix(".png"))), `{"s":"a.png"}`, true},
	{"suffix no", pat(cnd("s", mSuffix(".png"))), `{"s":"a.jpg"}`, false},
	{"suffix ic", pat(cnd("s", mSuffixIC(".PNG"))), `{"s":"a.png"}`, true},
	{"suffix ic non-ascii", pat(cnd("s", mSuffixIC("É"))), `{"s":"café"}`, true},
	// equals-ignore-case
	{"eq ic", pat(cnd("s", mEqIC("alice"))), `{"s":"ALICE"}`, true},
	{"eq ic no", pat(cnd("s", mEqIC("alice"))), `{"s":"ALICEx"}`, false},
	{"eq ic kelvin", pat(cnd("s", mEqIC("k"))), `{"s":"\u212a"}`, false},
	{"eq ic non-ascii", pat(cnd("s", mEqIC("straße"))), `{"s":"STRAßE"}`, true},
	// wildcard
	{"wildcard", pat(cnd("s", mWild("Simple*Service"))), `{"s":"SimpleQueueService"}`, true},
	{"wildcard empty run", pat(cnd("s", mWild("Simple*Service"))), `{"s":"SimpleService"}`, true},
	{"wildcard no", pat(cnd("s", mWild("Simple*Service"))), `{"s":"SimpleQueue"}`, false},
	{"wildcard escaped star", pat(cnd("s", mWild(`a\*b`))), `{"s":"a*b"}`, true},
	{"wildcard escaped star no", pat(cnd("s", mWild(`a\*b`))), `{"s":"axb"}`, false},
	{"wildcard many", pat(cnd("s", mWild("*a*b*"))), `{"s":"xxaxxbxx"}`, true},
	{"wildcard empty", pat(cnd("s", mWild(""))), `{"s":"a"}`, false},
	{"wildcard overlap", pat(cnd("s", mWild("ab*ba"))), `{"s":"aba"}`, false},
	// numeric
	{"numeric gt", pat(cnd("n", mRange(100, false, inf, false))), `{"n":101.0}`, true},
	{"numeric gt edge", pat(cnd("n", mRange(100, false, inf, false))), `{"n":100}`, false},
	{"numeric ge edge", pat(cnd("n", mRange(100, true, inf, false))), `{"n":1e2}`, true},
	{"numeric range", pat(cnd("n", mRange(0, false, 5, true))), `{"n":5}`, true},
	{"numeric string", pat(cnd("n", mRange(0, false, 5, true))), `{"n":"3"}`, false},
	{"numeric null", pat(cnd("n", mRange(0, false, 5, true))), `{"n":null}`, false},
	// cidr
	{"cidr", pat(cnd("ip", mCIDR("10.0.0.0/24"))), `{"ip":"10.0.0.7"}`, true},
	{"cidr out", pat(cnd("ip", mCIDR("10.0.0.0/24"))), `{"ip":"10.0.1.7"}`, false},
	{"cidr v6", pat(cnd("ip", mCIDR("2001:db8:1234:1a00::/64"))), `{"ip":"2001:0db8:1234:1a00:0000:0000:0000:0001"}`, true},
	{"cidr not ip", pat(cnd("ip", mCIDR("10.0.0.0/24"))), `{"ip":"host"}`, false},
	// anything-but
	{"ab", pat(cnd("s", mAB("stopped"))), `{"s":"running"}`, true},
	{"ab excluded", pat(cnd("s", mAB("stopped"))), `{"s":"stopped"}`, false},
	{"ab null", pat(cnd("s", mAB("stopped"))), `{"s":null}`, true},
	{"ab missing", pat(cnd("s", mAB("stopped"))), `{}`, false},
	{"ab array any", pat(cnd("s", mAB("stopped"))), `{"s":["stopped","x"]}`, true},
	{"ab array all excluded", pat(cnd("s", mAB("stopped"))), `{"s":["stopped"]}`, false},
	{"ab num", pat(cnd("n", mABNum("100"))), `{"n":100.0}`, false},
	{"ab num other", pat(cnd("n", mABNum("0"))), `{"n":789}`, true},
	{"ab num string", pat(cnd("n", mABNum("100"))), `{"n":"100"}`, true},
	{"ab prefix", pat(cnd("s", mABk(KindAnythingButPrefix, "init"))), `{"s":"initializing"}`, false},
	{"ab prefix other", pat(cnd("s", mABk(KindAnythingButPrefix, "init"))), `{"s":"running"}`, true},
	{"ab prefix number", pat(cnd("s", mABk(KindAnythingButPrefix, "init"))), `{"s":5}`, true},
	{"ab suffix", pat(cnd("s", mABk(KindAnythingButSuffix, ".png"))), `{"s":"a.png"}`, false},
	{"ab ic", pat(cnd("s", mABk(KindAnythingButIgnoreCase, "alice"))), `{"s":"ALICE"}`, false},
	{"ab ic other", pat(cnd("s", mABk(KindAnythingButIgnoreCase, "alice"))), `{"s":"bob"}`, true},
	{"ab wildcard empty", pat(cnd("s", mABk(KindAnythingButWildcard, ""))), `{"s":"x"}`, true},
	{"ab wildcard empty no", pat(cnd("s", mABk(KindAnythingButWildcard, ""))), `{"s":""}`, false},
	// array consistency
	{"array same element", pat(cnd("e.f", mStr("Anna")), cnd("e.l", mStr("Smith"))),
		`{"e":[{"f":"John","l":"Doe"},{"f":"Anna","l":"Smith"}]}`, true},
	{"array different elements", pat(cnd("e.f", mStr("Anna")), cnd("e.l", mStr("Doe"))),
		`{"e":[{"f":"John","l":"Doe"},{"f":"Anna","l":"Smith"}]}`, false},
	{"array different arrays", pat(cnd("a.x", mStr("1")), cnd("b.y", mStr("2"))),
		`{"a":[{"x":"0"},{"x":"1"}],"b":[{"y":"2"},{"y":"3"}]}`, true},
	{"array nested", pat(cnd("a.b.c", mStr("1")), cnd("a.d", mStr("2"))),
		`{"a":[{"b":[{"c":"0"},{"c":"1"}],"d":"2"},{"d":"3"}]}`, true},
	{"array nested inconsistent", pat(cnd("a.b.c", mStr("1")), cnd("a.d", mStr("3"))),
		`{"a":[{"b":[{"c":"0"},{"c":"1"}],"d":"2"},{"d":"3"}]}`, false},
	{"array outer vs inner", pat(cnd("a.b", mStr("1")), cnd("c", mStr("2"))),
		`{"a":[{"b":"1"}],"c":"2"}`, true},
	// $or
	{"or first", patOr(Branch{cnd("a", mStr("x"))}, Branch{cnd("b", mStr("y"))}), `{"a":"x"}`, true},
	{"or second", patOr(Branch{cnd("a", mStr("x"))}, Branch{cnd("b", mStr("y"))}), `{"b":"y"}`, true},
	{"or none", patOr(Branch{cnd("a", mStr("x"))}, Branch{cnd("b", mStr("y"))}), `{"a":"y"}`, false},
	{"or multiple matchers", pat(cnd("a", mStr("x"), mPrefix("y"), mNum("5"))), `{"a":5}`, true},
}

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
		if len(c.start.fields) != 0 || c.start.refs != 0 {
			t.Fatalf("start state not emptied: %d fields, %d refs", len(c.start.fields), c.start.refs)
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
