package delivery

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// parkedSamples are hand-off lists that exercise every flag of the binary form.
func parkedSamples() map[string][]eventrail.Handoff {
	plain := handoff("e1", sqsARN)
	same := handoff("e2", sqsARN)
	same.Payload = same.Event // the target receives the event itself
	other := handoff("e3", dlqARN)
	other.RuleName, other.RuleArn = "r2", "arn:aws:events:us-east-1:000000000000:rule/b/r2"
	other.Target.RetryPolicy = &eventrail.RetryPolicy{MaximumRetryAttempts: intp(3)}
	other.Target.DeadLetterConfig = &eventrail.DeadLetterConfig{Arn: dlqARN}
	other.TraceHeader, other.Hops = "Root=1-abc", 2
	noTime := handoff("e4", dlqARN)
	noTime.IngestionTime = time.Time{}
	noTime.Payload = []byte("not json at all")
	return map[string][]eventrail.Handoff{
		"empty":          {},
		"one":            {plain},
		"shared target":  {plain, same},
		"target changes": {plain, same, other, noTime},
	}
}

func TestParkCodecRoundTrip(t *testing.T) {
	for name, hs := range parkedSamples() {
		t.Run(name, func(t *testing.T) {
			data, err := encodeHandoffs(hs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeHandoffs(data)
			if err != nil {
				t.Fatal(err)
			}
			assertSameHandoffs(t, got, hs)
			js, _ := json.Marshal(hs)
			if len(hs) > 1 && len(data) >= len(js) {
				t.Errorf("binary form %d bytes, JSON %d: no smaller", len(data), len(js))
			}
		})
	}
}

func TestDecodeHandoffsReadsJSON(t *testing.T) {
	hs := parkedSamples()["target changes"]
	js, err := json.Marshal(hs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeHandoffs(js)
	if err != nil {
		t.Fatal(err)
	}
	assertSameHandoffs(t, got, hs)
}

func TestDecodeHandoffsRejectsDamage(t *testing.T) {
	data, _ := encodeHandoffs(parkedSamples()["target changes"])
	for _, bad := range [][]byte{
		data[:len(data)-1],                          // truncated
		append(append([]byte{}, data...), 0),        // trailing byte
		{parkVersion, 5},                            // count larger than the record
		{parkVersion, 1, flagSameTarget},            // "same target" with no previous one
		{parkVersion, 1, 0, 1, 'r', 1, 'a', 1, '{'}, // target JSON broken
	} {
		if _, err := decodeHandoffs(bad); err == nil {
			t.Errorf("decodeHandoffs(%q) succeeded", bad)
		}
	}
}

// assertSameHandoffs compares hand-offs as the engine uses them (times by instant).
func assertSameHandoffs(t *testing.T, got, want []eventrail.Handoff) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d hand-offs, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.IngestionTime.Equal(w.IngestionTime) {
			t.Errorf("[%d] ingestion time %v, want %v", i, g.IngestionTime, w.IngestionTime)
		}
		g.IngestionTime, w.IngestionTime = time.Time{}, time.Time{}
		if string(g.Event) != string(w.Event) || string(g.Payload) != string(w.Payload) {
			t.Errorf("[%d] event/payload %s / %s, want %s / %s", i, g.Event, g.Payload, w.Event, w.Payload)
		}
		g.Event, g.Payload, w.Event, w.Payload = nil, nil, nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Errorf("[%d] = %+v, want %+v", i, g, w)
		}
	}
}

// FuzzDecodeHandoffs: any record data decodes without panicking, and whatever decodes survives
// an encode/decode round trip unchanged.
func FuzzDecodeHandoffs(f *testing.F) {
	for _, hs := range parkedSamples() {
		data, _ := encodeHandoffs(hs)
		f.Add(data)
		js, _ := json.Marshal(hs)
		f.Add(js)
	}
	f.Add([]byte{parkVersion})
	f.Add([]byte{parkVersion, 1, flagSameTarget | flagPayloadEvent})
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, err := decodeHandoffs(data)
		if err != nil {
			return
		}
		again, err := encodeHandoffs(hs)
		if err != nil {
			return // e.g. a JSON record whose target holds invalid raw JSON
		}
		back, err := decodeHandoffs(again)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		assertSameHandoffs(t, back, hs)
	})
}
