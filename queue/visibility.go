package queue

import (
	"context"
	"time"
)

// DeleteMessage deletes the message a receipt handle came from. A handle from an earlier
// receive of a message received again since, or of a message already deleted, is accepted and
// changes nothing (as SQS does).
func (s *Service) DeleteMessage(ctx context.Context, in *DeleteMessageInput) (*Empty, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if err := s.deleteByHandle(ctx, q, in.ReceiptHandle); err != nil {
		return nil, err
	}
	return &Empty{}, nil
}

func (s *Service) deleteByHandle(ctx context.Context, q *queue, h string) error {
	if h == "" {
		return errMissing("ReceiptHandle")
	}
	r, ok := parseReceipt(h, q.name)
	if !ok {
		return errReceiptHandle(h)
	}
	m, err := s.takeByReceipt(q, r, h)
	if m == nil || err != nil {
		return err
	}
	// Written outside the lock: the message is already out of the index, so nothing else can
	// touch it. A crash before the write only brings it back (at-least-once).
	return s.deleteMessage(ctx, q.name, m)
}

// takeByReceipt removes from the index the message r was issued for, if r is its current
// receipt; nil (and no error) for a stale or unknown one.
func (s *Service) takeByReceipt(q *queue, r receipt, h string) (*message, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errQueueDoesNotExist()
	}
	m := q.msgs[r.seq]
	if r.gen != q.rec.Gen || m == nil || m.rec.Receives != r.receives {
		return nil, nil
	}
	if q.fifo && !m.inFlight(s.clock.Now()) {
		return nil, errParamValue(h, "ReceiptHandle", "The receipt handle has expired.")
	}
	q.remove(m)
	return m, nil
}

// DeleteMessageBatch deletes up to 10 messages by receipt handle.
func (s *Service) DeleteMessageBatch(ctx context.Context, in *DeleteMessageBatchInput) (*BatchOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatchIDs(ids, "DeleteMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	out := &BatchOutput{Successful: []BatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for _, e := range in.Entries {
		if err := s.deleteByHandle(ctx, q, e.ReceiptHandle); err != nil {
			out.Failed = append(out.Failed, batchError(e.Id, err))
			continue
		}
		out.Successful = append(out.Successful, BatchResultEntry{Id: e.Id})
	}
	return out, nil
}

// ChangeMessageVisibility sets how long from now the received message stays hidden; 0 makes
// it visible at once.
func (s *Service) ChangeMessageVisibility(ctx context.Context, in *ChangeMessageVisibilityInput) (*Empty, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	if err := s.changeVisibility(ctx, q, in.ReceiptHandle, in.VisibilityTimeout); err != nil {
		return nil, err
	}
	return &Empty{}, nil
}

func (s *Service) changeVisibility(ctx context.Context, q *queue, h string, vt *int) error {
	switch {
	case h == "":
		return errMissing("ReceiptHandle")
	case vt == nil:
		return errMissing("VisibilityTimeout")
	case *vt < 0 || *vt > 43200:
		return errParamValue(*vt, "VisibilityTimeout", "Must be between 0 and 43200, if provided.")
	}
	r, ok := parseReceipt(h, q.name)
	if !ok {
		return errReceiptHandle(h)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return errQueueDoesNotExist()
	}
	m := q.msgs[r.seq]
	if r.gen != q.rec.Gen || m == nil || m.rec.Receives != r.receives {
		return errParamValue(h, "ReceiptHandle", "Message does not exist or is not available for visibility timeout change.")
	}
	now := s.clock.Now().UTC()
	if !m.inFlight(now) {
		return nil // visible again already: nothing to change (as SQS answers)
	}
	rec := m.rec
	rec.VisibleAt = now.Add(time.Duration(*vt) * time.Second)
	if err := s.putVisibility(ctx, q.name, &rec); err != nil {
		return err
	}
	q.setVisibleAt(m, rec.VisibleAt)
	return nil
}

// ChangeMessageVisibilityBatch changes the visibility of up to 10 messages.
func (s *Service) ChangeMessageVisibilityBatch(ctx context.Context, in *ChangeMessageVisibilityBatchInput) (*BatchOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatchIDs(ids, "ChangeMessageVisibilityBatchRequestEntry"); err != nil {
		return nil, err
	}
	out := &BatchOutput{Successful: []BatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for _, e := range in.Entries {
		if err := s.changeVisibility(ctx, q, e.ReceiptHandle, e.VisibilityTimeout); err != nil {
			out.Failed = append(out.Failed, batchError(e.Id, err))
			continue
		}
		out.Successful = append(out.Successful, BatchResultEntry{Id: e.Id})
	}
	return out, nil
}
