package control

import (
	"regexp"
	"strings"
	"testing"
)

func TestModelPatternFastPathAgreesWithRegexp(t *testing.T) {
	values := []string{"", "a", "default", "my-bus.v1_2", "a/b", "/", "aws.partner/x/y", "a b", "é", "bus!",
		"arn:aws:events:us-east-1:111111111111:event-bus/b", "arn:aws:events:us-east-1:1111:event-bus/b",
		"arn:aws-cn:events:cn-north-1:111111111111:event-bus/a/b", strings.Repeat("x", 300)}
	for _, p := range []*modelPattern{patRuleName, patEventBusName, patNonPartnerBusName, patEventBusNameOrArn, patNonPartnerNameOrArn} {
		for _, v := range values {
			if got, want := p.match(v), p.re.MatchString(v); got != want {
				t.Errorf("%s on %q: fast %v, regexp %v", p.Text, v, got, want)
			}
		}
	}
}

func TestNewEventIDs(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		for _, id := range newEventIDs(10) {
			if !v4.MatchString(id) || seen[id] {
				t.Fatalf("bad or repeated id %q", id)
			}
			seen[id] = true
		}
	}
}
