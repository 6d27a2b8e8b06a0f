package schedule_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/eventrail/eventrail/schedule"
)

func ExampleParse() {
	s, err := schedule.Parse("cron(0 12 * * ? *)")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Next(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)))
	// Output: 2026-01-02 12:00:00 +0000 UTC
}

func ExampleParse_invalid() {
	_, err := schedule.Parse("rate(12 hour)")
	var pe *schedule.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Error())
		fmt.Println(pe.Hint)
	}
	// Output:
	// Parameter ScheduleExpression is not valid.
	// use rate(12 hours): the unit is plural for any value but 1
}

func ExampleNewRateFrom() {
	s, _ := schedule.Parse("rate(12 hours)")
	created := time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC)
	r := schedule.NewRateFrom(s.(schedule.Rate), created)
	fmt.Println(r.Next(created))
	fmt.Println(r.Next(created.Add(13 * time.Hour)))
	// Output:
	// 2026-01-01 21:30:00 +0000 UTC
	// 2026-01-02 09:30:00 +0000 UTC
}

func ExampleParseScheduler() {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	s, _ := schedule.ParseScheduler("cron(30 2 * * ? *)", ny)
	// 02:30 does not exist on 2026-03-08 (clocks jump from 02:00 to 03:00): not invoked.
	fmt.Println(s.Next(time.Date(2026, 3, 7, 12, 0, 0, 0, ny)))
	// Output: 2026-03-09 02:30:00 -0400 EDT
}
