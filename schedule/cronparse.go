package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// fieldSpec describes one of the six cron fields.
type fieldSpec struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i (months, days of week)
	offset   int      // stored in a bitset as value-offset (years)
}

var (
	minuteField = fieldSpec{name: "minutes", min: 0, max: 59}
	hourField   = fieldSpec{name: "hours", min: 0, max: 23}
	domField    = fieldSpec{name: "day-of-month", min: 1, max: 31}
	monthField  = fieldSpec{name: "month", min: 1, max: 12,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	dowField  = fieldSpec{name: "day-of-week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearField = fieldSpec{name: "year", min: MinYear, max: MaxYear, offset: MinYear}
)

// domKind and dowKind say how a day field selects days.
type domKind uint8

const (
	domNone        domKind = iota // '?'
	domSet                        // values, ranges, lists, increments, '*'
	domLast                       // L or L-n: the last day minus offset
	domWeekday                    // nW: the weekday nearest day n
	domLastWeekday                // LW: the last weekday of the month
)

type dowKind uint8

const (
	dowNone dowKind = iota // '?'
	dowSet                 // values, ranges, lists, increments, '*', or L (= Saturday)
	dowLast                // dL: the last weekday d of the month
	dowNth                 // d#n: the n-th weekday d of the month
)

// parseCron parses cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR).
func parseCron(expr string, loc *time.Location) (Schedule, error) {
	inner, ok := strings.CutPrefix(expr, "cron(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, invalid(expr, "write cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR), closed by ')' with nothing after it")
	}
	f := strings.Fields(inner[:len(inner)-1])
	if len(f) != 6 {
		return nil, invalid(expr, fmt.Sprintf("cron takes six fields (minutes hours day-of-month month day-of-week year), not %d", len(f)))
	}
	c := &cron{expr: expr, loc: loc}
	var err error
	if c.minutes, err = parseList(f[0], minuteField); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if c.hours, err = parseList(f[1], hourField); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if err = c.parseDOM(f[2]); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if c.months, err = parseList(f[3], monthField); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if err = c.parseDOW(f[4]); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if c.years, err = parseList(f[5], yearField); err != nil {
		return nil, invalid(expr, err.Error())
	}
	if (c.domKind == domNone) == (c.dowKind == dowNone) {
		return nil, invalid(expr, "exactly one of day-of-month and day-of-week must be '?', e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)")
	}
	return c, nil
}

// parseDOM parses the day-of-month field: ?, L, L-n, LW, nW or a list.
func (c *cron) parseDOM(s string) error {
	switch u := strings.ToUpper(s); {
	case u == "?":
		c.domKind = domNone
	case u == "L":
		c.domKind = domLast
	case u == "LW":
		c.domKind = domLastWeekday
	case strings.HasPrefix(u, "L-"):
		n, err := number(u[2:], 0, 30, domField)
		if err != nil {
			return err
		}
		c.domKind, c.domN = domLast, n
	case strings.HasSuffix(u, "W"):
		n, err := number(u[:len(u)-1], 1, 31, domField)
		if err != nil {
			return err
		}
		c.domKind, c.domN = domWeekday, n
	default:
		set, err := parseList(s, domField)
		if err != nil {
			return err
		}
		c.domKind, c.domDays = domSet, set
	}
	return nil
}

// parseDOW parses the day-of-week field: ?, L, dL, d#n or a list.
func (c *cron) parseDOW(s string) error {
	u := strings.ToUpper(s)
	switch {
	case u == "?":
		c.dowKind = dowNone
	case u == "L":
		c.dowKind = dowSet
		c.dowDays.set(7)
	case strings.Contains(u, "#"):
		day, nth, _ := strings.Cut(u, "#")
		d, err := value(day, dowField)
		if err != nil {
			return err
		}
		n, err := number(nth, 1, 5, fieldSpec{name: "day-of-week #"})
		if err != nil {
			return fmt.Errorf("day-of-week: in %s, # must be followed by 1 to 5 and be the only item of the field", s)
		}
		c.dowKind, c.dowDay, c.dowN = dowNth, d, n
	case strings.HasSuffix(u, "L"):
		d, err := value(u[:len(u)-1], dowField)
		if err != nil {
			return err
		}
		c.dowKind, c.dowDay = dowLast, d
	default:
		set, err := parseList(s, dowField)
		if err != nil {
			return err
		}
		c.dowKind, c.dowDays = dowSet, set
	}
	return nil
}

// parseList parses a comma-separated list of *, v, a-b (wrapping when a > b), and the
// increments */n, a/n, a-b/n.
func parseList(s string, f fieldSpec) (bitset, error) {
	var set bitset
	for _, item := range strings.Split(s, ",") {
		if err := parseItem(item, f, &set); err != nil {
			return bitset{}, err
		}
	}
	return set, nil
}

func parseItem(item string, f fieldSpec, set *bitset) error {
	rng, stepText, hasStep := strings.Cut(item, "/")
	step := 1
	if hasStep {
		n, err := number(stepText, 1, f.max, fieldSpec{name: f.name + " increment"})
		if err != nil {
			return fmt.Errorf("%s: the increment in %q must be a whole number from 1 to %d", f.name, item, f.max)
		}
		step = n
	}
	lo, hi := f.min, f.max
	switch a, b, isRange := strings.Cut(rng, "-"); {
	case rng == "*":
	case isRange:
		var err error
		if lo, err = value(a, f); err != nil {
			return err
		}
		if hi, err = value(b, f); err != nil {
			return err
		}
	default:
		v, err := value(rng, f)
		if err != nil {
			return err
		}
		lo, hi = v, v
		if hasStep {
			hi = f.max
		}
	}
	span := hi - lo
	if span < 0 { // wrap-around range such as 20-2 or FRI-MON
		span += f.max - f.min + 1
	}
	for k := 0; k <= span; k += step {
		v := lo + k
		if v > f.max {
			v -= f.max - f.min + 1
		}
		set.set(v - f.offset)
	}
	return nil
}

// value parses one number or name of field f.
func value(s string, f fieldSpec) (int, error) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, nil
		}
	}
	return number(s, f.min, f.max, f)
}

// number parses a decimal number in [lo, hi].
func number(s string, lo, hi int, f fieldSpec) (int, error) {
	if s == "" || len(s) > 4 || strings.TrimLeft(s, "0123456789") != "" {
		if len(f.names) > 0 {
			return 0, fmt.Errorf("%s: %q is neither a number from %d to %d nor one of %s", f.name, s, lo, hi, strings.Join(f.names, ","))
		}
		return 0, fmt.Errorf("%s: %q is not a number from %d to %d", f.name, s, lo, hi)
	}
	n, _ := strconv.Atoi(s)
	if n < lo || n > hi {
		return 0, fmt.Errorf("%s: %d is out of range %d-%d", f.name, n, lo, hi)
	}
	return n, nil
}
