package router

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// finishingDispatcher reports every Dispatch final at once, as a target that answers instantly.
type finishingDispatcher struct{}

func (finishingDispatcher) Dispatch(_ context.Context, _, _ string, _ []eventrail.Handoff, done func(error)) {
	done(nil)
}

// BenchmarkRouteDirect measures routing one 10-event call (the putload shape, ~1 KB details)
// to the one rule and target it matches, as Ingest does in direct mode, without storage.
//
// The harness is built once and kept for the process: the benchmark function runs several
// times, and each run's cleanup would stop a harness built inside it.
func BenchmarkRouteDirect(b *testing.B) {
	routeBench.once.Do(func() { routeBench.h, routeBench.frames = newRouteBench(b) })
	r, frames := routeBench.h.router, routeBench.frames
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := r.openDirect()
		r.routeDirect(c, frames, 10)
		r.direct.claim(r.direct.marker(c)) // never stored: forget it
	}
}

var routeBench struct {
	once   sync.Once
	h      *harness
	frames []byte
}

// newRouteBench starts a harness with one rule and target, and encodes the call to route.
func newRouteBench(tb testing.TB) (*harness, []byte) {
	h := newHarnessWith(noCleanup{tb}, finishingDispatcher{})
	h.putRule(eventrail.Rule{Name: "r", EventPattern: `{"source":["aws.ec2"],"detail":{"state":["available"]}}`},
		eventrail.Target{Id: "t", Arn: "arn:aws:sqs:us-east-1:000000000000:q1"})
	<-h.router.Ready()
	detail := []byte(`{"state":"available","pad":"`)
	for len(detail) < 1000 {
		detail = append(detail, "abcdefghij"...)
	}
	detail = append(detail, `"}`...)
	var frames []byte
	for i := 0; i < 10; i++ {
		e := event("6a7e8feb-b491-4cf7-a9f1-bf3703467718", "aws.ec2", string(detail))
		e.Bus, e.IngestionTime = eventrail.DefaultBusName, time.Unix(1700000000, 0)
		frames = appendFrame(frames, &e)
	}
	waitRouted(tb, h.router)
	go func() { // the harness reports every match on a buffered channel: keep it from filling
		for range h.matched {
		}
	}()
	return h, frames
}

// noCleanup drops cleanups, for a harness that lives as long as the process.
type noCleanup struct{ testing.TB }

func (noCleanup) Cleanup(func()) {}

// waitRouted polls until the router has applied the rules written so far.
func waitRouted(tb testing.TB, r *Router) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for r.openDirect() == nil {
		if time.Now().After(deadline) {
			tb.Fatal("router did not start")
		}
		time.Sleep(time.Millisecond)
	}
}
