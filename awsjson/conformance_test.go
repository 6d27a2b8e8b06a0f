package awsjson

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/conformance"
)

// recordedError is one line of ../shared/conformance/errors.jsonl as the wire-form replay
// reads it.
type recordedError struct {
	Kind      string  `json:"kind"`
	ErrorType string  `json:"error_type"`
	Error     string  `json:"error"`
	ErrorRaw  *string `json:"error_raw"`
	Status    int     `json:"http_status"`
	ID        string  `json:"id"`
}

// TestConformanceErrorWireForm replays every API error AWS returned in the recorded suites
// (conformance/errors.jsonl) through the edge: the status, __type, X-Amzn-ErrorType and the
// exact message (multi-line, quotes and all) must come out as AWS sent them.
func TestConformanceErrorWireForm(t *testing.T) {
	cases := conformance.LoadJSONL[recordedError](t, "errors.jsonl")
	svc := &Service{TargetPrefix: "AWSEvents", SigningName: "events"}
	Handle(svc, "Replay", func(_ context.Context, in *eventrail.Error) (*struct{}, error) {
		return nil, in
	})
	srv := newServer(t, Options{Services: []*Service{svc}})
	var passed, total int
	for _, c := range cases {
		if c.Kind != "api_error" {
			continue
		}
		msg := c.Error
		if c.ErrorRaw != nil {
			msg = *c.ErrorRaw
		}
		body, _ := json.Marshal(map[string]string{"Code": c.ErrorType, "Message": msg})
		total++
		rp := post(t, srv.URL, "AWSEvents.Replay", string(body))
		if rp.status == c.Status && rp.json["__type"] == c.ErrorType && rp.json["message"] == msg &&
			rp.header.Get("X-Amzn-ErrorType") == c.ErrorType {
			passed++
			continue
		}
		t.Errorf("%s: got %d %s", c.ID, rp.status, rp.body)
	}
	t.Logf("errors.jsonl api_error wire form: %d/%d passed", passed, total)
	if total == 0 {
		t.Error("no api_error cases found")
	}
}
