package storetest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func runLogTests(t *testing.T, open opener) {
	t.Run("AppendOrder", func(t *testing.T) { testAppendOrder(t, open) })
	t.Run("AppendInvalidKey", func(t *testing.T) { testAppendInvalidKey(t, open) })
	t.Run("AppendConcurrent", func(t *testing.T) { testAppendConcurrent(t, open) })
	t.Run("Dedup", func(t *testing.T) { testDedup(t, open) })
	t.Run("Read", func(t *testing.T) { testRead(t, open) })
	t.Run("Info", func(t *testing.T) { testInfo(t, open) })
	t.Run("MaxAge", func(t *testing.T) { testMaxAge(t, open) })
	t.Run("MaxBytes", func(t *testing.T) { testMaxBytes(t, open) })
	t.Run("LogsIndependent", func(t *testing.T) { testLogsIndependent(t, open) })
}

// records makes n records with key and data "<prefix>-<i>".
func records(key, prefix string, n int) []eventrail.Record {
	out := make([]eventrail.Record, n)
	for i := range out {
		out[i] = eventrail.Record{Key: key, Data: []byte(fmt.Sprintf("%s-%d", prefix, i))}
	}
	return out
}

func mustAppend(t *testing.T, lg eventrail.Log, recs []eventrail.Record) []eventrail.Record {
	t.Helper()
	if err := lg.Append(ctxFor(t), recs); err != nil {
		t.Fatalf("Append: %v", err)
	}
	return recs
}

func testAppendOrder(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	before := time.Now().Add(-time.Minute)
	a := mustAppend(t, lg, records("bus.default", "a", 5))
	b := mustAppend(t, lg, records("bus.other", "b", 3))
	all := append(a, b...)
	for i, r := range all {
		if r.Seq != uint64(i+1) {
			t.Fatalf("record %d Seq = %d, want %d (fresh log numbers from 1 without gaps)", i, r.Seq, i+1)
		}
		if r.Time.Before(before) {
			t.Fatalf("record %d Time = %v not set", i, r.Time)
		}
	}
	got, err := lg.Read(ctxFor(t), 1, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all) {
		t.Fatalf("Read %d records, want %d", len(got), len(all))
	}
	for i, r := range got {
		if r.Seq != all[i].Seq || r.Key != all[i].Key || !bytes.Equal(r.Data, all[i].Data) || r.Time.IsZero() {
			t.Fatalf("Read[%d] = %+v, want %+v", i, r, all[i])
		}
	}
	if err := lg.Append(ctxFor(t), nil); err != nil {
		t.Fatalf("empty Append: %v", err)
	}
}

func testAppendInvalidKey(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	for _, k := range []string{"", "a..b", ".a", "a.", "a b", "a.*", "a.>", "a/b", "é"} {
		if err := lg.Append(ctxFor(t), []eventrail.Record{{Key: k, Data: []byte("x")}}); err == nil {
			t.Errorf("Append with key %q: no error", k)
		}
	}
	for _, k := range []string{"a", "bus.default", "target.3f2a-b_c.x"} {
		if err := lg.Append(ctxFor(t), []eventrail.Record{{Key: k, Data: []byte("x")}}); err != nil {
			t.Errorf("Append with key %q: %v", k, err)
		}
	}
}

// testAppendConcurrent: concurrent Appends each get distinct sequence numbers and all are kept.
func testAppendConcurrent(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	const writers, batches, per = 8, 10, 5
	var mu sync.Mutex
	seen := map[uint64]string{}
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; b < batches; b++ {
				recs := records("k", fmt.Sprintf("w%d-b%d", w, b), per)
				if err := lg.Append(context.Background(), recs); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for i, r := range recs {
					if i > 0 && r.Seq <= recs[i-1].Seq {
						t.Errorf("batch out of order: %d after %d", r.Seq, recs[i-1].Seq)
					}
					if prev, dup := seen[r.Seq]; dup {
						t.Errorf("Seq %d given to %s and %s", r.Seq, prev, r.Data)
					}
					seen[r.Seq] = string(r.Data)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	got, err := lg.Read(ctxFor(t), 1, "", 10000)
	if err != nil || len(got) != writers*batches*per {
		t.Fatalf("Read %d records, %v; want %d", len(got), err, writers*batches*per)
	}
	for _, r := range got {
		if seen[r.Seq] != string(r.Data) {
			t.Fatalf("Seq %d holds %q, Append reported %q", r.Seq, r.Data, seen[r.Seq])
		}
	}
}

func testDedup(t *testing.T, open opener) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{DedupWindow: time.Minute})
	first := mustAppend(t, lg, []eventrail.Record{{Key: "k", ID: "id-1", Data: []byte("one")}, {Key: "k", Data: []byte("plain")}})
	again := mustAppend(t, lg, []eventrail.Record{
		{Key: "k", ID: "id-1", Data: []byte("one again")},
		{Key: "k", ID: "id-2", Data: []byte("two")},
		{Key: "k", ID: "id-2", Data: []byte("two again, same batch")},
		{Key: "k", Data: []byte("plain")}, // no ID: never deduplicated
	})
	if again[0].Seq != first[0].Seq {
		t.Errorf("duplicate got Seq %d, want the original's %d", again[0].Seq, first[0].Seq)
	}
	if again[2].Seq != again[1].Seq {
		t.Errorf("in-batch duplicate got Seq %d, want %d", again[2].Seq, again[1].Seq)
	}
	got, _ := lg.Read(ctxFor(t), 1, "", 100)
	var data []string
	for _, r := range got {
		data = append(data, string(r.Data))
	}
	if want := []string{"one", "plain", "two", "plain"}; !equalStrings(data, want) {
		t.Fatalf("stored %q, want %q", data, want)
	}
}

func testRead(t *testing.T, open opener) {
	ctx := ctxFor(t)
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	keys := []string{"bus.a", "bus.b", "bus.a.x", "bus", "other.bus.a", "bus.a", "bus.ab"}
	for _, k := range keys {
		mustAppend(t, lg, []eventrail.Record{{Key: k, Data: []byte(k)}})
	}
	cases := []struct {
		from   uint64
		filter string
		max    int
		want   []uint64
	}{
		{1, "", 100, []uint64{1, 2, 3, 4, 5, 6, 7}},
		{1, "", 3, []uint64{1, 2, 3}},
		{4, "", 100, []uint64{4, 5, 6, 7}},
		{0, "", 2, []uint64{1, 2}},
		{8, "", 100, nil},
		{1, "bus.a", 100, []uint64{1, 6}},
		{2, "bus.a", 100, []uint64{6}},
		{1, "bus.>", 100, []uint64{1, 2, 3, 6, 7}},
		{1, "bus.a.>", 100, []uint64{3}},
		{1, "bus.>", 2, []uint64{1, 2}},
		{1, "nothing", 100, nil},
		{1, "bus.a", 0, nil},
	}
	for _, c := range cases {
		got, err := lg.Read(ctx, c.from, c.filter, c.max)
		if err != nil {
			t.Fatalf("Read(%d, %q, %d): %v", c.from, c.filter, c.max, err)
		}
		var seqs []uint64
		for _, r := range got {
			seqs = append(seqs, r.Seq)
			if r.Key != keys[r.Seq-1] || string(r.Data) != r.Key {
				t.Errorf("Read record %+v does not match what was appended", r)
			}
		}
		if fmt.Sprint(seqs) != fmt.Sprint(c.want) {
			t.Errorf("Read(%d, %q, %d) = %v, want %v", c.from, c.filter, c.max, seqs, c.want)
		}
	}
}

func testInfo(t *testing.T, open opener) {
	ctx := ctxFor(t)
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	info, err := lg.Info(ctx)
	if err != nil || info.Records != 0 || info.LastSeq != 0 {
		t.Fatalf("empty log Info = %+v, %v", info, err)
	}
	mustAppend(t, lg, records("k", "x", 4))
	info, err = lg.Info(ctx)
	if err != nil || info.FirstSeq != 1 || info.LastSeq != 4 || info.Records != 4 || info.Bytes < 4*3 {
		t.Fatalf("Info = %+v, %v; want 1..4, 4 records, Bytes >= payload", info, err)
	}
}

func testMaxAge(t *testing.T, open opener) {
	ctx := ctxFor(t)
	age := 300 * time.Millisecond
	lg := openLog(t, open(t), "events", eventrail.LogOptions{MaxAge: age, DedupWindow: age})
	mustAppend(t, lg, records("k", "old", 3))
	eventually(t, "records older than MaxAge to go", func() bool {
		info, err := lg.Info(ctx)
		return err == nil && info.Records == 0 && info.LastSeq == 3
	})
	if got, _ := lg.Read(ctx, 1, "", 10); len(got) != 0 {
		t.Fatalf("Read after MaxAge = %d records", len(got))
	}
	fresh := mustAppend(t, lg, records("k", "new", 1))
	if fresh[0].Seq != 4 {
		t.Fatalf("Seq after expiry = %d, want 4", fresh[0].Seq)
	}
}

// testMaxBytes: a log bounded in bytes drops its oldest records, never the newest.
func testMaxBytes(t *testing.T, open opener) {
	ctx := ctxFor(t)
	lg := openLog(t, open(t), "bounded", eventrail.LogOptions{MaxBytes: 8 << 10})
	data := make([]byte, 1<<10)
	for i := 0; i < 32; i++ {
		mustAppend(t, lg, []eventrail.Record{{Key: "k", Data: data}})
	}
	info, err := lg.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.LastSeq != 32 || info.Records == 0 || info.Records >= 32 || info.Bytes > 8<<10 {
		t.Fatalf("Info after 32 KiB into an 8 KiB log = %+v", info)
	}
	got, err := lg.Read(ctx, 1, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Seq == 1 || got[len(got)-1].Seq != 32 {
		t.Fatalf("Read kept seqs %d..%d, want the newest up to 32", got[0].Seq, got[len(got)-1].Seq)
	}
}

func testLogsIndependent(t *testing.T, open opener) {
	s := open(t)
	a := openLog(t, s, "a", eventrail.LogOptions{})
	b := openLog(t, s, "b-2", eventrail.LogOptions{})
	mustAppend(t, a, records("k", "a", 2))
	r := mustAppend(t, b, records("k", "b", 1))
	if r[0].Seq != 1 {
		t.Fatalf("second log's first Seq = %d, want 1", r[0].Seq)
	}
	// The same log opened again shares records.
	if got, _ := openLog(t, s, "a", eventrail.LogOptions{}).Read(ctxFor(t), 1, "", 10); len(got) != 2 {
		t.Fatalf("reopened log has %d records", len(got))
	}
}
