package control

import (
	"context"
	"encoding/json"

	"github.com/eventrail/eventrail"
)

// TestEventPatternInput is the TestEventPattern request.
type TestEventPatternInput struct {
	EventPattern string `json:"EventPattern"`
	Event        string `json:"Event"`
}

// TestEventPatternOutput is the TestEventPattern response.
type TestEventPatternOutput struct {
	Result bool `json:"Result"`
}

// eventMandatory are the envelope fields TestEventPattern requires of its Event (AWS does
// not insist on "resources" although the documentation lists it).
var eventMandatory = []string{"id", "account", "source", "time", "region", "detail-type"}

// errBadEvent is TestEventPattern's answer for an unusable Event.
var errBadEvent = validationError("Parameter Event is not valid.")

// TestEventPattern reports whether Event matches EventPattern, with the matcher the router
// uses.
func (s *Service) TestEventPattern(ctx context.Context, in *TestEventPatternInput) (*TestEventPatternOutput, error) {
	var v eventrail.Violations
	if in.EventPattern == "" {
		v.AddNull("eventPattern")
	}
	v.MaxLen(in.EventPattern, "eventPattern", HardMaxPatternLength)
	if in.Event == "" {
		v.AddNull("event")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !validTestEvent([]byte(in.Event)) {
		return nil, errBadEvent
	}
	p, err := parsePattern(in.EventPattern)
	if err != nil {
		return nil, err
	}
	ok, err := matchPattern(p, []byte(in.Event))
	if err != nil {
		return nil, errBadEvent
	}
	return &TestEventPatternOutput{Result: ok}, nil
}

// validTestEvent reports whether b is a JSON object carrying every mandatory envelope field.
func validTestEvent(b []byte) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil || obj == nil {
		return false
	}
	for _, k := range eventMandatory {
		if _, ok := obj[k]; !ok {
			return false
		}
	}
	return true
}
