package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Read pages sizes: records and bytes per batched direct-get request.
const (
	readBatchRecords = 1000
	readBatchBytes   = 8 << 20
	readTimeout      = 30 * time.Second
)

// Read returns up to max records with Seq >= from whose key matches filter, in order. It uses
// batched direct gets (one request per page of records) on servers that have them (2.11+) and
// one direct get per record otherwise. Consumers are unaffected.
func (l *recordLog) Read(ctx context.Context, from uint64, filter string, max int) ([]eventrail.Record, error) {
	if err := validFilter(filter); err != nil {
		return nil, err
	}
	if l.s.closed.Load() {
		return nil, eventrail.ErrClosed
	}
	if from == 0 {
		from = 1
	}
	subj := l.subjectFilter(filter)
	if !batchGetSupported(l.s.nc.ConnectedServerVersion()) {
		return l.readEach(ctx, from, subj, max)
	}
	var out []eventrail.Record
	for len(out) < max {
		page, err := l.readPage(ctx, from, subj, min(max-len(out), readBatchRecords))
		if err != nil {
			return nil, l.s.wrap("Read", err)
		}
		if len(page) == 0 {
			break
		}
		out = append(out, page...)
		from = page[len(page)-1].Seq + 1
	}
	return out, nil
}

// batchGetSupported reports whether a server version has batched direct get (2.11+).
func batchGetSupported(version string) bool {
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && (major > 2 || major == 2 && minor >= 11)
}

type directGetRequest struct {
	Seq      uint64 `json:"seq,omitempty"`
	NextFor  string `json:"next_by_subj,omitempty"`
	Batch    int    `json:"batch,omitempty"`
	MaxBytes int    `json:"max_bytes,omitempty"`
}

// readPage asks for up to n records from seq on subj in one batched direct get and collects
// the replies up to the end-of-batch (204) or not-found (404) status.
func (l *recordLog) readPage(ctx context.Context, from uint64, subj string, n int) ([]eventrail.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	nc := l.s.nc
	sub, err := nc.SubscribeSync(nc.NewInbox())
	if err != nil {
		return nil, err
	}
	defer sub.Unsubscribe()
	sub.SetPendingLimits(-1, -1) // the request's max_bytes bounds what arrives
	req, _ := json.Marshal(directGetRequest{Seq: from, NextFor: subj, Batch: n, MaxBytes: readBatchBytes})
	if err := nc.PublishRequest("$JS.API.DIRECT.GET."+streamName(l.name), sub.Subject, req); err != nil {
		return nil, err
	}
	var out []eventrail.Record
	for {
		m, err := sub.NextMsgWithContext(ctx)
		if err != nil {
			return nil, err
		}
		switch status := m.Header.Get("Status"); status {
		case "":
		case "204", "404":
			return out, nil
		default:
			return nil, fmt.Errorf("direct get: %s %s", status, m.Header.Get("Description"))
		}
		r, err := l.directRecord(m)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
}

// directRecord decodes one direct-get reply.
func (l *recordLog) directRecord(m *nats.Msg) (eventrail.Record, error) {
	seq, err := strconv.ParseUint(m.Header.Get(jetstream.SequenceHeader), 10, 64)
	if err != nil {
		return eventrail.Record{}, fmt.Errorf("direct get: bad sequence header: %w", err)
	}
	ts, err := time.Parse(time.RFC3339Nano, m.Header.Get(jetstream.TimeStampHeaer))
	if err != nil {
		return eventrail.Record{}, fmt.Errorf("direct get: bad time header: %w", err)
	}
	subj := m.Header.Get(jetstream.SubjectHeader)
	if !strings.HasPrefix(subj, l.prefix) {
		return eventrail.Record{}, fmt.Errorf("direct get: subject %q outside log %q", subj, l.name)
	}
	return l.record(subj, seq, ts, m.Data, m.Header)
}

// readEach is Read with one direct get per record, for servers without batched gets.
func (l *recordLog) readEach(ctx context.Context, from uint64, subj string, max int) ([]eventrail.Record, error) {
	var out []eventrail.Record
	for len(out) < max {
		m, err := l.stream.GetMsg(ctx, from, jetstream.WithGetMsgSubject(subj))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return nil, l.s.wrap("Read", err)
		}
		r, err := l.record(m.Subject, m.Sequence, m.Time, m.Data, m.Header)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		from = m.Sequence + 1
	}
	return out, nil
}
