package sqsquery

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// awsCLI is the Debian AWS CLI (2.9.x), which speaks SQS's Query protocol.
const awsCLI = "/usr/bin/aws"

// cli runs the real AWS CLI against an env.
type cli struct {
	t      *testing.T
	e      *env
	home   string
	secret string
}

func newCLI(t *testing.T, e *env) *cli {
	t.Helper()
	if testing.Short() {
		t.Skip("the AWS CLI takes seconds per command; skipped with -short")
	}
	if _, err := os.Stat(awsCLI); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", awsCLI, err)
		}
		t.Skipf("%s not installed", awsCLI)
	}
	return &cli{t: t, e: e, home: t.TempDir(), secret: "test"}
}

// run runs "aws sqs <args>" and returns stdout, stderr and the error of the process.
func (c *cli) run(args ...string) (string, string, error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, awsCLI, append([]string{"--endpoint-url", c.e.srv.URL, "--output", "json", "sqs"}, args...)...)
	cmd.Env = []string{
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=" + c.secret, "AWS_DEFAULT_REGION=us-east-1",
		"HOME=" + c.home, "AWS_MAX_ATTEMPTS=1", "AWS_PAGER=", "PATH=/usr/bin:/bin",
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	c.t.Logf("aws sqs %s: %v", args[0], time.Since(start).Round(time.Millisecond))
	return out.String(), errb.String(), err
}

// ok runs a command that must succeed and decodes its JSON output (if any) into v.
func (c *cli) ok(v any, args ...string) {
	c.t.Helper()
	out, stderr, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("aws sqs %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(out), v); err != nil {
			c.t.Fatalf("aws sqs %s: output %q: %v", args[0], out, err)
		}
	}
}

// fails runs a command that must fail and returns its stderr.
func (c *cli) fails(args ...string) string {
	c.t.Helper()
	_, stderr, err := c.run(args...)
	if err == nil {
		c.t.Fatalf("aws sqs %s succeeded, want an error", strings.Join(args, " "))
	}
	return stderr
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

type cliMessage struct {
	MessageId, ReceiptHandle, MD5OfBody, Body, MD5OfMessageAttributes string
	Attributes                                                        map[string]string
	MessageAttributes                                                 map[string]struct {
		DataType, StringValue, BinaryValue string
	}
}

func (c *cli) receive(url string) []cliMessage {
	c.t.Helper()
	var out struct{ Messages []cliMessage }
	c.ok(&out, "receive-message", "--queue-url", url, "--attribute-names", "All",
		"--message-attribute-names", "All", "--max-number-of-messages", "10")
	return out.Messages
}

func TestCLIEndToEnd(t *testing.T) {
	e := newEnv(t, nil, Options{})
	c := newCLI(t, e)
	want := e.queueURL("orders")

	var created struct{ QueueUrl string }
	c.ok(&created, "create-queue", "--queue-name", "orders", "--attributes", "VisibilityTimeout=45", "--tags", "team=payments")
	if created.QueueUrl != want {
		t.Fatalf("create-queue QueueUrl = %q, want %q", created.QueueUrl, want)
	}
	var got struct{ QueueUrl string }
	c.ok(&got, "get-queue-url", "--queue-name", "orders")
	if got.QueueUrl != want {
		t.Fatalf("get-queue-url = %q, want %q", got.QueueUrl, want)
	}
	var listed struct{ QueueUrls []string }
	c.ok(&listed, "list-queues")
	if len(listed.QueueUrls) != 1 || listed.QueueUrls[0] != want {
		t.Fatalf("list-queues = %v", listed.QueueUrls)
	}

	body := "hello\r\nworld & <friends> \"é\""
	var sent struct{ MessageId, MD5OfMessageBody, MD5OfMessageAttributes string }
	c.ok(&sent, "send-message", "--queue-url", want, "--message-body", body, "--message-attributes",
		`{"color":{"DataType":"String","StringValue":"red"},"n":{"DataType":"Number","StringValue":"42"},"raw":{"DataType":"Binary","BinaryValue":"AQID"}}`)
	if sent.MessageId == "" || sent.MD5OfMessageBody != md5hex(body) || sent.MD5OfMessageAttributes == "" {
		t.Fatalf("send-message = %+v (body md5 %s)", sent, md5hex(body))
	}

	msgs := c.receive(want)
	if len(msgs) != 1 {
		t.Fatalf("receive-message got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Body != body || m.MD5OfBody != md5hex(body) || m.MessageId != sent.MessageId {
		t.Fatalf("received %+v", m)
	}
	if m.MD5OfMessageAttributes != sent.MD5OfMessageAttributes {
		t.Fatalf("MD5OfMessageAttributes %s on receive, %s on send", m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes)
	}
	if m.Attributes["ApproximateReceiveCount"] != "1" || m.Attributes["SenderId"] == "" || m.Attributes["SentTimestamp"] == "" {
		t.Fatalf("system attributes %v", m.Attributes)
	}
	if a := m.MessageAttributes; a["color"].StringValue != "red" || a["n"].DataType != "Number" || a["raw"].BinaryValue != "AQID" {
		t.Fatalf("message attributes %+v", a)
	}

	c.ok(nil, "change-message-visibility", "--queue-url", want, "--receipt-handle", m.ReceiptHandle, "--visibility-timeout", "0")
	again := c.receive(want)
	if len(again) != 1 || again[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after change-message-visibility 0: %+v", again)
	}
	c.ok(nil, "delete-message", "--queue-url", want, "--receipt-handle", again[0].ReceiptHandle)

	var attrs struct{ Attributes map[string]string }
	c.ok(&attrs, "get-queue-attributes", "--queue-url", want, "--attribute-names", "All")
	if a := attrs.Attributes; a["VisibilityTimeout"] != "45" || a["ApproximateNumberOfMessages"] != "0" ||
		a["ApproximateNumberOfMessagesNotVisible"] != "0" || a["QueueArn"] != "arn:aws:sqs:us-east-1:000000000000:orders" {
		t.Fatalf("get-queue-attributes All = %v", a)
	}
	c.ok(nil, "set-queue-attributes", "--queue-url", want, "--attributes", "DelaySeconds=7")
	attrs.Attributes = nil
	c.ok(&attrs, "get-queue-attributes", "--queue-url", want, "--attribute-names", "DelaySeconds")
	if len(attrs.Attributes) != 1 || attrs.Attributes["DelaySeconds"] != "7" {
		t.Fatalf("get-queue-attributes DelaySeconds = %v", attrs.Attributes)
	}

	var tags struct{ Tags map[string]string }
	c.ok(&tags, "list-queue-tags", "--queue-url", want)
	if tags.Tags["team"] != "payments" {
		t.Fatalf("list-queue-tags = %v", tags.Tags)
	}

	c.ok(nil, "send-message", "--queue-url", want, "--message-body", "to purge")
	c.ok(nil, "purge-queue", "--queue-url", want)
	attrs.Attributes = nil
	c.ok(&attrs, "get-queue-attributes", "--queue-url", want, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed")
	if attrs.Attributes["ApproximateNumberOfMessages"] != "0" || attrs.Attributes["ApproximateNumberOfMessagesDelayed"] != "0" {
		t.Fatalf("after purge-queue: %v", attrs.Attributes)
	}

	c.ok(nil, "delete-queue", "--queue-url", want)
	stderr := c.fails("get-queue-url", "--queue-name", "orders")
	if !strings.Contains(stderr, "(AWS.SimpleQueueService.NonExistentQueue)") ||
		!strings.Contains(stderr, "The specified queue does not exist for this wsdl version.") {
		t.Fatalf("get-queue-url after delete-queue: stderr %q", stderr)
	}
}

// TestCLISigned checks that awsjson's SigV4 verification accepts the CLI's signed Query
// requests, rejects a wrong secret and an unknown key with the Query error codes, and that the
// batch result shapes parse.
func TestCLISigned(t *testing.T) {
	e := newEnv(t, nil, Options{Credentials: map[string]string{"test": "test"}, Region: "us-east-1"})
	c := newCLI(t, e)
	var created struct{ QueueUrl string }
	c.ok(&created, "create-queue", "--queue-name", "signed")
	var batch struct {
		Successful []struct{ Id, MessageId, MD5OfMessageBody string }
		Failed     []struct{ Id, Code string }
	}
	c.ok(&batch, "send-message-batch", "--queue-url", created.QueueUrl, "--entries",
		`[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":"two","DelaySeconds":1000}]`)
	if len(batch.Successful) != 1 || batch.Successful[0].Id != "a" || batch.Successful[0].MD5OfMessageBody != md5hex("one") ||
		len(batch.Failed) != 1 || batch.Failed[0].Id != "b" || batch.Failed[0].Code != "InvalidParameterValue" {
		t.Fatalf("send-message-batch = %+v", batch)
	}
	msgs := c.receive(created.QueueUrl)
	if len(msgs) != 1 || msgs[0].Body != "one" {
		t.Fatalf("receive-message = %+v", msgs)
	}
	var deleted struct {
		Successful []struct{ Id string }
		Failed     []struct{ Id, Code string }
	}
	c.ok(&deleted, "delete-message-batch", "--queue-url", created.QueueUrl, "--entries",
		`[{"Id":"x","ReceiptHandle":"`+msgs[0].ReceiptHandle+`"},{"Id":"y","ReceiptHandle":"bogus"}]`)
	if len(deleted.Successful) != 1 || deleted.Successful[0].Id != "x" || len(deleted.Failed) != 1 ||
		deleted.Failed[0].Code != "ReceiptHandleIsInvalid" {
		t.Fatalf("delete-message-batch = %+v", deleted)
	}

	c.ok(nil, "send-message", "--queue-url", created.QueueUrl, "--message-body", "three")
	msgs = c.receive(created.QueueUrl)
	if len(msgs) != 1 {
		t.Fatalf("receive-message = %+v", msgs)
	}
	var changed struct {
		Successful []struct{ Id string }
		Failed     []struct{ Id, Code string }
	}
	c.ok(&changed, "change-message-visibility-batch", "--queue-url", created.QueueUrl, "--entries",
		`[{"Id":"p","ReceiptHandle":"`+msgs[0].ReceiptHandle+`","VisibilityTimeout":0}]`)
	if len(changed.Successful) != 1 || changed.Successful[0].Id != "p" || len(changed.Failed) != 0 {
		t.Fatalf("change-message-visibility-batch = %+v", changed)
	}

	c.ok(nil, "tag-queue", "--queue-url", created.QueueUrl, "--tags", "a=1,b=2")
	c.ok(nil, "untag-queue", "--queue-url", created.QueueUrl, "--tag-keys", "a")
	var tags struct{ Tags map[string]string }
	c.ok(&tags, "list-queue-tags", "--queue-url", created.QueueUrl)
	if len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Fatalf("list-queue-tags = %v", tags.Tags)
	}

	c.secret = "wrong"
	if stderr := c.fails("list-queues"); !strings.Contains(stderr, "(SignatureDoesNotMatch)") {
		t.Fatalf("wrong secret: stderr %q", stderr)
	}
}
