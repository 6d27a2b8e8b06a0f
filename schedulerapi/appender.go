package schedulerapi

import (
	"context"

	"github.com/eventrail/eventrail"
)

// maxBatch bounds the records of one Append.
const maxBatch = 512

// appender group-commits hand-off records: concurrent appends share one Log.Append.
type appender struct {
	log  eventrail.Log
	reqs chan appendReq
}

type appendReq struct {
	rec  eventrail.Record
	done chan error
}

func newAppender(log eventrail.Log) *appender {
	return &appender{log: log, reqs: make(chan appendReq, maxBatch)}
}

// append stores rec durably (or fails) and returns.
func (a *appender) append(ctx context.Context, rec eventrail.Record) error {
	done := make(chan error, 1)
	select {
	case a.reqs <- appendReq{rec: rec, done: done}:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *appender) run(ctx context.Context) {
	batch := make([]appendReq, 0, maxBatch)
	recs := make([]eventrail.Record, 0, maxBatch)
	for {
		select {
		case <-ctx.Done():
			return
		case first := <-a.reqs:
			batch = append(batch[:0], first)
		drain:
			for len(batch) < maxBatch {
				select {
				case q := <-a.reqs:
					batch = append(batch, q)
				default:
					break drain
				}
			}
			recs = recs[:0]
			for _, q := range batch {
				recs = append(recs, q.rec)
			}
			err := a.log.Append(ctx, recs)
			for _, q := range batch {
				q.done <- err
			}
		}
	}
}
