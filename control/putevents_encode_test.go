package control

import (
	"bytes"
	"encoding/json"
	"testing"
)

// jsonNoHTML renders v as the edge's encoding/json path does.
func jsonNoHTML(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// TestPutEventsOutputAppendAWSJSON checks the fast rendering against encoding/json.
func TestPutEventsOutputAppendAWSJSON(t *testing.T) {
	cases := []struct {
		out  PutEventsOutput
		fast bool
	}{
		{PutEventsOutput{Entries: []PutEventsResultEntry{}}, true},
		{PutEventsOutput{Entries: []PutEventsResultEntry{{EventId: "11111111-2222-4333-8444-555555555555"}}}, true},
		{PutEventsOutput{FailedEntryCount: 2, Entries: []PutEventsResultEntry{
			{ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed."},
			{EventId: "a"},
			{ErrorCode: "InvalidArgument", ErrorMessage: "Parameter <Source> & more"},
			{},
		}}, true},
		{PutEventsOutput{Entries: []PutEventsResultEntry{{ErrorMessage: `quote " here`}}}, false},
		{PutEventsOutput{Entries: []PutEventsResultEntry{{ErrorMessage: "é"}}}, false},
		{PutEventsOutput{Entries: []PutEventsResultEntry{{ErrorMessage: "tab\t"}}}, false},
		{PutEventsOutput{}, false},
	}
	for _, c := range cases {
		got, ok := c.out.AppendAWSJSON([]byte("prefix"))
		if ok != c.fast {
			t.Errorf("%+v: fast path %v, want %v", c.out, ok, c.fast)
			continue
		}
		if !ok {
			continue
		}
		if want := jsonNoHTML(t, &c.out); string(got) != "prefix"+string(want) {
			t.Errorf("got  %s\nwant prefix%s", got, want)
		}
	}
}
