package schedule

import (
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"rate(1 minute)", "rate(12 hour)", "rate(5 days)", "rate( 1 minute)", "cron(0 12 * * ? *)",
		"cron(0 1 * * * *)", "cron(15 10 ? * 6L 2002-2005)", "cron(0 2 ? * SAT#3 *)", "cron(0/5 8-17 ? * MON-FRI *)",
		"cron(0 0 LW * ? *)", "cron(0 0 L-3 * ? *)", "cron(0 0 15W * ? *)", "cron(59 23 29 2 ? 2196-2199)",
		"cron(0 20-2 ? * FRI-MON *)", "cron(*/7 */5 */9 */4 ? 1970/57)", "at(2030-01-31T18:00:00)", "cron(INVALID)",
	} {
		f.Add(s, int64(1767225600), uint8(0))
		f.Add(s, int64(-100000000), uint8(1))
		f.Add(s, int64(7258118400), uint8(2))
	}
	zones := []string{"UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"}
	f.Fuzz(func(t *testing.T, expr string, unix int64, zone uint8) {
		if _, err := Parse(expr); err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("Parse error %T is not a *ParseError", err)
			}
		}
		loc, err := time.LoadLocation(zones[int(zone)%len(zones)])
		if err != nil {
			loc = time.UTC
		}
		s, err := ParseScheduler(expr, loc)
		if err != nil {
			return
		}
		at := time.Unix(unix%(1<<36), 0)
		for i := 0; i < 3; i++ {
			next := s.Next(at)
			if next.IsZero() {
				return
			}
			if !next.After(at) {
				t.Fatalf("%s: Next(%s) = %s is not after it", expr, at, next)
			}
			at = next
		}
	})
}
