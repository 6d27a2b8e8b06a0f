package busdriver

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/drivertest"
	"github.com/eventrail/eventrail/memstore"
)

var account = eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "000000000000"}

// fakeIngester records ingested events per bus; bus "flaky" fails transiently and bus "slow"
// blocks until the context ends.
type fakeIngester struct {
	mu     sync.Mutex
	events map[string][]eventrail.Event
}

func (f *fakeIngester) Ingest(ctx context.Context, evs []eventrail.Event) error {
	for _, ev := range evs {
		switch ev.Bus {
		case "flaky":
			return errors.New("log unavailable")
		case "slow":
			<-ctx.Done()
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ev := range evs {
		f.events[ev.Bus] = append(f.events[ev.Bus], ev)
	}
	return nil
}

func (f *fakeIngester) on(bus string) []eventrail.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]eventrail.Event(nil), f.events[bus]...)
}

// newLocal returns a driver over a fake ingester with buses "flaky", "slow" and any created by
// the returned function.
func newLocal(t *testing.T) (*Driver, *fakeIngester, func(name string)) {
	store := memstore.New()
	t.Cleanup(func() { store.Close() })
	kv, err := store.KV(context.Background(), eventrail.KVBucketControl)
	if err != nil {
		t.Fatal(err)
	}
	create := func(name string) {
		if _, err := kv.Put(context.Background(), eventrail.BusKey(name), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	create("flaky")
	create("slow")
	ing := &fakeIngester{events: map[string][]eventrail.Event{}}
	d, err := New(Options{Account: account, Ingester: ing, Buses: kv})
	if err != nil {
		t.Fatal(err)
	}
	return d, ing, create
}

// forwarded renders what a target bus received, for comparison with the original hand-off.
type forwarded struct {
	ID, Source, DetailType, Detail string
	Time                           time.Time
	Resources                      []string
	Hops                           int
}

func TestLocalConformance(t *testing.T) {
	d, ing, create := newLocal(t)
	n := 0
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: d,
		NewTarget: func(t *testing.T) (string, func() []string) {
			n++
			bus := "bus-" + strings.Repeat("x", n)
			create(bus)
			return account.BusARN(bus), func() []string {
				var out []string
				for _, ev := range ing.on(bus) {
					b, _ := json.Marshal(forwarded{ev.ID, ev.Source, ev.DetailType, string(ev.Detail), ev.Time, ev.Resources, ev.Hops})
					out = append(out, string(b))
				}
				return out
			}
		},
		Check: func(t *testing.T, h *eventrail.Handoff, got string) bool {
			var f forwarded
			if json.Unmarshal([]byte(got), &f) != nil {
				return false
			}
			want, err := decodeEnvelope(h.Event)
			return err == nil && f.ID == want.ID && f.Source == want.Source && f.DetailType == want.DetailType &&
				f.Detail == string(want.Detail) && f.Time.Equal(want.Time) &&
				strings.Join(f.Resources, ",") == strings.Join(want.Resources, ",") && f.Hops == h.Hops+1
		},
		MissingTarget: func(*testing.T) string { return account.BusARN("never-created") },
		FailingTarget: func(*testing.T) string { return account.BusARN("flaky") },
		SlowTarget:    func(*testing.T) string { return account.BusARN("slow") },
	})
}

func TestLoopIsStopped(t *testing.T) {
	d, ing, create := newLocal(t)
	create("b")
	h := drivertest.Handoff("e1", account.BusARN("b"))
	h.Hops = DefaultMaxHops - 1
	if err := d.Deliver(context.Background(), h); err != nil {
		t.Fatalf("hop %d must still be forwarded: %v", h.Hops, err)
	}
	if evs := ing.on("b"); len(evs) != 1 || evs[0].Hops != DefaultMaxHops {
		t.Fatalf("forwarded %+v", evs)
	}
	h.Hops = DefaultMaxHops
	var de *eventrail.DeliveryError
	if err := d.Deliver(context.Background(), h); !errors.As(err, &de) || de.Code != CodeLoopDetected || de.Retryable {
		t.Fatalf("hop %d: err = %v, want permanent %s", h.Hops, err, CodeLoopDetected)
	}
}

func TestForeignBusWithoutRemoteIsNoResource(t *testing.T) {
	d, _, _ := newLocal(t)
	for _, arn := range []string{
		"arn:aws:events:eu-west-1:000000000000:event-bus/b", // other region
		"arn:aws:events:us-east-1:111111111111:event-bus/b", // other account
		"arn:aws:events:us-east-1:000000000000:rule/b",      // not a bus
		"not an arn",
	} {
		var de *eventrail.DeliveryError
		err := d.Deliver(context.Background(), drivertest.Handoff("e1", arn))
		if !errors.As(err, &de) || de.Code != CodeNoResource || de.Retryable {
			t.Errorf("%s: err = %v, want permanent NO_RESOURCE", arn, err)
		}
	}
}

func TestUnreadableEventIsPermanent(t *testing.T) {
	d, _, create := newLocal(t)
	create("b")
	h := drivertest.Handoff("e1", account.BusARN("b"))
	h.Event = []byte(`{not json`)
	var de *eventrail.DeliveryError
	if err := d.Deliver(context.Background(), h); !errors.As(err, &de) || de.Retryable {
		t.Fatalf("err = %v, want a permanent failure", err)
	}
}
