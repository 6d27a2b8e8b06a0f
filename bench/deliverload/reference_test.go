package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestReferenceDeliversEveryEventOnce runs -target reference briefly at a fixed rate and at
// -max: every event posted arrives at the sink exactly once, one request each, with no server.
func TestReferenceDeliversEveryEventOnce(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
		min  int64
	}{
		{"rate", Options{Rate: 500, Duration: time.Second, Entries: 10}, 400},
		{"max", Options{Max: true, Duration: 300 * time.Millisecond, Entries: 10, Concurrency: 8}, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			o := c.o
			o.Target, o.DetailBytes, o.DrainWait = "reference", 500, 20*time.Second
			var log bytes.Buffer
			rep, err := Run(ctx, o, &log)
			if err != nil {
				t.Fatalf("%v\n%s", err, log.String())
			}
			if rep.PutErrors != 0 || rep.PutFailed != 0 {
				t.Fatalf("post errors %d failed %d: %s", rep.PutErrors, rep.PutFailed, rep.FirstError)
			}
			if rep.Sent < c.min || rep.Delivered != rep.Sent || rep.Missing != 0 || rep.Duplicates != 0 || rep.Foreign != 0 {
				t.Fatalf("sent %d delivered %d missing %d dups %d foreign %d", rep.Sent, rep.Delivered, rep.Missing, rep.Duplicates, rep.Foreign)
			}
			if rep.SinkRequests != rep.Sent || rep.Entries != 1 {
				t.Fatalf("%d sink requests for %d events, %d entries/request; want one event per request", rep.SinkRequests, rep.Sent, rep.Entries)
			}
			if l := rep.EndToEnd; l.Count != int(rep.Delivered) || l.P50Ms <= 0 || l.P50Ms > l.P99Ms || l.P99Ms > l.MaxMs {
				t.Fatalf("e2e latency: %+v", l)
			}
			if rep.CPU.ServerS != 0 || rep.ServerCPUUs != 0 || rep.CPU.ClientS <= 0 {
				t.Fatalf("cpu %+v, %.1f µs/event: want tool CPU only", rep.CPU, rep.ServerCPUUs)
			}
			var out bytes.Buffer
			rep.Print(&out)
			if bytes.Contains(out.Bytes(), []byte("server CPU")) || !bytes.Contains(out.Bytes(), []byte("post latency")) {
				t.Fatalf("report:\n%s", out.String())
			}
		})
	}
}

// TestLatencyFromLeavesOutTheWarmUp runs -target reference at 500 events/s for a second with
// -latency-from 500ms: every event is delivered and counted, but the latency percentiles cover
// only the events sent in the second half.
func TestLatencyFromLeavesOutTheWarmUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var log bytes.Buffer
	rep, err := Run(ctx, Options{Target: "reference", Rate: 500, Duration: time.Second, Entries: 1,
		DetailBytes: 200, DrainWait: 20 * time.Second, LatencyFrom: 500 * time.Millisecond}, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if rep.Sent < 400 || rep.Delivered != rep.Sent || rep.Missing != 0 {
		t.Fatalf("sent %d delivered %d missing %d", rep.Sent, rep.Delivered, rep.Missing)
	}
	// The rate schedule puts half of the events after the mark; the mark itself is a timer, so
	// allow for it firing late on a busy machine.
	if n := int64(rep.EndToEnd.Count); n < rep.Sent/5 || n > rep.Sent*6/10 {
		t.Fatalf("latency counts %d of %d events, want about half", n, rep.Sent)
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !bytes.Contains(out.Bytes(), []byte("e2e latency (sent ≥0.5s) p50")) || rep.LatencyFromS != 0.5 {
		t.Fatalf("report:\n%s", out.String())
	}
}

// TestReferenceRequestIsWhatEventrailDelivers compares, byte for byte, the request the sink
// receives for event 0 from eventrail's API destination and from -target reference: only
// the values that differ per run or per event (id, time, bench run and send time) may differ.
func TestReferenceRequestIsWhatEventrailDelivers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sample := func(o Options) *sinkRequest {
		t.Helper()
		o.Rate, o.Duration, o.Entries, o.DetailBytes, o.DrainWait = 100, 200*time.Millisecond, 1, 700, 30*time.Second
		var log bytes.Buffer
		rep, err := Run(ctx, o, &log)
		if err != nil {
			t.Fatalf("%s: %v\n%s", o.Target, err, log.String())
		}
		if rep.Note != "" || rep.sample == nil {
			t.Fatalf("%s: no sample of event 0 (note %q, delivered %d)", o.Target, rep.Note, rep.Delivered)
		}
		return rep.sample
	}
	server := sample(Options{Target: "http", Binary: binary})
	ref := sample(Options{Target: "reference"})
	for _, r := range []*sinkRequest{server, ref} {
		if !json.Valid(r.Body) {
			t.Fatalf("body is not JSON: %s", r.Body)
		}
		if cl := r.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(r.Body)) {
			t.Fatalf("Content-Length %s for %d bytes", cl, len(r.Body))
		}
	}
	if a, b := normalizeEnvelope(server.Body), normalizeEnvelope(ref.Body); !bytes.Equal(a, b) {
		t.Fatalf("bodies differ:\neventrail: %s\nreference: %s", a, b)
	}
	a, b := headersOf(server.Header), headersOf(ref.Header)
	if len(a) != len(b) {
		t.Fatalf("headers differ:\neventrail: %v\nreference: %v", a, b)
	}
	for k, v := range a {
		if b[k] != v {
			t.Fatalf("header %s: eventrail %q, reference %q", k, v, b[k])
		}
	}
}

// perEventValues are the envelope values that differ between runs and events.
var perEventValues = regexp.MustCompile(`"(id|time|bench_run)":"[^"]*"|"bench_sent_ns":-?[0-9]+`)

func normalizeEnvelope(b []byte) []byte {
	return perEventValues.ReplaceAll(b, []byte(`"$1":_`))
}

// headersOf flattens h without Content-Length (the body lengths differ with the send times).
func headersOf(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		if k != "Content-Length" {
			out[k] = fmtValues(v)
		}
	}
	return out
}

func fmtValues(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestReferenceID(t *testing.T) {
	seen := map[string]bool{}
	for _, seq := range []uint64{0, 1, 0xfff, 1 << 24, 1 << 36, 1<<48 + 1, 5_999_999} {
		id := referenceID("0123456789ab", seq)
		if len(id) != 36 || seen[id] || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
			t.Fatalf("seq %d: id %q (len %d, seen %v)", seq, id, len(id), seen[id])
		}
		seen[id] = true
	}
}

func TestReferenceFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-target", "reference", "-binary", "/tmp/x"},
		{"-target", "reference", "-endpoint", "http://127.0.0.1:1"},
		{"-target", "reference", "-perf", "/tmp/p"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
