package router

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func TestFrameRoundTrip(t *testing.T) {
	events := []eventrail.Event{
		{ID: "1", Source: "a", DetailType: "t", Account: "000000000000", Region: "us-east-1",
			Time: time.Unix(1700000000, 0), Detail: []byte(`{"x":1}`), Bus: "default",
			IngestionTime: time.Unix(1700000001, 5), TraceHeader: "Root=1", Hops: 2},
		{ID: "2", Bus: "my.bus", Rule: "sched", FilterRules: []string{"r1", "r2"}, Detail: []byte(`{}`)},
	}
	var data []byte
	for i := range events {
		data = appendFrame(data, &events[i])
	}
	var got []entry
	err := decodeFrames(data, func(e *entry) error {
		c := *e
		c.FilterRules = append([]string(nil), e.FilterRules...)
		got = append(got, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("decoded %d entries, want 2", len(got))
	}
	for i, e := range events {
		g := got[i]
		if g.Bus != e.Bus || g.Rule != e.Rule || g.TraceHeader != e.TraceHeader || g.Hops != e.Hops ||
			!g.IngestionTime.Equal(e.IngestionTime) || len(g.FilterRules) != len(e.FilterRules) {
			t.Errorf("entry %d: got %+v, want fields of %+v", i, g, e)
		}
		if !bytes.Equal(g.Envelope, e.Envelope()) {
			t.Errorf("entry %d envelope: got %s want %s", i, g.Envelope, e.Envelope())
		}
	}
}

func TestDecodeFramesRejectsGarbage(t *testing.T) {
	for _, data := range [][]byte{{0}, {3, 1, 2}, {frameCall, 0x80}, {frameVersion, 0xff}, {frameVersion, 5, 'a'}} {
		if err := decodeFrames(data, func(*entry) error { return nil }); err == nil {
			t.Errorf("decodeFrames(%v) accepted garbage", data)
		}
	}
}

func FuzzDecodeFrames(f *testing.F) {
	e := eventrail.Event{ID: "x", Bus: "b", Detail: []byte(`{}`)}
	f.Add(appendFrame(nil, &e))
	f.Add(append(appendCallMarker(nil, callMarker{origin: 7, n: 1}), appendFrame(nil, &e)...))
	f.Add([]byte{frameVersion})
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = decodeFrames(data, func(e *entry) error {
			_ = len(e.Envelope)
			return nil
		})
	})
}

func TestDecodeRecordReportsCallMarkersInOrder(t *testing.T) {
	e1 := eventrail.Event{ID: "e1", Bus: "b", Detail: []byte(`{}`)}
	e2 := eventrail.Event{ID: "e2", Bus: "b", Detail: []byte(`{}`)}
	var data []byte
	data = appendCallMarker(data, callMarker{origin: 1<<63 | 5, n: 1})
	data = appendFrame(data, &e1)
	data = appendCallMarker(data, callMarker{})
	data = appendFrame(data, &e2)
	var got []string
	err := decodeRecord(data, func(m callMarker) {
		got = append(got, fmt.Sprintf("call %d/%d", m.origin, m.n))
	}, func(e *entry) error {
		got = append(got, "event "+eventID(e.Envelope))
		return nil
	})
	want := []string{fmt.Sprintf("call %d/1", uint64(1<<63|5)), "event e1", "call 0/0", "event e2"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("decodeRecord: %v, %v; want %v", got, err, want)
	}
	n := 0
	if err := decodeFrames(data, func(*entry) error { n++; return nil }); err != nil || n != 2 {
		t.Fatalf("decodeFrames saw %d events (%v), want the 2 events and no markers", n, err)
	}
}
