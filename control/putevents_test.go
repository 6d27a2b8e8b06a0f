package control

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

const detailJSON = `{"command": "update-account", "payload": {"acc_id": "0a787ecb-4015", "sf_id": "baz", "n": 1.50}}`

func entry(edit ...func(*PutEventsEntry)) PutEventsEntry {
	e := PutEventsEntry{Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: detailJSON}
	for _, f := range edit {
		f(&e)
	}
	return e
}

func TestPutEventsBuildsEvents(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "custom")
	when := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{
		entry(),
		entry(func(x *PutEventsEntry) {
			x.EventBusName = "arn:aws:events:us-east-1:111111111111:event-bus/custom"
			x.Time = &EpochTime{when}
			x.Resources = []string{"r1", "r2"}
			x.TraceHeader = "Root=1-abc"
		}),
		entry(func(x *PutEventsEntry) { x.EventBusName = "missing-bus" }),
		entry(func(x *PutEventsEntry) { x.Source = "" }),
	}})
	mustOK(t, err)
	if out.FailedEntryCount != 1 || len(out.Entries) != 4 {
		t.Fatalf("output %s", toJSON(t, out))
	}
	for i := range 3 {
		if len(out.Entries[i].EventId) != 36 || out.Entries[i].ErrorCode != "" {
			t.Fatalf("entry %d = %+v", i, out.Entries[i])
		}
	}
	calls, evs := e.ing.snapshot()
	if calls != 1 || len(evs) != 2 {
		t.Fatalf("ingest calls %d, events %d (the missing bus's entry must be dropped)", calls, len(evs))
	}
	first := string(evs[0].Envelope())
	want := `{"version":"0","id":"` + out.Entries[0].EventId + `","detail-type":"core.update-account-command","source":"core.update-account-command","account":"111111111111","time":"2026-08-07T12:34:56Z","region":"us-east-1","resources":[],"detail":{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz","n":1.50}}}`
	if first != want {
		t.Fatalf("envelope\n got %s\nwant %s", first, want)
	}
	second := evs[1]
	if second.Bus != "custom" || !second.Time.Equal(when) || second.TraceHeader != "Root=1-abc" ||
		strings.Join(second.Resources, ",") != "r1,r2" || !second.IngestionTime.Equal(testNow) || second.ID != out.Entries[1].EventId {
		t.Fatalf("second event %+v", second)
	}
}

func TestPutEventsEntryErrors(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name      string
		entry     PutEventsEntry
		code, msg string
	}{
		{"no source", entry(func(x *PutEventsEntry) { x.Source = "" }), "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."},
		{"no detail type", entry(func(x *PutEventsEntry) { x.DetailType = "" }), "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."},
		{"no detail", entry(func(x *PutEventsEntry) { x.Detail = "" }), "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."},
		{"array", entry(func(x *PutEventsEntry) { x.Detail = "[]" }), "MalformedDetail", "Detail is malformed."},
		{"string", entry(func(x *PutEventsEntry) { x.Detail = `"NotJSON"` }), "MalformedDetail", "Detail is malformed."},
		{"not json", entry(func(x *PutEventsEntry) { x.Detail = "{{}" }), "MalformedDetail", "Detail is malformed."},
		{"int overflow", entry(func(x *PutEventsEntry) { x.Detail = `{"n": 9223372036854775808}` }), "MalformedDetail", "Detail is malformed."},
		{"too deep", entry(func(x *PutEventsEntry) {
			x.Detail = "{\"a\":" + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + "}"
		}), "MalformedDetail", "Detail is malformed."},
		{"aws source", entry(func(x *PutEventsEntry) { x.Source = "aws.s3" }), "NotAuthorizedForSourceException", "Not authorized for the source."},
		{"long detail type", entry(func(x *PutEventsEntry) { x.DetailType = strings.Repeat("d", 129) }), "InvalidArgument",
			"Parameter DetailType is not valid. Reason: DetailType must not be longer than 128 characters."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{c.entry, entry()}})
			mustOK(t, err)
			if out.FailedEntryCount != 1 || out.Entries[0] != (PutEventsResultEntry{ErrorCode: c.code, ErrorMessage: c.msg}) || out.Entries[1].EventId == "" {
				t.Fatalf("output %s", toJSON(t, out))
			}
		})
	}
	// Valid edge cases: int64 bounds, nesting at the limit, exponent numbers.
	for _, d := range []string{`{"n": -9223372036854775808, "m": 9223372036854775807, "f": 1e400}`,
		"{\"a\":" + strings.Repeat("[", 999) + strings.Repeat("]", 999) + "}"} {
		out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{entry(func(x *PutEventsEntry) { x.Detail = d })}})
		mustOK(t, err)
		if out.FailedEntryCount != 0 {
			t.Fatalf("detail %.40s rejected: %s", d, toJSON(t, out))
		}
	}
}

func TestPutEventsAWSSourceAllowed(t *testing.T) {
	asked := 0
	e := newEnv(t, func(o *Options) {
		o.AllowAWSSources = func(context.Context) bool { asked++; return true }
	})
	aws := entry(func(x *PutEventsEntry) { x.Source = "aws.events" })
	out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{aws, aws, entry()}})
	mustOK(t, err)
	if out.FailedEntryCount != 0 || asked != 1 {
		t.Fatalf("failed %d, asked %d times", out.FailedEntryCount, asked)
	}
}

func TestPutEventsRequestErrors(t *testing.T) {
	e := newEnv(t)
	eleven := make([]PutEventsEntry, 11)
	for i := range eleven {
		eleven[i] = entry(func(x *PutEventsEntry) { x.Detail = `{"a": 1}`; x.EventBusName = "b" })
	}
	one := `PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, detailType=core.update-account-command, detail={"a": 1}, eventBusName=b, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)`
	list := "[" + strings.TrimSuffix(strings.Repeat(one+", ", 11), ", ") + "]"
	cases := []struct {
		name      string
		in        PutEventsInput
		code, msg string
	}{
		{"eleven", PutEventsInput{Entries: eleven}, "ValidationException",
			"1 validation error detected: Value '" + list + "' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10"},
		{"zero", PutEventsInput{Entries: []PutEventsEntry{}}, "ValidationException",
			"1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"null", PutEventsInput{}, "ValidationException",
			"1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null"},
		{"partner bus", PutEventsInput{Entries: []PutEventsEntry{entry(func(x *PutEventsEntry) { x.EventBusName = "aws.partner/a/b" })}}, "ValidationException",
			`1 validation error detected: Value 'aws.partner/a/b' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`},
		{"trace header", PutEventsInput{Entries: []PutEventsEntry{entry(func(x *PutEventsEntry) { x.TraceHeader = strings.Repeat("t", 501) })}}, "ValidationException",
			"1 validation error detected: Value '" + strings.Repeat("t", 501) + "' at 'entries.1.member.traceHeader' failed to satisfy constraint: Member must have length less than or equal to 500"},
		{"resource", PutEventsInput{Entries: []PutEventsEntry{entry(func(x *PutEventsEntry) { x.Resources = []string{"ok", strings.Repeat("r", 2049)} })}}, "ValidationException",
			"1 validation error detected: Value '" + strings.Repeat("r", 2049) + "' at 'entries.1.member.resources.2.member' failed to satisfy constraint: Member must have length less than or equal to 2048"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.s.PutEvents(ctx, &c.in)
			wantErr(t, err, c.code, c.msg)
		})
	}
	if calls, _ := e.ing.snapshot(); calls != 0 {
		t.Fatalf("rejected requests reached the ingester %d times", calls)
	}
}

func TestPutEventsSizeLimit(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxPutEventsBytes = 100 })
	// 14 (Time) + 1 + 1 + 80 + 4 = 100: exactly at the limit is accepted.
	at := PutEventsEntry{Time: &EpochTime{testNow}, Source: "s", DetailType: "d",
		Detail: `{"a":"` + strings.Repeat("x", 72) + `"}`, Resources: []string{"abcd"}, EventBusName: "ignored-in-size", TraceHeader: "also-ignored"}
	if n := EntrySize(&at); n != 100 {
		t.Fatalf("EntrySize = %d, want 100", n)
	}
	_, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{at}})
	mustOK(t, err)
	over := at
	over.Resources = []string{"abcde"}
	_, err = e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{over}})
	wantErr(t, err, "ValidationException", "Total size of the entries in the request is over the limit.")
	// The size counts UTF-8 bytes, and sums over all entries, invalid ones included.
	utf := PutEventsEntry{Source: "é", DetailType: "d", Detail: `{"a":"` + strings.Repeat("x", 88) + `"}`}
	if n := EntrySize(&utf); n != 2+1+96 {
		t.Fatalf("EntrySize(utf8) = %d", n)
	}
	_, err = e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{{Source: strings.Repeat("s", 60)}, {Source: strings.Repeat("s", 41)}}})
	wantErr(t, err, "ValidationException", "Total size of the entries in the request is over the limit.")
	d := newEnv(t)
	if d.s.o.MaxPutEventsBytes != 1048576 {
		t.Fatalf("default limit %d", d.s.o.MaxPutEventsBytes)
	}
}

func TestPutEventsIngestFailure(t *testing.T) {
	e := newEnv(t)
	e.ing.failWith = errors.New("disk on fire")
	_, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{entry()}})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
	if _, ok := eventrail.AsError(err); ok {
		t.Fatalf("an ingest failure must be an internal error, got %v", err)
	}
}

func TestPutEventsBusCache(t *testing.T) {
	e := newEnv(t)
	e.bus(t, "b")
	put := func() int {
		t.Helper()
		_, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{entry(func(x *PutEventsEntry) { x.EventBusName = "b" })}})
		mustOK(t, err)
		_, evs := e.ing.snapshot()
		return len(evs)
	}
	if put() != 1 {
		t.Fatal("event for existing bus dropped")
	}
	_, err := e.s.DeleteEventBus(ctx, &DeleteEventBusInput{Name: "b"})
	mustOK(t, err)
	if put() != 1 {
		t.Fatal("event for deleted bus ingested (this Service deleted it, so its cache must know)")
	}
}

// TestPutEventsDroppedEntryLeavesNoTrace checks that an entry for a missing bus succeeds with
// an id and is dropped, and that the event after it carries nothing of it.
func TestPutEventsDroppedEntryLeavesNoTrace(t *testing.T) {
	e := newEnv(t)
	out, err := e.s.PutEvents(ctx, &PutEventsInput{Entries: []PutEventsEntry{
		entry(func(x *PutEventsEntry) {
			x.EventBusName = "missing-bus"
			x.Time = &EpochTime{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}
			x.Resources = []string{"r1"}
			x.TraceHeader = "Root=1-abc"
		}),
		entry(),
	}})
	mustOK(t, err)
	if out.FailedEntryCount != 0 || out.Entries[0].EventId == "" || out.Entries[0].EventId == out.Entries[1].EventId {
		t.Fatalf("output %+v: want two successes with their own ids", out)
	}
	_, evs := e.ing.snapshot()
	if len(evs) != 1 {
		t.Fatalf("%d events ingested, want 1", len(evs))
	}
	want := eventrail.Event{ID: out.Entries[1].EventId, DetailType: "core.update-account-command",
		Source: "core.update-account-command", Account: "111111111111", Time: testNow, Region: "us-east-1",
		Resources: []string{}, Detail: evs[0].Detail, Bus: "default", IngestionTime: testNow}
	if !reflect.DeepEqual(evs[0], want) || string(evs[0].Detail) != `{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz","n":1.50}}` {
		t.Fatalf("event\n got %+v\nwant %+v", evs[0], want)
	}
}
