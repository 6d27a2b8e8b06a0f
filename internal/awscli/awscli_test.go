package awscli

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeLogs answers every CloudWatch Logs (JSON 1.1) call with the given status and body.
func fakeLogs(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if status != http.StatusOK {
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRunDecodesOutput(t *testing.T) {
	ep := fakeLogs(t, http.StatusOK, `{"logGroups":[{"logGroupName":"/a"}]}`)
	out, err := Run(t, ep, "logs", "describe-log-groups")
	if err != nil {
		t.Fatal(err)
	}
	groups, _ := out["logGroups"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["logGroupName"] != "/a" {
		t.Fatalf("output %v", out)
	}
}

func TestRunReturnsCLIErrorWithAWSMessage(t *testing.T) {
	ep := fakeLogs(t, http.StatusBadRequest, `{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}`)
	out, err := Run(t, ep, "logs", "describe-log-streams", "--log-group-name", "/missing")
	var ce *Error
	if !errors.As(err, &ce) || out != nil {
		t.Fatalf("got %v, %v; want an *Error", out, err)
	}
	if !strings.Contains(ce.Error(), "ResourceNotFoundException") || !strings.Contains(ce.Stderr, "The specified log group does not exist.") {
		t.Fatalf("stderr %q", ce.Stderr)
	}
}
