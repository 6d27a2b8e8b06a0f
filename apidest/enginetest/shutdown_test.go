package enginetest

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventrail/eventrail/apidest"
	"github.com/eventrail/eventrail/delivery"
)

// The engine gives the driver its attempt deadline directly (no context per attempt).
var _ delivery.DeadlineDeliverer = (*apidest.Driver)(nil)

// TestStopAbortsInvocations: stopping the engine ends at once the invocations of a destination
// that does not answer (well before the 5 s attempt timeout), and counts none of them as an
// outcome: their record stays unacknowledged for the next run.
func TestStopAbortsInvocations(t *testing.T) {
	var arrived atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := startStack(t, true)
	arn := s.destination(t, srv.URL+"/", 100)
	s.send(t, arn, 3)
	deadline := time.Now().Add(10 * time.Second)
	for arrived.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 3 invocations arrived", arrived.Load())
		}
		time.Sleep(2 * time.Millisecond)
	}
	start := time.Now()
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Run took %v to return", took)
	}
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"InvocationAttempts", s.m.InvocationAttempts.With("b", "r").Value(), 3},
		{"Invocations", s.m.Invocations.With("b", "r").Value(), 0},
		{"FailedInvocations", s.m.FailedInvocations.With("b", "r").Value(), 0},
		{"RetryInvocationAttempts", s.m.RetryInvocationAttempts.With("b", "r").Value(), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
