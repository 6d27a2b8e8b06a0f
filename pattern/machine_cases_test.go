package pattern

import (
	"math"
	"net/netip"
	"slices"
	"strings"
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
