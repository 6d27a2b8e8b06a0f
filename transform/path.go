package transform

import (
	"errors"
	"strconv"
	"strings"
)

// stepKind is the kind of one step of a JSONPath.
type stepKind uint8

const (
	stepField    stepKind = iota // .name or ['name']
	stepIndex                    // [n], negative counts from the end
	stepWildcard                 // .* or [*]
)

type step struct {
	kind  stepKind
	name  string
	index int
}

// Path is a compiled JSONPath of the subset EventBridge documents: "$" followed by any number
// of ".name", "['name']" / ["name"], "[n]" (negative n from the end), ".*" and "[*]". A path
// with a wildcard is indefinite: it selects a list. A Path is immutable and goroutine-safe.
type Path struct {
	text  string
	steps []step
	multi bool
}

// errPath is the error of every malformed path; the caller decides what AWS would say.
var errPath = errors.New("transform: invalid JSONPath")

// maxPathSteps bounds the work one path may ask for.
const maxPathSteps = 256

// ParsePath compiles a JSONPath such as "$.detail.items[0].id".
func ParsePath(s string) (*Path, error) {
	if !strings.HasPrefix(s, "$") {
		return nil, errPath
	}
	p := &Path{text: s}
	for i := 1; i < len(s); {
		var st step
		var err error
		switch s[i] {
		case '.':
			st, i, err = parseDotStep(s, i+1)
		case '[':
			st, i, err = parseBracketStep(s, i+1)
		default:
			err = errPath
		}
		if err != nil {
			return nil, err
		}
		if st.kind == stepWildcard {
			p.multi = true
		}
		p.steps = append(p.steps, st)
		if len(p.steps) > maxPathSteps {
			return nil, errPath
		}
	}
	return p, nil
}

// String returns the path as written.
func (p *Path) String() string { return p.text }

// parseDotStep parses the name after a '.', up to the next '.' or '['.
func parseDotStep(s string, i int) (step, int, error) {
	j := i
	for j < len(s) && s[j] != '.' && s[j] != '[' {
		if s[j] == ']' || s[j] == '\'' || s[j] == '"' || s[j] == ' ' {
			return step{}, 0, errPath
		}
		j++
	}
	name := s[i:j]
	switch name {
	case "":
		return step{}, 0, errPath
	case "*":
		return step{kind: stepWildcard}, j, nil
	}
	return step{kind: stepField, name: name}, j, nil
}

// parseBracketStep parses what follows a '[': n], *], 'name'] or "name"].
func parseBracketStep(s string, i int) (step, int, error) {
	if i >= len(s) {
		return step{}, 0, errPath
	}
	if q := s[i]; q == '\'' || q == '"' {
		end := strings.IndexByte(s[i+1:], q)
		if end < 0 {
			return step{}, 0, errPath
		}
		name := s[i+1 : i+1+end]
		k := i + 1 + end + 1
		if k >= len(s) || s[k] != ']' {
			return step{}, 0, errPath
		}
		return step{kind: stepField, name: name}, k + 1, nil
	}
	end := strings.IndexByte(s[i:], ']')
	if end < 0 {
		return step{}, 0, errPath
	}
	inner := s[i : i+end]
	if inner == "*" {
		return step{kind: stepWildcard}, i + end + 1, nil
	}
	n, err := strconv.Atoi(inner)
	if err != nil || inner[0] == '+' {
		return step{}, 0, errPath
	}
	return step{kind: stepIndex, index: n}, i + end + 1, nil
}

// Multi reports whether the path contains a wildcard and so selects a list.
func (p *Path) Multi() bool { return p.multi }

// Select returns the raw JSON the path selects in doc. For a definite path it is the value
// itself (sharing doc's memory); for a wildcard path it is a new JSON array of every match in
// document order (possibly "[]"). ok is false when a definite path selects nothing.
func (p *Path) Select(doc []byte) (val []byte, ok bool) {
	root := doc[skipWS(doc, 0):]
	if !p.multi {
		return selectDefinite(root, p.steps)
	}
	out := []byte{'['}
	n := 0
	selectAll(root, p.steps, func(v []byte) {
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, v...)
		n++
	})
	return append(out, ']'), true
}

func selectDefinite(cur []byte, steps []step) ([]byte, bool) {
	for _, st := range steps {
		var ok bool
		switch st.kind {
		case stepField:
			cur, ok = field(cur, st.name)
		case stepIndex:
			cur, ok = element(cur, st.index)
		}
		if !ok {
			return nil, false
		}
	}
	if len(cur) == 0 || skipValue(cur, 0) != len(cur) {
		return nil, false
	}
	return cur, true
}

// selectAll walks every branch a wildcard opens, calling emit for each value reached.
func selectAll(cur []byte, steps []step, emit func([]byte)) {
	for k, st := range steps {
		if st.kind == stepWildcard {
			children(cur, func(child []byte) { selectAll(child, steps[k+1:], emit) })
			return
		}
		var ok bool
		if st.kind == stepField {
			cur, ok = field(cur, st.name)
		} else {
			cur, ok = element(cur, st.index)
		}
		if !ok {
			return
		}
	}
	if len(cur) > 0 && skipValue(cur, 0) == len(cur) {
		emit(cur)
	}
}
