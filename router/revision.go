package router

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail"
)

// RevisionKV wraps the control-plane KV and remembers the highest revision written through it,
// so that the router can route an event only after it has applied every rule and target change
// written (by this process) before the event was put: a script that puts a rule and then an
// event sees the event matched, as it expects. Deletes report no revision and are not tracked.
//
// Safe for concurrent use.
type RevisionKV struct {
	eventrail.KV
	max atomic.Uint64
}

// NewRevisionKV wraps kv.
func NewRevisionKV(kv eventrail.KV) *RevisionKV { return &RevisionKV{KV: kv} }

// Written returns the highest revision written so far.
func (k *RevisionKV) Written() uint64 { return k.max.Load() }

func (k *RevisionKV) note(rev uint64, err error) (uint64, error) {
	for err == nil {
		cur := k.max.Load()
		if rev <= cur || k.max.CompareAndSwap(cur, rev) {
			break
		}
	}
	return rev, err
}

// Put is KV.Put, remembering the revision.
func (k *RevisionKV) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	return k.note(k.KV.Put(ctx, key, value))
}

// Create is KV.Create, remembering the revision.
func (k *RevisionKV) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	return k.note(k.KV.Create(ctx, key, value))
}

// Update is KV.Update, remembering the revision.
func (k *RevisionKV) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	return k.note(k.KV.Update(ctx, key, value, rev))
}

// appliedRevision tracks the highest control-KV revision the router has applied and lets
// routing wait for a given one.
type appliedRevision struct {
	mu      sync.Mutex
	rev     uint64
	changed chan struct{} // closed and replaced whenever rev grows
}

func newAppliedRevision() *appliedRevision {
	return &appliedRevision{changed: make(chan struct{})}
}

func (a *appliedRevision) advance(rev uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if rev > a.rev {
		a.rev = rev
		close(a.changed)
		a.changed = make(chan struct{})
	}
}

// wait returns once rev has been applied, or after max, or when ctx ends. The usual case,
// rev already applied, returns without a timer.
func (a *appliedRevision) wait(ctx context.Context, rev uint64, max time.Duration) {
	var timeout <-chan time.Time
	for {
		a.mu.Lock()
		done, changed := a.rev >= rev, a.changed
		a.mu.Unlock()
		if done {
			return
		}
		if timeout == nil {
			timer := time.NewTimer(max)
			defer timer.Stop()
			timeout = timer.C
		}
		select {
		case <-changed:
		case <-timeout:
			return
		case <-ctx.Done():
			return
		}
	}
}
