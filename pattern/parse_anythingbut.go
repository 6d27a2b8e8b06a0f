package pattern

// anythingBut parses {"anything-but": ...}: a string, a number, a list of either, or an object
// {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": string-or-list}.
func (p *parser) anythingBut() (Matcher, error) {
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	kind := KindAnythingBut
	if t.kind == ptStartObject {
		if t, err = p.next(); err != nil {
			return Matcher{}, err
		}
		if t.kind != ptFieldName {
			return Matcher{}, p.fail("Anything-But expression name not found")
		}
		switch name := p.lx.name; name {
		case "equals-ignore-case":
			kind = KindAnythingButIgnoreCase
		case "prefix":
			kind = KindAnythingButPrefix
		case "suffix":
			kind = KindAnythingButSuffix
		case "wildcard":
			kind = KindAnythingButWildcard
		default:
			return Matcher{}, p.fail("Unsupported anything-but pattern: " + name)
		}
		if t, err = p.next(); err != nil {
			return Matcher{}, err
		}
	}
	if t.kind != ptStartArray && t.kind != ptString && t.kind != ptNumber {
		return Matcher{}, p.fail("Value of anything-but must be an array or single string/number value.")
	}
	var m Matcher
	switch {
	case kind == KindAnythingBut && t.kind == ptStartArray:
		m, err = p.anythingButList()
	case kind == KindAnythingBut:
		m, err = p.anythingButValue(t)
	case t.kind == ptStartArray:
		m, err = p.anythingButOpList(kind)
	default:
		m, err = p.anythingButOpValue(kind, t)
	}
	if err != nil {
		return Matcher{}, err
	}
	if err := p.expectEnd(tooManyElements); err != nil {
		return Matcher{}, err
	}
	if kind != KindAnythingBut {
		if err := p.expectEnd(tooManyElements); err != nil {
			return Matcher{}, err
		}
	}
	return m, nil
}

// anythingButValue is the single string or number form.
func (p *parser) anythingButValue(t ptok) (Matcher, error) {
	if t.kind == ptString {
		s, err := p.lx.text()
		return Matcher{Kind: KindAnythingBut, Strs: []string{s}}, err
	}
	n := NewNumber(t.lit)
	if !n.Exact {
		// EventBridge lets this one escape without a location.
		return Matcher{}, plainError(p.src, cannotCompare(t.lit))
	}
	return Matcher{Kind: KindAnythingBut, Nums: []Number{n}}, nil
}

// anythingButList is the list form: all strings or all numbers. Errors raised inside the list
// are reported by AWS with the location printed twice (see Error.repeats).
func (p *parser) anythingButList() (Matcher, error) {
	m := Matcher{Kind: KindAnythingBut}
	for {
		t, err := p.next()
		if err != nil {
			return Matcher{}, twice(err)
		}
		if t.kind == ptEndArray {
			break
		}
		switch t.kind {
		case ptString:
			s, err := p.lx.text()
			if err != nil {
				return Matcher{}, twice(err)
			}
			m.Strs = append(m.Strs, s)
		case ptNumber:
			n := NewNumber(t.lit)
			if !n.Exact {
				return Matcher{}, p.fail(cannotCompare(t.lit))
			}
			m.Nums = append(m.Nums, n)
		default:
			return Matcher{}, twice(p.fail("Inside anything but list, start|null|boolean is not supported."))
		}
	}
	if (len(m.Strs) > 0) == (len(m.Nums) > 0) {
		return Matcher{}, p.fail("Inside anything but list, either all values are number or string, mixed type is not supported")
	}
	return m, nil
}

// anythingButOpList is the list form of anything-but prefix/suffix/equals-ignore-case/wildcard.
func (p *parser) anythingButOpList(kind Kind) (Matcher, error) {
	m := Matcher{Kind: kind, IgnoreCase: kind == KindAnythingButIgnoreCase}
	for {
		t, err := p.next()
		if err != nil {
			return Matcher{}, twice(err)
		}
		if t.kind == ptEndArray {
			break
		}
		s, err := p.anythingButOpString(kind, t)
		if err != nil {
			return Matcher{}, twice(err)
		}
		m.Strs = append(m.Strs, s)
	}
	if kind == KindAnythingButWildcard {
		for _, s := range m.Strs {
			if reason := wildcardSyntax(s); reason != "" {
				return Matcher{}, p.fail(reason)
			}
		}
	}
	return m, nil
}

// anythingButOpValue is the single-string form of anything-but prefix/suffix/... .
func (p *parser) anythingButOpValue(kind Kind, t ptok) (Matcher, error) {
	s, err := p.anythingButOpString(kind, t)
	if err != nil {
		return Matcher{}, err
	}
	if kind == KindAnythingButWildcard {
		if reason := wildcardSyntax(s); reason != "" {
			return Matcher{}, p.fail(reason)
		}
	}
	return Matcher{Kind: kind, Strs: []string{s}, IgnoreCase: kind == KindAnythingButIgnoreCase}, nil
}

// anythingButOpString checks one operand of anything-but prefix/suffix/... .
func (p *parser) anythingButOpString(kind Kind, t ptok) (string, error) {
	if t.kind != ptString {
		switch kind {
		case KindAnythingButIgnoreCase:
			return "", p.fail("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")
		case KindAnythingButWildcard:
			return "", p.fail("wildcard match pattern must be a string")
		}
		return "", p.fail("prefix/suffix match pattern must be a string")
	}
	s, err := p.lx.text()
	if err != nil {
		return "", err
	}
	if s == "" && (kind == KindAnythingButPrefix || kind == KindAnythingButSuffix) {
		return "", p.fail("Null prefix/suffix not allowed")
	}
	return s, nil
}

// twice marks an error raised inside an anything-but list, which AWS reports with its location
// printed twice.
func twice(err error) error {
	if e, ok := err.(*Error); ok && e.Line > 0 {
		e.repeats = 2
	}
	return err
}
