package pattern

// array scans an array at path node n; each element that is a container gets a trail step,
// with the byte spans of the array and of the element (used to find a field's leaves inside one
// element quickly).
func (f *flattener) array(n *pathNode) error {
	s := f.s
	d := f.data
	arr := int32(len(s.spans))
	s.spans = append(s.spans, span{start: int32(f.pos)})
	f.pos++ // '['
	if err := f.enter(); err != nil {
		return err
	}
	f.ws()
	if f.pos < len(d) && d[f.pos] == ']' {
		f.pos++
		f.depth--
		return nil
	}
	id := f.arrays
	f.arrays++
	for idx := int32(0); ; idx++ {
		// Only containers record the element they lie in: scalars directly inside an array
		// carry no step for it (EventBridge does not track them).
		f.ws()
		var err error
		if f.pos < len(d) && (d[f.pos] == '{' || d[f.pos] == '[') {
			elem := int32(len(s.spans))
			s.spans = append(s.spans, span{start: int32(f.pos)})
			s.trail = append(s.trail, trailStep{array: id, index: idx, arr: arr, elem: elem})
			err = f.value(n)
			s.trail = s.trail[:len(s.trail)-1]
			s.spans[elem].end = int32(f.pos)
		} else {
			err = f.value(n)
		}
		if err != nil {
			return err
		}
		f.ws()
		if f.pos >= len(d) {
			return syntaxError(f.pos, "unexpected end of input")
		}
		if d[f.pos] == ',' {
			f.pos++
			continue
		}
		if d[f.pos] != ']' {
			return syntaxError(f.pos, "expected ',' or ']' in array")
		}
		f.pos++
		break
	}
	s.spans[arr].end = int32(f.pos)
	f.depth--
	return nil
}
