// Package schedule parses EventBridge schedule expressions and computes their fire times
// (spec §6): rate(VALUE UNIT) and cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR) for
// scheduled rules (UTC), plus at(yyyy-mm-ddThh:mm:ss) and time zones for EventBridge
// Scheduler.
//
// Parse and ParseScheduler return an immutable, goroutine-safe Schedule whose Next(t) is the
// first fire time strictly after t, or the zero time when there is none (no cron fires after
// 2199). Invalid expressions yield a *ParseError whose Error() is AWS's exact text,
// "Parameter ScheduleExpression is not valid.", and whose Hint says what would be valid.
//
// The cron dialect is AWS's: six fields, day-of-week 1 = Sunday, names JAN-DEC and SUN-SAT
// (any case), exactly one of day-of-month / day-of-week is '?', lists, ranges (wrapping when
// the start is after the end, e.g. hours 20-2), increments a/n, a-b/n and */n, L, L-n, LW and
// nW in day-of-month, L, dL and d#n in day-of-week, years 1970-2199. rate() is strict:
// exactly one space, singular unit for 1 and plural otherwise, minute/hour/day only.
//
// Next walks the calendar field by field (year, month, day, hour, minute), so its cost is
// bounded by the years and months it skips, never by the minutes in between. The calendar
// arithmetic is written here; only time.Date is used to map local wall clocks to instants.
//
// The package is pure: standard library and the root package only.
package schedule
