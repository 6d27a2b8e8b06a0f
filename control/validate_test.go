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

// TestNewEventIDs checks the ids newPutEventsOutput draws, for calls of 1 and of the most
// entries.
func TestNewEventIDs(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 100 {
		for _, n := range []int{1, maxPutEventsEntries} {
			out, ids := newPutEventsOutput(n)
			if len(out.Entries) != n {
				t.Fatalf("%d results for %d entries", len(out.Entries), n)
			}
			for i := range n {
				id := eventID(ids, i)
				if !v4.MatchString(id) || seen[id] {
					t.Fatalf("bad or repeated id %q", id)
				}
				seen[id] = true
			}
		}
	}
}
