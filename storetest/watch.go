package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func runWatchTests(t *testing.T, open opener) {
	t.Run("InitialMarkerChanges", func(t *testing.T) { testWatch(t, open) })
	t.Run("EmptyInitial", func(t *testing.T) { testWatchEmpty(t, open) })
	t.Run("AwkwardPrefix", func(t *testing.T) { testWatchAwkwardPrefix(t, open) })
	t.Run("ClosedOnCancel", func(t *testing.T) { testWatchCancel(t, open) })
}

// next receives one entry or fails after waitLong.
func next(t *testing.T, ch <-chan eventrail.KVEntry) eventrail.KVEntry {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatalf("watch channel closed early")
		}
		return e
	case <-time.After(waitLong):
		t.Fatalf("timed out waiting for a watch event")
	}
	return eventrail.KVEntry{}
}

// untilMarker collects the initial entries up to the zero-entry marker.
func untilMarker(t *testing.T, ch <-chan eventrail.KVEntry) map[string]eventrail.KVEntry {
	t.Helper()
	got := map[string]eventrail.KVEntry{}
	for {
		e := next(t, ch)
		if e.Key == "" {
			return got
		}
		if _, dup := got[e.Key]; dup {
			t.Fatalf("initial state has %q twice", e.Key)
		}
		got[e.Key] = e
	}
}

func testWatch(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	r1, _ := kv.Put(ctx, "rule/b/r1", []byte("1"))
	kv.Put(ctx, "rule/b/r2", []byte("2"))
	kv.Put(ctx, "rule/b/gone", []byte("x"))
	kv.Delete(ctx, "rule/b/gone")
	kv.Put(ctx, "bus/b", []byte("outside"))
	ch, err := kv.Watch(ctx, "rule/b/")
	if err != nil {
		t.Fatal(err)
	}
	init := untilMarker(t, ch)
	if len(init) != 2 || string(init["rule/b/r1"].Value) != "1" || init["rule/b/r1"].Revision != r1 ||
		string(init["rule/b/r2"].Value) != "2" {
		t.Fatalf("initial state = %+v", init)
	}
	kv.Put(ctx, "bus/c", []byte("outside")) // not under the prefix: never seen
	r3, _ := kv.Put(ctx, "rule/b/r3", []byte("3"))
	r4, _ := kv.Update(ctx, "rule/b/r1", []byte("1b"), r1)
	kv.Delete(ctx, "rule/b/r2")
	want := []eventrail.KVEntry{
		{Key: "rule/b/r3", Value: []byte("3"), Revision: r3},
		{Key: "rule/b/r1", Value: []byte("1b"), Revision: r4},
		{Key: "rule/b/r2", Deleted: true},
	}
	var lastRev uint64
	for _, w := range want {
		e := next(t, ch)
		if e.Key != w.Key || string(e.Value) != string(w.Value) || e.Deleted != w.Deleted ||
			(w.Revision != 0 && e.Revision != w.Revision) {
			t.Fatalf("change = %+v, want %+v", e, w)
		}
		if e.Revision <= lastRev {
			t.Fatalf("revisions not increasing: %d after %d", e.Revision, lastRev)
		}
		lastRev = e.Revision
	}
	select {
	case e := <-ch:
		t.Fatalf("unexpected extra event %+v", e)
	case <-time.After(50 * time.Millisecond):
	}
}

func testWatchEmpty(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	kv.Put(ctx, "other", []byte("x"))
	ch, err := kv.Watch(ctx, "p/")
	if err != nil {
		t.Fatal(err)
	}
	if e := next(t, ch); e.Key != "" || e.Revision != 0 {
		t.Fatalf("first event on empty prefix = %+v, want marker", e)
	}
	kv.Put(ctx, "p/a", []byte("1"))
	if e := next(t, ch); e.Key != "p/a" || string(e.Value) != "1" {
		t.Fatalf("change = %+v", e)
	}
}

// testWatchAwkwardPrefix: prefixes that cut keys mid-segment or contain dots still select on
// the original keys.
func testWatchAwkwardPrefix(t *testing.T, open opener) {
	ctx := ctxFor(t)
	kv := openKV(t, open(t), "b")
	for _, k := range awkwardKeys {
		kv.Put(ctx, k, []byte(k))
	}
	for _, p := range []string{"rule/my.bus/a.", "tags/arn:aws:events:us", "a", "", "/", "*"} {
		wctx, cancel := context.WithCancel(ctx)
		ch, err := kv.Watch(wctx, p)
		if err != nil {
			t.Fatal(err)
		}
		init := untilMarker(t, ch)
		var got []string
		for k := range init {
			got = append(got, k)
		}
		if want := withPrefix(awkwardKeys, p); !equalStrings(sortedCopy(got), want) {
			t.Errorf("Watch(%q) initial = %q, want %q", p, sortedCopy(got), want)
		}
		cancel()
	}
}

func testWatchCancel(t *testing.T, open opener) {
	kv := openKV(t, open(t), "b")
	ctx, cancel := context.WithCancel(ctxFor(t))
	ch, err := kv.Watch(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	next(t, ch) // marker
	cancel()
	deadline := time.After(waitLong)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("watch channel not closed after cancel")
		}
	}
}
