package main

import (
	"testing"
	"time"
)

func TestBenchFields(t *testing.T) {
	for _, c := range []struct {
		body string
		run  string
		seq  uint64
		sent int64
		ok   bool
	}{
		{`{"detail":{"bench_run":"ab12","bench_seq":7,"bench_sent_ns":99,"x":1}}`, "ab12", 7, 99, true},
		{`{"bench_run":"r","bench_seq":0,"bench_sent_ns":-5}`, "r", 0, -5, true},
		{`{"bench_run":"r","bench_seq":"7","bench_sent_ns":1}`, "", 0, 0, false},
		{`{"bench_run":"r","bench_sent_ns":1}`, "", 0, 0, false},
		{`{"bench_run":"r`, "", 0, 0, false},
		{``, "", 0, 0, false},
	} {
		run, seq, sent, ok := benchFields([]byte(c.body))
		if run != c.run || seq != c.seq || sent != c.sent || ok != c.ok {
			t.Errorf("%s: got %q %d %d %v", c.body, run, seq, sent, ok)
		}
	}
}

func FuzzBenchFields(f *testing.F) {
	f.Add([]byte(`{"detail":{"bench_run":"ab12","bench_seq":7,"bench_sent_ns":99}}`))
	f.Add([]byte(`{"bench_run":"","bench_seq":-1,"bench_sent_ns":--}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rec := newRecorder("ab12", time.Now(), 16, time.Second)
		rec.arrived(b, 5) // must not panic whatever the body
		if rec.got.Load()+rec.dups.Load()+rec.foreign.Load() != 1 {
			t.Fatal("an arrival must be counted exactly once")
		}
	})
}

func TestRecorderCountsDuplicatesAndForeign(t *testing.T) {
	rec := newRecorder("r", time.Now(), 4, time.Second)
	ev := func(run string, seq int) []byte {
		return []byte(`{"bench_run":"` + run + `","bench_seq":` + string(rune('0'+seq)) + `,"bench_sent_ns":10}`)
	}
	rec.arrived(ev("r", 1), 110)
	rec.arrived(ev("r", 1), 120)
	rec.arrived(ev("other", 2), 130)
	rec.arrived(ev("r", 9), 140) // beyond the budget
	if rec.got.Load() != 1 || rec.dups.Load() != 1 || rec.foreign.Load() != 2 {
		t.Fatalf("got %d dups %d foreign %d", rec.got.Load(), rec.dups.Load(), rec.foreign.Load())
	}
	if v := rec.lat[1].Load() - 1; v != 100 {
		t.Fatalf("latency %d, want 100 (first arrival)", v)
	}
	if n := rec.arrivalsBetween(0, int64(time.Second)); n != 1 {
		t.Fatalf("arrivals in the first second: %d", n)
	}
}
