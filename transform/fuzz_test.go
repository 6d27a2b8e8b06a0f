package transform

import (
	"encoding/json"
	"testing"

	"github.com/eventrail/eventrail"
)

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"$", "$.detail", "$.detail.requestParameters.resourcesSet.items[0].resourceId",
		"$['a']['b c']", `$["x"][-1]`, "$.a[*].b", "$.*", "$..a", "$[", "$['", "$[99999999999999999999]", "$.a.b.c.d"} {
		f.Add(s, seed003Envelope)
		f.Add(s, `{"a":[{"b":1},{"b":[2,{"c":"\""}]}],"x":"y"}`)
	}
	f.Add("$.a", `{"a":`)
	f.Add("$.a[0]", `{"a":[1,`)
	f.Add("$.*.*", `[[[[`)
	f.Fuzz(func(t *testing.T, path, doc string) {
		p, err := ParsePath(path)
		if err != nil {
			return
		}
		val, ok := p.Select([]byte(doc))
		if ok && json.Valid([]byte(doc)) && !json.Valid(val) {
			t.Fatalf("path %q selected invalid JSON %q from %q", path, val, doc)
		}
	})
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		`"<a> is in state <b>"`, `{"a": <a>, "b": "x<b>y"}`, `[<a>, <b>]`, `<a>`, `{<a>: 1}`,
		`{"e": <aws.events.event>, "j": <aws.events.event.json>}`, `"\"<a>\" \\<b>"`, `<<a>>`, `{"a": "<`,
		`"<aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"`,
	} {
		f.Add(s, testEnvelope)
		f.Add(s, `{"detail":{"a":{"x":"\"q\""},"b":[1,"\n"]}}`)
	}
	f.Add(`{"a": <a>}`, `{"detail":`)
	f.Fuzz(func(t *testing.T, tmpl, doc string) {
		paths := map[string]string{}
		for _, p := range scanPlaceholders(tmpl) {
			if predefinedKind(p.name) == varPath && isPathKey(p.name) {
				paths[p.name] = "$.detail." + p.name
			}
		}
		tr, err := Compile(transformer(paths, tmpl))
		if err != nil {
			if _, ok := eventrail.AsError(err); !ok {
				t.Fatalf("Compile error is not an *eventrail.Error: %v", err)
			}
			return
		}
		out, err := tr.Apply([]byte(doc), testContext)
		if err == nil && tr.tmpl.jsonMode && json.Valid([]byte(doc)) && !json.Valid(out) {
			t.Fatalf("JSON template %q rendered invalid JSON %q", tmpl, out)
		}
	})
}
