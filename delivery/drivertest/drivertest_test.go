package drivertest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
)

// memDriver delivers to in-memory mailboxes named by the ARN's last segment: "missing-*" do
// not exist, "failing-*" fail transiently, "slow-*" block until the context ends.
type memDriver struct {
	mu    sync.Mutex
	boxes map[string][]string
}

func (d *memDriver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	name := h.Target.Arn[strings.LastIndex(h.Target.Arn, ":")+1:]
	switch {
	case strings.HasPrefix(name, "missing-"):
		return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: "no such box"}
	case strings.HasPrefix(name, "failing-"):
		return &eventrail.DeliveryError{Code: "THROTTLING", Message: "busy", Retryable: true}
	case strings.HasPrefix(name, "slow-"):
		<-ctx.Done()
		return &eventrail.DeliveryError{Code: "TIMEOUT", Message: ctx.Err().Error(), Retryable: true}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.boxes[name] = append(d.boxes[name], string(h.Payload))
	return nil
}

// TestSuiteOnMemoryDriver runs the suite on a trivially correct driver, so that the suite's own
// checks are exercised.
func TestSuiteOnMemoryDriver(t *testing.T) {
	d := &memDriver{boxes: map[string][]string{}}
	arn := func(name string) string { return "arn:aws:sqs:us-east-1:000000000000:" + name }
	RunDriverTests(t, DriverHarness{
		Driver: d,
		NewTarget: func(t *testing.T) (string, func() []string) {
			name := "box-" + strings.ReplaceAll(t.Name(), "/", "-")
			return arn(name), func() []string {
				d.mu.Lock()
				defer d.mu.Unlock()
				return append([]string(nil), d.boxes[name]...)
			}
		},
		MissingTarget: func(*testing.T) string { return arn("missing-1") },
		FailingTarget: func(*testing.T) string { return arn("failing-1") },
		SlowTarget:    func(*testing.T) string { return arn("slow-1") },
	})
}
