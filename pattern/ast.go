package pattern

import "net/netip"

// This file is the contract between the pattern parser (parse*.go), the reference evaluator
// (reference.go), the explainer, and the compiled matcher (machine*.go). Change it only with
// all of them in mind.

// Pattern is a parsed and validated event pattern. It is immutable once returned by Parse and
// safe to share between goroutines.
type Pattern struct {
	// Source is the pattern text exactly as given.
	Source string
	// Branches is the pattern in disjunctive form: every "$or" is expanded, so the pattern
	// matches an event when any branch matches. There is at least one branch and at most the
	// configured combination limit (AWS: 1000).
	Branches []Branch
}

// Branch is a conjunction: it matches when every Condition matches. Conditions are sorted by
// Path and paths are unique within a branch.
type Branch []Condition

// Condition is one leaf of the pattern: the value(s) at Path must satisfy at least one Matcher.
type Condition struct {
	// Path is the object keys from the root of the event to the leaf, joined with ".", so
	// {"a":{"b":[..]}} and {"a.b":[..]} have the same Path "a.b" (as in EventBridge).
	Path string
	// Matchers are OR-ed. Never empty.
	Matchers []Matcher
}

// Kind is what a Matcher tests.
type Kind uint8

// The matcher kinds. The comment says which fields of Matcher each kind uses and what it
// matches; "string value" means a JSON string in the event, compared after JSON unescaping.
const (
	// KindString matches a string value equal to Str (byte for byte).
	KindString Kind = iota + 1
	// KindNumber matches a number value equal to Num: same lexeme, or, when Num.Exact and the
	// event number is exact too (see NewNumber), the same float64 value (so 300 matches 300.0
	// and 3e2). NumbersEqual implements it.
	KindNumber
	// KindTrue, KindFalse and KindNull match the JSON literals true, false and null.
	KindTrue
	KindFalse
	KindNull
	// KindExists matches when the path has at least one leaf value (Exists true) or none
	// (Exists false). A Condition with an exists-false matcher also matches absent paths.
	KindExists
	// KindPrefix / KindSuffix match string values starting / ending with Str; with IgnoreCase
	// the comparison folds case (see KindEqualsIgnoreCase).
	KindPrefix
	KindSuffix
	// KindEqualsIgnoreCase matches string values equal to Str ignoring case: each rune of the
	// value must equal the pattern rune, or its unicode.ToLower or unicode.ToUpper form.
	KindEqualsIgnoreCase
	// KindWildcard matches string values against Str where unescaped '*' matches any run of
	// characters; Str is the pattern as written (escapes \* and \\ still in place).
	KindWildcard
	// KindNumeric matches number values inside Range whose literal is exact (see NewNumber).
	KindNumeric
	// KindCIDR matches string values that are IP addresses inside Prefix. Plain-string IP
	// literals in patterns are also compiled to this kind with a single-address prefix.
	KindCIDR
	// KindAnythingBut matches any leaf value (of any type, null included) that is not one of
	// Strs (string values) or Nums (numbers, compared as KindNumber does). The path must exist.
	KindAnythingBut
	// KindAnythingButPrefix / Suffix / EqualsIgnoreCase / Wildcard match any leaf value that is
	// not a string matching any of Strs under that operator (numbers, null and booleans count
	// as "something else" and match). The path must exist.
	KindAnythingButPrefix
	KindAnythingButSuffix
	KindAnythingButIgnoreCase
	KindAnythingButWildcard
)

// Matcher is one value test. Which fields are meaningful depends on Kind (see the constants).
type Matcher struct {
	Kind       Kind
	Str        string
	Strs       []string
	Num        Number
	Nums       []Number
	IgnoreCase bool
	Exists     bool
	Range      Range
	Prefix     netip.Prefix
}

// Number is a numeric literal from a pattern.
type Number struct {
	// Lexeme is the literal as written in the pattern.
	Lexeme string
	// Value is the literal parsed as a float64.
	Value float64
	// Exact is true when Lexeme denotes exactly Value (it then matches any spelling of Value).
	Exact bool
}

// Range is a numeric interval; an absent bound is unbounded.
type Range struct {
	HasLow, HasHigh             bool
	Low, High                   float64
	LowInclusive, HighInclusive bool
}

// Contains reports whether v lies in r.
func (r Range) Contains(v float64) bool {
	if r.HasLow && (v < r.Low || (v == r.Low && !r.LowInclusive)) {
		return false
	}
	if r.HasHigh && (v > r.High || (v == r.High && !r.HighInclusive)) {
		return false
	}
	return true
}
