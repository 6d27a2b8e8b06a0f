package benchkit

import (
	"encoding/json"
	"testing"
)

func TestSummarizePercentiles(t *testing.T) {
	ns := make([]int64, 1000)
	for i := range ns {
		ns[i] = int64(1000-i) * 1e6 // 1..1000 ms, reversed
	}
	l := Summarize(ns)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"p50", l.P50Ms, 500}, {"p90", l.P90Ms, 900}, {"p99", l.P99Ms, 990},
		{"p99.9", l.P999Ms, 999}, {"max", l.MaxMs, 1000}, {"mean", l.MeanMs, 500.5},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if Summarize(nil).Count != 0 {
		t.Error("empty input must summarise to zero")
	}
}

func TestEntriesAreValidPutEventsBodies(t *testing.T) {
	for _, size := range []int{0, 300, 1000, 4000} {
		es := [][]byte{NewEntry(1, size, "").Append(nil), NewEntry(2, size, "b").AppendTagged(nil, "run1", 42, 1234), NewAMIEntry(3, size, "").Append(nil)}
		body := PutEventsBody(nil, es...)
		var in struct {
			Entries []struct{ Source, DetailType, Detail, EventBusName string }
		}
		if err := json.Unmarshal(body, &in); err != nil {
			t.Fatalf("size %d: %v\n%s", size, err, body)
		}
		for i, e := range in.Entries {
			var d map[string]any
			if err := json.Unmarshal([]byte(e.Detail), &d); err != nil {
				t.Fatalf("size %d entry %d detail: %v\n%s", size, i, err, e.Detail)
			}
			if size >= 1000 && (len(e.Detail) < size*8/10 || len(e.Detail) > size*12/10) {
				t.Errorf("size %d entry %d: detail is %d bytes", size, i, len(e.Detail))
			}
		}
		if in.Entries[1].EventBusName != "b" || in.Entries[2].DetailType != AMIDetailType {
			t.Errorf("entries: %+v", in.Entries)
		}
		var d struct {
			Run  string `json:"bench_run"`
			Seq  int    `json:"bench_seq"`
			Sent int64  `json:"bench_sent_ns"`
		}
		_ = json.Unmarshal([]byte(in.Entries[1].Detail), &d)
		if d.Run != "run1" || d.Seq != 42 || d.Sent != 1234 {
			t.Errorf("tagged fields: %+v", d)
		}
	}
}

func TestCountFailed(t *testing.T) {
	for _, c := range []struct {
		body    string
		n       int
		code    string
		wantErr bool
	}{
		{`{"Entries":[{"EventId":"a"}],"FailedEntryCount":0}`, 0, "", false},
		{`{"FailedEntryCount":0,"Entries":[]}`, 0, "", false},
		{`{"Entries":[{"EventId":"a"},{"ErrorCode":"InternalFailure","ErrorMessage":"x"}],"FailedEntryCount":1}`, 1, "InternalFailure", false},
		{`not json`, 0, "", true},
	} {
		n, code, err := CountFailed([]byte(c.body))
		if n != c.n || code != c.code || (err != nil) != c.wantErr {
			t.Errorf("%s: got %d %q %v", c.body, n, code, err)
		}
	}
}

func FuzzCountFailed(f *testing.F) {
	f.Add([]byte(`{"FailedEntryCount":2,"Entries":[{"ErrorCode":"X"}]}`))
	f.Add([]byte(`{"FailedEntryCount":0}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, _, err := CountFailed(b)
		if err != nil && n != 0 {
			t.Fatalf("error with count %d", n)
		}
	})
}

func TestPackageOf(t *testing.T) {
	for sym, want := range map[string]string{
		"[.] github.com/nats-io/nats-server/v2/server.(*stream).processJetStreamMsg": "github.com/nats-io/nats-server/v2/server",
		"[.] runtime.mallocgc":          "runtime",
		"[k] finish_task_switch.isra.0": "kernel",
		"[.] encoding/json.checkValid":  "encoding/json",
	} {
		if got := packageOf(sym); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", sym, got, want)
		}
	}
}
