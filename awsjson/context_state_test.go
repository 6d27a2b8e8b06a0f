package awsjson

import (
	"context"
	"errors"
	"testing"
	"time"
)

type otherKey struct{}

// TestStateContext checks that the call's context carries the request state and otherwise
// behaves as its parent: other values, deadline, cancellation (also of derived contexts).
func TestStateContext(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), otherKey{}, "v"), deadline)
	c := &call{state: requestState{id: "req-1", region: "eu-west-1"}}
	ctx := c.context(parent)
	if RequestID(ctx) != "req-1" || RegionFromContext(ctx) != "eu-west-1" {
		t.Fatalf("state: id %q, region %q", RequestID(ctx), RegionFromContext(ctx))
	}
	if ctx.Value(otherKey{}) != "v" {
		t.Fatalf("parent value lost: %v", ctx.Value(otherKey{}))
	}
	if d, ok := ctx.Deadline(); !ok || !d.Equal(deadline) {
		t.Fatalf("deadline %v %v, want %v", d, ok, deadline)
	}
	child, stop := context.WithCancel(ctx)
	defer stop()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the parent did not reach a context derived from the call's")
	}
	if !errors.Is(ctx.Err(), context.Canceled) || !errors.Is(child.Err(), context.Canceled) {
		t.Fatalf("errors %v, %v", ctx.Err(), child.Err())
	}
	if RequestID(context.Background()) != "" {
		t.Fatal("request id outside a call")
	}
}
