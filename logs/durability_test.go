package logs

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRestartKeepsGroupsStreamsEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("/keep")
	e.stream("/keep", "a/b")
	e.put("/keep", "a/b", "one", "two")
	e.clock.Advance(time.Second)
	e.put("/keep", "a/b", "three")
	if _, err := e.svc.PutRetentionPolicy(ctx, &PutRetentionPolicyInput{LogGroupName: "/keep", RetentionInDays: ptr(30)}); err != nil {
		t.Fatal(err)
	}
	before, _ := e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "/keep"})

	e.restart()

	got, err := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "/keep", LogStreamName: "a/b", StartFromHead: ptr(true)})
	if err != nil || strings.Join(messages(got.Events), ",") != "one,two,three" {
		t.Fatalf("after restart: %v %v", got, err)
	}
	after, _ := e.svc.FilterLogEvents(ctx, &FilterLogEventsInput{LogGroupName: "/keep"})
	for i := range before.Events {
		if before.Events[i] != after.Events[i] {
			t.Fatalf("event %d changed across restart: %+v vs %+v", i, before.Events[i], after.Events[i])
		}
	}
	groups, _ := e.svc.DescribeLogGroups(ctx, &DescribeLogGroupsInput{})
	if len(groups.LogGroups) != 1 || *groups.LogGroups[0].RetentionInDays != 30 {
		t.Fatalf("groups = %+v", groups)
	}
	out := e.put("/keep", "a/b", "four")
	if out.NextSequenceToken != sequenceToken(3) {
		t.Fatalf("batch numbering restarted: %s", out.NextSequenceToken)
	}
}

// A delete interrupted after the group record went leaves streams and batches behind; Open
// removes them and a re-created group starts empty.
func TestRestartRemovesOrphans(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.group("g")
	e.stream("g", "s")
	e.put("g", "s", "orphan")
	if err := e.svc.kv.Delete(ctx, groupKey("g")); err != nil { // the crash point
		t.Fatal(err)
	}
	e.restart()
	for _, p := range []string{keyStreamPrefix, keyEventPrefix} {
		if left, err := e.svc.kv.List(ctx, p); err != nil || len(left) != 0 {
			t.Fatalf("%s left: %v %v", p, left, err)
		}
	}
	e.group("g")
	e.stream("g", "s")
	got, _ := e.svc.GetLogEvents(ctx, &GetLogEventsInput{LogGroupName: "g", LogStreamName: "s"})
	if len(got.Events) != 0 {
		t.Fatalf("re-created stream has old events: %v", messages(got.Events))
	}
}
