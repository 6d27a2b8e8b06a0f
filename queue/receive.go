package queue

import (
	"container/heap"
	"context"
	"time"
)

// ReceiveMessage returns up to MaxNumberOfMessages visible messages and hides them for the
// visibility timeout. With a wait time (WaitTimeSeconds, else the queue's
// ReceiveMessageWaitTimeSeconds) it long-polls: it returns as soon as a message is available,
// or empty when the wait ends. Each returned message has a new receipt handle.
func (s *Service) ReceiveMessage(ctx context.Context, in *ReceiveMessageInput) (*ReceiveMessageOutput, error) {
	q, err := s.byURL(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	max, wait, vt, err := receiveParams(in, q.cfg.Load())
	if err != nil {
		return nil, err
	}
	sel := newSelection(in)
	deadline := s.clock.Now().Add(wait)
	for {
		p, wake, next, err := s.receiveOnce(ctx, q, max, vt)
		if err != nil {
			return nil, err
		}
		if len(p.received) > 0 {
			return s.render(q, p, sel), nil
		}
		now := s.clock.Now()
		if !now.Before(deadline) {
			return &ReceiveMessageOutput{}, nil
		}
		if next.IsZero() || next.After(deadline) {
			next = deadline
		}
		if closed, err := s.waitUntil(ctx, wake, next.Sub(now)); err != nil || closed {
			return &ReceiveMessageOutput{}, err
		}
	}
}

// receiveParams validates the request's numbers and applies the queue's defaults.
func receiveParams(in *ReceiveMessageInput, cfg *config) (max int, wait, vt time.Duration, err error) {
	max, vt, wait = 1, cfg.visibility, time.Duration(cfg.waitSeconds)*time.Second
	if n := in.MaxNumberOfMessages; n != nil {
		if *n < 1 || *n > 10 {
			return 0, 0, 0, errParamValue(*n, "MaxNumberOfMessages", "Must be between 1 and 10, if provided.")
		}
		max = *n
	}
	if n := in.WaitTimeSeconds; n != nil {
		if *n < 0 || *n > 20 {
			return 0, 0, 0, errParamValue(*n, "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided.")
		}
		wait = time.Duration(*n) * time.Second
	}
	if n := in.VisibilityTimeout; n != nil {
		if *n < 0 || *n > 43200 {
			return 0, 0, 0, errParamValue(*n, "VisibilityTimeout", "Must be >= 0 and <= 43200, if provided.")
		}
		vt = time.Duration(*n) * time.Second
	}
	return max, wait, vt, nil
}

// waitUntil blocks until wake is closed, d passes on the service clock, ctx ends (an error)
// or the service closes (closed).
func (s *Service) waitUntil(ctx context.Context, wake <-chan struct{}, d time.Duration) (closed bool, err error) {
	fired := make(chan struct{})
	t := s.clock.AfterFunc(d, func() { close(fired) })
	defer t.Stop()
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	select {
	case <-wake:
	case <-fired:
	case <-s.done:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
	return false, nil
}

// receiveOnce takes up to max receivable messages, persists their new receive state and
// moves those past the redrive policy's maxReceiveCount to the dead-letter queue. It returns
// the received records, the channel closed on the next change and the next visibility time.
func (s *Service) receiveOnce(ctx context.Context, q *queue, max int, vt time.Duration) (picked, <-chan struct{}, time.Time, error) {
	cfg := q.cfg.Load()
	var dlq *queue
	if cfg.redriveARN != "" && cfg.maxReceives > 0 {
		if dlq = s.byARN(cfg.redriveARN); dlq == q {
			dlq = nil
		}
	}
	maxReceives := 0
	if dlq != nil {
		maxReceives = cfg.maxReceives
	}
	q.mu.Lock()
	if q.deleted {
		q.mu.Unlock()
		return picked{}, nil, time.Time{}, errQueueDoesNotExist()
	}
	now := s.clock.Now().UTC()
	p := q.pick(now, max, vt, maxReceives)
	err := s.persistPick(ctx, q, p)
	wake, next := q.wake, q.nextChange(now)
	q.mu.Unlock()
	for _, m := range p.moved {
		s.moveToDLQ(ctx, q, dlq, m)
	}
	if err != nil {
		return picked{}, nil, time.Time{}, err
	}
	return p, wake, next, nil
}

// picked is the outcome of one pick.
type picked struct {
	received []messageRecord // snapshots taken after the receive was recorded
	md5s     []string        // MD5OfBody of each received message
	expired  []*message      // past the retention period: to delete
	moved    []*message      // past maxReceiveCount: to move to the dead-letter queue
}

// pick selects receivable messages and marks them received. Caller holds mu.
func (q *queue) pick(now time.Time, max int, vt time.Duration, maxReceives int) picked {
	var p picked
	var drop []*message
	take := func(m *message) bool {
		switch {
		case q.expired(m, now):
			p.expired = append(p.expired, m)
		case maxReceives > 0 && m.rec.Receives >= maxReceives:
			p.moved = append(p.moved, m)
		default:
			m.rec.Receives++
			if m.rec.FirstReceive.IsZero() {
				m.rec.FirstReceive = now
			}
			m.rec.VisibleAt = now.Add(vt)
			p.received = append(p.received, m.rec)
			p.md5s = append(p.md5s, m.md5Body)
			return true
		}
		drop = append(drop, m)
		return false
	}
	if q.fifo {
		q.pickFIFO(now, max, take, &p)
	} else {
		q.pickStandard(now, max, take, &p)
	}
	for _, m := range drop {
		q.remove(m)
	}
	return p
}

func (q *queue) pickStandard(now time.Time, max int, take func(*message) bool, p *picked) {
	var back []*message
	for len(p.received) < max && len(q.ready) > 0 && !q.ready[0].rec.VisibleAt.After(now) {
		m := heap.Pop(&q.ready).(*message)
		if take(m) {
			back = append(back, m)
		}
	}
	for _, m := range back {
		heap.Push(&q.ready, m)
	}
}

// pickFIFO keeps order within a message group: a group with a message in flight (or a
// delayed head) yields nothing, and a group's messages come out in sequence order.
func (q *queue) pickFIFO(now time.Time, max int, take func(*message) bool, p *picked) {
	blocked := map[string]bool{}
	for _, m := range q.order {
		if !m.gone && m.inFlight(now) {
			blocked[m.rec.GroupID] = true
		}
	}
	for _, m := range q.order {
		if len(p.received) >= max {
			return
		}
		g := m.rec.GroupID
		switch {
		case m.gone || blocked[g]:
		case m.rec.VisibleAt.After(now):
			blocked[g] = true
		default:
			take(m)
		}
	}
}

// persistPick writes the outcome of pick. Caller holds q.mu.
func (s *Service) persistPick(ctx context.Context, q *queue, p picked) error {
	for i := range p.received {
		if err := s.putVisibility(ctx, q.name, &p.received[i]); err != nil {
			return err
		}
	}
	for _, m := range p.expired {
		if err := s.deleteMessage(ctx, q.name, m); err != nil {
			return err
		}
	}
	return nil
}

// moveToDLQ stores m in dlq (keeping its id, body, attributes and sent time) and then deletes
// it from src. If dlq cannot take it, m goes back to src.
func (s *Service) moveToDLQ(ctx context.Context, src, dlq *queue, m *message) {
	rec := m.rec
	rec.Receives, rec.FirstReceive, rec.SourceARN = 0, time.Time{}, src.arn
	rec.VisibleAt = s.clock.Now().UTC()
	dlq.mu.Lock()
	ok := !dlq.deleted
	if ok {
		rec.Gen, rec.Seq = dlq.rec.Gen, dlq.nextSeq
		ok = s.putMessage(ctx, dlq.name, &rec) == nil
		if ok {
			dlq.add(newMessage(rec))
		}
	}
	dlq.mu.Unlock()
	src.mu.Lock()
	defer src.mu.Unlock()
	if !ok || s.deleteMessage(ctx, src.name, m) != nil {
		if !src.deleted && !ok {
			m.gone = false
			src.add(m)
		}
	}
}
