package pattern

// expression parses an operator object inside a matcher array (its '{' has been read), e.g.
// {"prefix": "us-"}. The checks and their order follow EventBridge, so the first failure and its
// location are AWS's.
func (p *parser) expression() (Matcher, error) {
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	if t.kind != ptFieldName {
		return Matcher{}, p.fail("Match expression name not found")
	}
	switch op := p.lx.name; op {
	case "exactly":
		s, err := p.stringOperand("exact match pattern must be a string")
		if err != nil {
			return Matcher{}, err
		}
		return p.closeOne(Matcher{Kind: KindString, Str: s})
	case "prefix", "suffix":
		return p.affix(op)
	case "numeric":
		return p.numeric()
	case "anything-but":
		return p.anythingBut()
	case "exists":
		return p.exists()
	case "cidr":
		s, err := p.stringOperand("prefix match pattern must be a string")
		if err != nil {
			return Matcher{}, err
		}
		pfx, reason := parseCIDR(s)
		if reason != "" {
			return Matcher{}, plainError(p.src, reason)
		}
		return p.closeOne(Matcher{Kind: KindCIDR, Str: s, Prefix: pfx})
	case "equals-ignore-case":
		s, err := p.stringOperand("equals-ignore-case match pattern must be a string")
		if err != nil {
			return Matcher{}, err
		}
		return p.closeOne(Matcher{Kind: KindEqualsIgnoreCase, Str: s, IgnoreCase: true})
	case "wildcard":
		s, err := p.stringOperand("wildcard match pattern must be a string")
		if err != nil {
			return Matcher{}, err
		}
		if reason := wildcardSyntax(s); reason != "" {
			return Matcher{}, p.fail(reason)
		}
		return p.closeOne(Matcher{Kind: KindWildcard, Str: s})
	default:
		return Matcher{}, p.fail("Unrecognized match type " + op)
	}
}

// stringOperand reads the operand of an operator; it must be a string, else reason.
func (p *parser) stringOperand(reason string) (string, error) {
	t, err := p.next()
	if err != nil {
		return "", err
	}
	if t.kind != ptString {
		return "", p.fail(reason)
	}
	return p.lx.text()
}

// closeOne requires the operator object to end after its single member.
func (p *parser) closeOne(m Matcher) (Matcher, error) {
	return m, p.expectEnd("Only one key allowed in match expression")
}

// expectEnd reads the next token, which must close the current object, else reason.
func (p *parser) expectEnd(reason string) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != ptEndObject {
		return p.fail(reason)
	}
	return nil
}

// affix parses {"prefix": "x"}, {"prefix": {"equals-ignore-case": "x"}} and the suffix forms.
func (p *parser) affix(op string) (Matcher, error) {
	kind := KindPrefix
	if op == "suffix" {
		kind = KindSuffix
	}
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	if t.kind == ptStartObject {
		return p.affixIgnoreCase(op, kind)
	}
	if t.kind != ptString {
		return Matcher{}, p.fail(op + " match pattern must be a string")
	}
	s, err := p.lx.text()
	if err != nil {
		return Matcher{}, err
	}
	return p.closeOne(Matcher{Kind: kind, Str: s})
}

func (p *parser) affixIgnoreCase(op string, kind Kind) (Matcher, error) {
	title := "Prefix"
	if op == "suffix" {
		title = "Suffix"
	}
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	if t.kind != ptFieldName {
		return Matcher{}, p.fail(title + " expression name not found")
	}
	if name := p.lx.name; name != "equals-ignore-case" {
		return Matcher{}, p.fail("Unsupported " + op + " pattern: " + name)
	}
	s, err := p.stringOperand("equals-ignore-case match pattern must be a string")
	if err != nil {
		return Matcher{}, err
	}
	if err := p.expectEnd("Only one key allowed in match expression"); err != nil {
		return Matcher{}, err
	}
	return p.closeOne(Matcher{Kind: kind, Str: s, IgnoreCase: true})
}

// exists parses {"exists": true|false}.
func (p *parser) exists() (Matcher, error) {
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	if t.kind != ptTrue && t.kind != ptFalse {
		return Matcher{}, p.fail("exists match pattern must be either true or false.")
	}
	return p.closeOne(Matcher{Kind: KindExists, Exists: t.kind == ptTrue})
}
