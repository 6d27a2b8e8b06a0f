package schedulerapi

import (
	"context"
	"maps"
	"testing"
	"time"
)

type captureDLQ struct {
	attrs map[string]string
	body  string
}

func (c *captureDLQ) SendMessage(_ context.Context, _ string, body []byte, attrs map[string]string) error {
	c.attrs, c.body = attrs, string(body)
	return nil
}

func TestDeadLetterSenderAttributes(t *testing.T) {
	const sched = "arn:aws:scheduler:us-east-1:000000000000:schedule/grp.1/nightly-job_2"
	occ := time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		in   map[string]string
		want map[string]string
	}{{
		name: "schedule, retries exhausted",
		in: map[string]string{"RULE_ARN": dlqRuleARN(sched, "exec-1", occ), "TARGET_ARN": testQueue, "ERROR_CODE": "HTTP_500",
			"ERROR_MESSAGE": "boom", "RETRY_ATTEMPTS": "3", "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts"},
		want: map[string]string{"SCHEDULE_ARN": sched, "EXECUTION_ID": "exec-1", "SCHEDULED_TIME": "2026-03-06T12:00:00Z",
			"TARGET_ARN": testQueue, "ERROR_CODE": "HTTP_500", "ERROR_MESSAGE": "boom", "RETRY_ATTEMPTS": "3",
			"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts", "IS_PAYLOAD_TRUNCATED": "false"},
	}, {
		name: "schedule, permanent failure",
		in: map[string]string{"RULE_ARN": dlqRuleARN(sched, "exec-2", occ), "TARGET_ARN": testQueue, "ERROR_CODE": "NO_RESOURCE",
			"ERROR_MESSAGE": "gone", "RETRY_ATTEMPTS": "0"},
		want: map[string]string{"SCHEDULE_ARN": sched, "EXECUTION_ID": "exec-2", "SCHEDULED_TIME": "2026-03-06T12:00:00Z",
			"TARGET_ARN": testQueue, "ERROR_CODE": "NO_RESOURCE", "ERROR_MESSAGE": "gone", "RETRY_ATTEMPTS": "0",
			"IS_PAYLOAD_TRUNCATED": "false"},
	}, {
		name: "rule: unchanged",
		in: map[string]string{"RULE_ARN": "arn:aws:events:us-east-1:000000000000:rule/r", "TARGET_ARN": testQueue,
			"ERROR_CODE": "NO_RESOURCE", "ERROR_MESSAGE": "gone", "RETRY_ATTEMPTS": "0"},
		want: map[string]string{"RULE_ARN": "arn:aws:events:us-east-1:000000000000:rule/r", "TARGET_ARN": testQueue,
			"ERROR_CODE": "NO_RESOURCE", "ERROR_MESSAGE": "gone", "RETRY_ATTEMPTS": "0"},
	}, {
		name: "schedule ARN without occurrence: unchanged",
		in:   map[string]string{"RULE_ARN": sched, "TARGET_ARN": testQueue},
		want: map[string]string{"RULE_ARN": sched, "TARGET_ARN": testQueue},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := &captureDLQ{}
			if err := DeadLetterSender(got).SendMessage(context.Background(), "q", []byte("{}"), c.in); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got.attrs, c.want) || got.body != "{}" {
				t.Errorf("attributes = %v\nwant %v", got.attrs, c.want)
			}
		})
	}
	if arn, ok := ScheduleARNOf(dlqRuleARN(sched, "x", occ)); !ok || arn != sched {
		t.Errorf("ScheduleARNOf = %q, %v", arn, ok)
	}
}

func FuzzSplitDLQRuleARN(f *testing.F) {
	f.Add(dlqRuleARN("arn:aws:scheduler:us-east-1:000000000000:schedule/default/a", "id", time.Unix(0, 0)))
	f.Add("arn:aws:events:us-east-1:000000000000:rule/r")
	f.Add("arn:aws:scheduler:us-east-1:000000000000:schedule/default/a##")
	f.Add("#")
	f.Fuzz(func(t *testing.T, s string) {
		arn, rest, ok := splitDLQRuleARN(s)
		if ok && arn+dlqSep+rest[0]+dlqSep+rest[1] != s {
			t.Errorf("split(%q) = %q %q does not rebuild it", s, arn, rest)
		}
		attrs := schedulerDLQAttributes(map[string]string{"RULE_ARN": s})
		if _, kept := attrs["RULE_ARN"]; kept == ok {
			t.Errorf("RULE_ARN kept=%v for split ok=%v", kept, ok)
		}
	})
}
