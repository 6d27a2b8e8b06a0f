package schedulerapi

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/eventrail/eventrail/schedule"
)

// timing is what the runner keeps in memory per schedule: enough to know when it fires next,
// nothing of its target (read from the store at fire time).
type timing struct {
	key         string            // "schedule/<group>/<name>"
	uid         string            // incarnation
	sched       schedule.Schedule // nil for one-time schedules
	at          time.Time         // one-time: the time (zero when it never happens)
	start, end  time.Time         // zero when unset (recurring only)
	anchor      time.Time         // creation or last timing change: nothing before it fires
	window      time.Duration     // flexible window; 0 = OFF
	enabled     bool
	deleteAfter bool
}

// gracePeriod is how far back a newly created, enabled or edited recurring schedule looks
// for an occurrence to fire (Scheduler's precision is one minute).
const gracePeriod = time.Minute

// parseTiming decodes a stored schedule into its timing. ok is false for values that cannot
// fire (unparsable: they are logged and ignored).
func parseTiming(key string, value []byte) (timing, bool) {
	t, _, ok := decodeTiming(key, value)
	return t, ok
}

// decodeTiming is parseTiming that also returns the decoded schedule.
func decodeTiming(key string, value []byte) (timing, *storedSchedule, bool) {
	var sc storedSchedule
	if err := json.Unmarshal(value, &sc); err != nil {
		return timing{}, nil, false
	}
	t, ok := timingOf(key, &sc)
	return t, &sc, ok
}

func timingOf(key string, sc *storedSchedule) (timing, bool) {
	parsed, _, err := parseExpression(sc.ScheduleExpression, sc.ScheduleExpressionTimezone)
	if err != nil {
		return timing{}, false
	}
	t := timing{key: key, uid: sc.Uid, enabled: sc.State == StateEnabled, deleteAfter: sc.ActionAfterCompletion == ActionDelete,
		anchor: sc.Anchor.Time}
	if sc.FlexibleTimeWindow.Mode == ModeFlexible && sc.FlexibleTimeWindow.MaximumWindowInMinutes != nil {
		t.window = time.Duration(*sc.FlexibleTimeWindow.MaximumWindowInMinutes) * time.Minute
	}
	if isOneTime(sc.ScheduleExpression) {
		t.at = parsed.Next(time.Time{})
		return t, true
	}
	if sc.StartDate != nil {
		t.start = sc.StartDate.Time
	}
	if sc.EndDate != nil {
		t.end = sc.EndDate.Time
	}
	if r, isRate := parsed.(schedule.Rate); isRate {
		anchor := sc.Anchor.Time
		if !t.start.IsZero() {
			anchor = t.start
		}
		// Scheduler's rate() fires at its start (anchor + 0·period), then every period.
		parsed = schedule.NewRateFrom(r, anchor.Add(-r.Period()))
	}
	t.sched = parsed
	return t, true
}

// next returns the first occurrence strictly after from, honouring StartDate (inclusive) and
// EndDate (exclusive); zero when there is none.
func (t *timing) next(from time.Time) time.Time {
	if t.sched == nil {
		if t.at.After(from) {
			return t.at
		}
		return time.Time{}
	}
	if !t.start.IsZero() && from.Before(t.start) {
		from = t.start.Add(-time.Nanosecond)
	}
	n := t.sched.Next(from)
	if n.IsZero() || (!t.end.IsZero() && !n.Before(t.end)) {
		return time.Time{}
	}
	return n
}

// latest returns the last occurrence in (from, now], or zero. It probes windows back from now
// that double in size, so it costs a few Next calls whatever the density of the schedule.
func (t *timing) latest(from, now time.Time) time.Time {
	if !from.Before(now) {
		return time.Time{}
	}
	for w := time.Minute; ; w *= 2 {
		lo := now.Add(-w)
		if lo.Before(from) {
			lo = from
		}
		if c := t.next(lo); !c.IsZero() && !c.After(now) {
			for {
				n := t.next(c)
				if n.IsZero() || n.After(now) {
					return c
				}
				c = n
			}
		}
		if !lo.After(from) {
			return time.Time{}
		}
	}
}

// flexTime is when occurrence occ is invoked: occ itself, or with a flexible window a point in
// [occ, occ+window] derived from the schedule's uid and occ, so every runner picks the same.
func (t *timing) flexTime(occ time.Time) time.Time {
	if t.window <= 0 {
		return occ
	}
	sum := sha1.Sum([]byte(t.uid + "@" + strconv.FormatInt(occ.UnixMilli(), 10)))
	frac := float64(binary.BigEndian.Uint64(sum[:8])>>11) / float64(1<<53)
	return occ.Add(time.Duration(frac * float64(t.window)).Truncate(time.Second))
}

// executionID is the id of one invocation: a UUID (version 5 layout) derived from the
// schedule's incarnation and the occurrence, the same in every runner.
func executionID(uid string, occ time.Time) string {
	sum := sha1.Sum([]byte(uid + "#" + strconv.FormatInt(occ.UnixMilli(), 10)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
