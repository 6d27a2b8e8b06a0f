package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// TestCLISchedulerOneTimeSchedule: `aws scheduler create-schedule` with an at() expression
// delivers its Input to a queue once the (test) clock passes the time. (Debian's CLI 2.9 has
// no --action-after-completion; schedulerapi's SDK tests cover DELETE after completion.)
func TestCLISchedulerOneTimeSchedule(t *testing.T) {
	p := startServer(t, t.TempDir(), "--test-clock")
	c := newCLI(t, p)
	var q struct{ QueueUrl string }
	c.ok(&q, "sqs", "create-queue", "--queue-name", "reminders")

	resp, err := http.Get(p.Endpoint + "/_eventrail/test/clock")
	if err != nil {
		t.Fatal(err)
	}
	var clock struct{ Now time.Time }
	_ = json.NewDecoder(resp.Body).Decode(&clock)
	resp.Body.Close()
	at := clock.Now.UTC().Add(2 * time.Minute).Format("2006-01-02T15:04:05")

	target, _ := json.Marshal(map[string]any{
		"Arn": "arn:aws:sqs:us-east-1:000000000000:reminders", "RoleArn": "arn:aws:iam::000000000000:role/scheduler",
		"Input": `{"reminder":"renew the certificate","at":"<aws.scheduler.scheduled-time>"}`,
	})
	var created struct{ ScheduleArn string }
	c.ok(&created, "scheduler", "create-schedule", "--name", "renew-cert", "--schedule-expression", "at("+at+")",
		"--flexible-time-window", "Mode=OFF", "--target", string(target))
	if created.ScheduleArn != "arn:aws:scheduler:us-east-1:000000000000:schedule/default/renew-cert" {
		t.Fatalf("ScheduleArn = %s", created.ScheduleArn)
	}
	var got struct{ ScheduleExpression, State string }
	c.ok(&got, "scheduler", "get-schedule", "--name", "renew-cert")
	if got.ScheduleExpression != "at("+at+")" || got.State != "ENABLED" {
		t.Fatalf("get-schedule = %+v", got)
	}
	c.fails("ValidationException", "", "scheduler", "create-schedule", "--name", "bad", "--schedule-expression", "rate(0 minutes)",
		"--flexible-time-window", "Mode=OFF", "--target", string(target))

	advanceClock(t, p, 3*time.Minute)
	var body string
	eventually(t, 30*time.Second, "the reminder in the queue", func() bool {
		var m struct{ Messages []struct{ Body string } }
		c.ok(&m, "sqs", "receive-message", "--queue-url", q.QueueUrl, "--wait-time-seconds", "1")
		if len(m.Messages) == 0 {
			return false
		}
		body = m.Messages[0].Body
		return true
	})
	if want := `{"reminder":"renew the certificate","at":"` + at + `Z"}`; body != want {
		t.Fatalf("queue body = %s, want %s", body, want)
	}
	c.ok(nil, "scheduler", "delete-schedule", "--name", "renew-cert")
	c.fails("ResourceNotFoundException", "Schedule renew-cert does not exist.", "scheduler", "get-schedule", "--name", "renew-cert")
}
