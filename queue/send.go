package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/google/uuid"
)

// maxBatchBytes is the most a SendMessageBatch may carry in total.
const maxBatchBytes = 1048576

// SendMessage stores one message; it is durable when SendMessage returns.
func (s *Service) SendMessage(ctx context.Context, in *SendMessageInput) (*SendMessageOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	e := &sendEntry{Body: in.MessageBody, Delay: in.DelaySeconds, Attrs: in.MessageAttributes,
		SysAttrs: in.MessageSystemAttributes, DedupID: in.MessageDeduplicationId, GroupID: in.MessageGroupId}
	if err := validateEntry(q, e); err != nil {
		return nil, err
	}
	return s.send(ctx, q, e, "")
}

// send stores a validated entry in q. sourceARN, when set, is the DeadLetterQueueSourceArn.
func (s *Service) send(ctx context.Context, q *queue, e *sendEntry, sourceARN string) (*SendMessageOutput, error) {
	now := s.clock.Now().UTC()
	cfg := q.cfg.Load()
	delay := cfg.delay
	if e.Delay != nil {
		delay = time.Duration(*e.Delay) * time.Second
	}
	rec := messageRecord{ID: uuid.NewString(), Body: *e.Body, Attrs: e.Attrs, TraceHeader: e.traceHeader,
		Sent: now, VisibleAt: now.Add(delay), SourceARN: sourceARN}
	if e.GroupID != nil {
		rec.GroupID = *e.GroupID
	}
	if q.fifo {
		rec.DedupID = dedupID(e)
	}
	if q.fifo {
		return s.sendFIFO(ctx, q, &rec, now)
	}
	return s.sendStandard(ctx, q, &rec)
}

// sendStandard takes a sequence number under the lock but writes outside it, so concurrent
// sends to one queue share the store's group commit. A send that loses a race with
// DeleteQueue removes what it wrote.
func (s *Service) sendStandard(ctx context.Context, q *queue, rec *messageRecord) (*SendMessageOutput, error) {
	q.mu.Lock()
	if q.deleted {
		q.mu.Unlock()
		return nil, errQueueDoesNotExist()
	}
	rec.Gen, rec.Seq = q.rec.Gen, q.nextSeq
	q.nextSeq++
	q.mu.Unlock()
	if err := s.putMessage(ctx, q.name, rec); err != nil {
		return nil, err
	}
	m := newMessage(*rec)
	q.mu.Lock()
	deleted := q.deleted
	if !deleted {
		q.add(m)
	}
	q.mu.Unlock()
	if deleted {
		_ = s.deleteMessage(ctx, q.name, m) // best effort: Open removes orphans anyway
		return nil, errQueueDoesNotExist()
	}
	return sendOutput(m, false), nil
}

// sendFIFO writes under the lock: sequence order is delivery order, and deduplication must
// see every earlier send.
func (s *Service) sendFIFO(ctx context.Context, q *queue, rec *messageRecord, now time.Time) (*SendMessageOutput, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	rec.Gen, rec.Seq = q.rec.Gen, q.nextSeq
	q.pruneDedup(now)
	if d, dup := q.dedup[rec.DedupID]; dup {
		rec.ID, rec.Seq = d.id, d.seq
		return sendOutput(newMessage(*rec), true), nil
	}
	if err := s.putMessage(ctx, q.name, rec); err != nil {
		return nil, err
	}
	m := newMessage(*rec)
	q.add(m)
	q.dedup[rec.DedupID] = dedupEntry{at: now, id: rec.ID, seq: rec.Seq}
	return sendOutput(m, true), nil
}

// dedupID is the explicit MessageDeduplicationId or the SHA-256 of the body.
func dedupID(e *sendEntry) string {
	if e.DedupID != nil {
		return *e.DedupID
	}
	sum := sha256.Sum256([]byte(*e.Body))
	return hex.EncodeToString(sum[:])
}

func sendOutput(m *message, fifo bool) *SendMessageOutput {
	out := &SendMessageOutput{MD5OfMessageBody: m.md5Body, MD5OfMessageAttributes: m.md5Attrs, MessageId: m.rec.ID}
	if m.rec.TraceHeader != "" {
		out.MD5OfMessageSystemAttributes = md5OfAttributes(traceAttrs(m.rec.TraceHeader))
	}
	if fifo {
		out.SequenceNumber = sequenceNumber(m.rec.Seq)
	}
	return out
}

func traceAttrs(h string) map[string]MessageAttributeValue {
	return map[string]MessageAttributeValue{"AWSTraceHeader": {DataType: "String", StringValue: &h}}
}

// sequenceNumber renders a FIFO SequenceNumber (AWS's are 20-digit decimal strings).
func sequenceNumber(seq uint64) string { return fmt.Sprintf("%020d", seq) }

var batchIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// checkBatchIDs validates the entry ids of a batch request of n entries.
func checkBatchIDs(ids []string, entryShape string) error {
	switch {
	case len(ids) == 0:
		return eventrail.Errorf(CodeEmptyBatchRequest, "There should be at least one %s in the request.", entryShape)
	case len(ids) > 10:
		return eventrail.Errorf(CodeTooManyEntriesInBatchRequest, "Maximum number of entries per request are 10. You have sent %d.", len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !batchIDRe.MatchString(id) {
			return eventrail.Errorf(CodeInvalidBatchEntryId, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return eventrail.Errorf(CodeBatchEntryIdsNotDistinct, "Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

// SendMessageBatch sends up to 10 messages; entries fail individually in Failed.
func (s *Service) SendMessageBatch(ctx context.Context, in *SendMessageBatchInput) (*SendMessageBatchOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	total := 0
	for i, e := range in.Entries {
		ids[i] = e.Id
		if e.MessageBody != nil {
			total += messageSize(*e.MessageBody, e.MessageAttributes)
		}
	}
	if err := checkBatchIDs(ids, "SendMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	if total > maxBatchBytes {
		return nil, eventrail.Errorf(CodeBatchRequestTooLong, "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", maxBatchBytes, total)
	}
	out := &SendMessageBatchOutput{Successful: []SendMessageBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for _, be := range in.Entries {
		e := &sendEntry{Body: be.MessageBody, Delay: be.DelaySeconds, Attrs: be.MessageAttributes,
			SysAttrs: be.MessageSystemAttributes, DedupID: be.MessageDeduplicationId, GroupID: be.MessageGroupId}
		res, err := s.sendBatchEntry(ctx, q, e)
		if err != nil {
			if ae, ok := eventrail.AsError(err); ok && ae.Code == CodeQueueDoesNotExist {
				return nil, err
			}
			out.Failed = append(out.Failed, batchError(be.Id, err))
			continue
		}
		out.Successful = append(out.Successful, SendMessageBatchResultEntry{Id: be.Id, SendMessageOutput: *res})
	}
	return out, nil
}

func (s *Service) sendBatchEntry(ctx context.Context, q *queue, e *sendEntry) (*SendMessageOutput, error) {
	if err := validateEntry(q, e); err != nil {
		return nil, err
	}
	return s.send(ctx, q, e, "")
}

// batchError renders err as a batch entry failure: the legacy code, sender fault for client
// errors.
func batchError(id string, err error) BatchResultErrorEntry {
	ae, ok := eventrail.AsError(err)
	if !ok {
		return BatchResultErrorEntry{Id: id, SenderFault: false, Code: "InternalError", Message: err.Error()}
	}
	code := ae.Code
	if legacy, ok := queryCodes[code]; ok {
		code = legacy
	}
	msg := ae.Message
	if code == "InvalidParameterValue" {
		msg = batchParamMessage(msg)
	}
	return BatchResultErrorEntry{Id: id, SenderFault: true, Code: code, Message: msg}
}

// batchParamMessage rewrites "One or more parameters are invalid." as batches word it.
func batchParamMessage(msg string) string {
	const single, batch = "One or more parameters are invalid.", "One or more parameters cannot be validated."
	if len(msg) >= len(single) && msg[:len(single)] == single {
		return batch + msg[len(single):]
	}
	return msg
}
