package logs

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/internal/awscli"
)

// awsCLI runs the AWS CLI against endpoint (see internal/awscli), skipping the test when
// the CLI is not installed.
func awsCLI(t *testing.T, endpoint string, args ...string) (map[string]any, error) {
	t.Helper()
	return awscli.Run(t, endpoint, args...)
}

// The AWS CLI writes and reads log events through the edge and sees CloudWatch Logs' errors.
func TestAWSCLI(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Now()) // the CLI's events are stamped with the real time
	svc := &awsjson.Service{TargetPrefix: "Logs_20140328", JSONVersion: "1.1", SigningName: "logs"}
	svc.RegisterAll(e.svc.Operations())
	h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{svc}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ep := srv.URL
	for _, args := range [][]string{
		{"logs", "create-log-group", "--log-group-name", "/cli"},
		{"logs", "create-log-stream", "--log-group-name", "/cli", "--log-stream-name", "s"},
		{"logs", "put-log-events", "--log-group-name", "/cli", "--log-stream-name", "s", "--log-events",
			"timestamp=" + strconv.FormatInt(e.clock.Now().UnixMilli(), 10) + ",message=hello from the cli"},
	} {
		if _, err := awsCLI(t, ep, args...); err != nil {
			t.Fatalf("aws %v: %v", args, err)
		}
	}
	got, err := awsCLI(t, ep, "logs", "filter-log-events", "--log-group-name", "/cli", "--filter-pattern", "cli")
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := got["events"].([]any)
	if len(evs) != 1 || evs[0].(map[string]any)["message"] != "hello from the cli" {
		t.Fatalf("filter-log-events = %v", got)
	}
	_, err = awsCLI(t, ep, "logs", "get-log-events", "--log-group-name", "/nope", "--log-stream-name", "s")
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") || !strings.Contains(err.Error(), "The specified log group does not exist.") {
		t.Fatalf("missing group: %v", err)
	}
}
