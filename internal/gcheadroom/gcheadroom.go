// Package gcheadroom gives the Go garbage collector a minimum amount of heap growth between
// collections.
//
// With the runtime's default (GOGC=100) the heap may grow by as much as is live before the next
// collection. A server whose live heap is small but which allocates quickly (every PutEvents
// call allocates, every stored record is buffered) then collects many times a second, and
// each collection costs CPU in proportion to the live heap and the pointers in it. Start
// raises the growth allowed after each collection to at least a fixed number of bytes, so a
// small live heap is collected less often; once the live heap exceeds that number the
// runtime's own setting applies unchanged, so memory stays proportional to what is live.
//
// This is the "minimum heap" idea the runtime applies itself at 4 MiB, with a larger floor.
// It adjusts the GC percentage (debug.SetGCPercent) after every collection; the memory limit
// (GOMEMLIMIT), when set, still bounds the heap.
package gcheadroom

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// liveHeapMetric is the heap the last collection found reachable.
const liveHeapMetric = "/gc/heap/live:bytes"

// runtimeMinimumHeap is the heap the runtime lets grow before its first collection at GOGC=100
// (4 MiB); it scales with the GC percentage, so percentages are computed for a live heap of at
// least this size, or a freshly started process could grow far past the floor before collecting.
const runtimeMinimumHeap = 4 << 20

// Tuner keeps the headroom. Its methods are safe for concurrent use.
type Tuner struct {
	floor uint64 // bytes of growth allowed at least
	base  int    // the GC percentage in force before Start, used when it allows more

	mu      sync.Mutex
	stopped bool
	percent int // the percentage last set
	sample  []metrics.Sample
}

// Start makes every collection from now on allow the heap to grow by at least floor bytes (or
// by the percentage in force now, GOGC, when that allows more) before the next one. It does
// nothing and returns nil when floor is 0 or the collector is off (GOGC=off). Stop undoes it.
func Start(floor uint64) *Tuner {
	if floor == 0 {
		return nil
	}
	base := debug.SetGCPercent(100)
	debug.SetGCPercent(base)
	if base < 0 {
		return nil
	}
	t := &Tuner{floor: floor, base: base, percent: base, sample: []metrics.Sample{{Name: liveHeapMetric}}}
	t.adjust()
	t.arm()
	return t
}

// Stop restores the GC percentage in force before Start; later collections leave it alone.
// Stop on a nil Tuner does nothing.
func (t *Tuner) Stop() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.stopped = true
	debug.SetGCPercent(t.base)
}

// Percent returns the GC percentage the tuner last set (the base before the first collection).
func (t *Tuner) Percent() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.percent
}

// sentinel is an object made unreachable on purpose: its cleanup runs after the collection
// that finds it so, which is how the tuner learns that a collection happened. It is larger
// than the runtime's tiny-allocation size, so that it is collected on its own.
type sentinel struct{ _ [32]byte }

// arm allocates a sentinel whose cleanup adjusts the percentage and arms the next one.
func (t *Tuner) arm() {
	s := new(sentinel)
	runtime.AddCleanup(s, (*Tuner).afterCollection, t)
}

// afterCollection runs on the runtime's cleanup goroutine after a collection.
func (t *Tuner) afterCollection() {
	if t.adjust() {
		t.arm()
	}
}

// adjust sets the percentage for the live heap the last collection found; false once stopped.
func (t *Tuner) adjust() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return false
	}
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return false // the runtime no longer reports the live heap: leave GOGC as it was
	}
	t.percent = percentFor(t.sample[0].Value.Uint64(), t.floor, t.base)
	debug.SetGCPercent(t.percent) // set every time: cheap (no stop), and undoes outside changes
	return true
}

// percentFor returns the GC percentage that lets a heap with live bytes reachable grow by at
// least floor bytes, and never less than base percent of live. A live heap under the runtime's
// minimum heap counts as that minimum.
func percentFor(live, floor uint64, base int) int {
	live = max(live, runtimeMinimumHeap)
	p := min((floor*100+live-1)/live, 1<<30)
	return max(int(p), base)
}
