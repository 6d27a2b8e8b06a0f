package control

import (
	"encoding/json"
	"testing"
	"time"
)

func TestEpochTime(t *testing.T) {
	want := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{`1640995200`, `1640995200.0`, `"1640995200"`, `"2022-01-01T00:00:00Z"`,
		`"2022-01-01"`, `"2022-01-01 00:00:00Z"`, `"01-01-2022T00:00:00Z"`, `"2022-01-01T01:00:00+01:00"`} {
		var e EpochTime
		if err := json.Unmarshal([]byte(in), &e); err != nil || !e.Equal(want) {
			t.Errorf("%s → %v, %v", in, e.Time, err)
		}
	}
	var e EpochTime
	mustOK(t, json.Unmarshal([]byte(`1640995200.25`), &e))
	if e.Sub(want) != 250*time.Millisecond {
		t.Fatalf("fraction lost: %v", e.Time)
	}
	if b, _ := json.Marshal(e); string(b) != "1640995200.25" {
		t.Fatalf("marshal %s", b)
	}
	if b, _ := json.Marshal(EpochTime{want}); string(b) != "1640995200" {
		t.Fatalf("marshal %s", b)
	}
	for _, bad := range []string{`"yesterday"`, `true`, `"1e400"`, `{}`} {
		var x EpochTime
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("%s accepted as %v", bad, x.Time)
		}
	}
	var s struct {
		T *EpochTime `json:"T,omitempty"`
	}
	mustOK(t, json.Unmarshal([]byte(`{"T":null}`), &s))
	if b, _ := json.Marshal(s); string(b) != `{}` {
		t.Fatalf("unset member emitted: %s", b)
	}
}
