package main

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/eventrail/eventrail"
)

// testClockHandler serves the test-only clock endpoint, present only with --test-clock:
// GET returns the fake time; POST {"advance":"90s"} or {"set":"2026-01-01T00:00:00Z"} moves it.
func testClockHandler(c *eventrail.FakeClock) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			var req struct {
				Advance string    `json:"advance"`
				Set     time.Time `json:"set"`
			}
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
				http.Error(w, "body must be {\"advance\":\"90s\"} or {\"set\":\"<RFC 3339>\"}", http.StatusBadRequest)
				return
			}
			if req.Advance != "" {
				d, err := time.ParseDuration(req.Advance)
				if err != nil || d < 0 {
					http.Error(w, "advance must be a non-negative duration like 90s", http.StatusBadRequest)
					return
				}
				c.Advance(d)
			} else if !req.Set.IsZero() {
				c.Set(req.Set)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"now": c.Now().UTC().Format(time.RFC3339Nano), "pending_timers": c.Pending()})
	})
}
