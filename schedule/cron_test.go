package schedule

import (
	"errors"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCronNext(t *testing.T) {
	tests := []struct {
		expr, after, want string // want "" = never
	}{
		{"cron(0 12 * * ? *)", "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z"},
		{"cron(0 12 * * ? *)", "2026-01-01T11:59:59Z", "2026-01-01T12:00:00Z"},
		{"cron(0 12 * * ? *)", "2026-01-01T11:59:59.999Z", "2026-01-01T12:00:00Z"},
		{"cron(0/15 * * * ? *)", "2026-01-01T10:07:00Z", "2026-01-01T10:15:00Z"},
		{"cron(0/15 * * * ? *)", "2026-01-01T10:45:00Z", "2026-01-01T11:00:00Z"},
		{"cron(*/20 * * * ? *)", "2026-01-01T10:41:00Z", "2026-01-01T11:00:00Z"},
		{"cron(7/20 * * * ? *)", "2026-01-01T10:28:00Z", "2026-01-01T10:47:00Z"},
		{"cron(10-30/10 * * * ? *)", "2026-01-01T10:30:00Z", "2026-01-01T11:10:00Z"},
		{"cron(5,35 14 * * ? *)", "2026-01-01T14:05:00Z", "2026-01-01T14:35:00Z"},
		{"cron(5,35 14 * * ? *)", "2026-01-01T14:35:00Z", "2026-01-02T14:05:00Z"},
		{"cron(0 8 1 * ? *)", "2026-01-01T08:00:00Z", "2026-02-01T08:00:00Z"},
		{"cron(0 0 31 * ? *)", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"},
		{"cron(0 0 29 2 ? *)", "2025-03-01T00:00:00Z", "2028-02-29T00:00:00Z"},
		{"cron(0 0 29 2 ? 2100-2103)", "2000-01-01T00:00:00Z", ""},
		{"cron(0 0 30 2 ? *)", "2000-01-01T00:00:00Z", ""},
		{"cron(0 0 L * ? *)", "2024-02-01T00:00:00Z", "2024-02-29T00:00:00Z"},
		{"cron(0 0 L * ? *)", "2023-02-01T00:00:00Z", "2023-02-28T00:00:00Z"},
		{"cron(0 0 L-2 * ? *)", "2023-02-01T00:00:00Z", "2023-02-26T00:00:00Z"},
		{"cron(0 0 15W * ? *)", "2026-02-01T00:00:00Z", "2026-02-16T00:00:00Z"}, // 15th is a Sunday
		{"cron(0 0 1W * ? *)", "2025-10-31T00:00:00Z", "2025-11-03T00:00:00Z"},  // 1st is a Saturday
		{"cron(0 0 31W * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z"}, // 31st is a Sunday
		{"cron(0 0 31W * ? *)", "2026-04-01T00:00:00Z", "2026-05-29T00:00:00Z"}, // April has no 31st
		{"cron(0 0 LW * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z"},
		{"cron(15 10 ? * 6L 2002-2005)", "2002-01-01T00:00:00Z", "2002-01-25T10:15:00Z"},
		{"cron(15 10 ? * FRIL 2002-2005)", "2005-12-01T00:00:00Z", "2005-12-30T10:15:00Z"},
		{"cron(15 10 ? * 6L 2002-2005)", "2005-12-30T10:15:00Z", ""},
		{"cron(0 2 ? * SAT#3 *)", "2026-01-01T00:00:00Z", "2026-01-17T02:00:00Z"},
		{"cron(0 0 ? * 2#5 *)", "2026-01-01T00:00:00Z", "2026-03-30T00:00:00Z"},
		{"cron(0 0 ? * L *)", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"},
		{"cron(0 0 ? * SAT *)", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"},
		{"cron(0 18 ? * mon-fri *)", "2026-01-02T18:00:00Z", "2026-01-05T18:00:00Z"},
		{"cron(0 20-2 ? * MON-FRI *)", "2026-01-02T23:00:00Z", "2026-01-05T00:00:00Z"},
		{"cron(0 20-2 ? * MON-FRI *)", "2026-01-05T01:00:00Z", "2026-01-05T02:00:00Z"},
		{"cron(0 0 ? * FRI-MON *)", "2026-01-05T00:00:00Z", "2026-01-09T00:00:00Z"},
		{"cron(0 0 1 NOV-FEB ? *)", "2026-02-01T00:00:00Z", "2026-11-01T00:00:00Z"},
		{"cron(0/5 5 ? JAN 1-5 2022)", "2021-06-01T00:00:00Z", "2022-01-02T05:00:00Z"},
		{"cron(0/5 5 ? JAN 1-5 2022)", "2022-01-31T05:55:00Z", ""},
		{"cron(0 0 1 1 ? 2199)", "2198-05-01T00:00:00Z", "2199-01-01T00:00:00Z"},
		{"cron(0 0 1 1 ? *)", "2199-06-01T00:00:00Z", ""},
		{"cron(* * * * ? *)", "2199-12-31T23:59:00Z", ""},
		{"cron(* * * * ? *)", "2199-12-31T23:58:00Z", "2199-12-31T23:59:00Z"},
		{"cron(0 0 1 1 ? *)", "1960-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
		{"cron(0 0 1 1 ? *)", "2300-01-01T00:00:00Z", ""},
		{"cron(59 23 31 12 ? *)", "2026-12-31T23:58:59Z", "2026-12-31T23:59:00Z"},
		{"cron(0 0 1 1 ? 1970/100)", "1971-01-01T00:00:00Z", "2070-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.expr)
		if err != nil {
			t.Errorf("Parse(%q): %v (%s)", tt.expr, err, hint(err))
			continue
		}
		got := s.Next(utc(tt.after))
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("%s after %s = %s, want never", tt.expr, tt.after, got)
			}
			continue
		}
		if !got.Equal(utc(tt.want)) || got.Location() != time.UTC {
			t.Errorf("%s after %s = %s, want %s", tt.expr, tt.after, got, tt.want)
		}
	}
}

func hint(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Hint
	}
	return ""
}

func TestParseHints(t *testing.T) {
	tests := []struct{ expr, hint string }{
		{"rate(12 hour)", "use rate(12 hours): the unit is plural for any value but 1"},
		{"rate(1 hours)", "use rate(1 hour): the unit is singular for 1"},
		{"rate(5 seconds)", "UNIT must be minute(s), hour(s) or day(s), in lower case"},
		{"rate(0 minutes)", "VALUE must be a positive whole number, e.g. rate(5 minutes)"},
		{" rate(5 minutes)", "remove the spaces around the expression: rate(5 minutes)"},
		{"cron(0 1 * * * *)", "exactly one of day-of-month and day-of-week must be '?', e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)"},
		{"cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?', e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)"},
		{"cron(71 8 1 * ? *)", "minutes: 71 is out of range 0-59"},
		{"cron(7 20 * * NOT *)", `day-of-week: "NOT" is neither a number from 1 to 7 nor one of SUN,MON,TUE,WED,THU,FRI,SAT`},
		{"cron(0 12 * * ?)", "cron takes six fields (minutes hours day-of-month month day-of-week year), not 5"},
		{"cron(0 0 ? * 3#1,6#3 *)", "day-of-week: in 3#1,6#3, # must be followed by 1 to 5 and be the only item of the field"},
		{"cron(0 0 1 1 ? 2200)", "year: 2200 is out of range 1970-2199"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.expr)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Error() != InvalidMessage || pe.Hint != tt.hint || pe.Expr != tt.expr {
			t.Errorf("Parse(%q) = %v, hint %q; want hint %q", tt.expr, err, hint(err), tt.hint)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, expr := range []string{
		"", "rate", "cron", "rate(5 minutes) ", "rate(5  minutes)", "rate(5\tminutes)", "rate(+5 minutes)",
		"rate(99999999999999999999 minutes)", "rate(9223372036854775807 days)", "rate(5 Minutes)",
		"cron(0 12 * * ? *) ", "cron(0 24 * * ? *)", "cron(60 0 * * ? *)", "cron(0 0 0 * ? *)",
		"cron(0 0 32 * ? *)", "cron(0 0 * 13 ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 ? * 0 *)",
		"cron(0 0 1 1 ? 1969)", "cron(0/0 0 * * ? *)", "cron(0/ 0 * * ? *)", "cron(0,,1 0 * * ? *)",
		"cron(0 0 ? * 1#6 *)", "cron(0 0 ? * 8L *)", "cron(0 0 32W * ? *)", "cron(0 0 L-31 * ? *)",
		"cron(0 0 * JANUARY ? *)", "cron(a-b 0 * * ? *)", "cron(0 0 1 1 ? * *)", "at(2030-01-01T00:00:00)",
	} {
		if s, err := Parse(expr); err == nil {
			t.Errorf("Parse(%q) accepted: %v", expr, s)
		}
	}
}

func TestParseSchedulerDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	tests := []struct {
		expr, after, want string
	}{
		// 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day.
		{"cron(30 2 * * ? *)", "2026-03-07T17:00:00Z", "2026-03-09T06:30:00Z"},
		{"cron(30 3 * * ? *)", "2026-03-07T17:00:00Z", "2026-03-08T07:30:00Z"},
		// 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice and fires once.
		{"cron(30 1 * * ? *)", "2026-10-31T16:00:00Z", "2026-11-01T05:30:00Z"},
		{"cron(30 1 * * ? *)", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
		{"cron(0/30 * * * ? *)", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z"},
		{"cron(0/30 * * * ? *)", "2026-11-01T06:10:00Z", "2026-11-01T07:00:00Z"},
		{"cron(0 12 * * ? *)", "2026-01-01T00:00:00Z", "2026-01-01T17:00:00Z"},
		{"at(2026-03-08T02:30:00)", "2026-01-01T00:00:00Z", ""},
		{"at(2026-11-01T01:30:15)", "2026-01-01T00:00:00Z", "2026-11-01T05:30:15Z"},
		{"at(2030-01-31T18:00:00)", "2030-01-31T23:00:00Z", ""},
		{"at(2030-01-31T18:00:00)", "2030-01-31T22:59:59Z", "2030-01-31T23:00:00Z"},
		{"rate(1 day)", "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z"},
	}
	for _, tt := range tests {
		s, err := ParseScheduler(tt.expr, ny)
		if err != nil {
			t.Fatalf("ParseScheduler(%q): %v", tt.expr, err)
		}
		got := s.Next(utc(tt.after))
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("%s after %s = %s, want never", tt.expr, tt.after, got)
			}
			continue
		}
		if !got.Equal(utc(tt.want)) {
			t.Errorf("%s after %s = %s (%s), want %s", tt.expr, tt.after, got.UTC(), got, tt.want)
		}
	}
	for _, bad := range []string{"at(2030-02-30T00:00:00)", "at(2030-01-31 18:00:00)", "at(2030-01-31T18:00)", "at(2030-01-31T18:00:00Z)"} {
		if _, err := ParseScheduler(bad, ny); err == nil {
			t.Errorf("ParseScheduler(%q) accepted", bad)
		}
	}
}

func TestRate(t *testing.T) {
	s, err := Parse("rate(5 minutes)")
	if err != nil {
		t.Fatal(err)
	}
	r := s.(Rate)
	if r.Period() != 5*time.Minute || !r.Anchor().IsZero() {
		t.Fatalf("period %v anchor %v", r.Period(), r.Anchor())
	}
	if got := r.Next(utc("2026-01-01T10:00:30Z")); !got.Equal(utc("2026-01-01T10:05:30Z")) {
		t.Fatalf("unanchored Next = %s", got)
	}
	a := NewRateFrom(r, utc("2026-01-01T10:00:30Z"))
	for _, tt := range []struct{ after, want string }{
		{"2025-12-31T00:00:00Z", "2026-01-01T10:05:30Z"},
		{"2026-01-01T10:00:30Z", "2026-01-01T10:05:30Z"},
		{"2026-01-01T10:05:30Z", "2026-01-01T10:10:30Z"},
		{"2026-01-01T10:07:00Z", "2026-01-01T10:10:30Z"},
		{"2026-01-02T10:00:29Z", "2026-01-02T10:00:30Z"},
		{"2199-12-31T23:59:00Z", ""},
	} {
		got := a.Next(utc(tt.after))
		if tt.want == "" {
			if !got.IsZero() {
				t.Errorf("Next(%s) = %s, want never", tt.after, got)
			}
		} else if !got.Equal(utc(tt.want)) {
			t.Errorf("Next(%s) = %s, want %s", tt.after, got, tt.want)
		}
	}
	for expr, want := range map[string]time.Duration{"rate(1 minute)": time.Minute, "rate(1 hour)": time.Hour,
		"rate(2 hours)": 2 * time.Hour, "rate(1 day)": 24 * time.Hour, "rate(7 days)": 7 * 24 * time.Hour, "rate(05 minutes)": 5 * time.Minute} {
		s, err := Parse(expr)
		if err != nil || s.(Rate).Period() != want || s.String() != expr {
			t.Errorf("Parse(%q) = %v, %v", expr, s, err)
		}
	}
}
