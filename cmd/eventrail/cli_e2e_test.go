package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail/internal/seeds"
)

const awsCLI = "/usr/bin/aws"

// cli runs the real AWS CLI against a server.
type cli struct {
	t        *testing.T
	endpoint string
}

func newCLI(t *testing.T, p *proc) *cli {
	t.Helper()
	if _, err := os.Stat(awsCLI); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing in CI: .ci/run installs Debian's awscli", awsCLI)
		}
		t.Skipf("%s is not installed (apt-get install awscli)", awsCLI)
	}
	return &cli{t: t, endpoint: p.Endpoint}
}

// run runs `aws <args> --endpoint-url ...` and returns stdout, stderr and whether it succeeded.
func (c *cli) run(args ...string) (string, string, bool) {
	c.t.Helper()
	cmd := exec.Command(awsCLI, append(args, "--endpoint-url", c.endpoint, "--output", "json")...)
	home := c.t.TempDir()
	cmd.Env = []string{
		"HOME=" + home, "PATH=/usr/bin:/bin",
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_PAGER=", "AWS_CONFIG_FILE=" + home + "/config", "AWS_SHARED_CREDENTIALS_FILE=" + home + "/credentials",
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err == nil
}

// ok runs a command that must succeed and decodes its JSON output (if any) into out.
func (c *cli) ok(out any, args ...string) {
	c.t.Helper()
	stdout, stderr, ok := c.run(args...)
	if !ok {
		c.t.Fatalf("aws %s failed:\n%s", strings.Join(args, " "), stderr)
	}
	if out != nil && strings.TrimSpace(stdout) != "" {
		if err := json.Unmarshal([]byte(stdout), out); err != nil {
			c.t.Fatalf("aws %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, stdout)
		}
	}
}

// fails runs a command that must fail with an error mentioning code and message.
func (c *cli) fails(code, message string, args ...string) {
	c.t.Helper()
	_, stderr, ok := c.run(args...)
	if ok || !strings.Contains(stderr, "("+code+")") || !strings.Contains(stderr, message) {
		c.t.Fatalf("aws %s: want failure %s %q, got ok=%v stderr:\n%s", strings.Join(args, " "), code, message, ok, stderr)
	}
}

func TestCLISmokeP0(t *testing.T) {
	p := startServer(t, t.TempDir())
	c := newCLI(t, p)
	c.ok(nil, "events", "create-event-bus", "--name", "cli-bus")
	var buses struct{ EventBuses []struct{ Name string } }
	c.ok(&buses, "events", "list-event-buses")
	if len(buses.EventBuses) != 2 {
		t.Fatalf("list-event-buses = %+v", buses)
	}
	c.ok(nil, "events", "describe-event-bus", "--name", "cli-bus")
	c.fails("ResourceNotFoundException", "Event bus nope does not exist.", "events", "describe-event-bus", "--name", "nope")
	var rule struct{ RuleArn string }
	c.ok(&rule, "events", "put-rule", "--name", "r1", "--event-bus-name", "cli-bus", "--event-pattern", `{"source":["cli"]}`, "--tags", "Key=k,Value=v")
	c.ok(nil, "events", "describe-rule", "--name", "r1", "--event-bus-name", "cli-bus")
	c.ok(nil, "events", "disable-rule", "--name", "r1", "--event-bus-name", "cli-bus")
	c.ok(nil, "events", "enable-rule", "--name", "r1", "--event-bus-name", "cli-bus")
	var rules struct {
		Rules []struct{ Name, State string }
	}
	c.ok(&rules, "events", "list-rules", "--event-bus-name", "cli-bus")
	if len(rules.Rules) != 1 || rules.Rules[0].State != "ENABLED" {
		t.Fatalf("list-rules = %+v", rules)
	}
	c.ok(nil, "events", "put-targets", "--rule", "r1", "--event-bus-name", "cli-bus", "--targets", "Id=t1,Arn=arn:aws:sqs:us-east-1:000000000000:q")
	var targets struct{ Targets []struct{ Id string } }
	c.ok(&targets, "events", "list-targets-by-rule", "--rule", "r1", "--event-bus-name", "cli-bus")
	if len(targets.Targets) != 1 {
		t.Fatalf("list-targets-by-rule = %+v", targets)
	}
	var put struct {
		FailedEntryCount int
		Entries          []struct{ EventId string }
	}
	c.ok(&put, "events", "put-events", "--entries", `[{"Source":"cli","DetailType":"t","Detail":"{}","EventBusName":"cli-bus"}]`)
	if put.FailedEntryCount != 0 || put.Entries[0].EventId == "" {
		t.Fatalf("put-events = %+v", put)
	}
	var test struct{ Result bool }
	c.ok(&test, "events", "test-event-pattern", "--event-pattern", `{"source":["cli"]}`, "--event",
		`{"id":"1","account":"000000000000","source":"cli","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"t","detail":{}}`)
	if !test.Result {
		t.Fatal("test-event-pattern = false, want true")
	}
	c.ok(nil, "events", "tag-resource", "--resource-arn", rule.RuleArn, "--tags", "Key=env,Value=ci")
	c.ok(nil, "events", "untag-resource", "--resource-arn", rule.RuleArn, "--tag-keys", "k")
	var tags struct{ Tags []struct{ Key string } }
	c.ok(&tags, "events", "list-tags-for-resource", "--resource-arn", rule.RuleArn)
	if len(tags.Tags) != 1 || tags.Tags[0].Key != "env" {
		t.Fatalf("tags = %+v", tags)
	}
	c.fails("ValidationException", "Rule can't be deleted since it has targets.", "events", "delete-rule", "--name", "r1", "--event-bus-name", "cli-bus")
	c.ok(nil, "events", "remove-targets", "--rule", "r1", "--event-bus-name", "cli-bus", "--ids", "t1")
	c.ok(nil, "events", "delete-rule", "--name", "r1", "--event-bus-name", "cli-bus")
	c.ok(nil, "events", "delete-event-bus", "--name", "cli-bus")
	c.fails("ValidationException", "Cannot delete event bus default.", "events", "delete-event-bus", "--name", "default")
}

// seedDocs loads the seed documents or skips when ../shared is absent.
func seedDocs(t *testing.T) []seeds.Doc {
	dir := seeds.Dir()
	if dir == "" {
		t.Skip("../shared/seeds is absent")
	}
	docs, err := seeds.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// findDoc returns the first seed document satisfying pred.
func findDoc(t *testing.T, docs []seeds.Doc, what string, pred func(seeds.Doc) bool) seeds.Doc {
	for _, d := range docs {
		if pred(d) {
			return d
		}
	}
	t.Fatalf("no seed document is %s", what)
	return seeds.Doc{}
}

func detailField(d seeds.Doc, path ...string) any {
	var v any = d.Value
	for _, k := range path {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// TestCLISeedCreateTagsToQueue: seed 003's CreateTags rule, its input path, and its audit record
// put as an event, read back from a queue with the AWS CLI.
func TestCLISeedCreateTagsToQueue(t *testing.T) {
	docs := seedDocs(t)
	p := startServer(t, t.TempDir())
	c := newCLI(t, p)
	pattern := findDoc(t, docs, "the CreateTags pattern", func(d seeds.Doc) bool {
		return d.IsPattern() && strings.Contains(d.Text, `"CreateTags"`)
	})
	record := findDoc(t, docs, "a CreateTags audit record", func(d seeds.Doc) bool {
		return d.IsAuditRecord() && d.Value["eventName"] == "CreateTags"
	})
	var q struct{ QueueUrl string }
	c.ok(&q, "sqs", "create-queue", "--queue-name", "ami-tags")
	c.ok(nil, "events", "put-rule", "--name", "ami-deprecation-tag", "--event-pattern", pattern.Text)
	c.ok(nil, "events", "put-targets", "--rule", "ami-deprecation-tag", "--targets",
		`[{"Id":"q","Arn":"arn:aws:sqs:us-east-1:000000000000:ami-tags","InputPath":"$.detail.requestParameters.resourcesSet.items[0].resourceId"}]`)
	entries, _ := json.Marshal([]map[string]any{{
		"Source": "aws.ec2", "DetailType": "AWS API Call via CloudTrail", "Detail": record.Text,
	}})
	var put struct{ FailedEntryCount int }
	c.ok(&put, "events", "put-events", "--entries", string(entries))
	if put.FailedEntryCount != 0 {
		t.Fatal("put-events of the seed record failed")
	}
	var body string
	eventually(t, 20*time.Second, "the resource id in the queue", func() bool {
		var m struct{ Messages []struct{ Body string } }
		c.ok(&m, "sqs", "receive-message", "--queue-url", q.QueueUrl, "--wait-time-seconds", "1")
		if len(m.Messages) == 0 {
			return false
		}
		body = m.Messages[0].Body
		return true
	})
	if body != `"ami-02c4da7fce6a06413"` {
		t.Fatalf("queue received %s, want \"ami-02c4da7fce6a06413\"", body)
	}
}

// seedPatternShouldMatch is what seed 003 says: each pattern selects its own API call, and the
// CreateImage pattern also requires the image to be tagged at creation (deprecation=hoge), which
// the opswitch CreateImage record is not ("there is no tag information": it tags later with
// CreateTags).
func seedPatternShouldMatch(pat, rec seeds.Doc) bool {
	name, _ := rec.Value["eventName"].(string)
	if !strings.Contains(pat.Text, `"`+name+`"`) {
		return false
	}
	if name == "CreateImage" {
		return detailField(rec, "requestParameters", "tagSpecificationSet") != nil
	}
	return true
}

// TestCLISeedEventsThroughTestEventPattern sends every seed event to TestEventPattern with a
// pattern naming its source and detail-type, and every seed pattern against every seed audit
// record wrapped in an envelope; malformed published JSON gets AWS's ValidationException.
func TestCLISeedEventsThroughTestEventPattern(t *testing.T) {
	docs := seedDocs(t)
	p := startServer(t, t.TempDir())
	c := newCLI(t, p)
	var events, invalid int
	for _, d := range docs {
		switch {
		case d.IsEvent():
			events++
			pat, _ := json.Marshal(map[string]any{"source": []any{d.Value["source"]}, "detail-type": []any{d.Value["detail-type"]}})
			var res struct{ Result bool }
			c.ok(&res, "events", "test-event-pattern", "--event-pattern", string(pat), "--event", d.Text)
			if !res.Result {
				t.Errorf("%s:%d: seed event does not match its own source and detail-type", d.File, d.Line)
			}
		case !d.Valid && strings.Contains(d.Text, `"detail-type"`):
			invalid++
			c.fails("ValidationException", "Parameter Event is not valid.", "events", "test-event-pattern",
				"--event-pattern", `{"source":["aws.ec2"]}`, "--event", d.Text)
		}
	}
	for _, pat := range docs {
		if !pat.IsPattern() {
			continue
		}
		for _, rec := range docs {
			if !rec.IsAuditRecord() {
				continue
			}
			want := seedPatternShouldMatch(pat, rec)
			env, _ := json.Marshal(map[string]any{"version": "0", "id": "seed", "detail-type": "AWS API Call via CloudTrail",
				"source": "aws.ec2", "account": "111111111111", "time": "2022-01-01T00:00:00Z", "region": "ap-northeast-1",
				"resources": []any{}, "detail": rec.Value})
			var res struct{ Result bool }
			c.ok(&res, "events", "test-event-pattern", "--event-pattern", pat.Text, "--event", string(env))
			if res.Result != want {
				t.Errorf("seed pattern %s:%d vs %s record %s:%d = %v, want %v", pat.File, pat.Line, rec.Value["eventName"], rec.File, rec.Line, res.Result, want)
			}
		}
	}
	t.Logf("%d seed events matched, %d malformed published events rejected", events, invalid)
	if events == 0 {
		t.Fatal("no seed events found")
	}
}
