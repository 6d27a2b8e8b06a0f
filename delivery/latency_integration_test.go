//go:build integration

package delivery

// Run with: go test -tags integration -run StageLatency -v ./delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
	"github.com/eventrail/eventrail/router"
)

// TestStageLatency times one event at a time through ingester → bus log (JetStream on disk,
// fsync) → router → delivery → driver, with the router handing off in process (Dispatch) and
// through the hand-off log, and logs the per-stage medians and 99th percentiles: the
// Ingest call (bus-log append), matched by the router, and at the driver. Every event must
// arrive.
func TestStageLatency(t *testing.T) {
	for _, direct := range []bool{true, false} {
		t.Run(fmt.Sprintf("direct=%v", direct), func(t *testing.T) { stageLatency(t, direct) })
	}
}

func stageLatency(t *testing.T, direct bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := jetstream.Open(ctx, jetstream.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct := eventrail.DefaultAccount
	kv, _ := st.KV(ctx, eventrail.KVBucketControl)
	busLog, _ := st.Log(ctx, "buslog", eventrail.LogOptions{MaxAge: time.Hour})
	handoffs, _ := st.Log(ctx, "handoffs", eventrail.LogOptions{WorkQueue: true})
	put := func(key string, v any) {
		b, _ := json.Marshal(v)
		if _, err := kv.Put(ctx, key, b); err != nil {
			t.Fatal(err)
		}
	}
	put(eventrail.RuleKey("default", "r"), eventrail.Rule{Name: "r", Arn: acct.RuleARN("default", "r"),
		EventBusName: "default", EventPattern: `{"source":["lat"]}`, State: eventrail.RuleEnabled})
	put(eventrail.TargetsKey("default", "r"), []eventrail.Target{{Id: "t", Arn: acct.ARN("sqs", "q")}})

	arrived := make(chan time.Time, 1)
	drv := newScript(func(*eventrail.Handoff, int) error { arrived <- time.Now(); return nil })
	e, err := New(Options{Log: handoffs, Drivers: map[string]eventrail.Deliverer{"sqs": drv}})
	if err != nil {
		t.Fatal(err)
	}
	go e.Run(ctx)
	matched := make(chan time.Time, 1)
	o := router.Options{Account: acct, KV: kv, BusLog: busLog, HandoffLog: handoffs,
		Hooks: router.Hooks{Matched: func(string, []string) { matched <- time.Now() }}}
	if direct {
		o.Dispatcher = e
	}
	rt, err := router.New(o)
	if err != nil {
		t.Fatal(err)
	}
	go rt.Run(ctx)
	<-rt.Ready()
	ing := router.NewIngester(busLog, router.IngesterOptions{})
	defer ing.Close()

	const n = 300
	var ingest, route, deliver []time.Duration
	for i := range n {
		now := time.Now()
		ev := eventrail.Event{ID: fmt.Sprintf("id-%d", i), Source: "lat", DetailType: "t", Account: acct.ID,
			Region: acct.Region, Time: now.UTC(), Resources: []string{}, Detail: json.RawMessage(`{"n":1}`),
			Bus: "default", IngestionTime: now}
		if err := ing.Ingest(ctx, []eventrail.Event{ev}); err != nil {
			t.Fatal(err)
		}
		ingest = append(ingest, time.Since(now))
		for _, c := range []struct {
			ch  chan time.Time
			out *[]time.Duration
		}{{matched, &route}, {arrived, &deliver}} {
			select {
			case at := <-c.ch:
				*c.out = append(*c.out, at.Sub(now))
			case <-time.After(30 * time.Second):
				t.Fatalf("event %d not routed and delivered", i)
			}
		}
	}
	pct := func(d []time.Duration, p float64) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1))]
	}
	t.Logf("%d events one at a time, direct=%v: p50/p99 ingest %v/%v, matched %v/%v, at the driver %v/%v",
		n, direct, pct(ingest, .5), pct(ingest, .99), pct(route, .5), pct(route, .99), pct(deliver, .5), pct(deliver, .99))
}
