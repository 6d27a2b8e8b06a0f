package drivertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// DriverHarness describes a driver under test and the receiving side it delivers to. Driver,
// NewTarget and MissingTarget are required; the rest are optional and their checks are skipped
// when nil.
type DriverHarness struct {
	// Driver is the driver under test.
	Driver eventrail.Deliverer
	// NewTarget creates a target that accepts deliveries. It returns the target ARN and a
	// function listing what the target has received so far, one string per delivery, each
	// comparable by Check.
	NewTarget func(t *testing.T) (arn string, received func() []string)
	// Check compares one received item with the hand-off that produced it; nil means the item
	// must equal string(h.Payload) exactly.
	Check func(t *testing.T, h *eventrail.Handoff, got string) bool
	// MissingTarget returns the ARN of a target that does not exist: Deliver must fail with a
	// non-retryable *eventrail.DeliveryError.
	MissingTarget func(t *testing.T) string
	// FailingTarget returns the ARN of a target that fails transiently: Deliver must fail with
	// a retryable *eventrail.DeliveryError.
	FailingTarget func(t *testing.T) string
	// SlowTarget returns the ARN of a target that does not answer for a long time (at least
	// 10 s): Deliver must give up when its context's deadline passes.
	SlowTarget func(t *testing.T) string
	// Concurrency is how many goroutines the concurrency check uses (default 8).
	Concurrency int
}

// Handoff returns a hand-off of a realistic event to arn, with a JSON payload that holds id
// and characters that need escaping in several encodings.
func Handoff(id, arn string) *eventrail.Handoff {
	ev := eventrail.Event{
		ID: id, DetailType: "Order Placed", Source: "com.example.orders", Account: "000000000000",
		Time: time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC), Region: "us-east-1",
		Resources: []string{"arn:aws:s3:::bucket/key"},
		Detail:    json.RawMessage(fmt.Sprintf(`{"id":%q,"note":"ünïcödé \"quoted\" <tag> & \\ back","n":[1,2.5,null,true]}`, id)),
	}
	env := ev.Envelope()
	return &eventrail.Handoff{
		EventID: id, Bus: "default", IngestionTime: time.Now().UTC(),
		Event: env, Payload: env,
		RuleName: "conformance", RuleArn: "arn:aws:events:us-east-1:000000000000:rule/conformance",
		Target: eventrail.Target{Id: "target-1", Arn: arn},
	}
}

// RunDriverTests runs the conformance suite against h.
func RunDriverTests(t *testing.T, h DriverHarness) {
	t.Helper()
	if h.Driver == nil || h.NewTarget == nil || h.MissingTarget == nil {
		t.Fatal("drivertest: Driver, NewTarget and MissingTarget are required")
	}
	if h.Check == nil {
		h.Check = func(t *testing.T, ho *eventrail.Handoff, got string) bool { return got == string(ho.Payload) }
	}
	if h.Concurrency <= 0 {
		h.Concurrency = 8
	}
	t.Run("DeliversExactlyOnce", func(t *testing.T) { testDeliver(t, h) })
	t.Run("MissingTargetIsPermanent", func(t *testing.T) { testMissing(t, h) })
	t.Run("TransientFailureIsRetryable", func(t *testing.T) { testFailing(t, h) })
	t.Run("HonoursDeadline", func(t *testing.T) { testDeadline(t, h) })
	t.Run("ConcurrentDeliveries", func(t *testing.T) { testConcurrent(t, h) })
}

func testDeliver(t *testing.T, h DriverHarness) {
	arn, received := h.NewTarget(t)
	ho := Handoff("11111111-2222-3333-4444-555555555555", arn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Driver.Deliver(ctx, ho); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	got := waitReceived(t, received, 1)
	if len(got) != 1 {
		t.Fatalf("target received %d deliveries, want 1: %q", len(got), got)
	}
	if !h.Check(t, ho, got[0]) {
		t.Fatalf("target received %q for payload %s", got[0], ho.Payload)
	}
}

func testMissing(t *testing.T, h DriverHarness) {
	ho := Handoff("missing-1", h.MissingTarget(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	de := deliveryError(t, h.Driver.Deliver(ctx, ho))
	if de.Retryable {
		t.Fatalf("a missing target must fail permanently, got retryable %v", de)
	}
}

func testFailing(t *testing.T, h DriverHarness) {
	if h.FailingTarget == nil {
		t.Skip("the driver has no transient failure to provoke")
	}
	ho := Handoff("failing-1", h.FailingTarget(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	de := deliveryError(t, h.Driver.Deliver(ctx, ho))
	if !de.Retryable {
		t.Fatalf("a transient failure must be retryable, got %v", de)
	}
}

func testDeadline(t *testing.T, h DriverHarness) {
	if h.SlowTarget == nil {
		t.Skip("the driver has no slow target to provoke")
	}
	ho := Handoff("slow-1", h.SlowTarget(t))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := h.Driver.Deliver(ctx, ho)
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("Deliver returned %v after a 300 ms deadline", el)
	}
	if err == nil {
		t.Fatal("Deliver to a target that never answered reported success")
	}
	var de *eventrail.DeliveryError
	if errors.As(err, &de) && !de.Retryable {
		t.Fatalf("a timeout must be retryable, got %v", de)
	}
	if !errors.As(err, &de) && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a timeout must be a retryable DeliveryError or wrap context.DeadlineExceeded, got %v", err)
	}
}

func testConcurrent(t *testing.T, h DriverHarness) {
	arn, received := h.NewTarget(t)
	const each = 5
	n := h.Concurrency * each
	hs := make([]*eventrail.Handoff, n)
	for i := range hs {
		hs[i] = Handoff(fmt.Sprintf("c-%04d", i), arn)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := 0; w < h.Concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w * each; i < (w+1)*each; i++ {
				if err := h.Driver.Deliver(ctx, hs[i]); err != nil {
					errs <- fmt.Errorf("%s: %w", hs[i].EventID, err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := waitReceived(t, received, n)
	if len(got) != n {
		t.Fatalf("target received %d deliveries, want %d", len(got), n)
	}
	unmatched := slices.Clone(got)
	for _, ho := range hs {
		i := slices.IndexFunc(unmatched, func(s string) bool { return h.Check(t, ho, s) })
		if i < 0 {
			t.Fatalf("no delivery matches %s", ho.EventID)
		}
		unmatched = slices.Delete(unmatched, i, i+1)
	}
}

// deliveryError requires err to be a *eventrail.DeliveryError with a Code.
func deliveryError(t *testing.T, err error) *eventrail.DeliveryError {
	t.Helper()
	var de *eventrail.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("want a *eventrail.DeliveryError, got %T %v", err, err)
	}
	if de.Code == "" {
		t.Fatalf("DeliveryError without an ERROR_CODE: %v", de)
	}
	return de
}

// waitReceived polls until the target has at least n items (or 10 s pass), then returns them,
// waiting a little longer only if fewer arrived.
func waitReceived(t *testing.T, received func() []string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := received()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(2 * time.Millisecond)
	}
}
