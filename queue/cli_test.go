package queue

import (
	"strings"
	"testing"

	"github.com/eventrail/eventrail/internal/awscli"
)

// awsCLI runs the AWS CLI against endpoint (see internal/awscli), skipping the test when
// the CLI is not installed.
func awsCLI(t *testing.T, endpoint string, args ...string) (map[string]any, error) {
	t.Helper()
	return awscli.Run(t, endpoint, args...)
}

// The AWS CLI (botocore, JSON protocol) creates a queue, sends and receives through the edge,
// and sees SQS's error codes.
func TestAWSCLI(t *testing.T) {
	s := newSDKEnv(t, nil)
	ep := s.srv.URL
	created, err := awsCLI(t, ep, "sqs", "create-queue", "--queue-name", "cli")
	if err != nil {
		t.Fatal(err)
	}
	url := created["QueueUrl"].(string)
	if _, err := awsCLI(t, ep, "sqs", "send-message", "--queue-url", url, "--message-body", `{"hello":"cli"}`,
		"--message-attributes", `{"k":{"DataType":"String","StringValue":"v"}}`); err != nil {
		t.Fatal(err)
	}
	got, err := awsCLI(t, ep, "sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "1",
		"--message-attribute-names", "All", "--attribute-names", "All")
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := got["Messages"].([]any)
	if len(msgs) != 1 {
		t.Fatalf("receive-message = %v", got)
	}
	m := msgs[0].(map[string]any)
	if m["Body"] != `{"hello":"cli"}` || m["Attributes"].(map[string]any)["ApproximateReceiveCount"] != "1" {
		t.Fatalf("message = %v", m)
	}
	if _, err := awsCLI(t, ep, "sqs", "delete-message", "--queue-url", url, "--receipt-handle", m["ReceiptHandle"].(string)); err != nil {
		t.Fatal(err)
	}
	_, err = awsCLI(t, ep, "sqs", "get-queue-url", "--queue-name", "missing")
	if err == nil || !strings.Contains(err.Error(), "AWS.SimpleQueueService.NonExistentQueue") || !strings.Contains(err.Error(), "The specified queue does not exist.") {
		t.Fatalf("missing queue: %v", err)
	}
}
