package pattern

import (
	"strconv"
	"unicode/utf8"
)

// Options are the limits applied when parsing; the zero value means AWS's defaults.
type Options struct {
	// MaxLength is the maximum pattern length in characters (Unicode code points); default 4096,
	// the API model's maximum. (The 2048-character default quota is applied by the server.)
	MaxLength int
	// MaxCombinations is the maximum number of branches after expanding "$or"; default 1000.
	MaxCombinations int
	// MaxWildcardComplexity bounds the non-determinism of a pattern's wildcard matchers (see
	// README, "Wildcard complexity"); default DefaultMaxWildcardComplexity.
	MaxWildcardComplexity int
}

// Defaults for Options.
const (
	DefaultMaxLength       = 4096
	DefaultMaxCombinations = 1000
	// DefaultMaxWildcardComplexity rejects AWS's recorded "Rule is too complex" pattern
	// (*:*:*:*:*:event-bus/*, complexity 11) and accepts ordinary ones (e.g.
	// /Users/*/dir/dir/dir/dir/dir/doc.txt, complexity 7).
	DefaultMaxWildcardComplexity = 10
)

func (o Options) withDefaults() Options {
	if o.MaxLength <= 0 {
		o.MaxLength = DefaultMaxLength
	}
	if o.MaxCombinations <= 0 {
		o.MaxCombinations = DefaultMaxCombinations
	}
	if o.MaxWildcardComplexity <= 0 {
		o.MaxWildcardComplexity = DefaultMaxWildcardComplexity
	}
	return o
}

// Parse parses and validates an event pattern with AWS's default limits. Every failure is an
// *Error carrying the reason AWS gives for the same input.
func Parse(src string) (*Pattern, error) {
	return ParseWithOptions(src, Options{})
}

// ParseWithOptions is Parse with explicit limits. It is safe for concurrent use.
func ParseWithOptions(src string, o Options) (*Pattern, error) {
	o = o.withDefaults()
	if n := utf8.RuneCountInString(src); n > o.MaxLength {
		return nil, plainError(src, "Event pattern is too long: "+strconv.Itoa(n)+
			" characters, the maximum is "+strconv.Itoa(o.MaxLength))
	}
	p := &parser{lx: newPlexer(src), src: src, limit: o.MaxCombinations}
	rules, err := p.root()
	if err != nil {
		return nil, err
	}
	if rules.overflow {
		return nil, plainError(src, "Event pattern is too complex: more than "+
			strconv.Itoa(o.MaxCombinations)+" combinations after expanding $or")
	}
	pat := &Pattern{Source: src, Branches: rules.branches()}
	if c := wildcardComplexity(pat, o.MaxWildcardComplexity); c > o.MaxWildcardComplexity {
		return nil, plainError(src, tooComplex)
	}
	return pat, nil
}

const tooComplex = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character"

// parser walks the token stream the way EventBridge's rule compiler does, so that the first
// problem found (and its location) is the one AWS reports.
type parser struct {
	lx    *plexer
	src   string
	limit int
	path  []string
}

// fail returns an error with the reason, located at the current position.
func (p *parser) fail(reason string) error {
	return p.lx.fail(reason)
}

func (p *parser) next() (ptok, error) {
	return p.lx.next()
}

func (p *parser) root() (*branchSet, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind != ptStartObject {
		return nil, p.fail("Filter is not an object")
	}
	rules := &branchSet{limit: p.limit}
	if err := p.object(rules, false); err != nil {
		return nil, err
	}
	// Like EventBridge, nothing after the closing brace of the pattern is read.
	return rules, nil
}

// object parses the members of an object whose '{' has been read. insideOr is true within the
// objects of a "$or" array, where operator names may not be used as field names.
func (p *parser) object(rules *branchSet, insideOr bool) error {
	fields := false
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		if t.kind == ptEndObject {
			break
		}
		fields = true
		name := p.lx.name
		if name == "$or" {
			if err := p.or(rules); err != nil {
				return err
			}
			continue
		}
		if insideOr && reservedInOr[name] {
			return p.fail(name + " is Ruler reserved fieldName which cannot be used inside $or.")
		}
		if err := p.member(rules, name, insideOr); err != nil {
			return err
		}
	}
	if !fields {
		return p.fail("Empty objects are not allowed")
	}
	return nil
}

// member parses the value of field name: an object (descend) or an array of matchers (leaf).
func (p *parser) member(rules *branchSet, name string, insideOr bool) error {
	v, err := p.next()
	if err != nil {
		return err
	}
	switch v.kind {
	case ptStartObject:
		p.path = append(p.path, name)
		err = p.object(rules, insideOr)
		p.path = p.path[:len(p.path)-1]
		return err
	case ptStartArray:
		return p.leaf(rules, p.pathTo(name))
	}
	return p.fail(`"` + name + `" must be an object or an array`)
}

func (p *parser) pathTo(name string) string {
	n := len(name)
	for _, s := range p.path {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for _, s := range p.path {
		b = append(b, s...)
		b = append(b, '.')
	}
	return string(append(b, name...))
}

// or parses the array of a "$or" member: every object in it forks the current branches.
func (p *parser) or(rules *branchSet) error {
	current := rules.clone()
	rules.reset()
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != ptStartArray {
		return p.fail("It must be an Array followed with $or.")
	}
	n := 0
	for {
		if t, err = p.next(); err != nil {
			return err
		}
		if t.kind == ptEndArray {
			break
		}
		n++
		if t.kind != ptStartObject {
			return p.fail("Only JSON object is allowed in array of $or relationship.")
		}
		fork := current.forkFor(rules)
		if fork.count == 0 {
			fork.addEmpty()
		}
		if err := p.object(fork, true); err != nil {
			return err
		}
		rules.addAll(fork)
	}
	if n < 2 {
		return p.fail("There must have at least 2 Objects in $or relationship.")
	}
	return nil
}

// leaf parses an array of matchers (its '[' has been read) and sets it as the condition on path
// in every current branch (a later duplicate of the same path replaces an earlier one).
func (p *parser) leaf(rules *branchSet, path string) error {
	var ms []Matcher
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		if t.kind == ptEndArray {
			break
		}
		m, err := p.leafValue(t)
		if err != nil {
			return err
		}
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return p.fail("Empty arrays are not allowed")
	}
	if rules.count == 0 {
		rules.addEmpty()
	}
	rules.set(path, ms)
	return nil
}

// leafValue turns one element of a matcher array into a Matcher.
func (p *parser) leafValue(t ptok) (Matcher, error) {
	switch t.kind {
	case ptStartObject:
		return p.expression()
	case ptString:
		s, err := p.lx.text()
		if err != nil {
			return Matcher{}, err
		}
		if pfx, ok := ipLiteralPrefix(s); ok {
			return Matcher{Kind: KindCIDR, Str: s, Prefix: pfx}, nil
		}
		return Matcher{Kind: KindString, Str: s}, nil
	case ptNumber:
		return Matcher{Kind: KindNumber, Num: NewNumber(t.lit)}, nil
	case ptTrue:
		return Matcher{Kind: KindTrue}, nil
	case ptFalse:
		return Matcher{Kind: KindFalse}, nil
	case ptNull:
		return Matcher{Kind: KindNull}, nil
	}
	return Matcher{}, p.fail("Match value must be String, number, true, false, or null")
}

// reservedInOr are the names that may not be field names inside "$or" objects.
var reservedInOr = map[string]bool{
	"exactly": true, "equals-ignore-case": true, "prefix": true, "suffix": true, "anything-but": true,
	"exists": true, "wildcard": true, "numeric": true, "cidr": true,
	"=": true, "<": true, "<=": true, ">": true, ">=": true,
	"regex": true, "not-wildcard": true, "not-equals-ignore-case": true,
	"date-after": true, "date-on-or-after": true, "date-before": true, "date-on-or-before": true,
	"in-date-range": true, "ip-address-in-range": true, "ip-address-not-in-range": true,
}
