package awsjson

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
)

// fastIn decodes only the exact body {"Name":"fast"} itself.
type fastIn struct {
	Name string `json:"Name"`
	fast bool
}

func (in *fastIn) DecodeAWSJSON(body []byte) bool {
	if string(body) != `{"Name":"fast"}` {
		return false
	}
	in.Name, in.fast = "fast", true
	return true
}

// TestDecodeBodyFastDecoder checks that decodeBody tries a FastDecoder first (on the trimmed
// body) and otherwise behaves exactly as without one.
func TestDecodeBodyFastDecoder(t *testing.T) {
	cases := []struct {
		body     string
		wantFast bool
	}{
		{` {"Name":"fast"} `, true},
		{`{"Name":"slow"}`, false},
		{`{"name":"fast"}`, false},
		{``, false},
		{`{"Name":1}`, false},
		{`{"Name":"x"`, false},
		{`[]`, false},
	}
	for _, c := range cases {
		var got fastIn
		errGot := decodeBody([]byte(c.body), &got)
		var want fastIn // json.Unmarshal ignores DecodeAWSJSON
		var errWant error
		if b := bytes.TrimSpace([]byte(c.body)); len(b) > 0 {
			if err := json.Unmarshal(b, &want); err != nil {
				errWant = &decodeError{err}
			}
		}
		if got.fast != c.wantFast {
			t.Errorf("%q: fast path used %v, want %v", c.body, got.fast, c.wantFast)
		}
		if got.Name != want.Name || !reflect.DeepEqual(errGot, errWant) {
			t.Errorf("%q: got %q, %v; want %q, %v", c.body, got.Name, errGot, want.Name, errWant)
		}
	}
}

// fastOut renders itself unless Slow is set.
type fastOut struct {
	Arn  string `json:"Arn"`
	Slow bool   `json:"-"`
}

func (o *fastOut) AppendAWSJSON(dst []byte) ([]byte, bool) {
	if o.Slow {
		return dst, false
	}
	return append(dst, `{"Arn":"fast"}`...), true
}

// TestWriteJSONFastEncoder checks that writeJSON uses a FastEncoder's rendering and falls back
// to encoding/json when it declines.
func TestWriteJSONFastEncoder(t *testing.T) {
	for _, c := range []struct {
		out  *fastOut
		want string
	}{
		{&fastOut{Arn: "x"}, `{"Arn":"fast"}`},
		{&fastOut{Arn: "<x&y>", Slow: true}, `{"Arn":"<x&y>"}`},
	} {
		w := httptest.NewRecorder()
		if !writeJSON(w, 200, "application/x-amz-json-1.1", c.out) {
			t.Fatal("writeJSON failed")
		}
		if got := w.Body.String(); got != c.want || w.Header().Get("Content-Length") != itoa(len(c.want)) {
			t.Errorf("got %s (Content-Length %s), want %s", got, w.Header().Get("Content-Length"), c.want)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Errorf("invalid JSON %s", w.Body.Bytes())
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
