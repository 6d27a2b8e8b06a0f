package pattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// This file decodes an event for the reference evaluator and for Explain: the event becomes the
// list of its leaf values, each with its path and its array trail. It favours being obviously
// right over being fast (the compiled Machine has its own scanner).

// valueKind is the JSON type of an event leaf.
type valueKind uint8

const (
	valString valueKind = iota + 1
	valNumber
	valTrue
	valFalse
	valNull
)

// arrayPos says that a value lies in element Index of the array with id Array (ids number the
// arrays of one event in document order).
type arrayPos struct{ Array, Index int }

// eventLeaf is one scalar value of the event.
type eventLeaf struct {
	path  string
	kind  valueKind
	str   string // string value (unescaped)
	num   Number // number value
	trail []arrayPos
}

// text renders the leaf as JSON for explanations.
func (l *eventLeaf) text() string {
	switch l.kind {
	case valString:
		b, _ := json.Marshal(l.str)
		return string(b)
	case valNumber:
		return l.num.Lexeme
	case valTrue:
		return "true"
	case valFalse:
		return "false"
	}
	return "null"
}

// errEventNotObject is returned for events that are not a JSON object.
var errEventNotObject = errors.New("event is not a JSON object")

// ValidateTestEvent checks that event is acceptable as a TestEventPattern event: a single JSON
// object. It returns a plain error otherwise (the server answers ValidationException
// "Parameter Event is not valid.").
func ValidateTestEvent(event []byte) error {
	_, err := decodeEvent(event)
	return err
}

// decodeEvent parses event (a JSON object; duplicate keys: the last one wins) and returns its
// leaves grouped by path.
func decodeEvent(event []byte) (map[string][]*eventLeaf, error) {
	d := json.NewDecoder(bytes.NewReader(event))
	d.UseNumber()
	var root any
	if err := d.Decode(&root); err != nil {
		return nil, errors.Join(errEventNotObject, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.Join(errEventNotObject, errors.New("trailing data after the event"))
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, errEventNotObject
	}
	w := &leafWalker{leaves: map[string][]*eventLeaf{}}
	w.object(obj, nil, nil)
	return w.leaves, nil
}

type leafWalker struct {
	leaves map[string][]*eventLeaf
	arrays int
}

func (w *leafWalker) object(obj map[string]any, path []string, trail []arrayPos) {
	for k, v := range obj {
		w.value(v, append(path[:len(path):len(path)], k), trail)
	}
}

// value records v found at path. Objects and arrays inside an array element record that element
// in the trail; scalars directly inside an array do not (EventBridge does not track them).
func (w *leafWalker) value(v any, path []string, trail []arrayPos) {
	switch x := v.(type) {
	case map[string]any:
		w.object(x, path, trail)
	case []any:
		id := w.arrays
		w.arrays++
		for i, e := range x {
			switch e.(type) {
			case map[string]any, []any:
				w.value(e, path, append(trail[:len(trail):len(trail)], arrayPos{id, i}))
			default:
				w.value(e, path, trail)
			}
		}
	default:
		w.add(strings.Join(path, "."), x, trail)
	}
}

func (w *leafWalker) add(path string, v any, trail []arrayPos) {
	l := &eventLeaf{path: path, trail: trail}
	switch x := v.(type) {
	case string:
		l.kind, l.str = valString, x
	case json.Number:
		l.kind, l.num = valNumber, NewNumber(string(x))
	case bool:
		l.kind = valFalse
		if x {
			l.kind = valTrue
		}
	default:
		l.kind = valNull
	}
	w.leaves[path] = append(w.leaves[path], l)
}

// agree reports whether two leaves are compatible: same element index in every array they both
// lie in.
func leavesAgree(a, b *eventLeaf) bool {
	for _, x := range a.trail {
		for _, y := range b.trail {
			if x.Array == y.Array && x.Index != y.Index {
				return false
			}
		}
	}
	return true
}
