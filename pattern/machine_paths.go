package pattern

import (
	"bytes"
	"strings"
)

// pathNode is a node of the trie of the paths that rules use, split on ".". Because a path is
// the keys joined with ".", an event key "a.b" is looked up as the two segments "a", "b" and so
// reaches the same node as the nested keys "a" then "b".
type pathNode struct {
	field int32                // field id of the path ending here
	uses  int32                // conditions of live branches on this exact path
	sub   int32                // uses summed over the strict descendants
	few   []namedNode          // children while there are at most smallMax
	many  map[string]*pathNode // children beyond that
}

type namedNode struct {
	name string
	node *pathNode
}

// child returns the child named seg, or nil.
func (n *pathNode) child(seg []byte) *pathNode {
	if n.many != nil {
		return n.many[string(seg)]
	}
	for i := range n.few {
		if n.few[i].name == string(seg) {
			return n.few[i].node
		}
	}
	return nil
}

func (n *pathNode) addChild(seg string, c *pathNode) {
	if n.many == nil && len(n.few) < smallMax {
		n.few = append(n.few, namedNode{seg, c})
		return
	}
	if n.many == nil {
		n.many = make(map[string]*pathNode, 2*smallMax)
		for _, x := range n.few {
			n.many[x.name] = x.node
		}
		n.few = nil
	}
	n.many[seg] = c
}

// pathTrie maps rule paths to dense field ids. It is mutated only by the writer of a core.
type pathTrie struct {
	root   pathNode
	fields []*pathNode // by field id
}

// lookupKey returns the child of n for the event key, or nil when no live rule path goes there.
func (n *pathNode) lookupKey(key []byte) *pathNode {
	if bytes.IndexByte(key, '.') < 0 {
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
