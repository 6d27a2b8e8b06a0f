package schedulerapi

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// claimDead makes a runner that is then abandoned (a crashed process) claim the occurrence
// of the one-time schedule name at at; with appended, it also appends the part's records.
// It returns the part's key.
func claimDead(t *testing.T, e *env, name string, at time.Time, appended bool) string {
	t.Helper()
	ctx := context.Background()
	dead := e.newService()
	dead.rt.app = e.log
	j := job{key: scheduleKey(DefaultGroup, name), uid: e.uid(t, name), occ: at, fireAt: at}
	ps := dead.rt.prepare(ctx, []job{j}, dead.now())
	if len(ps) != 1 {
		t.Fatalf("prepared %d jobs", len(ps))
	}
	cp, _, err := dead.rt.claimPart(ctx, at.Unix(), dead.rt.slotMemo(at.Unix()), ps, dead.now())
	if err != nil || cp == nil {
		t.Fatalf("claim: %v", err)
	}
	if appended {
		if err := dead.rt.handOver(ctx, cp); err != nil {
			t.Fatal(err)
		}
	}
	return cp.key
}

// claimState returns the state of the slot part at key.
func claimState(t *testing.T, e *env, key string) string {
	cur, err := e.kv.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decodeClaim(cur.Value)
	if err != nil {
		t.Fatal(err)
	}
	return c.State
}

// TestCrashAfterClaim: a process claimed a slot part (pending) and died before appending, or
// after appending but before marking it done. The next runner skips the occurrence at start,
// takes the part over once its lease is over and hands the occurrence over exactly once.
func TestCrashAfterClaim(t *testing.T) {
	for _, appended := range []bool{false, true} {
		name := map[bool]string{false: "before append", true: "after append"}[appended]
		t.Run(name, func(t *testing.T) {
			clock := eventrail.NewFakeClock(t0)
			e := newEnv(t, clock)
			at := t0.Add(time.Minute)
			mustCreate(t, e, createInput("orphan", atExpr(at)))
			clock.Set(at)
			key := claimDead(t, e, "orphan", at, appended)
			if got := claimState(t, e, key); got != slotPending {
				t.Fatalf("claim %s is %s", key, got)
			}
			e.run(e.svc)
			waitFor(t, "loaded", func() bool {
				e.svc.rt.mu.Lock()
				defer e.svc.rt.mu.Unlock()
				return e.svc.rt.loaded
			})
			if _, pending := e.svc.rt.pending(scheduleKey(DefaultGroup, "orphan")); pending {
				t.Errorf("the claimed occurrence was planned again")
			}
			clock.Advance(DefaultClaimLease - time.Second)
			if claimState(t, e, key) != slotPending {
				t.Errorf("part taken over before its lease ended")
			}
			clock.Advance(time.Second)
			waitFor(t, "part taken over and done", func() bool { return claimState(t, e, key) == slotDone })
			if n := len(e.handoffs()); n != 1 {
				t.Errorf("log holds %d hand-offs, want 1", n)
			}
			if h := e.svc.rt.handed.Load(); h != 1 {
				t.Errorf("takeover handed %d", h)
			}
		})
	}
}

// TestSlotPartsListEachOccurrenceOnce: occurrences of one second fired in several batches by
// two runners end up in consecutive parts of one slot, each listed once, and one hand-off
// each; the second runner, dispatching occurrences the first already listed, finds them.
func TestSlotPartsListEachOccurrenceOnce(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	a, b := e.svc, e.newService()
	at := t0.Add(time.Minute)
	const n = 30
	for i := range n {
		mustCreate(t, e, createInput("s-"+itoa(i), atExpr(at)))
	}
	ctx := context.Background()
	a.rt.app, b.rt.app = e.log, e.log
	jobs := func(from, to int) []job {
		var js []job
		for i := from; i < to; i++ {
			name := "s-" + itoa(i)
			js = append(js, job{key: scheduleKey(DefaultGroup, name), uid: e.uid(t, name), occ: at, fireAt: at})
		}
		return js
	}
	clock.Set(at)
	a.rt.fireSlot(ctx, at.Unix(), jobs(0, 10))  // part 0
	b.rt.fireSlot(ctx, at.Unix(), jobs(5, 20))  // reads part 0, lists 10..19 in part 1
	a.rt.fireSlot(ctx, at.Unix(), jobs(15, 30)) // reads part 1, lists 20..29 in part 2
	a.rt.fireSlot(ctx, at.Unix(), jobs(0, 30))  // everything listed: nothing new
	parts, _ := e.kv.List(ctx, slotPrefix)
	if len(parts) != 3 {
		t.Fatalf("%d parts, want 3", len(parts))
	}
	seen := map[string]int{}
	for i, p := range parts {
		if p.Key != slotKey(at.Unix(), i) {
			t.Errorf("part %d is %s", i, p.Key)
		}
		c, _ := decodeClaim(p.Value)
		if c.State != slotDone {
			t.Errorf("%s is %s", p.Key, c.State)
		}
		for _, id := range c.ids() {
			seen[id]++
		}
	}
	if len(seen) != n {
		t.Errorf("%d occurrences listed, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("%s listed %d times", id, k)
		}
	}
	if got := len(e.handoffs()); got != n {
		t.Errorf("%d hand-offs, want %d", got, n)
	}
	if h := a.rt.handed.Load() + b.rt.handed.Load(); h != n {
		t.Errorf("handed %d, want %d", h, n)
	}
	if d := a.rt.duplicates.Load() + b.rt.duplicates.Load(); d != 5+5+30 {
		t.Errorf("duplicates %d, want 40", d)
	}
}

func TestSlotItemRoundTrip(t *testing.T) {
	occ := time.Date(2026, 3, 6, 12, 0, 1, 500e6, time.UTC)
	it := newSlotItem("abc123", occ, scheduleKey("grp.1", "my-name_x"))
	id, uid, got, key, ok := it.parse()
	if !ok || id != "abc123/"+itoa(int(occ.UnixMilli())) || uid != "abc123" || !got.Equal(occ) || key != "schedule/grp.1/my-name_x" {
		t.Errorf("parse(%q) = %q %q %v %q %v", it, id, uid, got, key, ok)
	}
	for _, bad := range []slotItem{"", "x", "x/y/z", "x/12"} {
		if _, _, _, _, ok := bad.parse(); ok {
			t.Errorf("parse(%q) ok", bad)
		}
	}
	if sec, part, ok := parseSlotKey(slotKey(1772798401, 12)); !ok || sec != 1772798401 || part != 12 {
		t.Errorf("parseSlotKey round trip: %d %d %v", sec, part, ok)
	}
}

func FuzzSlotItem(f *testing.F) {
	f.Add("abc/1772798401000/default/name")
	f.Add("x/12")
	f.Add("a/-5/g/n/extra")
	f.Add("slot/000001772798/0001")
	f.Fuzz(func(t *testing.T, s string) {
		if id, uid, occ, key, ok := slotItem(s).parse(); ok {
			if occurrenceID(uid, occ) != id || key[:len(schedulePrefix)] != schedulePrefix {
				t.Errorf("parse(%q) = %q %q %v %q", s, id, uid, occ, key)
			}
		}
		if sec, part, ok := parseSlotKey(s); ok && sec >= 0 && part >= 0 && sec < 1e12 && part < 1e4 {
			if back, _, _ := parseSlotKey(slotKey(sec, part)); back != sec {
				t.Errorf("slot key round trip of %q", s)
			}
		}
	})
}

// TestFiresWithoutKeptValues: with no memory budget for schedules the runner reads them ahead
// (prefetch) or at fire time, and every occurrence still fires once with its current target.
func TestFiresWithoutKeptValues(t *testing.T) {
	clock := eventrail.NewFakeClock(t0)
	e := newEnv(t, clock)
	svc, err := New(Options{KV: e.kv, HandoffLog: e.log, Clock: clock, ValueCacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.run(svc)
	at := t0.Add(time.Minute)
	const n = 20
	for i := range n {
		mustCreate(t, e, createInput("s-"+itoa(i), atExpr(at.Add(time.Duration(i%2)*time.Second))))
	}
	waitPending(t, svc, DefaultGroup, "s-"+itoa(n-1), at.Add(time.Second))
	svc.rt.mu.Lock()
	kept := svc.rt.cached
	svc.rt.mu.Unlock()
	if kept != 0 {
		t.Errorf("%d bytes of schedules kept with ValueCacheBytes -1", kept)
	}
	clock.Set(at.Add(-time.Second)) // within prefetchAhead of the first second
	waitFor(t, "read ahead", func() bool {
		svc.rt.mu.Lock()
		defer svc.rt.mu.Unlock()
		return len(svc.rt.pre) >= n/2
	})
	clock.Set(at.Add(time.Second))
	waitFor(t, "all fired", func() bool { return svc.rt.handed.Load() == n })
	if got := len(e.handoffs()); got != n {
		t.Errorf("%d hand-offs, want %d", got, n)
	}
}
