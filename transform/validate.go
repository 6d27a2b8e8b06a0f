package transform

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/eventrail/eventrail"
)

// Model limits of the Target input members (botocore events model).
const (
	MaxInputLen         = 8192 // TargetInput
	MaxInputPathLen     = 256  // TargetInputPath
	MaxInputTemplateLen = 8192 // TransformerInput
	MaxInputPathsMap    = 100  // TransformerPaths
	MaxPathKeyLen       = 256  // InputTransformerPathKey
)

// pathKeyPattern is the model's pattern for InputPathsMap keys, as AWS prints it.
const pathKeyPattern = `[A-Za-z0-9\_\-]+`

// ValidateModel records in v the model-constraint violations of t's Input, InputPath and
// InputTransformer, with member paths under prefix (e.g. "targets.1.member"), in AWS's
// wording (spec §12.4). It is what PutTargets checks before anything else.
func ValidateModel(t *eventrail.Target, prefix string, v *eventrail.Violations) {
	if t.Input != nil {
		v.MaxLen(*t.Input, prefix+".input", MaxInputLen)
	}
	if t.InputPath != nil {
		v.MaxLen(*t.InputPath, prefix+".inputPath", MaxInputPathLen)
	}
	it := t.InputTransformer
	if it == nil {
		return
	}
	mapPath := prefix + ".inputTransformer.inputPathsMap"
	if len(it.InputPathsMap) > MaxInputPathsMap {
		v.Add(renderMap(it.InputPathsMap), mapPath, fmt.Sprintf("Member must have length less than or equal to %d", MaxInputPathsMap))
	}
	if badKey, badValue := checkPathsMap(it.InputPathsMap); badKey || badValue {
		if badKey {
			v.Add(renderMap(it.InputPathsMap), mapPath, fmt.Sprintf(
				"Map keys must satisfy constraint: [Member must have length less than or equal to %d, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: %s]",
				MaxPathKeyLen, pathKeyPattern))
		}
		if badValue {
			v.Add(renderMap(it.InputPathsMap), mapPath, fmt.Sprintf(
				"Map value must satisfy constraint: [Member must have length less than or equal to %d]", MaxInputPathLen))
		}
	}
	tp := prefix + ".inputTransformer.inputTemplate"
	v.MinLen(it.InputTemplate, tp, 1)
	v.MaxLen(it.InputTemplate, tp, MaxInputTemplateLen)
}

// checkPathsMap reports whether some key breaks the key constraints and some value is too long.
func checkPathsMap(m map[string]string) (badKey, badValue bool) {
	for k, val := range m {
		if len(k) == 0 || len([]rune(k)) > MaxPathKeyLen || !isPathKey(k) {
			badKey = true
		}
		if len([]rune(val)) > MaxInputPathLen {
			badValue = true
		}
	}
	return badKey, badValue
}

// isPathKey reports whether k matches [A-Za-z0-9_-]+.
func isPathKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; !isNameByte(c) || c == '.' {
			return false
		}
	}
	return k != ""
}

// renderMap prints a map the way AWS's Java service echoes it: {k1=v1, k2=v2} (sorted here).
func renderMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + "=" + m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// validateChoice enforces "only one of Input, InputPath, or InputTransformer".
func validateChoice(t *eventrail.Target) error {
	n := 0
	for _, set := range []bool{t.Input != nil, t.InputPath != nil, t.InputTransformer != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return eventrail.Errorf(eventrail.CodeValidation,
			"Only one of Input, InputPath, or InputTransformer must be provided for target %s.", t.Id)
	}
	return nil
}

// compileTransformer checks the template's placeholders and compiles the variables.
func compileTransformer(t *eventrail.Target) (*Transformer, error) {
	it := t.InputTransformer
	phs := scanPlaceholders(it.InputTemplate)
	for _, p := range phs {
		if _, ok := it.InputPathsMap[p.name]; !ok && predefinedKind(p.name) == varPath {
			return nil, eventrail.Errorf(eventrail.CodeValidation,
				"InputTemplate for target %s contains invalid placeholder %s.", t.Id, p.name)
		}
	}
	tr := &Transformer{kind: kindTransformer}
	index := map[string]int{}
	lookup := func(name string) int {
		if i, ok := index[name]; ok {
			return i
		}
		v := variable{name: name, kind: predefinedKind(name)}
		if v.kind == varPath {
			v.path, _ = ParsePath(it.InputPathsMap[name])
		}
		index[name] = len(tr.vars)
		tr.vars = append(tr.vars, v)
		return index[name]
	}
	tr.tmpl = buildTemplate(it.InputTemplate, phs, lookup)
	return tr, nil
}

// jacksonLocation renders where a JSON syntax error is, in the form AWS's Java parser prints:
// [Source: (String)"<text>"; line: L, column: C].
func jacksonLocation(src string, err error) string {
	line, col := 1, 1
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset)
		if off > len(src) {
			off = len(src)
		}
		line = 1 + strings.Count(src[:off], "\n")
		col = off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	}
	shown := src
	const maxShown = 500
	if r := []rune(src); len(r) > maxShown {
		shown = string(r[:maxShown]) + fmt.Sprintf("\"[truncated %d chars]", len(r)-maxShown)
		return fmt.Sprintf("[Source: (String)\"%s; line: %d, column: %d]", shown, line, col)
	}
	return fmt.Sprintf("[Source: (String)\"%s\"; line: %d, column: %d]", shown, line, col)
}
