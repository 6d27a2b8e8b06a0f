package schedulerapi

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

// TestAWSCLI drives the service with the AWS CLI when it is installed (signed requests).
func TestAWSCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("AWS CLI test: not with -short")
	}
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws CLI not installed")
	}
	e := newEnv(t, eventrail.SystemClock{})
	run := func(args ...string) (map[string]any, string, bool) {
		cmd := exec.Command(bin, append([]string{"scheduler"}, append(args, "--endpoint-url", e.url, "--region", "us-east-1", "--output", "json")...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+testAKID, "AWS_SECRET_ACCESS_KEY="+testSecret,
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_MAX_ATTEMPTS=1")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var out map[string]any
		if s := strings.TrimSpace(stdout.String()); s != "" {
			_ = json.Unmarshal([]byte(s), &out)
		}
		return out, stderr.String(), err == nil
	}
	out, stderr, ok := run("create-schedule", "--name", "cli", "--schedule-expression", "cron(0 9 ? * MON-FRI *)",
		"--schedule-expression-timezone", "Europe/Berlin", "--flexible-time-window", "Mode=OFF",
		"--target", `{"Arn":"`+testQueue+`","RoleArn":"`+testRole+`","Input":"{\"a\":1}"}`)
	if !ok || out["ScheduleArn"] != "arn:aws:scheduler:us-east-1:000000000000:schedule/default/cli" {
		t.Fatalf("create-schedule: %v %s", out, stderr)
	}
	out, stderr, ok = run("get-schedule", "--name", "cli")
	if !ok || out["ScheduleExpressionTimezone"] != "Europe/Berlin" || out["Target"].(map[string]any)["Input"] != `{"a":1}` {
		t.Errorf("get-schedule: %v %s", out, stderr)
	}
	out, stderr, ok = run("list-schedules")
	if !ok || len(out["Schedules"].([]any)) != 1 {
		t.Errorf("list-schedules: %v %s", out, stderr)
	}
	if _, stderr, ok = run("delete-schedule", "--name", "cli"); !ok {
		t.Errorf("delete-schedule: %s", stderr)
	}
	_, stderr, ok = run("get-schedule", "--name", "cli")
	if ok || !strings.Contains(stderr, "ResourceNotFoundException") || !strings.Contains(stderr, "Schedule cli does not exist.") {
		t.Errorf("get-schedule of a deleted schedule: ok=%v %s", ok, stderr)
	}
}
