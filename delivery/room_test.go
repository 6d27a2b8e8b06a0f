package delivery

import (
	"context"
	"testing"
	"time"
)

// roomLane returns a lane of an engine with the given back-pressure options and depth queued
// jobs; pop works on it (no workers are started).
func roomLane(depth, bound int, wait time.Duration) *lane {
	e := &Engine{o: Options{DirectBacklog: bound, BacklogWait: wait, ParkHold: time.Hour}, runCtx: context.Background()}
	l := &lane{e: e, key: "k", workers: depth}
	for range depth {
		l.queue = append(l.queue, &job{})
	}
	return l
}

// startWaiter calls waitRoom(ctx, n) in a goroutine, returns once the call is queued as the
// lane's waiter number index (0-based), and reports the result on the returned channel.
func startWaiter(t *testing.T, ctx context.Context, l *lane, n, index int) <-chan bool {
	t.Helper()
	res := make(chan bool, 1)
	go func() { res <- l.waitRoom(ctx, n) }()
	waitFor(t, "the waiter queued", func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return len(l.waiters) > index
	})
	return res
}

// wantRoom waits for res to report want.
func wantRoom(t *testing.T, name string, res <-chan bool, want bool) {
	t.Helper()
	select {
	case got := <-res:
		if got != want {
			t.Fatalf("%s: waitRoom = %v, want %v", name, got, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: waitRoom did not return", name)
	}
}

// wantWaiting checks that res has not reported yet.
func wantWaiting(t *testing.T, name string, res <-chan bool) {
	t.Helper()
	select {
	case got := <-res:
		t.Fatalf("%s: waitRoom = %v, want it still waiting", name, got)
	default:
	}
}

// wantReserved checks the room the lane holds for admitted callers.
func wantReserved(t *testing.T, l *lane, want int) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reserved != want {
		t.Fatalf("reserved = %d, want %d", l.reserved, want)
	}
}

func TestWaitRoomAtOnceWhenTheHandoffsFit(t *testing.T) {
	tests := []struct {
		name         string
		depth, bound int
		n            int
	}{
		{"empty lane", 0, 4, 1},
		{"empty lane, more than the bound", 0, 4, 9},
		{"fits exactly", 2, 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := roomLane(tt.depth, tt.bound, time.Hour)
			if !l.waitRoom(context.Background(), tt.n) {
				t.Fatal("waitRoom = false, want true")
			}
			wantReserved(t, l, tt.n) // held until pushGroup
			l.pushGroup(make([]job, tt.n))
			wantReserved(t, l, 0)
		})
	}
}

func TestWaitRoomAdmitsWaitersInOrderAsTheLaneDrains(t *testing.T) {
	l := roomLane(4, 4, time.Hour)
	ctx := context.Background()
	first := startWaiter(t, ctx, l, 2, 0)
	second := startWaiter(t, ctx, l, 2, 1)
	third := startWaiter(t, ctx, l, 1, 2)

	l.pop() // depth 3: the first waiter's 2 do not fit yet
	wantWaiting(t, "first", first)
	l.pop() // depth 2: the first is admitted; the room it holds keeps the others out
	wantRoom(t, "first", first, true)
	wantReserved(t, l, 2)
	wantWaiting(t, "second", second)
	wantWaiting(t, "third", third)

	l.pushGroup(make([]job, 2)) // depth 4
	wantReserved(t, l, 0)
	l.pop()
	l.pop() // depth 2: the second fits, then the third does not (2+2+1 > 4)
	wantRoom(t, "second", second, true)
	wantWaiting(t, "third", third)
	l.pop() // load 1 + 2 reserved: the third fits
	wantRoom(t, "third", third, true)
	wantReserved(t, l, 3)
	if len(l.waiters) != 0 {
		t.Fatalf("waiters = %d, want 0", len(l.waiters))
	}
}

func TestWaitRoomNewcomerQueuesBehindWaiters(t *testing.T) {
	l := roomLane(4, 4, time.Hour)
	first := startWaiter(t, context.Background(), l, 3, 0)
	l.pop() // depth 3: the first's 3 do not fit; a newcomer's 1 would, but it comes second
	second := startWaiter(t, context.Background(), l, 1, 1)
	wantWaiting(t, "first", first)
	wantWaiting(t, "second", second)
	l.pop()
	l.pop() // depth 1: the first is admitted (1+3 = 4), which leaves no room for the second
	wantRoom(t, "first", first, true)
	wantWaiting(t, "second", second)
	l.pop() // depth 0, 3 reserved: 3+1 fits
	wantRoom(t, "second", second, true)
}

func TestWaitRoomParksWaitersWhenTheEngineStops(t *testing.T) {
	l := roomLane(4, 4, time.Hour)
	run, stop := context.WithCancel(context.Background())
	l.e.runCtx = run
	first := startWaiter(t, context.Background(), l, 2, 0)
	second := startWaiter(t, context.Background(), l, 1, 1)
	stop()
	wantRoom(t, "first", first, false)
	wantRoom(t, "second", second, false)
	wantReserved(t, l, 0) // nobody admitted on the way out
}

func TestWaitRoomCancelledWaiterPassesItsTurnOn(t *testing.T) {
	l := roomLane(4, 4, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	first := startWaiter(t, ctx, l, 3, 0)
	second := startWaiter(t, context.Background(), l, 1, 1)
	l.pop() // depth 3: the second's 1 fits, the first's 3 do not
	wantWaiting(t, "second", second)
	cancel()
	wantRoom(t, "first", first, false)
	wantRoom(t, "second", second, true)
	wantReserved(t, l, 1)
}

func TestWaitRoomTimeoutParksEveryWaiter(t *testing.T) {
	l := roomLane(4, 4, 20*time.Millisecond)
	first := startWaiter(t, context.Background(), l, 1, 0)
	second := startWaiter(t, context.Background(), l, 1, 1)
	// The first to time out releases the other.
	wantRoom(t, "first", first, false)
	wantRoom(t, "second", second, false)
	// Until ParkHold passes, callers park at once.
	if l.waitRoom(context.Background(), 1) {
		t.Fatal("waitRoom = true while the lane is held as slow")
	}
	if len(l.waiters) != 0 || l.reserved != 0 {
		t.Fatalf("waiters = %d, reserved = %d after the timeout", len(l.waiters), l.reserved)
	}
}
