package control

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/conformance"
)

// errorCase is one line of errors.jsonl: an error AWS returned in a recorded test.
type errorCase struct {
	ID        string `json:"id"`
	Path      string `json:"path"`
	ErrorType string `json:"error_type"`
	Error     string `json:"error"`
}

// patternCase is one line of patterns.jsonl (the fields the error scenarios need).
type patternCase struct {
	ID      string `json:"id"`
	Pattern string `json:"pattern_json"`
	Event   string `json:"event_json"`
}

// scenario replays the calls of one recorded AWS test against a fresh Service and returns the
// error AWS's snapshot captured, the placeholder substitutions the snapshot applied (actual →
// placeholder), and whether only the message's first line is compared.
type scenario struct {
	op        string
	run       func(t *testing.T, e *testEnv) (err error, subs map[string]string)
	firstLine bool
}

// TestErrorsConformance runs every errors.jsonl case whose operation this package implements
// and reports passed/total per operation.
func TestErrorsConformance(t *testing.T) {
	cases := conformance.LoadJSONL[errorCase](t, "errors.jsonl")
	patterns := map[string]patternCase{}
	for _, p := range conformance.LoadJSONL[patternCase](t, "patterns.jsonl") {
		patterns[p.ID] = p
	}
	type tally struct{ pass, total int }
	stats := map[string]*tally{}
	skipped := 0
	for _, c := range cases {
		sc, ok := scenarioFor(c, patterns)
		if !ok {
			skipped++
			continue
		}
		if stats[sc.op] == nil {
			stats[sc.op] = &tally{}
		}
		st := stats[sc.op]
		st.total++
		passed := t.Run(c.ID, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.MaxPutEventsBytes = CompatMaxPutEventsBytes })
			err, subs := sc.run(t, e)
			checkRecorded(t, c, err, subs, sc.firstLine)
		})
		if passed {
			st.pass++
		}
	}
	ops := make([]string, 0, len(stats))
	for op := range stats {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	pass, total := 0, 0
	for _, op := range ops {
		t.Logf("errors.jsonl %-22s %d/%d", op, stats[op].pass, stats[op].total)
		pass += stats[op].pass
		total += stats[op].total
	}
	t.Logf("errors.jsonl total %d/%d (%d cases belong to operations of other packages)", pass, total, skipped)
}

// checkRecorded compares an error with a recorded one after applying the snapshot's
// placeholder substitutions.
func checkRecorded(t *testing.T, c errorCase, err error, subs map[string]string, firstLine bool) {
	t.Helper()
	e, ok := eventrail.AsError(err)
	if !ok {
		t.Fatalf("got %v, want %s: %s", err, c.ErrorType, c.Error)
	}
	msg := e.Message
	for actual, placeholder := range subs {
		msg = strings.ReplaceAll(msg, actual, placeholder)
	}
	want := c.Error
	if firstLine {
		msg, _, _ = strings.Cut(msg, "\n")
		want, _, _ = strings.Cut(want, "\n")
	}
	if e.Code != c.ErrorType || msg != want {
		t.Fatalf("got\n  %s: %s\nwant\n  %s: %s", e.Code, msg, c.ErrorType, want)
	}
}

// putEventsCase is one line of putevents.jsonl.
type putEventsCase struct {
	ID      string          `json:"id"`
	Request json.RawMessage `json:"request"`
	Expect  struct {
		HTTPStatus       int                    `json:"http_status"`
		ErrorType        string                 `json:"error_type"`
		Error            string                 `json:"error"`
		FailedEntryCount *int                   `json:"FailedEntryCount"`
		Entries          []PutEventsResultEntry `json:"Entries"`
		DeliveredTime    string                 `json:"delivered_time"`
		DeliveredEvent   map[string]any         `json:"delivered_event"`
	} `json:"expect"`
}

// TestPutEventsConformance runs every putevents.jsonl case. The recordings predate AWS's
// 1 MiB limit, so the service runs with the 256 KiB compatibility limit.
func TestPutEventsConformance(t *testing.T) {
	cases := conformance.LoadJSONL[putEventsCase](t, "putevents.jsonl")
	pass := 0
	for _, c := range cases {
		if t.Run(c.ID, func(t *testing.T) { runPutEventsCase(t, c) }) {
			pass++
		}
	}
	t.Logf("putevents.jsonl %d/%d", pass, len(cases))
}

const conformanceBus = "test-bus-7f3a"

func runPutEventsCase(t *testing.T, c putEventsCase) {
	e := newEnv(t, func(o *Options) { o.MaxPutEventsBytes = CompatMaxPutEventsBytes })
	e.bus(t, conformanceBus)
	raw := strings.ReplaceAll(string(c.Request), "<bus-name>", conformanceBus)
	var in PutEventsInput
	mustOK(t, json.Unmarshal([]byte(raw), &in))
	out, err := e.s.PutEvents(ctx, &in)
	x := c.Expect
	if x.ErrorType != "" {
		subs := map[string]string{conformanceBus: "<bus-name>", "eventBusName=default": "eventBusName=<bus-name>"}
		checkRecorded(t, errorCase{ID: c.ID, ErrorType: x.ErrorType, Error: x.Error}, err, subs, false)
		return
	}
	mustOK(t, err)
	if x.FailedEntryCount != nil {
		if out.FailedEntryCount != *x.FailedEntryCount || len(out.Entries) != len(x.Entries) {
			t.Fatalf("got %s, want %d failed of %d", toJSON(t, out), *x.FailedEntryCount, len(x.Entries))
		}
		for i, want := range x.Entries {
			if got := out.Entries[i]; got.ErrorCode != want.ErrorCode || got.ErrorMessage != want.ErrorMessage {
				t.Fatalf("entry %d: got %+v, want %+v", i, got, want)
			}
		}
	}
	if x.DeliveredEvent != nil {
		checkDelivered(t, e, out, x.DeliveredTime, x.DeliveredEvent)
	}
}

// checkDelivered compares the one ingested event's envelope with a recorded delivery, around
// the recording's placeholders (id, time, region).
func checkDelivered(t *testing.T, e *testEnv, out *PutEventsOutput, wantTime string, want map[string]any) {
	t.Helper()
	_, evs := e.ing.snapshot()
	if len(evs) != 1 || out.Entries[0].EventId != evs[0].ID {
		t.Fatalf("ingested %d events, output %s", len(evs), toJSON(t, out))
	}
	var got map[string]any
	mustOK(t, json.Unmarshal(evs[0].Envelope(), &got))
	if got["time"] != wantTime {
		t.Fatalf("time %v, want %s", got["time"], wantTime)
	}
	got["id"], got["time"], got["region"] = want["id"], want["time"], want["region"]
	if toJSON(t, got) != toJSON(t, want) {
		t.Fatalf("envelope\n got %s\nwant %s", toJSON(t, got), toJSON(t, want))
	}
}

// patternsCase is one line of patterns.jsonl as TestEventPattern sees it.
type patternsCase struct {
	ID        string `json:"id"`
	Pattern   string `json:"pattern_json"`
	Event     string `json:"event_json"`
	Expect    string `json:"expect"`
	Error     string `json:"error"`
	ErrorType string `json:"error_type"`
}

// TestPatternsConformanceThroughAPI sends every patterns.jsonl case through TestEventPattern
// (match / nomatch / invalid pattern / invalid event, with the recorded first message line).
func TestPatternsConformanceThroughAPI(t *testing.T) {
	cases := conformance.LoadJSONL[patternsCase](t, "patterns.jsonl")
	e := newEnv(t)
	pass := 0
	for _, c := range cases {
		ok := t.Run(c.ID, func(t *testing.T) {
			out, err := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: c.Pattern, Event: c.Event})
			switch c.Expect {
			case "match", "nomatch":
				mustOK(t, err)
				if out.Result != (c.Expect == "match") {
					t.Fatalf("Result %v, want %s", out.Result, c.Expect)
				}
			case "invalid":
				checkRecorded(t, errorCase{ErrorType: "InvalidEventPatternException", Error: c.Error}, err, nil, true)
			default:
				checkRecorded(t, errorCase{ErrorType: c.ErrorType, Error: c.Error}, err, nil, true)
			}
		})
		if ok {
			pass++
		}
	}
	t.Logf("patterns.jsonl through TestEventPattern %d/%d", pass, len(cases))
}
