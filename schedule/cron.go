package schedule

import "time"

// cron is a parsed cron() expression. Years are stored as year-MinYear.
type cron struct {
	expr                   string
	loc                    *time.Location
	minutes, hours, months bitset
	years                  bitset
	domKind                domKind
	domDays                bitset // domSet
	domN                   int    // domLast: offset from the last day; domWeekday: the day
	dowKind                dowKind
	dowDays                bitset // dowSet: 1 = Sunday ... 7 = Saturday
	dowDay, dowN           int    // dowLast / dowNth: the weekday (1-7) and n
}

func (c *cron) String() string { return c.expr }

// Next returns the first fire time strictly after t. It walks the calendar field by field
// (year, month, day, hour, minute), jumping to the next allowed value of each, so its cost is
// bounded by the number of years and months it skips, never by minutes.
func (c *cron) Next(t time.Time) time.Time {
	local := t.In(c.loc)
	w := wall{local.Year(), int(local.Month()), local.Day(), local.Hour(), local.Minute()}
	w.addMinute()
	if w.y < MinYear {
		w = wall{MinYear, 1, 1, 0, 0}
	}
	for w.y <= MaxYear {
		cand, ok := c.nextWall(w)
		if !ok {
			return time.Time{}
		}
		at, exists := c.instant(cand)
		if exists && at.After(t) {
			return at
		}
		w = cand
		w.addMinute()
	}
	return time.Time{}
}

// wall is a local wall-clock minute.
type wall struct{ y, mo, d, h, mi int }

func (w *wall) addMinute() {
	w.mi++
	if w.mi < 60 {
		return
	}
	w.mi = 0
	w.addHour()
}

func (w *wall) addHour() {
	w.h++
	if w.h < 24 {
		return
	}
	w.h = 0
	w.addDay()
}

func (w *wall) addDay() {
	w.d++
	if w.d <= daysIn(w.y, w.mo) {
		return
	}
	w.d = 1
	w.addMonth()
}

func (w *wall) addMonth() {
	w.mo++
	if w.mo <= 12 {
		return
	}
	w.mo = 1
	w.y++
}

// nextWall returns the first wall-clock minute ≥ w that every field allows (ignoring time
// zone gaps), or false when there is none up to MaxYear.
func (c *cron) nextWall(w wall) (wall, bool) {
	for w.y <= MaxYear {
		if y := c.years.next(w.y - MinYear); y < 0 {
			return wall{}, false
		} else if y+MinYear != w.y {
			w = wall{y + MinYear, 1, 1, 0, 0}
		}
		if m := c.months.next(w.mo); m < 0 || m > 12 {
			w = wall{w.y + 1, 1, 1, 0, 0}
			continue
		} else if m != w.mo {
			w = wall{w.y, m, 1, 0, 0}
		}
		days := c.dayMask(w.y, w.mo)
		if d := days.next(w.d); d < 0 {
			w.d, w.h, w.mi = daysIn(w.y, w.mo), 23, 59
			w.addMinute()
			continue
		} else if d != w.d {
			w.d, w.h, w.mi = d, 0, 0
		}
		if h := c.hours.next(w.h); h < 0 || h > 23 {
			w.h, w.mi = 23, 59
			w.addMinute()
			continue
		} else if h != w.h {
			w.h, w.mi = h, 0
		}
		if m := c.minutes.next(w.mi); m < 0 || m > 59 {
			w.mi = 59
			w.addMinute()
			continue
		} else {
			w.mi = m
		}
		return w, true
	}
	return wall{}, false
}

// instant converts a wall-clock minute to an instant in c.loc. exists is false when the
// minute falls in a DST gap (not invoked). For a minute that occurs twice, the first
// occurrence is returned (invoked once).
func (c *cron) instant(w wall) (time.Time, bool) {
	at := time.Date(w.y, time.Month(w.mo), w.d, w.h, w.mi, 0, 0, c.loc)
	if at.Year() != w.y || int(at.Month()) != w.mo || at.Day() != w.d || at.Hour() != w.h || at.Minute() != w.mi {
		return time.Time{}, false
	}
	if c.loc == time.UTC {
		return at, true
	}
	_, now := at.Zone()
	if _, before := at.Add(-3 * time.Hour).Zone(); before == now {
		return at, true // no clock change in the last 3 hours: the minute occurs once
	}
	for _, back := range [...]time.Duration{3 * time.Hour, 2 * time.Hour, time.Hour, 30 * time.Minute} {
		e := at.Add(-back)
		if e.Hour() == w.h && e.Minute() == w.mi && e.Day() == w.d {
			return e, true
		}
	}
	return at, true
}

// dayMask returns the days (bits 1..31) of month mo of year y the day fields allow.
func (c *cron) dayMask(y, mo int) bitset {
	var m bitset
	dim := daysIn(y, mo)
	if c.domKind != domNone {
		c.domMask(&m, y, mo, dim)
		return m
	}
	first := weekday(y, mo, 1) // 1 = Sunday
	switch c.dowKind {
	case dowSet:
		for d := 1; d <= dim; d++ {
			if c.dowDays.has((first-1+d-1)%7 + 1) {
				m.set(d)
			}
		}
	case dowLast:
		last := weekday(y, mo, dim)
		m.set(dim - (last-c.dowDay+7)%7)
	case dowNth:
		d := 1 + (c.dowDay-first+7)%7 + 7*(c.dowN-1)
		if d <= dim {
			m.set(d)
		}
	}
	return m
}

func (c *cron) domMask(m *bitset, y, mo, dim int) {
	switch c.domKind {
	case domSet:
		for d := 1; d <= dim; d++ {
			if c.domDays.has(d) {
				m.set(d)
			}
		}
	case domLast:
		if d := dim - c.domN; d >= 1 {
			m.set(d)
		}
	case domLastWeekday:
		m.set(nearestWeekday(y, mo, dim, dim))
	case domWeekday:
		if c.domN <= dim {
			m.set(nearestWeekday(y, mo, c.domN, dim))
		}
	}
}

// nearestWeekday returns the Monday-to-Friday day nearest to day d, never leaving the month.
func nearestWeekday(y, mo, d, dim int) int {
	switch weekday(y, mo, d) {
	case 7: // Saturday
		if d == 1 {
			return 3
		}
		return d - 1
	case 1: // Sunday
		if d == dim {
			return d - 2
		}
		return d + 1
	}
	return d
}

// weekday returns the day of week of y-mo-d, 1 = Sunday ... 7 = Saturday.
func weekday(y, mo, d int) int {
	return int(time.Date(y, time.Month(mo), d, 12, 0, 0, 0, time.UTC).Weekday()) + 1
}

// daysIn returns the number of days of month mo (1-12) of year y.
func daysIn(y, mo int) int {
	switch mo {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
