package schedulerapi

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/jetstream"
)

// TestJetStreamRealClock runs the service on the embedded JetStream store (fsync'd KV and log):
// 2,000 one-time schedules due within 3 s fire within 1 s of their time; a second runner
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
	first := time.Now().Truncate(time.Second).Add(12 * time.Second)
	createMany(t, e.svc, n, func(i int) time.Time { return first.Add(time.Duration(i%3) * time.Second) })
	if time.Now().After(first) {
		t.Skip("machine too slow to create the schedules before they are due")
	}
	waitForWithin(t, time.Minute, "all fired", func() bool { return e.svc.rt.handed.Load() == n })
	worst := worstLag(t, e)
	t.Logf("JetStream: %d schedules, worst lag from scheduled time to durable hand-off %s", n, worst)
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
// the hand-off's creation.
func worstLag(t *testing.T, e *env) time.Duration {
	var worst time.Duration
	for _, h := range e.handoffs() {
		occ, err := time.Parse(time.RFC3339, scheduledTimeOf(t, h.Payload))
		if err != nil {
			t.Fatal(err)
		}
		lag := h.IngestionTime.Sub(occ)
		if lag < 0 {
			t.Errorf("%s handed over %s early", h.RuleName, -lag)
		}
		worst = max(worst, lag)
	}
	return worst
}
