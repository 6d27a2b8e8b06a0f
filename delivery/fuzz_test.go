package delivery

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

// fakeDelivery records how a record was settled.
type fakeDelivery struct {
	rec     eventrail.Record
	mu      sync.Mutex
	settled string
}

func (d *fakeDelivery) Record() eventrail.Record { return d.rec }
func (d *fakeDelivery) Attempt() int             { return 1 }
func (d *fakeDelivery) set(s string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.settled = s
	return nil
}
func (d *fakeDelivery) Ack() error                    { return d.set("ack") }
func (d *fakeDelivery) Nak(delay time.Duration) error { return d.set("nak") }
func (d *fakeDelivery) InProgress() error             { return nil }
func (d *fakeDelivery) Term() error                   { return d.set("term") }

func (d *fakeDelivery) state() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.settled
}

// FuzzHandleRecord feeds arbitrary record data to both record handlers: they must never panic,
// must discard (Term) what they cannot read, and must not discard what they can.
func FuzzHandleRecord(f *testing.F) {
	good, _ := json.Marshal([]eventrail.Handoff{handoff("e1", sqsARN)})
	retry, _ := json.Marshal(retryRecord{Handoff: handoff("e2", sqsARN), Retries: 3, NotBefore: t0})
	parked, _ := encodeHandoffs([]eventrail.Handoff{handoff("e3", sqsARN), handoff("e4", sqsARN)})
	for _, s := range [][]byte{good, retry, parked, parked[:len(parked)-1], []byte(`[]`), []byte(`null`), []byte(`{}`), []byte(`[{"t":{"Arn":5}}]`), []byte(`{"h":{},"n":-1}`), []byte(`[`), nil} {
		f.Add(s, true)
		f.Add(s, false)
	}
	store := memstore.New()
	defer store.Close()
	lg, _ := store.Log(context.Background(), "fuzz", eventrail.LogOptions{WorkQueue: true})
	e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": noopDriver{}},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: eventrail.NewFakeClock(t0)})
	if err != nil {
		f.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.runCtx = ctx
	go e.appender.run(ctx)
	seq := uint64(0)
	f.Fuzz(func(t *testing.T, data []byte, handoffs bool) {
		seq++
		d := &fakeDelivery{rec: eventrail.Record{Key: "r.k", Data: data, Seq: seq}}
		var readable bool
		if handoffs {
			d.rec.Key = "t.k"
			_, err := decodeHandoffs(data)
			readable = err == nil
			e.handleHandoffs(ctx, d)
		} else {
			var rr retryRecord
			readable = json.Unmarshal(data, &rr) == nil
			e.handleRetry(ctx, d)
		}
		if got := d.state(); (got == "term") == readable {
			t.Fatalf("readable=%v but the record was settled %q", readable, got)
		}
	})
}

// FuzzServiceOf checks ServiceOf against its definition through eventrail.ParseARN.
func FuzzServiceOf(f *testing.F) {
	for _, s := range []string{"arn:aws:sqs:us-east-1:111111111111:q", "arn:aws:events:us-east-1:1:api-destination/d/u",
		"arn:aws:events:r:a:event-bus/b", "arn::::", "arn:::::", "arn:a:b:c:d", "arn:a:b:c:d:e:f", "nope", "arn:aws::r:a:x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arn string) {
		want, wantOK := "", false
		if p, ok := eventrail.ParseARN(arn); ok && p.Service != "" {
			want, wantOK = p.Service, true
			if p.Service == "events" && strings.HasPrefix(p.Resource, "api-destination/") {
				want = ServiceAPIDestination
			}
		}
		got, ok := ServiceOf(arn)
		if got != want || ok != wantOK {
			t.Fatalf("ServiceOf(%q) = %q, %v; ParseARN gives %q, %v", arn, got, ok, want, wantOK)
		}
	})
}
