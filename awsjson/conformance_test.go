package awsjson

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/eventrail/eventrail"
)

// sharedDir returns ../shared relative to the repository root, skipping the test when absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skip("../shared not present")
	}
	return shared
}

// TestConformanceErrorWireForm replays every API error AWS returned in the recorded suites
// (conformance/errors.jsonl) through the edge: the status, __type, X-Amzn-ErrorType and the
// exact message (multi-line, quotes and all) must come out as AWS sent them.
func TestConformanceErrorWireForm(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedDir(t), "conformance", "errors.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	svc := &Service{TargetPrefix: "AWSEvents", SigningName: "events"}
	Handle(svc, "Replay", func(_ context.Context, in *eventrail.Error) (*struct{}, error) {
		return nil, in
	})
	srv := newServer(t, Options{Services: []*Service{svc}})
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var passed, total int
	for sc.Scan() {
		var c struct {
			Kind      string  `json:"kind"`
			ErrorType string  `json:"error_type"`
			Error     string  `json:"error"`
			ErrorRaw  *string `json:"error_raw"`
			Status    int     `json:"http_status"`
			ID        string  `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
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
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("errors.jsonl api_error wire form: %d/%d passed", passed, total)
	if total == 0 {
		t.Error("no api_error cases found")
	}
}
