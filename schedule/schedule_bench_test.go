package schedule

import (
	"testing"
	"time"
)

func benchNext(b *testing.B, expr string) {
	s, err := Parse(expr)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		s.Next(at)
	}
}

func BenchmarkNextEveryMinute(b *testing.B)  { benchNext(b, "cron(* * * * ? *)") }
func BenchmarkNextDaily(b *testing.B)        { benchNext(b, "cron(0 12 * * ? *)") }
func BenchmarkNextLastFriday(b *testing.B)   { benchNext(b, "cron(15 10 ? * 6L *)") }
func BenchmarkNextLeapDay(b *testing.B)      { benchNext(b, "cron(0 0 29 2 ? *)") }
func BenchmarkNextNeverFeb30(b *testing.B)   { benchNext(b, "cron(0 0 30 2 ? *)") }
func BenchmarkNextFeb5thMonday(b *testing.B) { benchNext(b, "cron(0 0 ? 2 2#5 2027-2199)") }
func BenchmarkNextRate(b *testing.B)         { benchNext(b, "rate(5 minutes)") }

func BenchmarkParseCron(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("cron(0/5 8-17 ? * MON-FRI *)"); err != nil {
			b.Fatal(err)
		}
	}
}
