package schedule

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// naiveDay reports whether day y-mo-d matches c's day fields, computed the slow, obvious way.
func naiveDay(c *cron, y, mo, d int) bool {
	date := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	dim := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	wd := int(date.Weekday()) + 1
	isWorkday := func(day int) bool {
		w := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC).Weekday()
		return w != time.Saturday && w != time.Sunday
	}
	switch c.domKind {
	case domSet:
		return c.domDays.has(d)
	case domLast:
		return d == dim-c.domN
	case domLastWeekday:
		last := dim
		for !isWorkday(last) {
			last--
		}
		return d == last
	case domWeekday:
		if c.domN > dim || !isWorkday(d) {
			return false
		}
		// the workday of this month closest to domN; ties cannot happen within ±2 days
		best := 0
		for day := 1; day <= dim; day++ {
			if isWorkday(day) && (best == 0 || abs(day-c.domN) < abs(best-c.domN)) {
				best = day
			}
		}
		return d == best
	}
	switch c.dowKind {
	case dowSet:
		return c.dowDays.has(wd)
	case dowLast:
		return wd == c.dowDay && d+7 > dim
	case dowNth:
		return wd == c.dowDay && (d-1)/7+1 == c.dowN
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// naiveNext scans day by day, then minute by minute, up to limit days after t (UTC).
func naiveNext(c *cron, t time.Time, limit int) time.Time {
	start := t.Truncate(time.Minute).Add(time.Minute)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	for i := 0; i <= limit; i++ {
		y, mo, d := day.Year(), int(day.Month()), day.Day()
		if y <= MaxYear && c.years.has(y-MinYear) && c.months.has(mo) && naiveDay(c, y, mo, d) {
			for m := 0; m < 24*60; m++ {
				at := day.Add(time.Duration(m) * time.Minute)
				if !at.Before(start) && c.hours.has(m/60) && c.minutes.has(m%60) {
					return at
				}
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}
}

func randomField(r *rand.Rand, lo, hi int, names []string) string {
	val := func() string {
		v := lo + r.Intn(hi-lo+1)
		if names != nil && r.Intn(2) == 0 {
			return names[v-lo]
		}
		return fmt.Sprint(v)
	}
	switch r.Intn(6) {
	case 0:
		return "*"
	case 1:
		return val()
	case 2:
		return val() + "-" + val()
	case 3:
		return fmt.Sprintf("%s/%d", val(), 1+r.Intn(hi))
	case 4:
		return val() + "," + val() + "," + val()
	}
	return fmt.Sprintf("*/%d", 1+r.Intn(hi))
}

func randomDays(r *rand.Rand) (dom, dow string) {
	switch r.Intn(8) {
	case 0:
		return "L", "?"
	case 1:
		return fmt.Sprintf("L-%d", r.Intn(5)), "?"
	case 2:
		return fmt.Sprintf("%dW", 1+r.Intn(31)), "?"
	case 3:
		return "LW", "?"
	case 4:
		return "?", fmt.Sprintf("%dL", 1+r.Intn(7))
	case 5:
		return "?", fmt.Sprintf("%d#%d", 1+r.Intn(7), 1+r.Intn(5))
	case 6:
		return "?", randomField(r, 1, 7, dowField.names)
	}
	return randomField(r, 1, 31, nil), "?"
}

func TestNextAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewSource(20261121))
	const horizon = 800 // days
	for i := 0; i < 600; i++ {
		dom, dow := randomDays(r)
		year := "*"
		if r.Intn(4) == 0 {
			year = fmt.Sprintf("%d-%d", 2020+r.Intn(4), 2022+r.Intn(4))
		}
		expr := fmt.Sprintf("cron(%s %s %s %s %s %s)", randomField(r, 0, 59, nil), randomField(r, 0, 23, nil),
			dom, randomField(r, 1, 12, monthField.names), dow, year)
		s, err := Parse(expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v (%s)", expr, err, hint(err))
		}
		after := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int63n(int64(4 * 365 * 24 * time.Hour))))
		for step := 0; step < 5; step++ {
			got := s.Next(after)
			want := naiveNext(s.(*cron), after, horizon)
			if want.IsZero() {
				if !got.IsZero() && !got.After(after.AddDate(0, 0, horizon-1)) {
					t.Fatalf("%s after %s = %s; naive finds nothing within %d days", expr, after, got, horizon)
				}
				break
			}
			if !got.Equal(want) {
				t.Fatalf("%s after %s = %s, naive %s", expr, after, got, want)
			}
			after = got
		}
	}
}
