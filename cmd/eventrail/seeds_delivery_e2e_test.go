package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail/internal/seeds"
)

// seedEntry makes a PutEvents entry of a seed event (its source, detail-type, resources and
// detail), with changes applied to a copy of its detail.
func seedEntry(ev seeds.Doc, changes map[string]any) map[string]any {
	detail := map[string]any{}
	for k, v := range ev.Value["detail"].(map[string]any) {
		detail[k] = v
	}
	for k, v := range changes {
		detail[k] = v
	}
	d, _ := json.Marshal(detail)
	return map[string]any{"Source": ev.Value["source"], "DetailType": ev.Value["detail-type"], "Resources": ev.Value["resources"], "Detail": string(d)}
}

// putEntries puts entries in one PutEvents call with the CLI.
func putEntries(t *testing.T, c *cli, entries ...map[string]any) {
	t.Helper()
	b, _ := json.Marshal(entries)
	var out struct{ FailedEntryCount int }
	c.ok(&out, "events", "put-events", "--entries", string(b))
	if out.FailedEntryCount != 0 {
		t.Fatalf("put-events failed: %s", b)
	}
}

// metricValue reads one sample from the server's /metrics, 0 when absent.
func metricValue(t *testing.T, p *proc, series string) float64 {
	t.Helper()
	resp, err := http.Get(p.Endpoint + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f
		}
	}
	return 0
}

// TestSeedSnapshotFunction is seed 004's workflow: a rule for createSnapshot/succeeded runs a
// local function (configured in the server's config file) with the event on stdin.
func TestSeedSnapshotFunction(t *testing.T) {
	docs := seedDocs(t)
	created := findDoc(t, docs, "the createSnapshot event", func(d seeds.Doc) bool {
		return d.IsEvent() && strings.Contains(d.Text, `"createSnapshot"`)
	})
	copied := findDoc(t, docs, "the copySnapshot event", func(d seeds.Doc) bool {
		return d.IsEvent() && strings.Contains(d.Text, `"copySnapshot"`)
	})
	dir := t.TempDir()
	out := filepath.Join(dir, "copies.log")
	script := filepath.Join(dir, "copy-snapshot.sh")
	// Like the seed's function: read the event, take the snapshot id, "copy" it (append a line).
	body := "#!/bin/sh\nevent=$(cat)\nid=$(printf '%s' \"$event\" | sed -n 's/.*\"snapshot_id\":\"\\([^\"]*\\)\".*/\\1/p')\necho \"copy $id to us-east-1\" >> " + out + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "eventrail.json")
	conf, _ := json.Marshal(map[string]any{"functions": map[string]any{
		"copy-snapshot": map[string]any{"command": []string{"/bin/sh", script}, "timeout": "10s"}}})
	if err := os.WriteFile(cfg, conf, 0o644); err != nil {
		t.Fatal(err)
	}
	p := startServer(t, filepath.Join(dir, "data"), "--config", cfg)
	c := newCLI(t, p)
	c.ok(nil, "events", "put-rule", "--name", "snapshot-created", "--event-pattern",
		`{"source":["aws.ec2"],"detail-type":["EBS Snapshot Notification"],"detail":{"event":["createSnapshot"],"result":["succeeded"]}}`)
	c.ok(nil, "events", "put-targets", "--rule", "snapshot-created", "--targets",
		"Id=copy,Arn=arn:aws:lambda:us-east-1:000000000000:function:copy-snapshot")
	// One call, so one bus-log record: when the function has run, all three have been routed.
	putEntries(t, c, seedEntry(copied, nil),
		seedEntry(created, map[string]any{"result": "failed", "snapshot_id": "arn:aws:ec2::us-west-2:snapshot/snap-failed"}),
		seedEntry(created, nil))

	var lines []string
	eventually(t, 20*time.Second, "the function to run", func() bool {
		b, _ := os.ReadFile(out)
		lines = strings.Fields(strings.TrimSpace(string(b)))
		return len(lines) > 0
	})
	matched := metricValue(t, p, `aws_events_MatchedEvents{EventBusName="default",RuleName="snapshot-created"}`)
	if matched != 1 {
		t.Errorf("rule matched %v events, want only the succeeded createSnapshot", matched)
	}
	if got := strings.Join(lines, " "); got != "copy arn:aws:ec2::us-west-2:snapshot/snap-01234567 to us-east-1" {
		t.Fatalf("function output = %q, want one copy of snap-01234567", got)
	}
}

// TestSeedAMIEventsToLogGroup is seed 002's four machine-image state changes delivered by a
// rule into a built-in log group and read back with `aws logs`.
func TestSeedAMIEventsToLogGroup(t *testing.T) {
	docs := seedDocs(t)
	var amis []seeds.Doc
	for _, d := range docs {
		if d.IsEvent() && d.Value["detail-type"] == "EC2 AMI State Change" {
			amis = append(amis, d)
		}
	}
	if len(amis) != 4 {
		t.Fatalf("seed 002 has %d AMI events, want 4", len(amis))
	}
	p := startServer(t, t.TempDir())
	c := newCLI(t, p)
	c.ok(nil, "logs", "create-log-group", "--log-group-name", "/aws/events/ami")
	c.ok(nil, "events", "put-rule", "--name", "ami-states", "--event-pattern", `{"source":["aws.ec2"],"detail-type":["EC2 AMI State Change"]}`)
	c.ok(nil, "events", "put-targets", "--rule", "ami-states", "--targets",
		"Id=log,Arn=arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/ami")
	var entries []map[string]any
	for _, d := range amis {
		entries = append(entries, seedEntry(d, nil))
	}
	putEntries(t, c, entries...)
	var states []string
	eventually(t, 20*time.Second, "four events in the log group", func() bool {
		var out struct{ Events []struct{ Message string } }
		c.ok(&out, "logs", "filter-log-events", "--log-group-name", "/aws/events/ami")
		states = states[:0]
		for _, e := range out.Events {
			var ev struct {
				Detail struct{ State string } `json:"detail"`
			}
			if err := json.Unmarshal([]byte(e.Message), &ev); err != nil {
				t.Fatalf("log message is not the event: %s", e.Message)
			}
			states = append(states, ev.Detail.State)
		}
		return len(states) >= 4
	})
	sort.Strings(states)
	if got := strings.Join(states, ","); got != "available,deregistered,disabled,failed" {
		t.Fatalf("logged states = %s", got)
	}
}
