package delivery

import (
	"context"

	"github.com/eventrail/eventrail"
)

// appender group-commits the engine's retry records: Append calls made while another is under
// way are merged into the next one, so a dead target that fails thousands of hand-offs a second
// costs a few durable appends a second, not thousands. Safe for concurrent use.
type appender struct {
	log  eventrail.Log
	reqs chan *appendReq
}

type appendReq struct {
	recs []eventrail.Record
	done chan error
}

// maxAppendBatch bounds the records of one merged Append.
const maxAppendBatch = 1024

func newAppender(log eventrail.Log) *appender {
	return &appender{log: log, reqs: make(chan *appendReq, 1024)}
}

// append stores recs durably, together with whatever else is waiting. It returns ctx's error if
// ctx ends first (the records may then still be stored).
func (a *appender) append(ctx context.Context, recs []eventrail.Record) error {
	r := &appendReq{recs: recs, done: make(chan error, 1)}
	select {
	case a.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run serves append calls until ctx is done.
func (a *appender) run(ctx context.Context) {
	for {
		var first *appendReq
		select {
		case first = <-a.reqs:
		case <-ctx.Done():
			return
		}
		batch := []*appendReq{first}
		n := len(first.recs)
	drain:
		for n < maxAppendBatch {
			select {
			case r := <-a.reqs:
				batch = append(batch, r)
				n += len(r.recs)
			default:
				break drain
			}
		}
		recs := make([]eventrail.Record, 0, n)
		for _, r := range batch {
			recs = append(recs, r.recs...)
		}
		err := a.log.Append(ctx, recs)
		for _, r := range batch {
			r.done <- err
		}
	}
}
