package gcheadroom

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercentFor(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		name      string
		live, min uint64
		base      int
		want      int
	}{
		{"small live heap gets the floor", 16 * mib, 64 * mib, 100, 400},
		{"floor rounds up", 30 * mib, 64 * mib, 100, 214},
		{"live heap at the floor keeps the base", 64 * mib, 64 * mib, 100, 100},
		{"large live heap keeps the base", 512 * mib, 64 * mib, 100, 100},
		{"a larger GOGC stands", 16 * mib, 64 * mib, 800, 800},
		{"a smaller GOGC is raised for a small heap", 16 * mib, 64 * mib, 50, 400},
		{"a smaller GOGC stands for a large heap", 512 * mib, 64 * mib, 50, 50},
		{"tiny live heap counts as the runtime's minimum", 1024, 64 * mib, 100, 1600},
		{"nothing live", 0, 64 * mib, 100, 1600},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := percentFor(c.live, c.min, c.base); got != c.want {
				t.Fatalf("percentFor(%d, %d, %d) = %d, want %d", c.live, c.min, c.base, got, c.want)
			}
		})
	}
}

// currentPercent reads the GC percentage in force.
func currentPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestStartFollowsCollectionsAndStopRestores(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	const min = 256 << 20 // far above this test binary's live heap
	tu := Start(min)
	if tu == nil {
		t.Fatal("Start returned nil with the collector on")
	}
	if p := currentPercent(); p <= 100 || p != tu.Percent() {
		t.Fatalf("after Start the GC percentage is %d (tuner says %d), want above 100", p, tu.Percent())
	}
	// A collection re-arms the tuner: it must set the percentage again after one. Set a
	// different value and poll until a collection's cleanup has put the floor back.
	debug.SetGCPercent(100)
	deadline := time.Now().Add(10 * time.Second)
	for currentPercent() == 100 {
		if time.Now().After(deadline) {
			t.Fatal("no collection re-applied the headroom within 10s")
		}
		runtime.GC()
		time.Sleep(time.Millisecond) // the cleanup runs on another goroutine; poll, bounded
	}
	tu.Stop()
	if p := currentPercent(); p != 100 {
		t.Fatalf("after Stop the GC percentage is %d, want the 100 in force at Start", p)
	}
	runtime.GC()
	runtime.GC()
	if p := currentPercent(); p != 100 {
		t.Fatalf("a collection after Stop changed the GC percentage to %d", p)
	}
}

func TestStartDoesNothingWhenOff(t *testing.T) {
	before := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(before)
	if tu := Start(64 << 20); tu != nil {
		t.Fatal("Start with the collector off returned a tuner")
	}
	if p := currentPercent(); p != -1 {
		t.Fatalf("GC percentage changed to %d with the collector off", p)
	}
	if Start(0) != nil {
		t.Fatal("Start(0) returned a tuner")
	}
	var nilTuner *Tuner
	nilTuner.Stop() // must not panic
}
