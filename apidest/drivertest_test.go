package apidest

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/eventrail/eventrail/delivery/drivertest"
)

// TestDriverConformance runs the shared driver suite against real HTTP servers on 127.0.0.1.
func TestDriverConformance(t *testing.T) {
	e := newEnv(t)
	conn := e.basicConn(t, "c", nil)
	var n atomic.Int32
	dest := func(url string) string {
		return e.dest(t, fmt.Sprintf("d-%d", n.Add(1)), conn, "POST", url)
	}
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: e.s.Driver(),
		NewTarget: func(t *testing.T) (string, func() []string) {
			rec := newRecorder(t, nil)
			return dest(rec.srv.URL + "/"), func() []string {
				var out []string
				for _, r := range rec.all() {
					out = append(out, r.Body)
				}
				return out
			}
		},
		MissingTarget: func(*testing.T) string {
			return testAccount.ARN("events", "api-destination/missing/00000000-0000-0000-0000-000000000000")
		},
		FailingTarget: func(t *testing.T) string {
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
			return dest(rec.srv.URL + "/")
		},
		SlowTarget: func(t *testing.T) string {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-release:
				}
			})
			return dest(rec.srv.URL + "/")
		},
		Concurrency: 16,
	})
}
