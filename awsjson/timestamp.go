package awsjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"
)

// Timestamp is a time in the AWS JSON protocol's default wire form: epoch seconds as a JSON
// number, with a fraction when the time has sub-second precision (1700000000.123). Decoding
// also accepts ISO-8601 / RFC 3339 strings, as the spec asks us to be liberal (§12.1). The zero
// Timestamp encodes as null; use a pointer with omitempty to omit it.
type Timestamp struct{ time.Time }

// MarshalJSON encodes t as epoch seconds with at most millisecond precision.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.AppendInt(nil, ms/1000, 10), nil
	}
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON decodes epoch seconds (integer or fractional) or an RFC 3339 string; null
// leaves t unchanged.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return errors.New("timestamp: not an epoch number or ISO-8601 time")
		}
		t.Time = v
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "timestamp", Type: nil}
	}
	t.Time = time.UnixMilli(int64(math.Round(f * 1000))).UTC()
	return nil
}
