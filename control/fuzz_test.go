package control

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzPutEventsEntry feeds arbitrary entries through PutEvents: it must never panic, must
// answer one result per entry, and every ingested event must carry a JSON-object detail and
// render a valid envelope.
func FuzzPutEventsEntry(f *testing.F) {
	seeds := [][4]string{
		{"core.update", "Type", `{"a": 1}`, ""},
		{"", "", "", ""},
		{"s", "d", "[]", "default"},
		{"s", "d", `"NotJSON"`, "arn:aws:events:us-east-1:111111111111:event-bus/default"},
		{"s", "d", "{{}", "bus"},
		{"aws.s3", "d", `{}`, ""},
		{"s", "d", `{"n": 92233720368547758070}`, ""},
		{"s", "d", `{"a": [[[[{"b": -0.5e-3}]]]]}`, "aws.partner/x/y"},
		{"é", strings.Repeat("x", 200), "{\"\\u2028\": \"\\ud800\"}", ""},
		{"s", "d", "{\"a\":\"\xff\"}", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], int64(0))
	}
	f.Add("s", "d", `{}`, "", int64(-62135596800))
	f.Add("s", "d", `{}`, "", int64(253402300800))
	e := newEnv(f, func(o *Options) { o.MaxPutEventsBytes = 4096 })
	f.Fuzz(func(t *testing.T, source, detailType, detail, bus string, unix int64) {
		en := PutEventsEntry{Source: source, DetailType: detailType, Detail: detail, EventBusName: bus, Resources: []string{bus}}
		if unix != 0 {
			en.Time = &EpochTime{time.Unix(unix, 0).UTC()}
		}
		e.ing.reset()
		out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{en, en}})
		if err != nil {
			return // a whole-request rejection is an answer; a panic is not
		}
		if len(out.Entries) != 2 {
			t.Fatalf("%d results for 2 entries", len(out.Entries))
		}
		_, after := e.ing.snapshot()
		for _, ev := range after {
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(ev.Detail, &obj); err != nil || obj == nil {
				t.Fatalf("ingested detail %q is not an object: %v", ev.Detail, err)
			}
			if !json.Valid(ev.Envelope()) {
				t.Fatalf("envelope is not JSON: %s", ev.Envelope())
			}
		}
	})
}
