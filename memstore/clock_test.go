package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

// TestFakeClockDrivesRedelivery: AckWait and Nak delays follow the injected clock, so tests of
// retry logic need not sleep.
func TestFakeClockDrivesRedelivery(t *testing.T) {
	clock := eventrail.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	s := memstore.NewWithClock(clock)
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lg, err := s.Log(ctx, "events", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	recs := []eventrail.Record{{Key: "k", Data: []byte("x")}}
	if err := lg.Append(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if !recs[0].Time.Equal(clock.Now()) {
		t.Fatalf("record Time = %v, want the fake clock's %v", recs[0].Time, clock.Now())
	}
	ch := make(chan eventrail.Delivery, 10)
	go lg.Consume(ctx, "c", eventrail.ConsumeOptions{AckWait: time.Hour}, func(_ context.Context, d eventrail.Delivery) { ch <- d })

	get := func() eventrail.Delivery {
		t.Helper()
		select {
		case d := <-ch:
			return d
		case <-time.After(10 * time.Second):
			t.Fatal("timed out waiting for a delivery")
			return nil
		}
	}
	d := get()
	clock.Advance(59 * time.Minute)
	select {
	case d := <-ch:
		t.Fatalf("redelivered before AckWait: attempt %d", d.Attempt())
	case <-time.After(50 * time.Millisecond):
	}
	clock.Advance(time.Minute)
	d = get()
	if d.Attempt() != 2 {
		t.Fatalf("attempt = %d, want 2", d.Attempt())
	}
	d.Nak(10 * time.Minute)
	clock.Advance(10 * time.Minute)
	if d = get(); d.Attempt() != 3 {
		t.Fatalf("attempt after Nak = %d, want 3", d.Attempt())
	}
	d.Ack()
}
