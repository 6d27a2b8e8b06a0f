package control

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// EpochTime is a timestamp as the AWS JSON protocol sends it: epoch seconds as a JSON number,
// possibly fractional. Unmarshalling also accepts numeric strings and ISO-8601 strings (as some
// hand-written clients send them); marshalling always produces a number with millisecond
// precision at most.
type EpochTime struct{ time.Time }

// NewEpochTime returns t as an *EpochTime (nil for the zero time, so the member is omitted).
func NewEpochTime(t time.Time) *EpochTime {
	if t.IsZero() {
		return nil
	}
	return &EpochTime{t}
}

// MarshalJSON renders the time as epoch seconds.
func (t EpochTime) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// errBadTimestamp is returned for timestamps that are neither numbers nor ISO-8601 strings.
var errBadTimestamp = errors.New("control: timestamp is neither epoch seconds nor ISO-8601")

// UnmarshalJSON accepts epoch seconds (number or numeric string) or an ISO-8601 string.
func (t *EpochTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		u, err := strconv.Unquote(s)
		if err != nil {
			return errBadTimestamp
		}
		s = strings.TrimSpace(u)
		if tm, ok := parseISO(s); ok {
			t.Time = tm
			return nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e13 {
		return errBadTimestamp
	}
	sec, frac := math.Modf(f)
	t.Time = time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
	return nil
}

// isoLayouts are the ISO-8601 spellings accepted in input (and the day-first form botocore's
// date parser also understands).
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
	"01-02-2006T15:04:05Z07:00",
	"01-02-2006",
	time.RFC1123,
	time.RFC1123Z,
}

func parseISO(s string) (time.Time, bool) {
	for _, l := range isoLayouts {
		if tm, err := time.Parse(l, s); err == nil {
			return tm.UTC(), true
		}
	}
	return time.Time{}, false
}
