package storetest

import (
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

func runRedeliveryTests(t *testing.T, open opener) {
	t.Run("AckWait", func(t *testing.T) { testAckWait(t, open) })
	t.Run("NakDelay", func(t *testing.T) { testNakDelay(t, open) })
	t.Run("NakNow", func(t *testing.T) { testNakNow(t, open) })
	t.Run("InProgress", func(t *testing.T) { testInProgress(t, open) })
	t.Run("Term", func(t *testing.T) { testTerm(t, open) })
	t.Run("LateAck", func(t *testing.T) { testLateAck(t, open) })
}

// oneRecord returns a log holding one record and a running consumer collecting it.
func oneRecord(t *testing.T, open opener, o eventrail.ConsumeOptions) (eventrail.Log, chan eventrail.Delivery) {
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 1))
	ch, h := collect()
	startConsume(t, lg, "c", o, h)
	return lg, ch
}

// testAckWait: an unacknowledged record comes back after AckWait (not before), with Attempt
// counting up.
func testAckWait(t *testing.T, open opener) {
	const wait = 300 * time.Millisecond
	_, ch := oneRecord(t, open, eventrail.ConsumeOptions{AckWait: wait})
	d1 := recv(t, ch)
	start := time.Now()
	if d1.Attempt() != 1 {
		t.Fatalf("first Attempt = %d", d1.Attempt())
	}
	d2 := recv(t, ch)
	if el := time.Since(start); el < wait/4 { // start is when we saw d1, a little after its timer began
		t.Fatalf("redelivered after %v, AckWait is %v", el, wait)
	}
	if d2.Record().Seq != d1.Record().Seq || d2.Attempt() != 2 || string(d2.Record().Data) != "r-0" {
		t.Fatalf("redelivery = Seq %d attempt %d %q", d2.Record().Seq, d2.Attempt(), d2.Record().Data)
	}
	d3 := recv(t, ch)
	if d3.Attempt() != 3 {
		t.Fatalf("third Attempt = %d", d3.Attempt())
	}
	mustAck(t, d3)
	quiet(t, ch, 2*wait)
}

func testNakDelay(t *testing.T, open opener) {
	const delay = 400 * time.Millisecond
	_, ch := oneRecord(t, open, eventrail.ConsumeOptions{AckWait: 10 * time.Second})
	d1 := recv(t, ch)
	start := time.Now()
	if err := d1.Nak(delay); err != nil {
		t.Fatal(err)
	}
	d2 := recv(t, ch)
	if el := time.Since(start); el < delay*3/4 {
		t.Fatalf("Nak(%v) redelivered after %v", delay, el)
	}
	if d2.Attempt() != 2 {
		t.Fatalf("Attempt after Nak = %d", d2.Attempt())
	}
	mustAck(t, d2)
}

func testNakNow(t *testing.T, open opener) {
	_, ch := oneRecord(t, open, eventrail.ConsumeOptions{AckWait: 10 * time.Second})
	d1 := recv(t, ch)
	start := time.Now()
	if err := d1.Nak(0); err != nil {
		t.Fatal(err)
	}
	d2 := recv(t, ch)
	if el := time.Since(start); el > 2*time.Second || d2.Attempt() != 2 {
		t.Fatalf("Nak(0) redelivered after %v with attempt %d", el, d2.Attempt())
	}
	mustAck(t, d2)
}

// testInProgress: InProgress keeps pushing the ack deadline back.
func testInProgress(t *testing.T, open opener) {
	const wait = 400 * time.Millisecond
	_, ch := oneRecord(t, open, eventrail.ConsumeOptions{AckWait: wait})
	d := recv(t, ch)
	for i := 0; i < 6; i++ { // 6 × wait/4 = 1.5 AckWaits in all
		if err := d.InProgress(); err != nil {
			t.Fatal(err)
		}
		quiet(t, ch, wait/4)
	}
	mustAck(t, d)
	quiet(t, ch, wait+wait/2)
}

func testTerm(t *testing.T, open opener) {
	const wait = 200 * time.Millisecond
	lg := openLog(t, open(t), "events", eventrail.LogOptions{})
	mustAppend(t, lg, records("k", "r", 2))
	ch, h := collect()
	startConsume(t, lg, "c", eventrail.ConsumeOptions{AckWait: wait}, h)
	d := recv(t, ch)
	if err := d.Term(); err != nil {
		t.Fatal(err)
	}
	d2 := recv(t, ch)
	if d2.Record().Seq != 2 {
		t.Fatalf("after Term got Seq %d, want 2", d2.Record().Seq)
	}
	mustAck(t, d2)
	quiet(t, ch, 3*wait)
	// Term does not remove the record from a normal log.
	if got, _ := lg.Read(ctxFor(t), 1, "", 10); len(got) != 2 {
		t.Fatalf("Read after Term: %d records", len(got))
	}
}

// testLateAck: an Ack that arrives after the record was redelivered still settles it.
func testLateAck(t *testing.T, open opener) {
	const wait = 200 * time.Millisecond
	_, ch := oneRecord(t, open, eventrail.ConsumeOptions{AckWait: wait})
	d1 := recv(t, ch)
	d2 := recv(t, ch)
	if d2.Attempt() != 2 {
		t.Fatalf("attempt = %d", d2.Attempt())
	}
	mustAck(t, d1)
	mustAck(t, d2)
	quiet(t, ch, 3*wait)
}
