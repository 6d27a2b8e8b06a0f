package schedulerapi

import (
	"regexp"
	"strings"
	"time"

	"github.com/eventrail/eventrail/schedule"
)

// ratePlurality matches rate() expressions whose only fault is the unit's number
// ("rate(2 minute)", "rate(1 hours)"), which EventBridge Scheduler accepts although rules
// reject them.
var ratePlurality = regexp.MustCompile(`^rate\(([1-9][0-9]*) (minute|hour|day)s?\)$`)

// parseExpression parses a Scheduler expression in tz ("" = UTC). It returns the
// ValidationException AWS sends for a bad expression or time zone.
func parseExpression(expr, tz string) (schedule.Schedule, *time.Location, error) {
	if tz == "" {
		tz = DefaultTimezone
	}
	loc, err := loadLocation(tz)
	if err != nil {
		return nil, nil, errInvalidTimezone(tz)
	}
	sc, err := schedule.ParseScheduler(expr, loc)
	if err != nil {
		m := ratePlurality.FindStringSubmatch(expr)
		if m == nil {
			return nil, nil, errInvalidExpression(expr)
		}
		unit := m[2]
		if m[1] != "1" {
			unit += "s"
		}
		if sc, err = schedule.ParseScheduler("rate("+m[1]+" "+unit+")", loc); err != nil {
			return nil, nil, errInvalidExpression(expr)
		}
	}
	return sc, loc, nil
}

// loadLocation is time.LoadLocation without its acceptance of "" and "Local", which are not
// IANA zone names.
func loadLocation(tz string) (*time.Location, error) {
	if tz == "Local" || strings.TrimSpace(tz) != tz {
		return nil, errInvalidTimezone(tz)
	}
	return time.LoadLocation(tz)
}

// isOneTime reports whether expr is an at() expression.
func isOneTime(expr string) bool { return strings.HasPrefix(expr, "at(") }
