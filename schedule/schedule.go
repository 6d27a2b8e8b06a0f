package schedule

import (
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Schedule is a parsed schedule expression. Implementations are immutable and safe for
// concurrent use.
type Schedule interface {
	// Next returns the first fire time strictly after t (in UTC for rules; in the schedule's
	// location for Scheduler), or the zero time if there is none.
	Next(t time.Time) time.Time
	// String returns the expression as given.
	String() string
}

// Rate is a rate(VALUE UNIT) schedule. It fires every Period after its anchor: at
// anchor+Period, anchor+2·Period, ... A Rate from Parse has no anchor: its Next(t) is
// t+Period, i.e. t is taken as the previous fire. Use NewRateFrom to anchor it at the time the
// rule was created or enabled, as EventBridge does.
type Rate interface {
	Schedule
	// Period is the interval between fires.
	Period() time.Duration
	// Anchor is the time the rate counts from; zero when unanchored.
	Anchor() time.Time
}

// MinYear and MaxYear bound the cron year field; no schedule fires after MaxYear.
const (
	MinYear = 1970
	MaxYear = 2199
)

// InvalidMessage is AWS's text for every invalid rule schedule expression.
const InvalidMessage = "Parameter ScheduleExpression is not valid."

// CustomBusMessage is AWS's text for a schedule on a bus other than "default".
const CustomBusMessage = "ScheduleExpression is supported only on the default event bus."

// ParseError is an invalid schedule expression. Error() is AWS's exact text; Hint says what
// would be valid. errors.As(err, **eventrail.Error) yields the ValidationException AWS sends.
type ParseError struct {
	Expr string // the expression as given
	Hint string // what would be valid, for humans (not part of AWS's message)
}

// Error returns "Parameter ScheduleExpression is not valid."
func (e *ParseError) Error() string { return InvalidMessage }

// As lets errors.As extract the *eventrail.Error AWS answers with.
func (e *ParseError) As(target any) bool {
	p, ok := target.(**eventrail.Error)
	if ok {
		*p = eventrail.Errorf(eventrail.CodeValidation, InvalidMessage)
	}
	return ok
}

func invalid(expr, hint string) *ParseError { return &ParseError{Expr: expr, Hint: hint} }

// Parse parses a rule's ScheduleExpression: rate(...) or cron(...), evaluated in UTC.
// On error it returns a *ParseError.
func Parse(expr string) (Schedule, error) {
	return parse(expr, time.UTC, false)
}

// ParseScheduler parses an EventBridge Scheduler expression: rate(...), cron(...) or
// at(yyyy-mm-ddThh:mm:ss), evaluated in loc (nil means UTC). Across DST changes local times a
// spring-forward skips are not invoked and local times a fall-back repeats are invoked once
// (at their first occurrence); rate() counts elapsed time.
func ParseScheduler(expr string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	return parse(expr, loc, true)
}

func parse(expr string, loc *time.Location, scheduler bool) (Schedule, error) {
	switch {
	case strings.HasPrefix(expr, "rate("):
		return parseRate(expr)
	case strings.HasPrefix(expr, "cron("):
		return parseCron(expr, loc)
	case scheduler && strings.HasPrefix(expr, "at("):
		return parseAt(expr, loc)
	}
	want := "rate(VALUE UNIT) or cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR)"
	if scheduler {
		want += " or at(yyyy-mm-ddThh:mm:ss)"
	}
	if t := strings.TrimSpace(expr); t != expr && (strings.HasPrefix(t, "rate(") || strings.HasPrefix(t, "cron(") || strings.HasPrefix(t, "at(")) {
		return nil, invalid(expr, "remove the spaces around the expression: "+t)
	}
	return nil, invalid(expr, "expected "+want)
}

// CheckRule validates a PutRule ScheduleExpression for a rule on bus (a name; "" means the
// default bus) and returns the schedule or the *eventrail.Error AWS answers with.
func CheckRule(expr, bus string) (Schedule, error) {
	if bus != "" && bus != eventrail.DefaultBusName {
		return nil, eventrail.Errorf(eventrail.CodeValidation, CustomBusMessage)
	}
	s, err := Parse(expr)
	if err != nil {
		return nil, eventrail.Errorf(eventrail.CodeValidation, InvalidMessage)
	}
	return s, nil
}
