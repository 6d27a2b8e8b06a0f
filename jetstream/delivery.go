package jetstream

import (
	"errors"
	"log/slog"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go/jetstream"
)

// delivery is one message handed to a consumer. Ack, Nak, InProgress and Term are sent to the
// server without waiting for confirmation (a lost settle means a redelivery, which
// at-least-once allows). Calls after the message was settled are no-ops.
type delivery struct {
	l       *recordLog
	msg     jetstream.Msg
	rec     eventrail.Record
	attempt int
}

var _ eventrail.Delivery = (*delivery)(nil)

func (l *recordLog) newDelivery(msg jetstream.Msg) (*delivery, error) {
	md, err := msg.Metadata()
	if err != nil {
		msg.Term() // not a JetStream message: nothing can process it
		return nil, err
	}
	rec, err := l.record(msg.Subject(), md.Sequence.Stream, md.Timestamp, msg.Data(), msg.Headers())
	if err != nil {
		slog.Error("jetstream: dropping a stored record that does not decode", "err", err)
		msg.Term() // no attempt can read it
		return nil, err
	}
	return &delivery{l: l, msg: msg, rec: rec, attempt: int(md.NumDelivered)}, nil
}

func (d *delivery) Record() eventrail.Record { return d.rec }
func (d *delivery) Attempt() int             { return d.attempt }

// Ack marks the record done for this consumer.
func (d *delivery) Ack() error { return d.result("Ack", d.msg.Ack()) }

// Nak asks for redelivery after delay (at once if delay <= 0).
func (d *delivery) Nak(delay time.Duration) error {
	if delay <= 0 {
		return d.result("Nak", d.msg.Nak())
	}
	return d.result("Nak", d.msg.NakWithDelay(delay))
}

// InProgress restarts the AckWait timer.
func (d *delivery) InProgress() error { return d.result("InProgress", d.msg.InProgress()) }

// Term stops redelivery of the record to this consumer.
func (d *delivery) Term() error { return d.result("Term", d.msg.Term()) }

func (d *delivery) result(op string, err error) error {
	if errors.Is(err, jetstream.ErrMsgAlreadyAckd) {
		return nil
	}
	return d.l.s.wrap(op, err)
}
