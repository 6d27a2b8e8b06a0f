package schedulerapi

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
)

// TestJetStreamRealClock runs the service on the embedded JetStream store (fsync'd KV and log):
// 2,000 one-time schedules due over 6 s fire within 1 s of their time (the occurrences of one
// second share a slot claim and a few hand-off records); a second runner
// opened on the reopened store after the first stopped hands nothing over again.
func TestJetStreamRealClock(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("JetStream timing test: not with -short or -race")
	}
	dir := t.TempDir()
	ctx := context.Background()
	st, err := jetstream.Open(ctx, jetstream.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvOn(t, st, eventrail.SystemClock{})
	stop := e.run(e.svc)
	const n = 2000
	first := time.Now().Truncate(time.Second).Add(15 * time.Second)
	createMany(t, e.svc, n, func(i int) time.Time { return first.Add(time.Duration(i%6) * time.Second) })
	if time.Now().After(first) {
		t.Skip("machine too slow to create the schedules before they are due")
	}
	waitForWithin(t, time.Minute, "all fired", func() bool { return e.svc.rt.handed.Load() == n })
	worst := worstLag(t, e)
	t.Logf("JetStream: %d schedules, worst lag from scheduled time to the hand-off record stored (fsync'd) %s", n, worst)
	if worst > time.Second {
		t.Errorf("worst lag %s > 1s", worst)
	}
	stop()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st2, err := jetstream.Open(ctx, jetstream.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	e2 := newEnvOn(t, st2, eventrail.SystemClock{})
	e2.run(e2.svc)
	waitForWithin(t, time.Minute, "restart re-checked every occurrence", func() bool { return e2.svc.rt.duplicates.Load() == n })
	if h := e2.svc.rt.handed.Load(); h != 0 {
		t.Errorf("restarted runner handed over %d occurrences again", h)
	}
}

// worstLag is the largest delay between an occurrence's scheduled time (from its payload) and
// the time the log stored its hand-off record (durable on JetStream).
func worstLag(t *testing.T, e *env) time.Duration {
	recs, err := e.log.Read(context.Background(), 0, "", 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var worst, build, store time.Duration
	defer func() { t.Logf("worst: to hand-off built %s; from built to stored %s", build, store) }()
	for _, r := range recs {
		var hs []eventrail.Handoff
		if err := json.Unmarshal(r.Data, &hs); err != nil || len(hs) == 0 {
			t.Fatalf("record %s: %v", r.Key, err)
		}
		for _, h := range hs {
			occ, err := time.Parse(time.RFC3339, scheduledTimeOf(t, h.Payload))
			if err != nil {
				t.Fatal(err)
			}
			if h.IngestionTime.Before(occ) {
				t.Errorf("%s handed over %s early", h.RuleName, occ.Sub(h.IngestionTime))
			}
			worst = max(worst, r.Time.Sub(occ))
			build = max(build, h.IngestionTime.Sub(occ))
			store = max(store, r.Time.Sub(h.IngestionTime))
		}
	}
	return worst
}
