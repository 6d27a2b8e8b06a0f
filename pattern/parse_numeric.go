package pattern

// numeric parses {"numeric": [op, value]} and {"numeric": [">"|">=", low, "<"|"<=", high]}.
func (p *parser) numeric() (Matcher, error) {
	t, err := p.next()
	if err != nil {
		return Matcher{}, err
	}
	if t.kind != ptStartArray {
		return Matcher{}, p.fail("Value of numeric must be an array.")
	}
	r, err := p.numericTerms()
	if err != nil {
		return Matcher{}, err
	}
	if err := p.expectEnd(tooManyElements); err != nil {
		return Matcher{}, err
	}
	return Matcher{Kind: KindNumeric, Range: r}, nil
}

const tooManyElements = "Too many elements in numeric expression"

// numericTerms parses the members of the numeric array (its '[' has been read) up to its ']'.
func (p *parser) numericTerms() (Range, error) {
	t, err := p.next()
	if err != nil {
		return Range{}, err
	}
	if t.kind != ptString {
		return Range{}, p.fail("Invalid member in numeric match: " + p.tokenText(t))
	}
	op, err := p.lx.text()
	if err != nil {
		return Range{}, err
	}
	if t, err = p.next(); err != nil {
		return Range{}, err
	}
	switch op {
	case "=":
		if t.kind != ptNumber {
			return Range{}, p.fail("Value of equals must be numeric")
		}
		if err := p.expectEndArray(tooManyElements); err != nil {
			return Range{}, err
		}
		v, err := p.comparable(t.lit)
		return Range{HasLow: true, Low: v, LowInclusive: true, HasHigh: true, High: v, HighInclusive: true}, err
	case ">", ">=":
		if t.kind != ptNumber {
			return Range{}, p.fail("Value of " + op + " must be numeric")
		}
		low := t.lit
		if t, err = p.next(); err != nil {
			return Range{}, err
		}
		if t.kind == ptEndArray {
			v, err := p.comparable(low)
			return Range{HasLow: true, Low: v, LowInclusive: op == ">="}, err
		}
		return p.numericUpper(t, low, op == ">=")
	case "<", "<=":
		if t.kind != ptNumber {
			return Range{}, p.fail("Value of " + op + " must be numeric")
		}
		if err := p.expectEndArray(tooManyElements); err != nil {
			return Range{}, err
		}
		v, err := p.comparable(t.lit)
		return Range{HasHigh: true, High: v, HighInclusive: op == "<="}, err
	}
	return Range{}, p.fail("Unrecognized numeric range operator: " + op)
}

// numericUpper parses the upper half of a two-sided range; t is the token after the low bound.
func (p *parser) numericUpper(t ptok, low string, lowInclusive bool) (Range, error) {
	if t.kind != ptString {
		return Range{}, p.fail("Bad value in numeric range: " + p.tokenText(t))
	}
	op, err := p.lx.text()
	if err != nil {
		return Range{}, err
	}
	if op != "<" && op != "<=" {
		return Range{}, p.fail("Bad numeric range operator: " + op)
	}
	if t, err = p.next(); err != nil {
		return Range{}, err
	}
	if t.kind != ptNumber {
		return Range{}, p.fail("Value of " + op + " must be numeric")
	}
	high := t.lit
	if err := p.expectEndArray("Too many terms in numeric range expression"); err != nil {
		return Range{}, err
	}
	lo, err := p.comparable(low)
	if err != nil {
		return Range{}, err
	}
	hi, err := p.comparable(high)
	if err != nil {
		return Range{}, err
	}
	if lo >= hi {
		return Range{}, p.fail("Bottom must be less than top")
	}
	return Range{HasLow: true, Low: lo, LowInclusive: lowInclusive, HasHigh: true, High: hi, HighInclusive: op == "<="}, nil
}

// comparable returns the value of a numeric bound, which must be exactly representable.
func (p *parser) comparable(lexeme string) (float64, error) {
	n := NewNumber(lexeme)
	if !n.Exact {
		return 0, p.fail(cannotCompare(lexeme))
	}
	return n.Value, nil
}

func (p *parser) expectEndArray(reason string) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != ptEndArray {
		return p.fail(reason)
	}
	return nil
}

// tokenText is the text Jackson's getText gives for the current token.
func (p *parser) tokenText(t ptok) string {
	switch t.kind {
	case ptString:
		s, _ := p.lx.text()
		return s
	case ptNumber, ptTrue, ptFalse, ptNull:
		return t.lit
	case ptStartArray:
		return "["
	case ptEndArray:
		return "]"
	case ptStartObject:
		return "{"
	case ptEndObject:
		return "}"
	case ptFieldName:
		return p.lx.name
	}
	return ""
}
