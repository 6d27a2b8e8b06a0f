package queue

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/drivertest"
	"github.com/eventrail/eventrail/memstore"
)

// faultStore wraps a Store so that writes to keys containing "failing" fail at once and
// writes to keys containing "slow" block until their context ends: the transient failure and
// the unresponsive target of the driver conformance suite.
type faultStore struct{ eventrail.Store }

func (f faultStore) KV(ctx context.Context, name string) (eventrail.KV, error) {
	kv, err := f.Store.KV(ctx, name)
	return faultKV{kv}, err
}

type faultKV struct{ eventrail.KV }

var errInjected = errors.New("injected storage failure")

func (k faultKV) fault(ctx context.Context, key string) error {
	switch {
	case strings.Contains(key, "failing"):
		return errInjected
	case strings.Contains(key, "slow"):
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (k faultKV) Put(ctx context.Context, key string, v []byte) (uint64, error) {
	if strings.HasPrefix(key, keyQueuePrefix) { // queues can be created; messages fail
		return k.KV.Put(ctx, key, v)
	}
	if err := k.fault(ctx, key); err != nil {
		return 0, err
	}
	return k.KV.Put(ctx, key, v)
}

func TestDriverConformance(t *testing.T) {
	st := memstore.New()
	defer st.Close()
	s, err := Open(context.Background(), Options{Store: faultStore{st}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var n int
	var mu sync.Mutex
	newQueue := func(t *testing.T, name string) string {
		if _, err := s.CreateQueue(ctx, &CreateQueueInput{QueueName: name}); err != nil {
			t.Fatal(err)
		}
		return s.acct.ARN("sqs", name)
	}
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: s,
		NewTarget: func(t *testing.T) (string, func() []string) {
			mu.Lock()
			n++
			name := "target-" + string(rune('a'+n))
			mu.Unlock()
			arn := newQueue(t, name)
			url := "http://x/000000000000/" + name
			seen := map[string]bool{}
			var bodies []string
			return arn, func() []string {
				for { // short polls with a zero visibility timeout until nothing new comes back
					out, err := s.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), VisibilityTimeout: ptr(0)})
					if err != nil {
						t.Fatal(err)
					}
					fresh := 0
					for _, m := range out.Messages {
						if !seen[m.MessageId] {
							seen[m.MessageId] = true
							bodies = append(bodies, m.Body)
							fresh++
						}
					}
					if fresh == 0 {
						return bodies
					}
				}
			}
		},
		MissingTarget: func(t *testing.T) string { return s.acct.ARN("sqs", "does-not-exist") },
		FailingTarget: func(t *testing.T) string { return newQueue(t, "failing") },
		SlowTarget:    func(t *testing.T) string { return newQueue(t, "slow") },
	})
}
