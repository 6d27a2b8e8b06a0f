package memstore

import (
	"time"

	"github.com/eventrail/eventrail"
)

// delivery is one handed-out record. Ack and Term settle the record even if it has since been
// redelivered (a late success still counts); Nak and InProgress act only on the live delivery.
// Calls after the first settling call are no-ops. Safe for concurrent use.
type delivery struct {
	l       *recordLog
	c       *consumer
	rec     eventrail.Record
	attempt int
	gen     uint64
}

var _ eventrail.Delivery = (*delivery)(nil)

func (d *delivery) Record() eventrail.Record { return d.rec }
func (d *delivery) Attempt() int             { return d.attempt }

// Ack marks the record done for this consumer.
func (d *delivery) Ack() error { return d.settle() }

// Term marks the record as never to be delivered again to this consumer.
func (d *delivery) Term() error { return d.settle() }

func (d *delivery) settle() error {
	if d.l.s.isClosed() {
		return eventrail.ErrClosed
	}
	d.l.mu.Lock()
	defer d.l.mu.Unlock()
	d.l.settleLocked(d.c, d.rec.Seq)
	return nil
}

// Nak makes the record due for redelivery after delay (at once if delay <= 0).
func (d *delivery) Nak(delay time.Duration) error {
	if d.l.s.isClosed() {
		return eventrail.ErrClosed
	}
	d.l.mu.Lock()
	defer d.l.mu.Unlock()
	p := d.live()
	if p == nil {
		return nil
	}
	p.gen++ // this delivery is over; only the Nak timer may still make it ready
	if delay <= 0 {
		if p.timer != nil {
			p.timer.Stop()
		}
		d.l.readyLocked(d.c, d.rec.Seq, p)
		return nil
	}
	d.l.armLocked(d.c, d.rec.Seq, p, delay)
	return nil
}

// InProgress restarts the AckWait timer of the live delivery.
func (d *delivery) InProgress() error {
	if d.l.s.isClosed() {
		return eventrail.ErrClosed
	}
	d.l.mu.Lock()
	defer d.l.mu.Unlock()
	if p := d.live(); p != nil {
		d.l.armLocked(d.c, d.rec.Seq, p, d.c.opts.AckWait)
	}
	return nil
}

// live returns the pending state if this is still the current, unexpired delivery.
func (d *delivery) live() *pending {
	p := d.c.pending[d.rec.Seq]
	if p == nil || p.gen != d.gen || p.ready {
		return nil
	}
	return p
}
