package jstest

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/control"
	"github.com/eventrail/eventrail/jetstream"
)

type nopIngester struct{}

func (nopIngester) Ingest(context.Context, []eventrail.Event) error { return nil }

// twoProcesses returns two Services: one on an embedded server, one on a separate client
// connection to it.
func twoProcesses(t *testing.T) (*control.Service, *control.Service) {
	t.Helper()
	ctx := context.Background()
	srv, err := jetstream.Open(ctx, jetstream.Options{DataDir: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ext, err := jetstream.Open(ctx, jetstream.Options{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ext.Close() })
	var svcs []*control.Service
	for _, st := range []eventrail.Store{srv, ext} {
		kv, err := st.KV(ctx, eventrail.KVBucketControl)
		if err != nil {
			t.Fatal(err)
		}
		s, err := control.New(control.Options{KV: kv, Ingester: nopIngester{}, MaxTargetsPerRule: 100})
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, s)
	}
	return svcs[0], svcs[1]
}

func TestTwoProcessesStayConsistent(t *testing.T) {
	a, b := twoProcesses(t)
	ctx := context.Background()
	if _, err := a.PutRule(ctx, &control.PutRuleInput{Name: "r", EventPattern: `{"source": ["s"]}`}); err != nil {
		t.Fatal(err)
	}
	const n = 30
	var wg sync.WaitGroup
	for i := range n {
		s := []*control.Service{a, b}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "t" + strconv.Itoa(i)
			if _, err := s.PutTargets(ctx, &control.PutTargetsInput{Rule: "r",
				Targets: []eventrail.Target{{Id: id, Arn: "arn:aws:sqs:us-east-1:000000000000:q"}}}); err != nil {
				t.Error(err)
			}
			if _, err := s.TagResource(ctx, &control.TagResourceInput{ResourceARN: eventrail.DefaultAccount.RuleARN("default", "r"),
				Tags: []eventrail.Tag{{Key: id, Value: "v"}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ts, err := b.ListTargetsByRule(ctx, &control.ListTargetsByRuleInput{Rule: "r"})
	if err != nil || len(ts.Targets) != n {
		t.Fatalf("targets: %d, %v", len(ts.Targets), err)
	}
	tags, err := a.ListTagsForResource(ctx, &control.ListTagsForResourceInput{ResourceARN: eventrail.DefaultAccount.RuleARN("default", "r")})
	if err != nil || len(tags.Tags) != n {
		t.Fatalf("tags: %d, %v", len(tags.Tags), err)
	}
	// A bus created by one process is seen by the other, and a duplicate create loses.
	if _, err := a.CreateEventBus(ctx, &control.CreateEventBusInput{Name: "shared"}); err != nil {
		t.Fatal(err)
	}
	_, err = b.CreateEventBus(ctx, &control.CreateEventBusInput{Name: "shared"})
	if !eventrail.HasCode(err, eventrail.CodeResourceAlreadyExists) {
		t.Fatalf("duplicate create on the other process: %v", err)
	}
	out, err := b.PutEvents(ctx, &control.PutEventsInput{Entries: []control.PutEventsEntry{
		{Source: "s", DetailType: "d", Detail: `{}`, EventBusName: "shared"}}})
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("PutEvents: %+v, %v", out, err)
	}
}
