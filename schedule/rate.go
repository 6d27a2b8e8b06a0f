package schedule

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

type rate struct {
	expr   string
	period time.Duration
	anchor time.Time
}

// rateUnits maps each accepted unit to its duration; singular only for 1, plural otherwise.
var rateUnits = map[string]time.Duration{
	"minute": time.Minute, "minutes": time.Minute,
	"hour": time.Hour, "hours": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour,
}

// parseRate parses the strict grammar rate(VALUE UNIT): no spaces but the one separator.
func parseRate(expr string) (Schedule, error) {
	inner, ok := strings.CutPrefix(expr, "rate(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, invalid(expr, "write rate(VALUE UNIT), closed by ')' with nothing after it")
	}
	inner = inner[:len(inner)-1]
	value, unit, found := strings.Cut(inner, " ")
	if !found || value == "" || unit == "" || strings.ContainsAny(unit, " \t") || strings.TrimSpace(inner) != inner {
		return nil, invalid(expr, "write rate(VALUE UNIT) with one space between VALUE and UNIT and none elsewhere, e.g. rate(5 minutes)")
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || value[0] < '0' || value[0] > '9' {
		return nil, invalid(expr, "VALUE must be a positive whole number, e.g. rate(5 minutes)")
	}
	d, ok := rateUnits[unit]
	if !ok {
		return nil, invalid(expr, "UNIT must be minute(s), hour(s) or day(s), in lower case")
	}
	singular := !strings.HasSuffix(unit, "s")
	switch {
	case n == 1 && !singular:
		return nil, invalid(expr, fmt.Sprintf("use rate(1 %s): the unit is singular for 1", strings.TrimSuffix(unit, "s")))
	case n != 1 && singular:
		return nil, invalid(expr, fmt.Sprintf("use rate(%d %ss): the unit is plural for any value but 1", n, unit))
	}
	if int64(n) > math.MaxInt64/int64(d) {
		return nil, invalid(expr, "VALUE is too large")
	}
	return &rate{expr: expr, period: time.Duration(n) * d}, nil
}

// NewRateFrom returns r anchored at anchor: it fires at anchor+k·Period for k ≥ 1.
func NewRateFrom(r Rate, anchor time.Time) Rate {
	return &rate{expr: r.String(), period: r.Period(), anchor: anchor}
}

func (r *rate) String() string        { return r.expr }
func (r *rate) Period() time.Duration { return r.period }
func (r *rate) Anchor() time.Time     { return r.anchor }

// Next returns the first anchor+k·Period (k ≥ 1) strictly after t; unanchored, t+Period.
// It never returns a time past MaxYear (the zero time instead).
func (r *rate) Next(t time.Time) time.Time {
	var next time.Time
	switch {
	case r.anchor.IsZero():
		next = t.Add(r.period)
	case t.Before(r.anchor):
		next = r.anchor.Add(r.period)
	default:
		k := t.Sub(r.anchor)/r.period + 1
		next = r.anchor.Add(k * r.period)
		if !next.After(t) { // Sub saturates for very distant times
			return time.Time{}
		}
	}
	if next.Year() > MaxYear {
		return time.Time{}
	}
	return next
}
