package transform

import (
	"encoding/json"

	"github.com/eventrail/eventrail"
)

// varKind says where a template variable takes its value from.
type varKind uint8

const (
	varPath          varKind = iota // a JSONPath of InputPathsMap
	varRuleArn                      // <aws.events.rule-arn>
	varRuleName                     // <aws.events.rule-name>
	varIngestionTime                // <aws.events.event.ingestion-time>
	varEvent                        // <aws.events.event>: the envelope without detail
	varEventJSON                    // <aws.events.event.json>: the whole envelope
)

// Predefined variable names (spec §5.3).
const (
	VarRuleArn       = "aws.events.rule-arn"
	VarRuleName      = "aws.events.rule-name"
	VarIngestionTime = "aws.events.event.ingestion-time"
	VarEvent         = "aws.events.event"
	VarEventJSON     = "aws.events.event.json"
)

// predefinedKind returns the kind of a predefined variable name, or varPath for any other.
func predefinedKind(name string) varKind {
	switch name {
	case VarRuleArn:
		return varRuleArn
	case VarRuleName:
		return varRuleName
	case VarIngestionTime:
		return varIngestionTime
	case VarEvent:
		return varEvent
	case VarEventJSON:
		return varEventJSON
	}
	return varPath
}

// variable is one distinct placeholder of a template.
type variable struct {
	name string
	kind varKind
	path *Path // for varPath; nil when the path does not parse (the value is then missing)
}

// value is a resolved variable: either raw JSON text or a plain Go string.
type value struct {
	raw     []byte // JSON text when isStr is false
	str     string // the string when isStr is true
	isStr   bool
	present bool
}

// resolve computes v's value for one envelope.
func resolve(v *variable, env []byte, c *Context) value {
	switch v.kind {
	case varRuleArn:
		return value{str: c.RuleArn, isStr: true, present: true}
	case varRuleName:
		return value{str: c.RuleName, isStr: true, present: true}
	case varIngestionTime:
		return value{str: ingestionTime(env, c), isStr: true, present: true}
	case varEvent:
		return value{raw: eventWithoutDetail(env, c), present: true}
	case varEventJSON:
		return value{raw: env, present: true}
	}
	if v.path == nil {
		return value{}
	}
	raw, ok := v.path.Select(env)
	return value{raw: raw, present: ok}
}

// ingestionTime renders the ingestion time, falling back to the envelope's "time".
func ingestionTime(env []byte, c *Context) string {
	if !c.IngestionTime.IsZero() {
		return c.IngestionTime.UTC().Format(eventrail.TimeFormat)
	}
	if t, ok := field(env, "time"); ok && len(t) >= 2 && t[0] == '"' {
		return string(unquote(t))
	}
	return ""
}

// eventKeys is the order and naming AWS uses for <aws.events.event> (spec §5.3, recorded).
var eventKeys = [...]struct{ out, in string }{
	{"id", "id"}, {"account", "account"}, {"detailType", "detail-type"}, {"time", ""},
	{"source", "source"}, {"region", "region"}, {"resources", "resources"}, {"version", "version"},
}

// eventWithoutDetail builds <aws.events.event>: the envelope without detail, with
// "detailType" and the ingestion time as "time".
func eventWithoutDetail(env []byte, c *Context) []byte {
	out := make([]byte, 0, len(env)/2+64)
	out = append(out, '{')
	n := 0
	for _, k := range eventKeys {
		var raw []byte
		if k.in == "" {
			raw = eventrail.AppendJSONString(nil, ingestionTime(env, c))
		} else if v, ok := field(env, k.in); ok {
			raw = v
		} else {
			continue
		}
		if n > 0 {
			out = append(out, ',')
		}
		out = eventrail.AppendJSONString(out, k.out)
		out = append(out, ':')
		out = append(out, raw...)
		n++
	}
	return append(out, '}')
}

// render fills the template for one envelope.
func (t *Transformer) render(env []byte, c Context) ([]byte, error) {
	var stack [8]value
	vals := stack[:0]
	if len(t.vars) > len(stack) {
		vals = make([]value, 0, len(t.vars))
	}
	size := 0
	for i := range t.vars {
		v := resolve(&t.vars[i], env, &c)
		size += len(v.raw) + len(v.str) + 2
		vals = append(vals, v)
	}
	for _, s := range t.tmpl.segs {
		size += len(s.lit)
	}
	out := make([]byte, 0, size)
	check := false
	for _, s := range t.tmpl.segs {
		out = append(out, s.lit...)
		if s.v < 0 {
			continue
		}
		v := &vals[s.v]
		switch {
		case t.tmpl.jsonMode && !s.quoted:
			out = appendJSONValue(out, v)
		case t.tmpl.jsonMode:
			start := len(out)
			out = appendRawValue(out, v, false)
			check = check || unsafeInString(out[start:])
		default:
			out = appendRawValue(out, v, true)
		}
	}
	if check && !json.Valid(out) {
		return nil, ErrInvalidJSON
	}
	return out, nil
}

// appendJSONValue renders v where a JSON value is expected: strings quoted, other JSON as is,
// a missing value as "".
func appendJSONValue(dst []byte, v *value) []byte {
	switch {
	case !v.present:
		return append(dst, `""`...)
	case v.isStr:
		return eventrail.AppendJSONString(dst, v.str)
	}
	return append(dst, v.raw...)
}

// appendRawValue renders v as text: strings without quotes or escapes, numbers, booleans and
// null literally, and objects/arrays as compact JSON — or, in text templates (stripQuotes),
// compact JSON with every '"' removed ({acc_id:0a78,sf_id:baz}), as AWS renders them.
func appendRawValue(dst []byte, v *value, stripQuotes bool) []byte {
	switch {
	case !v.present:
		return dst
	case v.isStr:
		return append(dst, v.str...)
	case len(v.raw) >= 2 && v.raw[0] == '"':
		return append(dst, unquote(v.raw)...)
	}
	return appendCompact(dst, v.raw, stripQuotes)
}

// appendCompact appends JSON text without insignificant whitespace, optionally dropping every
// double quote.
func appendCompact(dst, raw []byte, stripQuotes bool) []byte {
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\' && i+1 < len(raw):
			dst = append(dst, c)
			i++
			c = raw[i]
			if c == '"' && stripQuotes {
				continue
			}
		case c == '"':
			inString = !inString
			if stripQuotes {
				continue
			}
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// unsafeInString reports whether text spliced inside a JSON string literal may break it.
func unsafeInString(b []byte) bool {
	for _, c := range b {
		if c == '"' || c == '\\' || c < 0x20 {
			return true
		}
	}
	return false
}
