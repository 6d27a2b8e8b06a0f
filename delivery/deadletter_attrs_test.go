package delivery

import (
	"maps"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestDeadLetterAttributes(t *testing.T) {
	target := eventrail.Target{Arn: "arn:aws:sqs:us-east-1:000000000000:q"}
	cases := []struct {
		name string
		h    eventrail.Handoff
		cond string
		want map[string]string
	}{{
		name: "rule",
		h:    eventrail.Handoff{RuleArn: "arn:aws:events:us-east-1:000000000000:rule/r", Target: target},
		cond: "MaximumRetryAttempts",
		want: map[string]string{"RULE_ARN": "arn:aws:events:us-east-1:000000000000:rule/r", "TARGET_ARN": target.Arn,
			"ERROR_CODE": "HTTP_500", "ERROR_MESSAGE": "boom", "RETRY_ATTEMPTS": "3", "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts"},
	}, {
		name: "producer's own attributes replace RULE_ARN",
		h: eventrail.Handoff{RuleArn: "arn:aws:scheduler:us-east-1:000000000000:schedule/default/s", Target: target,
			DeadLetterAttributes: map[string]string{"SCHEDULE_ARN": "arn:aws:scheduler:us-east-1:000000000000:schedule/default/s", "EXECUTION_ID": "x"}},
		want: map[string]string{"SCHEDULE_ARN": "arn:aws:scheduler:us-east-1:000000000000:schedule/default/s", "EXECUTION_ID": "x",
			"TARGET_ARN": target.Arn, "ERROR_CODE": "HTTP_500", "ERROR_MESSAGE": "boom", "RETRY_ATTEMPTS": "3"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DeadLetterAttributes(&c.h, "HTTP_500", "boom", c.cond, 3); !maps.Equal(got, c.want) {
				t.Errorf("got %v\nwant %v", got, c.want)
			}
		})
	}
}

// TestParkedHandoffsKeepDeadLetterAttributes: the binary parked form cannot hold them, so such
// hand-offs are stored in the JSON form and read back whole.
func TestParkedHandoffsKeepDeadLetterAttributes(t *testing.T) {
	hs := []eventrail.Handoff{{EventID: "e", Bus: "default", Event: []byte(`{"a":1}`), Payload: []byte(`{"a":1}`),
		RuleArn:              "arn:aws:scheduler:us-east-1:000000000000:schedule/default/s",
		DeadLetterAttributes: map[string]string{"EXECUTION_ID": "x"}}}
	data, err := encodeHandoffs(hs)
	if err != nil {
		t.Fatal(err)
	}
	back, err := decodeHandoffs(data)
	if err != nil || len(back) != 1 || back[0].DeadLetterAttributes["EXECUTION_ID"] != "x" || string(back[0].Payload) != `{"a":1}` {
		t.Fatalf("decoded %+v, %v", back, err)
	}
}
