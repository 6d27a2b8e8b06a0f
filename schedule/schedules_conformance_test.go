package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/conformance"
)

type scheduleCase struct {
	ID             string          `json:"id"`
	Expression     string          `json:"expression"`
	Kind           string          `json:"kind"`
	EventBus       string          `json:"event_bus"`
	Expect         string          `json:"expect"`
	Error          string          `json:"error"`
	ErrorType      string          `json:"error_type"`
	ExpectedOutput json.RawMessage `json:"expected_output"`
}

// readScheduleCases reads ../shared/conformance/schedules.jsonl, skipping when it is absent.
func readScheduleCases(t *testing.T) []scheduleCase {
	t.Helper()
	return conformance.LoadJSONL[scheduleCase](t, "schedules.jsonl")
}

func TestSchedulesConformance(t *testing.T) {
	cases := readScheduleCases(t)
	passed := 0
	for _, c := range cases {
		var ok bool
		if c.Kind == "event-shape" {
			ok = t.Run(c.ID, func(t *testing.T) { runEventShapeCase(t, &c) })
		} else {
			ok = t.Run(c.ID, func(t *testing.T) { runExpressionCase(t, &c) })
		}
		if ok {
			passed++
		}
	}
	t.Logf("schedules.jsonl: %d/%d passed", passed, len(cases))
}

func runExpressionCase(t *testing.T, c *scheduleCase) {
	s, err := CheckRule(c.Expression, c.EventBus)
	if c.Expect == "valid" {
		if err != nil {
			t.Fatalf("CheckRule(%q): %v", c.Expression, err)
		}
		if s.String() != c.Expression {
			t.Fatalf("String() = %q", s.String())
		}
		if next := s.Next(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); next.IsZero() && c.Expression != "cron(15 10 ? * 6L 2002-2005)" {
			t.Fatalf("%s never fires after 2020", c.Expression)
		}
		return
	}
	e, ok := eventrail.AsError(err)
	if !ok || e.Code != c.ErrorType || e.Message != c.Error {
		t.Fatalf("CheckRule(%q, %q) = %v; want %s: %s", c.Expression, c.EventBus, err, c.ErrorType, c.Error)
	}
	if c.EventBus == eventrail.DefaultBusName {
		_, perr := Parse(c.Expression)
		var pe *ParseError
		if !errors.As(perr, &pe) || pe.Error() != c.Error || pe.Hint == "" {
			t.Fatalf("Parse(%q) = %v; want a *ParseError with a hint", c.Expression, perr)
		}
	}
}

func runEventShapeCase(t *testing.T, c *scheduleCase) {
	acct := eventrail.Account{Partition: "<partition>", Region: "<region>", ID: "111111111111"}
	ev := Event(acct, "<rule-name>", "<uuid:2>", time.Date(2025, 1, 22, 13, 55, 48, 0, time.UTC))
	got := bytes.Replace(ev.Envelope(), []byte(`"2025-01-22T13:55:48Z"`), []byte(`"date"`), 1)
	var want, have any
	if err := json.Unmarshal(c.ExpectedOutput, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &have); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, have) {
		t.Fatalf("event\n got %s\nwant %s", got, c.ExpectedOutput)
	}
}
