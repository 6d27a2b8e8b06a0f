package control

import (
	"errors"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/pattern"
	"github.com/eventrail/eventrail/schedule"
)

// This file is the seam to the pure libraries: the pattern language and schedule
// expressions (package transform is used directly where targets are checked).

// parsePattern parses an event pattern; a bad pattern is InvalidEventPatternException with
// the engine's full AWS message.
func parsePattern(src string) (*pattern.Pattern, error) {
	p, err := pattern.ParseWithOptions(src, pattern.Options{})
	if err != nil {
		var pe *pattern.Error
		if errors.As(err, &pe) {
			return nil, eventrail.Errorf(eventrail.CodeInvalidEventPattern, "%s", pe.Error())
		}
		return nil, err
	}
	return p, nil
}

// validatePattern reports parsePattern's error only.
func validatePattern(src string) error {
	_, err := parsePattern(src)
	return err
}

// checkSchedule validates a ScheduleExpression; AWS has one message for every fault.
func checkSchedule(expr string) error {
	if _, err := schedule.Parse(expr); err != nil {
		return validationError("Parameter ScheduleExpression is not valid.")
	}
	return nil
}

// matchPattern reports whether event (a JSON object) matches p.
func matchPattern(p *pattern.Pattern, event []byte) (bool, error) {
	m := pattern.NewMachine()
	if err := m.Add("p", p); err != nil {
		return false, err
	}
	ids, err := m.Match(event, nil)
	if err != nil {
		return false, err
	}
	return len(ids) > 0, nil
}
