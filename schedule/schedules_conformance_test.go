package schedule

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// conformanceDir returns ../shared/conformance relative to the repository root, skipping the
// test when it is absent (a fresh clone does not have it).
func conformanceDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	conf := filepath.Join(dir, "..", "shared", "conformance")
	if _, err := os.Stat(conf); err != nil {
		t.Skipf("conformance cases not available: %v", err)
	}
	return conf
}

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

func readScheduleCases(t *testing.T) []scheduleCase {
	data, err := os.ReadFile(filepath.Join(conformanceDir(t), "schedules.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []scheduleCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c scheduleCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
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
