package awsjson

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestampRoundTrip(t *testing.T) {
	cases := []struct {
		t    time.Time
		wire string
	}{
		{time.Unix(1700000000, 0), "1700000000"},
		{time.UnixMilli(1700000000123), "1700000000.123"},
		{time.UnixMilli(1700000000500), "1700000000.5"},
		{time.Time{}, "null"},
	}
	for _, c := range cases {
		b, err := json.Marshal(Timestamp{c.t})
		if err != nil || string(b) != c.wire {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.t, b, err, c.wire)
		}
		var back Timestamp
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(c.t) {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", b, back, err, c.t)
		}
	}
	var ts Timestamp
	if err := json.Unmarshal([]byte(`"2026-11-21T09:30:00.25Z"`), &ts); err != nil || !ts.Equal(time.Date(2026, 11, 21, 9, 30, 0, 250e6, time.UTC)) {
		t.Errorf("ISO string: %v %v", ts, err)
	}
	for _, bad := range []string{`"yesterday"`, `true`, `{}`, `"`} {
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}
