package control

import (
	"strings"
	"testing"
)

const sampleEvent = `{"id": "1", "source": "test-source", "detail-type": "test-detail-type", "account": "123456789012", "region": "us-east-2", "time": "2022-07-13T13:48:01Z", "detail": {"test": "test", "n": 300.0}}`

func TestTestEventPattern(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{"source": ["test-source"]}`, true},
		{`{"source": ["other"]}`, false},
		{`{"detail": {"n": [300]}}`, true},
		{`{"detail": {"test": [{"prefix": "te"}]}, "detail-type": [{"exists": true}]}`, true},
		{`{"resources": [{"exists": false}]}`, true},
	}
	for _, c := range cases {
		out, err := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: c.pattern, Event: sampleEvent})
		mustOK(t, err)
		if out.Result != c.want {
			t.Errorf("%s: got %v", c.pattern, out.Result)
		}
	}
	out, _ := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: cases[1].pattern, Event: sampleEvent})
	if toJSON(t, out) != `{"Result":false}` {
		t.Fatalf("false result must be sent: %s", toJSON(t, out))
	}
}

func TestTestEventPatternErrors(t *testing.T) {
	e := newEnv(t)
	for _, ev := range []string{`"plain string"`, `["plain string"]`, `{"id": "1"}`, `not json`, `{"id":"1","account":"1","source":"s","time":"t","region":"r"}`} {
		_, err := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: `{"source": ["s"]}`, Event: ev})
		wantErr(t, err, "ValidationException", "Parameter Event is not valid.")
	}
	_, err := e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: `{"int": 42}`, Event: sampleEvent})
	wantErrPrefix(t, err, "InvalidEventPatternException", `Event pattern is not valid. Reason: "int" must be an object or an array`)
	_, err = e.s.TestEventPattern(ctx, &TestEventPatternInput{})
	wantErr(t, err, "ValidationException", "2 validation errors detected: Value null at 'eventPattern' failed to satisfy constraint: Member must not be null; Value null at 'event' failed to satisfy constraint: Member must not be null")
	big := `{"source": ["` + strings.Repeat("x", 4100) + `"]}`
	_, err = e.s.TestEventPattern(ctx, &TestEventPatternInput{EventPattern: big, Event: sampleEvent})
	wantErr(t, err, "ValidationException", "1 validation error detected: Value '"+big+"' at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096")
}
