package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestTuneRuntime(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	gc := debug.SetGCPercent(100)
	debug.SetGCPercent(gc)
	cases := []struct {
		name                   string
		gogc, gomaxprocs, nats string
		headroom               int
		wantProcs              int
		wantGCRaised           bool
	}{
		{"embedded store", "", "", "", 64, procs + 1, true},
		{"external NATS", "", "", "nats://127.0.0.1:4222", 64, procs, true},
		{"operator's GOMAXPROCS", "", "1", "", 64, procs, true},
		{"operator's GOGC", "100", "", "", 64, procs + 1, false},
		{"headroom off", "", "", "", 0, procs + 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("GOGC", c.gogc)
			t.Setenv("GOMAXPROCS", c.gomaxprocs)
			undo := tuneRuntime(Config{NATSURL: c.nats, GCHeadroomMiB: c.headroom})
			gotProcs := runtime.GOMAXPROCS(0)
			gotGC := debug.SetGCPercent(gc)
			debug.SetGCPercent(gotGC)
			undo()
			if gotProcs != c.wantProcs {
				t.Errorf("GOMAXPROCS = %d, want %d", gotProcs, c.wantProcs)
			}
			if raised := gotGC > gc; raised != c.wantGCRaised {
				t.Errorf("GC percent %d (was %d): raised %v, want %v", gotGC, gc, raised, c.wantGCRaised)
			}
			if p := runtime.GOMAXPROCS(0); p != procs {
				t.Errorf("after undo GOMAXPROCS = %d, want %d", p, procs)
			}
			if p := debug.SetGCPercent(gc); p != gc {
				t.Errorf("after undo the GC percent is %d, want %d", p, gc)
			}
		})
	}
}
