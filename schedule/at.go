package schedule

import (
	"strings"
	"time"
)

// at is a one-time at(yyyy-mm-ddThh:mm:ss) schedule of EventBridge Scheduler.
type at struct {
	expr   string
	when   time.Time
	exists bool // false when the local time falls in a DST gap (never invoked)
}

const atLayout = "2006-01-02T15:04:05"

func parseAt(expr string, loc *time.Location) (Schedule, error) {
	inner, ok := strings.CutPrefix(expr, "at(")
	if !ok || !strings.HasSuffix(inner, ")") || len(inner) != len(atLayout)+1 {
		return nil, invalid(expr, "write at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T18:00:00)")
	}
	p, err := time.Parse(atLayout, inner[:len(inner)-1])
	if err != nil {
		return nil, invalid(expr, "write at(yyyy-mm-ddThh:mm:ss) with a real date and time, e.g. at(2030-01-31T18:00:00)")
	}
	w := wall{p.Year(), int(p.Month()), p.Day(), p.Hour(), p.Minute()}
	first, exists := (&cron{loc: loc}).instant(w)
	return &at{expr: expr, when: first.Add(time.Duration(p.Second()) * time.Second), exists: exists}, nil
}

func (a *at) String() string { return a.expr }

// Next returns the schedule's time if it is strictly after t, else the zero time.
func (a *at) Next(t time.Time) time.Time {
	if !a.exists || !a.when.After(t) {
		return time.Time{}
	}
	return a.when
}
