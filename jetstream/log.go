package jetstream

import (
	"context"
	"fmt"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// recordLog is an eventrail.Log on one stream. Safe for concurrent use.
type recordLog struct {
	s      *Store
	name   string
	prefix string // name + "."
	stream jetstream.Stream
}

var _ eventrail.Log = (*recordLog)(nil)

// appendStallWait bounds how long one publish may wait for room among the Store's pending
// asynchronous publishes.
const appendStallWait = 30 * time.Second

// Append publishes every record asynchronously (large ones compressed, encoding.go), then
// waits for all acknowledgements (each means the record is stored, and fsynced unless
// Options.SyncInterval is set). On error some
// records may have been stored; Seq is set on those that were acknowledged. Record.Time is set
// to the local time at acknowledgement (the stored time, read back on delivery, is the
// server's).
func (l *recordLog) Append(ctx context.Context, recs []eventrail.Record) error {
	for i := range recs {
		if err := validRecordKey(recs[i].Key); err != nil {
			return err
		}
	}
	if l.s.closed.Load() {
		return eventrail.ErrClosed
	}
	if max := l.s.MaxRecordBytes(); max > 0 {
		for i := range recs {
			if len(recs[i].Data) > max {
				return fmt.Errorf("jetstream: record of %d bytes exceeds the %d-byte maximum", len(recs[i].Data), max)
			}
		}
	}
	futs := make([]jetstream.PubAckFuture, len(recs))
	blocks := make([]*[]byte, len(recs)) // compressed data: a retried publish resends it
	for i := range recs {
		blocks[i] = compressed(recs[i].Data)
		f, err := l.publish(&recs[i], blocks[i])
		if err != nil {
			return l.s.wrap("Append", err)
		}
		futs[i] = f
	}
	for i, f := range futs {
		select {
		case ack := <-f.Ok():
			recs[i].Seq, recs[i].Time = ack.Sequence, time.Now()
		case err := <-f.Err():
			return l.s.wrap("Append", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-l.s.done:
			return eventrail.ErrClosed
		}
	}
	for _, b := range blocks {
		releaseCompressed(b) // every publish is acknowledged: none will be resent
	}
	return nil
}

// publish sends r, as block (its compressed data) when that is not nil.
func (l *recordLog) publish(r *eventrail.Record, block *[]byte) (jetstream.PubAckFuture, error) {
	m := &nats.Msg{Subject: l.prefix + r.Key, Data: r.Data}
	if block != nil {
		m.Data = *block
		m.Header = nats.Header{encodingHeader: []string{encodingS2}}
	}
	opts := []jetstream.PublishOpt{jetstream.WithExpectStream(streamName(l.name)), jetstream.WithStallWait(appendStallWait)}
	if r.ID != "" {
		opts = append(opts, jetstream.WithMsgID(r.ID))
	}
	return l.s.js.PublishMsgAsync(m, opts...)
}

// subjectFilter maps a record key filter to the stream subject filter.
func (l *recordLog) subjectFilter(filter string) string {
	if filter == "" {
		return l.prefix + ">"
	}
	return l.prefix + filter
}

// record converts a stored message to a Record, decoding compressed data (encoding.go).
func (l *recordLog) record(subject string, seq uint64, t time.Time, data []byte, h nats.Header) (eventrail.Record, error) {
	data, err := storedData(data, h)
	if err != nil {
		return eventrail.Record{}, fmt.Errorf("%w (record %d of log %s)", err, seq, l.name)
	}
	r := eventrail.Record{Key: subject[len(l.prefix):], Seq: seq, Time: t, Data: data}
	if h != nil {
		r.ID = h.Get(jetstream.MsgIDHeader)
	}
	return r, nil
}

// Info reports the stream's state.
func (l *recordLog) Info(ctx context.Context) (eventrail.LogInfo, error) {
	if l.s.closed.Load() {
		return eventrail.LogInfo{}, eventrail.ErrClosed
	}
	si, err := l.stream.Info(ctx)
	if err != nil {
		return eventrail.LogInfo{}, l.s.wrap("Info", err)
	}
	st := si.State
	return eventrail.LogInfo{FirstSeq: st.FirstSeq, LastSeq: st.LastSeq, Records: st.Msgs, Bytes: st.Bytes}, nil
}
