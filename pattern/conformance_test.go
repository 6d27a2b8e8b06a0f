package pattern

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/eventrail/eventrail/internal/conformance"
)

// conformanceCase is one line of ../shared/conformance/patterns.jsonl (recorded against AWS).
type conformanceCase struct {
	ID        string   `json:"id"`
	Pattern   string   `json:"pattern_json"`
	Event     string   `json:"event_json"`
	Expect    string   `json:"expect"`
	Error     string   `json:"error"`
	ErrorFull string   `json:"error_full"`
	Operators []string `json:"operators"`
}

// loadConformance reads ../shared/conformance/patterns.jsonl, skipping when it is absent.
func loadConformance(t *testing.T) []conformanceCase {
	t.Helper()
	return conformance.LoadJSONL[conformanceCase](t, "patterns.jsonl")
}

// catalogueRecord is one line of ../shared/conformance/errors.jsonl as the error catalogue
// replay reads it.
type catalogueRecord struct {
	Type  string `json:"error_type"`
	Error string `json:"error"`
	Raw   string `json:"error_raw"`
}

// runConformanceCase returns "" when the case passes, else what went wrong.
func runConformanceCase(c conformanceCase) string {
	if c.Expect == "invalid_event" {
		if ValidateTestEvent([]byte(c.Event)) == nil {
			return "event accepted, AWS rejects it"
		}
		return ""
	}
	p, err := Parse(c.Pattern)
	if c.Expect == "invalid" {
		if err == nil {
			return "pattern accepted, AWS rejects it with " + c.Error
		}
		var pe *Error
		if !errors.As(err, &pe) {
			return "error is not *Error: " + err.Error()
		}
		got := err.Error()
		if first, _, _ := strings.Cut(got, "\n"); first != c.Error {
			return "error\n got: " + first + "\nwant: " + c.Error
		}
		if c.ErrorFull != "" && !strings.Contains(c.ErrorFull, "<") && got != c.ErrorFull {
			return "full error\n got: " + got + "\nwant: " + c.ErrorFull
		}
		return ""
	}
	if err != nil {
		return "unexpected parse error: " + err.Error()
	}
	got, err := MatchReference(p, []byte(c.Event))
	if err != nil {
		return "event error: " + err.Error()
	}
	if want := c.Expect == "match"; got != want {
		return "match = " + map[bool]string{true: "true", false: "false"}[got] + ", AWS says " + c.Expect
	}
	return ""
}

func TestConformancePatterns(t *testing.T) {
	cases := loadConformance(t)
	pass, total := map[string]int{}, map[string]int{}
	passed := 0
	for _, c := range cases {
		msg := runConformanceCase(c)
		if msg != "" {
			t.Errorf("%s (%s): %s\npattern: %s", c.ID, c.Expect, msg, c.Pattern)
		} else {
			passed++
		}
		for _, op := range c.Operators {
			total[op]++
			if msg == "" {
				pass[op]++
			}
		}
	}
	ops := make([]string, 0, len(total))
	for op := range total {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		t.Logf("operator %-20s %3d/%3d", op, pass[op], total[op])
	}
	t.Logf("conformance: %d/%d cases pass", passed, len(cases))
}

// TestConformanceErrorCatalogue replays every InvalidEventPatternException in errors.jsonl whose
// message shows the pattern (in its location) and compares the whole message.
func TestConformanceErrorCatalogue(t *testing.T) {
	n := 0
	for _, rec := range conformance.LoadJSONL[catalogueRecord](t, "errors.jsonl") {
		full := rec.Raw
		if full == "" {
			full = rec.Error
		}
		if rec.Type != "InvalidEventPatternException" || strings.Contains(full, "<") {
			continue
		}
		_, rest, ok := strings.Cut(full, `[Source: (String)"`)
		if !ok {
			continue
		}
		src, _, _ := strings.Cut(rest, `"; line: `)
		n++
		_, err := Parse(src)
		if err == nil {
			t.Errorf("%s: accepted, AWS says %q", src, full)
		} else if err.Error() != full {
			t.Errorf("%s:\n got: %q\nwant: %q", src, err.Error(), full)
		}
	}
	t.Logf("error catalogue: %d located pattern errors replayed", n)
}
