package pattern

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// pathNode is a node of the trie of the paths that rules use, split on ".". Because a path is
// the keys joined with ".", an event key "a.b" is looked up as the two segments "a", "b" and so
// reaches the same node as the nested keys "a" then "b".
type pathNode struct {
	field int32       // field id of the path ending here
	uses  int32       // conditions of live branches on this exact path
	sub   int32       // uses summed over the strict descendants
	few   []namedNode // children while there are at most smallMax
	many  []namedNode // beyond that: open-addressed table (power-of-two size, at most half full)

	// Cheap filters over the child names, checked before any comparison or hash: bit
	// min(len, 63) of lens and bit name[0] of firsts are set for every child name (hasEmpty for
	// the empty name). Children are never removed, so the filters only ever admit more.
	lens     uint64
	firsts   [4]uint64
	hasEmpty bool
	manyLen  int // children in many
}

type namedNode struct {
	name string
	node *pathNode
	head uint64 // the name's first eight bytes (see headOf)
	tail uint64 // its next eight bytes, the same way (0 when it is at most 8 bytes long)
}

// newNamedNode returns the table entry for child c named seg.
func newNamedNode(seg string, c *pathNode) namedNode {
	x := namedNode{name: seg, node: c, head: headOf([]byte(seg))}
	if len(seg) > 8 {
		x.tail = headOf([]byte(seg[8:]))
	}
	return x
}

// headOf returns the first min(8, len(seg)) bytes of seg as a little-endian word, zero above.
// When seg has the capacity it is one load (seg usually lies inside the event).
func headOf(seg []byte) uint64 {
	if cap(seg) >= 8 {
		x := binary.LittleEndian.Uint64(seg[:8])
		if len(seg) < 8 {
			x &= uint64(1)<<(8*len(seg)) - 1
		}
		return x
	}
	var x uint64
	for i := min(len(seg), 8) - 1; i >= 0; i-- {
		x = x<<8 | uint64(seg[i])
	}
	return x
}

// is reports whether the child's name is seg, whose head is h.
func (e *namedNode) is(seg []byte, h uint64) bool {
	return e.head == h && len(e.name) == len(seg) && (len(seg) <= 8 || e.name[8:] == string(seg[8:]))
}

// child returns the child named seg, or nil.
func (n *pathNode) child(seg []byte) *pathNode {
	if !n.mayHave(seg) {
		return nil
	}
	return n.childOf(seg)
}

// childOf is child without the filter check (the caller has done it).
func (n *pathNode) childOf(seg []byte) *pathNode {
	h := headOf(seg)
	if n.many != nil {
		mask := len(n.many) - 1
		for i := keyHash(h, len(seg)) & mask; ; i = (i + 1) & mask {
			e := &n.many[i]
			if e.node == nil {
				return nil
			}
			if e.is(seg, h) {
				return e.node
			}
		}
	}
	for i := range n.few {
		if n.few[i].is(seg, h) {
			return n.few[i].node
		}
	}
	return nil
}

// keyHash is a cheap hash of a key segment for the child table: its length and first eight
// bytes (child names differ mostly in those).
func keyHash(head uint64, n int) int {
	h := (head ^ uint64(n)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	return int(h >> 32)
}

// insertMany puts a child into the open-addressed table, growing it to keep it at most half full.
func (n *pathNode) insertMany(x namedNode) {
	if n.manyLen+1 > len(n.many)/2 {
		old := n.many
		n.many = make([]namedNode, max(2*len(old), 4*smallMax))
		n.manyLen = 0
		for _, y := range old {
			if y.node != nil {
				n.insertMany(y)
			}
		}
	}
	mask := len(n.many) - 1
	i := keyHash(x.head, len(x.name)) & mask
	for n.many[i].node != nil {
		i = (i + 1) & mask
	}
	n.many[i] = x
	n.manyLen++
}

// mayHave reports whether some child could be named seg (false: certainly none is).
func (n *pathNode) mayHave(seg []byte) bool {
	if len(seg) == 0 {
		return n.hasEmpty
	}
	b := seg[0]
	return n.lens&(1<<min(len(seg), 63)) != 0 && n.firsts[b>>6]&(1<<(b&63)) != 0
}

func (n *pathNode) addChild(seg string, c *pathNode) {
	if len(seg) == 0 {
		n.hasEmpty = true
	} else {
		n.lens |= 1 << min(len(seg), 63)
		n.firsts[seg[0]>>6] |= 1 << (seg[0] & 63)
	}
	if n.many == nil && len(n.few) < smallMax {
		n.few = append(n.few, newNamedNode(seg, c))
		return
	}
	if n.many == nil {
		for _, x := range n.few {
			n.insertMany(x)
		}
		n.few = nil
	}
	n.insertMany(newNamedNode(seg, c))
}

// pathTrie maps rule paths to dense field ids. It is mutated only by the writer of a core.
type pathTrie struct {
	root   pathNode
	fields []*pathNode // by field id
}

// lookupKey returns the child of n for the event key, or nil when no live rule path goes there.
// maybeDot false promises that key contains no '.'.
func (n *pathNode) lookupKey(key []byte, maybeDot bool) *pathNode {
	if !maybeDot || bytes.IndexByte(key, '.') < 0 {
		c := n.child(key)
		if c == nil || c.uses+c.sub == 0 {
			return nil
		}
		return c
	}
	for {
		i := bytes.IndexByte(key, '.')
		seg := key
		if i >= 0 {
			seg = key[:i]
		}
		n = n.child(seg)
		if n == nil || n.uses+n.sub == 0 {
			return nil
		}
		if i < 0 {
			return n
		}
		key = key[i+1:]
	}
}

// use adds one use of path and returns its field id.
func (t *pathTrie) use(path string) int32 {
	n := &t.root
	for {
		i := strings.IndexByte(path, '.')
		seg := path
		if i >= 0 {
			seg = path[:i]
		}
		n.sub++
		c := n.child([]byte(seg))
		if c == nil {
			c = &pathNode{field: -1}
			n.addChild(seg, c)
		}
		n = c
		if i < 0 {
			break
		}
		path = path[i+1:]
	}
	if n.field < 0 {
		n.field = int32(len(t.fields))
		t.fields = append(t.fields, n)
	}
	n.uses++
	return n.field
}

// find returns the field id of path, or -1.
func (t *pathTrie) find(path string) int32 {
	n := &t.root
	for _, seg := range strings.Split(path, ".") {
		if n = n.child([]byte(seg)); n == nil {
			return -1
		}
	}
	return n.field
}

// release drops one use of path (which must be in use). Nodes stay allocated (field ids are
// dense and never reused) but unused subtrees are no longer scanned.
func (t *pathTrie) release(path string) {
	n := &t.root
	for _, seg := range strings.Split(path, ".") {
		n.sub--
		n = n.child([]byte(seg))
	}
	n.uses--
}
