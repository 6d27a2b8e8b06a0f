package jetstream

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestBatchGetSupported(t *testing.T) {
	for v, want := range map[string]bool{"2.15.2": true, "2.11.0": true, "v2.12.1": true, "3.0.0": true,
		"2.10.22": false, "2.9": false, "": false, "x.y": false} {
		if got := batchGetSupported(v); got != want {
			t.Errorf("batchGetSupported(%q) = %v", v, got)
		}
	}
}

// TestReadPaging: reads longer than one page (by count and by bytes) continue seamlessly, and
// the per-record fallback for old servers returns the same records.
func TestReadPaging(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, t.TempDir())
	defer s.Close()
	lg, _ := s.Log(ctx, "events", eventrail.LogOptions{})
	l := lg.(*recordLog)
	var want []eventrail.Record
	for i := 0; i < 2500; i += 250 {
		recs := make([]eventrail.Record, 250)
		for j := range recs {
			key := "bus.a"
			if (i+j)%3 == 0 {
				key = "bus.b"
			}
			recs[j] = eventrail.Record{Key: key, ID: fmt.Sprint("id-", i+j), Data: []byte(fmt.Sprint(i + j))}
		}
		if err := lg.Append(ctx, recs); err != nil {
			t.Fatal(err)
		}
		want = append(want, recs...)
	}
	big := bytes.Repeat([]byte("y"), 1<<20)
	for i := 0; i < 12; i++ { // 12 MiB: more than one page of readBatchBytes
		r := []eventrail.Record{{Key: "big", Data: big}}
		if err := lg.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r[0])
	}
	got, err := lg.Read(ctx, 1, "", 100000)
	if err != nil || len(got) != len(want) {
		t.Fatalf("Read all: %d records, %v; want %d", len(got), err, len(want))
	}
	for i := range want {
		if got[i].Seq != want[i].Seq || got[i].Key != want[i].Key || got[i].ID != want[i].ID || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("record %d = %+v, want %+v", i, got[i].Seq, want[i].Seq)
		}
	}
	batched, err := lg.Read(ctx, 10, "bus.b", 500)
	if err != nil {
		t.Fatal(err)
	}
	each, err := l.readEach(ctx, 10, l.subjectFilter("bus.b"), 500)
	if err != nil || len(each) != 500 || len(batched) != 500 {
		t.Fatalf("filtered reads: %d batched, %d each, %v", len(batched), len(each), err)
	}
	for i := range each {
		if each[i].Seq != batched[i].Seq || each[i].Key != "bus.b" || !each[i].Time.Equal(batched[i].Time) {
			t.Fatalf("record %d: each %+v, batched %+v", i, each[i], batched[i])
		}
	}
}
