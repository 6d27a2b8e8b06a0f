package pattern

// Values at rule paths for the scanner's fast path (flatten_fast.go).

// value scans the value at p (after optional whitespace) at path node n (not nil), recording
// its leaves as flattener.value does, and returns the position after it (-1: give up).
func (fs *fastScan) value(d []byte, p int, n *pathNode, depth int) int {
	if uint(p) < uint(len(d)) && d[p] <= ' ' {
		p = skipWS(d, p)
	}
	if p >= len(d) {
		return -1
	}
	s := fs.s
	switch d[p] {
	case '{':
		if n.sub == 0 {
			return skipValue(d, p)
		}
		if depth >= fastMaxDepth {
			return -1
		}
		return fs.object(d, p, n, depth+1)
	case '[':
		if depth >= fastMaxDepth {
			return -1
		}
		return fs.array(d, p, n, depth+1)
	case '"':
		if n.uses == 0 {
			return skipValue(d, p)
		}
		if q := plainStrEnd(d, p, swar); q > 0 {
			s.addLeaf(n.field, leafString, d[p+1:q-1], p)
			return q
		}
		return fs.slowStr(d, p, n)
	case 't':
		return fs.literal(d, p, "true", leafTrue, n)
	case 'f':
		return fs.literal(d, p, "false", leafFalse, n)
	case 'n':
		return fs.literal(d, p, "null", leafNull, n)
	}
	q, err := numberEnd(d, p)
	if err != nil {
		return -1
	}
	if n.uses > 0 {
		s.addLeaf(n.field, leafNumber, d[p:q], p)
	}
	return q
}

// slowStr records the string at p (escaped, non-ASCII or long) with the general string scanner
// and returns the position after it (-1: invalid).
func (fs *fastScan) slowStr(d []byte, p int, n *pathNode) int {
	f := flattener{s: fs.s, data: d, pos: p}
	v, err := f.str()
	if err != nil {
		return -1
	}
	fs.s.addLeaf(n.field, leafString, v, p)
	return f.pos
}

func (fs *fastScan) literal(d []byte, p int, lit string, k leafKind, n *pathNode) int {
	if len(d)-p < len(lit) || string(d[p:p+len(lit)]) != lit {
		return -1
	}
	if n.uses > 0 {
		fs.s.addLeaf(n.field, k, nil, p)
	}
	return p + len(lit)
}

// array scans the array whose '[' is at p at path node n as flattener.array does (same spans,
// trail steps and array ids) and returns the position after it (-1: give up).
func (fs *fastScan) array(d []byte, p int, n *pathNode, depth int) int {
	s := fs.s
	arr := int32(len(s.spans))
	s.spans = append(s.spans, span{start: int32(p)})
	if p++; uint(p) < uint(len(d)) && d[p] <= ' ' {
		p = skipWS(d, p)
	}
	if uint(p) < uint(len(d)) && d[p] == ']' {
		return p + 1 // flattener.array leaves an empty array's end unset, and so do we
	}
	id := fs.arrays
	fs.arrays++
	for idx := int32(0); ; idx++ {
		if uint(p) < uint(len(d)) && d[p] <= ' ' {
			p = skipWS(d, p)
		}
		if p < len(d) && (d[p] == '{' || d[p] == '[') {
			elem := int32(len(s.spans))
			s.spans = append(s.spans, span{start: int32(p)})
			s.trail = append(s.trail, trailStep{array: id, index: idx, arr: arr, elem: elem})
			p = fs.value(d, p, n, depth)
			s.trail = s.trail[:len(s.trail)-1]
			if p < 0 {
				return -1
			}
			s.spans[elem].end = int32(p)
		} else if p = fs.value(d, p, n, depth); p < 0 {
			return -1
		}
		if uint(p) < uint(len(d)) && d[p] <= ' ' {
			p = skipWS(d, p)
		}
		if p >= len(d) {
			return -1
		}
		if d[p] == ',' {
			p++
			continue
		}
		if d[p] != ']' {
			return -1
		}
		p++
		break
	}
	s.spans[arr].end = int32(p)
	return p
}
