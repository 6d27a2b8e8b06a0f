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
	err    error // the error of a skip helper that returned -1
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

// value scans one JSON value at path node n (nil: no rule looks at or below this path, and the
// value is only validated, by skip).
func (f *flattener) value(n *pathNode) error {
	if n == nil {
		return f.skip()
	}
	d := f.data
	f.ws()
	if f.pos >= len(d) {
		return syntaxError(f.pos, "unexpected end of input")
	}
	record := n.uses > 0
	switch c := d[f.pos]; c {
	case '{':
		if n.sub == 0 {
			return f.skip()
		}
		return f.object(n)
	case '[':
		return f.array(n)
	case '"':
		if !record {
			return f.skip()
		}
		off := f.pos
		// Plain ASCII strings without escapes are scanned here, eight bytes at a time; the
		// others (and long ones) take the general path.
		p := off + 1
		var high, m uint64
		for words := 0; words < 8 && p+8 <= len(d); words++ {
			x := binary.LittleEndian.Uint64(d[p:])
			if m = specialBytes(x); m != 0 {
				k := bits.TrailingZeros64(m) / 8
				high |= x & (uint64(1)<<(8*k) - 1)
				p += k
				break
			}
			high |= x
			p += 8
		}
		if m != 0 && high&msb8 == 0 && d[p] == '"' {
			f.pos = p + 1
			f.s.addLeaf(n.field, leafString, d[off+1:p], off)
			return nil
		}
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
			f.s.addLeaf(n.field, leafNumber, d[start:f.pos], start)
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

// object scans an object whose path node is n (not nil). The position is kept in a local
// variable and written back to f.pos only around calls.
func (f *flattener) object(n *pathNode) error {
	if err := f.enter(); err != nil {
		return err
	}
	s := f.s
	d := f.data
	base := len(s.keys)
	p := skipWS(d, f.pos+1) // after '{'
	if p < len(d) && d[p] == '}' {
		f.pos = p + 1
		f.depth--
		return nil
	}
	for {
		if p >= len(d) || d[p] != '"' {
			if p = skipWS(d, p); p >= len(d) || d[p] != '"' {
				return syntaxError(p, "expected object key")
			}
		}
		// The key is scanned here, eight bytes at a time, noting non-ASCII bytes and dots; keys
		// with escapes or non-ASCII bytes take the general path (f.key). Most keys then fail
		// the child filter (n.mayHave) without any call.
		var child *pathNode
		q := p + 1
		var high, dots, m uint64
		for q+8 <= len(d) {
			x := binary.LittleEndian.Uint64(d[q:])
			v := x ^ lsb8*'.'
			if m = specialBytes(x); m != 0 {
				k := bits.TrailingZeros64(m) / 8
				below := uint64(1)<<(8*k) - 1
				high |= x & below
				dots |= (v - lsb8) &^ v & msb8 & below // only a genuine '.' flags a byte below k
				q += k
				break
			}
			high |= x
			dots |= (v - lsb8) &^ v & msb8
			q += 8
		}
		if m != 0 && high&msb8 == 0 && d[q] == '"' {
			key := d[p+1 : q]
			p = q + 1
			if dots != 0 {
				child = n.lookupKey(key, true)
			} else if n.mayHave(key) {
				if c := n.childOf(key); c != nil && c.uses+c.sub != 0 {
					child = c
				}
			}
		} else {
			f.pos = p
			mark := len(s.buf)
			key, maybeDot, err := f.key()
			if err != nil {
				return err
			}
			child = n.lookupKey(key, maybeDot)
			s.buf = s.buf[:mark]
			p = f.pos
		}
		// Compact JSON is the common case: look for ':' before scanning whitespace, and skip
		// an irrelevant string or number value directly.
		if p >= len(d) || d[p] != ':' {
			if p = skipWS(d, p); p >= len(d) || d[p] != ':' {
				return syntaxError(p, "expected ':' after object key")
			}
		}
		p++
		var err error
		switch {
		case child != nil:
			f.pos = p
			start := int32(len(s.leaves))
			if err = f.value(child); err != nil {
				return err
			}
			s.noteKey(base, child, start)
			p = f.pos
		case p < len(d) && d[p] == '"':
			if q := shortStrEnd(d, p); q >= 0 {
				p = q
			} else {
				p, err = skipStr(d, p)
			}
		case p < len(d) && (d[p]-'0' <= 9 || d[p] == '-'):
			if q := intEnd(d, p); q >= 0 {
				p = q
			} else {
				p, err = numberEnd(d, p)
			}
		default:
			f.pos = p
			err = f.skip()
			p = f.pos
		}
		if err != nil {
			return err
		}
		if p < len(d) && d[p] == ',' {
			p++
			continue
		}
		if p = skipWS(d, p); p >= len(d) {
			return syntaxError(p, "unexpected end of input")
		}
		if d[p] == ',' {
			p++
			continue
		}
		if d[p] != '}' {
			return syntaxError(p, "expected ',' or '}' in object")
		}
		f.pos = p + 1
		break
	}
	s.keys = s.keys[:base]
	f.depth--
	return nil
}
