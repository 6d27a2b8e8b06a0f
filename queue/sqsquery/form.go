package sqsquery

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/queue"
)

// form is the parameters of one Query request: name → value. When a name is repeated the
// first value wins (url.Values.Get), as AWS does.
type form map[string]string

// parseForm merges the URL query and the form body of a Query request; body parameters win
// over URL parameters of the same name. A malformed body (bad percent-escape, ';') is
// MalformedQueryString.
func parseForm(query url.Values, body []byte) (form, error) {
	f := form{}
	if len(body) > 0 {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, eventrail.Errorf(codeMalformedQueryString, "The request body is not a valid query string: %s", err.Error())
		}
		f.add(vals)
	}
	f.add(query)
	return f, nil
}

// add sets the first value of each name in vals that f does not have yet.
func (f form) add(vals url.Values) {
	for k, v := range vals {
		if _, seen := f[k]; !seen && len(v) > 0 {
			f[k] = v[0]
		}
	}
}

// ptr returns the value of name, or nil when the parameter is absent.
func (f form) ptr(name string) *string {
	v, ok := f[name]
	if !ok {
		return nil
	}
	return &v
}

// integer returns the integer parameter name, nil when absent, or InvalidParameterValue when
// it is not an integer.
func (f form) integer(name string) (*int, error) {
	v, ok := f[name]
	if !ok {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return nil, eventrail.Errorf(queue.CodeInvalidParameterValue,
			"Value %s for parameter %s is invalid. Reason: Must be an integer.", v, name)
	}
	return &n, nil
}

// group is the parameters under "<prefix>.<n>.": n and the rest of each name.
type group struct {
	n int
	f form
}

// groups returns the numbered groups under prefix, ordered by number: for "Attribute" the
// parameters "Attribute.1.Name", "Attribute.1.Value", "Attribute.2.Name"… give groups 1 and
// 2 with keys "Name" and "Value". A bare "<prefix>.<n>" is kept under key "". Names whose
// number is not a positive decimal integer are ignored.
func (f form) groups(prefix string) []group {
	byN := map[int]form{}
	p := prefix + "."
	for k, v := range f {
		rest, ok := strings.CutPrefix(k, p)
		if !ok {
			continue
		}
		num, sub, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || num[0] == '+' {
			continue
		}
		g := byN[n]
		if g == nil {
			g = form{}
			byN[n] = g
		}
		g[sub] = v
	}
	out := make([]group, 0, len(byN))
	for n, g := range byN {
		out = append(out, group{n: n, f: g})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	return out
}

// list returns the flattened list "<prefix>.1", "<prefix>.2"… in number order (the legacy
// "<prefix>.member.N" spelling is accepted too).
func (f form) list(prefix string) []string {
	var out []string
	for _, p := range []string{prefix, prefix + ".member"} {
		for _, g := range f.groups(p) {
			if v, ok := g.f[""]; ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// stringMap returns a flattened map: for each group under prefix, key from keyName and value
// from valueName ("Attribute.N.Name" / "Attribute.N.Value"). Groups without a key are
// ignored; a key without a value maps to "". Nil when there are no entries.
func (f form) stringMap(prefix, keyName, valueName string) map[string]string {
	var out map[string]string
	for _, g := range f.groups(prefix) {
		k, ok := g.f[keyName]
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = g.f[valueName]
	}
	return out
}

// messageAttributes returns the map "<prefix>.N.Name" → "<prefix>.N.Value.*"; BinaryValue and
// BinaryListValue.M are base64. Nil when there are none.
func (f form) messageAttributes(prefix string) (map[string]queue.MessageAttributeValue, error) {
	var out map[string]queue.MessageAttributeValue
	for _, g := range f.groups(prefix) {
		name, ok := g.f["Name"]
		if !ok {
			continue
		}
		v, err := g.f.attributeValue(prefix, name)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = map[string]queue.MessageAttributeValue{}
		}
		out[name] = v
	}
	return out, nil
}

// attributeValue decodes the "Value.*" parameters of one message attribute group.
func (g form) attributeValue(prefix, name string) (queue.MessageAttributeValue, error) {
	v := queue.MessageAttributeValue{DataType: g["Value.DataType"], StringValue: g.ptr("Value.StringValue")}
	if b, ok := g["Value.BinaryValue"]; ok {
		dec, err := decodeBase64(b, prefix, name)
		if err != nil {
			return v, err
		}
		v.BinaryValue = dec
	}
	v.StringListValues = g.list("Value.StringListValue")
	for _, b := range g.list("Value.BinaryListValue") {
		dec, err := decodeBase64(b, prefix, name)
		if err != nil {
			return v, err
		}
		v.BinaryListValues = append(v.BinaryListValues, dec)
	}
	return v, nil
}

func decodeBase64(s, prefix, name string) ([]byte, error) {
	dec, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, eventrail.Errorf(queue.CodeInvalidParameterValue,
			"The binary value of %s %s is not valid base64.", strings.ToLower(prefix[:1])+prefix[1:], name)
	}
	if dec == nil {
		dec = []byte{}
	}
	return dec, nil
}
