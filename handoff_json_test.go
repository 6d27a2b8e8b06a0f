package eventrail

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestHandoffJSONRoundTrip(t *testing.T) {
	ev := json.RawMessage(`{"version":"0","id":"e1","detail":{"a":1}}`)
	for _, tc := range []struct {
		name    string
		payload []byte
		omitted bool
	}{
		{"payload is the event", []byte(ev), true},
		{"transformed payload", []byte(`"ami-1"`), false},
		{"empty payload stays empty", []byte{}, false},
		{"non-JSON text payload", []byte(`instance i-1 is running`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := Handoff{EventID: "e1", Bus: "default", IngestionTime: time.Unix(1700000000, 0).UTC(), Event: ev,
				Payload: tc.payload, RuleName: "r", Target: Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q"}}
			b, err := json.Marshal([]Handoff{h})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), `"p":`); got == tc.omitted {
				t.Fatalf("encoded %s: payload present = %v, want %v", b, got, !tc.omitted)
			}
			var back []Handoff
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if len(back) != 1 || string(back[0].Payload) != string(tc.payload) || string(back[0].Event) != string(ev) ||
				back[0].EventID != "e1" || back[0].Target.Arn != h.Target.Arn || !back[0].IngestionTime.Equal(h.IngestionTime) {
				t.Fatalf("round trip = %+v, want %+v", back, h)
			}
			if tc.payload != nil && back[0].Payload == nil {
				t.Fatal("payload decoded as nil")
			}
		})
	}
}
