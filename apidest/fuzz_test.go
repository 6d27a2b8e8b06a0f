package apidest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/eventrail/eventrail"
)

// FuzzMergeBody: the result is the payload itself (not a JSON object) or a valid JSON object
// holding every connection body parameter with the connection's value.
func FuzzMergeBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"bp":"old"}`, `[1,2]`, `"text"`, `{"a":{"b":[1,{"c":null}]}}`, `{"bp":1,"bp":2}`, `{`, ``, `{"a":1}garbage`} {
		f.Add([]byte(s), "bp", "v\"ü")
	}
	f.Fuzz(func(t *testing.T, payload []byte, key, value string) {
		out := mergeBody(payload, []Parameter{{Key: key, Value: value}})
		if bytes.Equal(out, payload) {
			return
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("merge of %q produced invalid JSON %q: %v", payload, out, err)
		}
		if !utf8.ValidString(key) {
			return
		}
		var got string
		if err := json.Unmarshal(m[key], &got); err != nil || (utf8.ValidString(key) && utf8.ValidString(value) && got != value) {
			t.Fatalf("merged %q = %q, want %q (out %s)", key, m[key], value, out)
		}
	})
}

// refResolve is the obvious implementation resolve must agree with: decode the whole event.
func refResolve(event []byte, path string) (any, bool) {
	var cur any
	if json.Unmarshal(event, &cur) != nil {
		return nil, false
	}
	for _, seg := range strings.Split(path, ".") {
		switch node := cur.(type) {
		case map[string]any:
			v, ok := node[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(node) {
				return nil, false
			}
			cur = node[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// FuzzResolve: dynamic values agree with decoding the whole event, plain values come back
// unchanged, nothing panics.
func FuzzResolve(f *testing.F) {
	ev := eventrail.Event{ID: "1", Detail: json.RawMessage(`{"a":{"b":[1,"x",{"c":true}]},"s":"str","e":"q\"\u00fc\n","n":1e2,"d":{"k":1},"d":{"j":2}}`)}
	for _, s := range []string{"$.detail.a.b.2.c", "$.detail.s", "$.id", "$.", "$..", "$.detail.a.b.9", "plain", "$.detail.a.b.-1",
		"$.detail.e", "$.detail.n", "$.detail.d", "$.detail.d.k", "$.detail.a", "$.resources.0"} {
		f.Add(ev.Envelope(), s)
	}
	f.Add([]byte(` { "x" : [ 1 , { "y" : "z" } ] } `), "$.x.1.y")
	f.Fuzz(func(t *testing.T, event []byte, path string) {
		got := (&lazyEvent{raw: event}).resolve(path)
		if !strings.HasPrefix(path, "$.") {
			if got != path {
				t.Fatalf("plain value %q resolved to %q", path, got)
			}
			return
		}
		if !json.Valid(event) || !utf8.Valid(event) {
			return
		}
		want, ok := refResolve(event, path[2:])
		switch w := want.(type) {
		case nil:
			if got != "" {
				t.Fatalf("resolve(%q) = %q, want \"\" (found %v)", path, got, ok)
			}
		case string:
			if got != w {
				t.Fatalf("resolve(%q) = %q, want %q", path, got, w)
			}
		default:
			var g any
			if json.Unmarshal([]byte(got), &g) != nil || !reflect.DeepEqual(g, w) {
				t.Fatalf("resolve(%q) = %q, want %v", path, got, w)
			}
		}
	})
}

// FuzzRetryAfter: any header value gives a delay of at most a day, never a panic.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"", "7", "-1", "  12 ", "Wed, 21 Oct 2026 07:28:00 GMT", "99999999999999999999", "1.5", "abc"} {
		f.Add(s)
	}
	now := time.Date(2026, 10, 21, 7, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := retryAfter(v, now); d > 24*time.Hour || d < -time.Second {
			t.Fatalf("retryAfter(%q) = %v", v, d)
		}
	})
}

// FuzzCreateConnection decodes arbitrary request bodies as the edge would and runs the
// operation: it answers or fails with an *eventrail.Error, never panics, and never echoes a
// password in an error.
func FuzzCreateConnection(f *testing.F) {
	for _, s := range []string{
		`{"Name":"c","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"u","Password":"p:w"}}}`,
		`{"Name":"c","AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{"ClientParameters":{"ClientID":"i","ClientSecret":"s"},"AuthorizationEndpoint":"https://127.0.0.1:1/t","HttpMethod":"GET"}}}`,
		`{"Name":"c","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"},"InvocationHttpParameters":{"HeaderParameters":[{"Key":"a b","Value":"\u0001"}]}}}`,
		`{}`, `{"Name":""}`,
	} {
		f.Add([]byte(s))
	}
	e := newEnv(f, func(o *Options) { o.AllowHTTP = false })
	f.Fuzz(func(t *testing.T, body []byte) {
		var in CreateConnectionInput
		if json.Unmarshal(body, &in) != nil {
			return
		}
		if in.AuthParameters != nil {
			in.AuthParameters.OAuthParameters = nil // no token fetches from the fuzzer
		}
		_, err := e.s.CreateConnection(ctx, &in)
		if err == nil {
			_, _ = e.s.DeleteConnection(ctx, &DeleteConnectionInput{Name: in.Name})
			return
		}
		ae, ok := eventrail.AsError(err)
		if !ok {
			t.Fatalf("non-API error %T %v", err, err)
		}
		if b := in.AuthParameters; b != nil && b.BasicAuthParameters != nil && len(b.BasicAuthParameters.Password) > 3 &&
			strings.Contains(ae.Message, b.BasicAuthParameters.Password) && !strings.Contains(string(body), `"Name":"`+b.BasicAuthParameters.Password) {
			t.Fatalf("error echoes the password: %s", ae.Message)
		}
	})
}
