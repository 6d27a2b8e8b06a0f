package control

import (
	"strconv"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
)

// Two Services sharing one KV (two processes on one NATS cluster) must not lose each other's
// writes: every concurrent PutTargets and TagResource must survive.
func TestConcurrentWritersShareState(t *testing.T) {
	a := newEnv(t, func(o *Options) { o.MaxTargetsPerRule = 100 })
	b := newEnvOn(t, a.kv, func(o *Options) { o.MaxTargetsPerRule = 100 })
	a.rule(t, "default", "r")
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		s := a.s
		if i%2 == 1 {
			s = b.s
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "t" + strconv.Itoa(i)
			if _, err := s.PutTargets(ctx, &PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: id, Arn: queueArn}}}); err != nil {
				t.Error(err)
			}
			if _, err := s.TagResource(ctx, &TagResourceInput{ResourceARN: testAccount.RuleARN("default", "r"),
				Tags: []eventrail.Tag{{Key: id, Value: "v"}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ts, err := b.s.ListTargetsByRule(ctx, &ListTargetsByRuleInput{Rule: "r"})
	mustOK(t, err)
	if len(ts.Targets) != n {
		t.Fatalf("%d targets survived, want %d", len(ts.Targets), n)
	}
	tags, err := a.s.ListTagsForResource(ctx, &ListTagsForResourceInput{ResourceARN: testAccount.RuleARN("default", "r")})
	mustOK(t, err)
	if len(tags.Tags) != n {
		t.Fatalf("%d tags survived, want %d", len(tags.Tags), n)
	}
}
