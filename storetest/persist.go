package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// RunPersistenceTests checks that a backend keeps everything across a close and re-open of its
// storage: KV entries and revisions, log records and sequence numbers, consumer positions and
// the dedup window. open must return a store on dir (an existing directory, empty the first
// time); the suite closes every store it opens.
func RunPersistenceTests(t *testing.T, open func(t *testing.T, dir string) eventrail.Store) {
	t.Run("KV", func(t *testing.T) { testPersistKV(t, open) })
	t.Run("Log", func(t *testing.T) { testPersistLog(t, open) })
}

func testPersistKV(t *testing.T, open func(*testing.T, string) eventrail.Store) {
	ctx := ctxFor(t)
	dir := t.TempDir()
	s := open(t, dir)
	kv := openKV(t, s, eventrail.KVBucketControl)
	rev, _ := kv.Put(ctx, eventrail.RuleKey("my.bus", "r1"), []byte("rule"))
	kv.Put(ctx, "gone", []byte("x"))
	kv.Delete(ctx, "gone")
	s.Close()

	s = open(t, dir)
	t.Cleanup(func() { s.Close() }) // after the consumers' cleanups stopped them
	kv = openKV(t, s, eventrail.KVBucketControl)
	e, err := kv.Get(ctx, eventrail.RuleKey("my.bus", "r1"))
	if err != nil || string(e.Value) != "rule" || e.Revision != rev {
		t.Fatalf("after reopen Get = %+v, %v; want rev %d", e, err, rev)
	}
	if _, err := kv.Get(ctx, "gone"); !errors.Is(err, eventrail.ErrNotFound) {
		t.Fatalf("deleted key after reopen: %v", err)
	}
	if _, err := kv.Update(ctx, e.Key, []byte("v2"), rev); err != nil {
		t.Fatalf("Update at pre-restart revision: %v", err)
	}
}

func testPersistLog(t *testing.T, open func(*testing.T, string) eventrail.Store) {
	ctx := ctxFor(t)
	dir := t.TempDir()
	const wait = 300 * time.Millisecond
	s := open(t, dir)
	lg := openLog(t, s, "events", eventrail.LogOptions{})
	mustAppend(t, lg, append(records("k", "r", 5), eventrail.Record{Key: "k", ID: "dedup-me", Data: []byte("d")}))
	ch, h := collect()
	stop := startConsume(t, lg, "router", eventrail.ConsumeOptions{AckWait: wait, MaxInFlight: 3}, h)
	for i := 0; i < 2; i++ {
		mustAck(t, recv(t, ch))
	}
	recv(t, ch) // Seq 3: delivered, never acknowledged
	stop()
	s.Close()

	s = open(t, dir)
	t.Cleanup(func() { s.Close() }) // after the consumers' cleanups stopped them
	lg = openLog(t, s, "events", eventrail.LogOptions{})
	dup := mustAppend(t, lg, []eventrail.Record{{Key: "k", ID: "dedup-me", Data: []byte("again")}})
	if dup[0].Seq != 6 {
		t.Errorf("duplicate after reopen stored as Seq %d, want the original 6", dup[0].Seq)
	}
	more := mustAppend(t, lg, records("k", "after", 1))
	if more[0].Seq != 7 {
		t.Errorf("first Seq after reopen = %d, want 7", more[0].Seq)
	}
	if info, err := lg.Info(ctx); err != nil || info.Records != 7 || info.LastSeq != 7 {
		t.Errorf("Info after reopen = %+v, %v", info, err)
	}
	ch, h = collect()
	startConsume(t, lg, "router", eventrail.ConsumeOptions{AckWait: wait, MaxInFlight: 3}, h)
	seen := map[uint64]int{}
	for len(seen) < 5 {
		d := recv(t, ch)
		seq := d.Record().Seq
		if seq <= 2 {
			t.Fatalf("acknowledged Seq %d delivered again after reopen", seq)
		}
		if seq == 3 && d.Attempt() < 2 {
			t.Errorf("Seq 3 redelivered with Attempt %d, want >= 2", d.Attempt())
		}
		seen[seq]++
		mustAck(t, d)
	}
	for seq := uint64(3); seq <= 7; seq++ {
		if seen[seq] == 0 {
			t.Errorf("Seq %d not delivered after reopen (%v)", seq, seen)
		}
	}
}
