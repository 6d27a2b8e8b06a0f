package logs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/drivertest"
	"github.com/eventrail/eventrail/memstore"
)

// faultStore wraps a Store so that stream and event writes of groups whose name contains
// "failing" fail at once and those of groups containing "slow" block until their context
// ends: the transient failure and the unresponsive target of the driver conformance suite.
type faultStore struct{ eventrail.Store }

func (f faultStore) KV(ctx context.Context, name string) (eventrail.KV, error) {
	kv, err := f.Store.KV(ctx, name)
	return faultKV{kv}, err
}

type faultKV struct{ eventrail.KV }

func (k faultKV) Put(ctx context.Context, key string, v []byte) (uint64, error) {
	if !strings.HasPrefix(key, keyGroupPrefix) {
		switch {
		case strings.Contains(key, "failing"):
			return 0, errors.New("injected storage failure")
		case strings.Contains(key, "slow"):
			<-ctx.Done()
			return 0, ctx.Err()
		}
	}
	return k.KV.Put(ctx, key, v)
}

func TestDriverConformance(t *testing.T) {
	st := memstore.New()
	defer st.Close()
	// The suite's events are stamped 2026-11-21T09:30:00Z; a clock there keeps them in the
	// accepted window whenever the test runs.
	clock := eventrail.NewFakeClock(time.Date(2026, 11, 21, 9, 31, 0, 0, time.UTC))
	s, err := Open(context.Background(), Options{Store: faultStore{st}, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	newGroup := func(t *testing.T, name string) string {
		if _, err := s.CreateLogGroup(ctx, &CreateLogGroupInput{LogGroupName: name}); err != nil {
			t.Fatal(err)
		}
		return s.groupARN(name)
	}
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: s,
		NewTarget: func(t *testing.T) (string, func() []string) {
			n++
			name := "/aws/events/target-" + string(rune('a'+n))
			arn := newGroup(t, name)
			return arn, func() []string {
				var msgs []string
				in := &FilterLogEventsInput{LogGroupName: name}
				for {
					out, err := s.FilterLogEvents(ctx, in)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range out.Events {
						msgs = append(msgs, e.Message)
					}
					if out.NextToken == "" {
						return msgs
					}
					in.NextToken = out.NextToken
				}
			}
		},
		MissingTarget: func(t *testing.T) string { return s.groupARN("does-not-exist") },
		FailingTarget: func(t *testing.T) string { return newGroup(t, "failing") },
		SlowTarget:    func(t *testing.T) string { return newGroup(t, "slow") },
	})
}
