package main

import (
	"os"
	"runtime"

	"github.com/eventrail/eventrail/internal/gcheadroom"
)

// tuneRuntime adjusts the Go runtime for serving, leaving alone what the operator set through
// the environment, and returns the function that undoes it.
//
//   - The collector gets at least cfg.GCHeadroomMiB of heap growth between collections
//     (package gcheadroom), unless GOGC is set.
//   - With the embedded store, the scheduler gets one P more than the CPUs it would use
//     (GOMAXPROCS), unless GOMAXPROCS is set. nats-server fsyncs every stored record on a
//     goroutine that keeps its P through the syscall; the runtime takes the P back only after
//     it has been blocked a while, and the goroutine then waits for a free P to carry on with
//     the acknowledgement every PutEvents call is waiting for. The spare P covers it
//     (measured: BENCHMARKS.md, issue 3, fifth session).
func tuneRuntime(cfg Config) (undo func()) {
	var tuner *gcheadroom.Tuner
	if os.Getenv("GOGC") == "" {
		tuner = gcheadroom.Start(uint64(cfg.GCHeadroomMiB) << 20)
	}
	spareP := os.Getenv("GOMAXPROCS") == "" && cfg.NATSURL == ""
	if spareP {
		runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + 1)
	}
	return func() {
		tuner.Stop()
		if spareP {
			runtime.SetDefaultGOMAXPROCS() // the runtime's own value again, and its updates
		}
	}
}
