package pattern

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// This file is the event scanner used by Machine: one validating pass over the event bytes that
// records, for the paths some rule mentions, every leaf value with its array trail. It never
// builds a map[string]any; strings are sliced out of the event unless they need unescaping.

// leafKind is the JSON type of an event leaf.
type leafKind uint8

const (
	leafString leafKind = iota + 1
	leafNumber
	leafTrue
	leafFalse
	leafNull
)

// leaf is one scalar value of the event at a path some rule uses.
type leaf struct {
	val      []byte // unescaped string bytes, or the number lexeme
	num      float64
	field    int32 // field id (path) of the leaf
	off      int32 // byte offset of the value in the event
	trailOff int32 // offset of the array trail in scratch.trails
	trailLen int32
	kind     leafKind
	dead     bool // replaced by a later duplicate key
	numState uint8
}

// trailStep says that a leaf lies in element index of the array with id array. arr and elem
// index scratch.spans: the byte spans of that array and of that element.
type trailStep struct{ array, index, arr, elem int32 }

// span is the byte range [start, end) of an array or array element in the event.
type span struct{ start, end int32 }

// maxDepth bounds object/array nesting in events (as encoding/json does).
const maxDepth = 10000

var errNotObject = errors.New("pattern: event is not a JSON object")

// syntaxError reports invalid event JSON.
func syntaxError(pos int, msg string) error {
	return fmt.Errorf("pattern: event is not valid JSON: %s at offset %d", msg, pos)
}

// keyEntry remembers, within one object, which leaves a relevant key produced, so that a later
// duplicate of the key can discard them.
type keyEntry struct {
	node       *pathNode
	start, end int32
}

// flattener scans one event. It is used by one goroutine at a time (it lives in a scratch).
type flattener struct {
	s      *scratch
	data   []byte
	pos    int
	depth  int
	arrays int32
}

// flatten validates event and records its relevant leaves into s. root is the path trie.
func (s *scratch) flatten(event []byte, root *pathNode) error {
	f := flattener{s: s, data: event}
	f.ws()
	if f.pos >= len(f.data) {
		return syntaxError(f.pos, "unexpected end of input")
	}
	if f.data[f.pos] != '{' {
		if err := f.value(nil); err != nil {
			return err
		}
		return errNotObject
	}
	if err := f.object(root); err != nil {
		return err
	}
	f.ws()
	if f.pos != len(f.data) {
		return syntaxError(f.pos, "invalid character after top-level value")
	}
	return nil
}

func (f *flattener) ws() {
	for f.pos < len(f.data) {
		c := f.data[f.pos]
		if c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return
		}
		f.pos++
	}
}

// value scans one JSON value at path node n (nil: no rule looks at or below this path).
func (f *flattener) value(n *pathNode) error {
	f.ws()
	if f.pos >= len(f.data) {
		return syntaxError(f.pos, "unexpected end of input")
	}
	record := n != nil && n.uses > 0
	switch c := f.data[f.pos]; c {
	case '{':
		if n != nil && n.sub == 0 {
			n = nil
		}
		return f.object(n)
	case '[':
		return f.array(n)
	case '"':
		if !record {
			return f.skipString()
		}
		off := f.pos
		v, err := f.str()
		if err != nil {
			return err
		}
		f.s.addLeaf(n.field, leafString, v, off)
		return nil
	case 't':
		return f.literal("true", leafTrue, n, record)
	case 'f':
		return f.literal("false", leafFalse, n, record)
	case 'n':
		return f.literal("null", leafNull, n, record)
	default:
		start := f.pos
		if err := f.number(); err != nil {
			return err
		}
		if record {
			f.s.addLeaf(n.field, leafNumber, f.data[start:f.pos], start)
		}
		return nil
	}
}

func (f *flattener) literal(lit string, k leafKind, n *pathNode, record bool) error {
	if !bytes.HasPrefix(f.data[f.pos:], []byte(lit)) {
		return syntaxError(f.pos, "invalid literal")
	}
	if record {
		f.s.addLeaf(n.field, k, nil, f.pos)
	}
	f.pos += len(lit)
	return nil
}

func (f *flattener) enter() error {
	f.depth++
	if f.depth > maxDepth {
		return syntaxError(f.pos, "exceeded max depth")
	}
	return nil
}

// object scans an object whose path node is n (nil: irrelevant subtree, validate only).
func (f *flattener) object(n *pathNode) error {
	f.pos++ // '{'
	if err := f.enter(); err != nil {
		return err
	}
	s := f.s
	base := len(s.keys)
	f.ws()
	if f.pos < len(f.data) && f.data[f.pos] == '}' {
		f.pos++
		f.depth--
		return nil
	}
	for {
		f.ws()
		if f.pos >= len(f.data) || f.data[f.pos] != '"' {
			return syntaxError(f.pos, "expected object key")
		}
		var child *pathNode
		if n != nil {
			mark := len(s.buf)
			key, err := f.str()
			if err != nil {
				return err
			}
			child = n.lookupKey(key)
			s.buf = s.buf[:mark]
		} else if err := f.skipString(); err != nil {
			return err
		}
		f.ws()
		if f.pos >= len(f.data) || f.data[f.pos] != ':' {
			return syntaxError(f.pos, "expected ':' after object key")
		}
		f.pos++
		start := int32(len(s.leaves))
		if err := f.value(child); err != nil {
			return err
		}
		if child != nil {
			s.noteKey(base, child, start)
		}
		f.ws()
		if f.pos >= len(f.data) {
			return syntaxError(f.pos, "unexpected end of input")
		}
		if f.data[f.pos] == ',' {
			f.pos++
			continue
		}
		if f.data[f.pos] != '}' {
			return syntaxError(f.pos, "expected ',' or '}' in object")
		}
		f.pos++
		break
	}
	s.keys = s.keys[:base]
	f.depth--
	return nil
}

// array scans an array at path node n; each element that is a container gets a trail step,
// with the byte spans of the array and of the element (used to find a field's leaves inside one
// element quickly).
func (f *flattener) array(n *pathNode) error {
	s := f.s
	arr := int32(len(s.spans))
	if n != nil {
		s.spans = append(s.spans, span{start: int32(f.pos)})
	}
	f.pos++ // '['
	if err := f.enter(); err != nil {
		return err
	}
	f.ws()
	if f.pos < len(f.data) && f.data[f.pos] == ']' {
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
		if n != nil && f.pos < len(f.data) && (f.data[f.pos] == '{' || f.data[f.pos] == '[') {
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
		if f.pos >= len(f.data) {
			return syntaxError(f.pos, "unexpected end of input")
		}
		if f.data[f.pos] == ',' {
			f.pos++
			continue
		}
		if f.data[f.pos] != ']' {
			return syntaxError(f.pos, "expected ',' or ']' in array")
		}
		f.pos++
		break
	}
	if n != nil {
		s.spans[arr].end = int32(f.pos)
	}
	f.depth--
	return nil
}

// number validates a JSON number at f.pos and moves past it.
func (f *flattener) number() error {
	d, p := f.data, f.pos
	if p < len(d) && d[p] == '-' {
		p++
	}
	switch {
	case p < len(d) && d[p] == '0':
		p++
	case p < len(d) && d[p] >= '1' && d[p] <= '9':
		p += digitRun(d[p:])
	default:
		return syntaxError(p, "invalid character looking for beginning of value")
	}
	if p < len(d) && d[p] == '.' {
		p++
		if p >= len(d) || d[p] < '0' || d[p] > '9' {
			return syntaxError(p, "invalid number")
		}
		p += digitRun(d[p:])
	}
	if p < len(d) && (d[p] == 'e' || d[p] == 'E') {
		p++
		if p < len(d) && (d[p] == '+' || d[p] == '-') {
			p++
		}
		if p >= len(d) || d[p] < '0' || d[p] > '9' {
			return syntaxError(p, "invalid number")
		}
		for p < len(d) && d[p] >= '0' && d[p] <= '9' {
			p++
		}
	}
	f.pos = p
	return nil
}

// digitRun returns how many bytes at the start of b are ASCII digits, examining eight bytes at
// a time (the lowest flagged byte is always a genuine non-digit: borrows and carries only start
// at one).
func digitRun(b []byte) int {
	n := 0
	for n+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[n:])
		if m := ((x - lsb8*'0') | (x + lsb8*(0x7f-'9')) | x) & msb8; m != 0 {
			return n + bits.TrailingZeros64(m)/8
		}
		n += 8
	}
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	return n
}
