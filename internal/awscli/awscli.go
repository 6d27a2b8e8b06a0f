// Package awscli runs the AWS CLI against a local eventrail endpoint for the tests of the
// services it speaks (queue, logs). It is for tests only: a missing CLI, or -short, skips the
// calling test.
package awscli

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Error is a CLI run that exited non-zero; its text is the CLI's stderr, which carries the
// AWS error code and message ("An error occurred (Code) when calling the Op operation: ...").
type Error struct{ Stderr string }

func (e *Error) Error() string { return e.Stderr }

// Run runs `aws --endpoint-url endpoint --output json args...` with fixed dummy credentials,
// region us-east-1 and no config files, and returns the decoded JSON output (nil when the
// command printed nothing). A failed command is an *Error; output that is not JSON fails t.
// t is skipped when the CLI is not on PATH or under -short.
func Run(t testing.TB, endpoint string, args ...string) (map[string]any, error) {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil || testing.Short() {
		t.Skip("aws CLI not installed (or -short)")
	}
	cmd := exec.Command(bin, append([]string{"--endpoint-url", endpoint, "--output", "json"}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, &Error{string(ee.Stderr)}
		}
		return nil, err
	}
	var v map[string]any
	if strings.TrimSpace(string(out)) != "" {
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("aws %v: %v: %s", args, err, out)
		}
	}
	return v, nil
}
