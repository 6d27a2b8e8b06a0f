package delivery

import (
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// parkedBatch is a record the engine wrote to the hand-off log for hand-offs it is still
// delivering from memory (Dispatch's slow path). When the hand-off consumer delivers that record
// it is not delivered again but acknowledged once those in-memory jobs are all final.
type parkedBatch struct {
	id     string
	left   int                // jobs still in memory
	d      eventrail.Delivery // the consumer's delivery of the record, once it came back
	notify func(error)        // Dispatch's caller, until told
	doneAt time.Time          // when the last job became final (zero: not yet)
}

// parkedSet holds the parked batches by record ID. Safe for concurrent use.
type parkedSet struct {
	mu sync.Mutex
	m  map[string]*parkedBatch
}

// add registers a parked batch of n in-memory jobs under id (before its record is appended).
func (s *parkedSet) add(id string, n int, notify func(error)) *parkedBatch {
	pb := &parkedBatch{id: id, left: n, notify: notify}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]*parkedBatch{}
	}
	s.m[id] = pb
	return pb
}

// stored tells Dispatch's caller that pb's hand-offs are final: their record is durable.
func (s *parkedSet) stored(pb *parkedBatch) {
	s.mu.Lock()
	notify := pb.notify
	pb.notify = nil
	s.mu.Unlock()
	if notify != nil {
		notify(nil)
	}
}

// jobDone counts one of pb's jobs final. When none is left the record is acknowledged if it
// came back already (else as soon as it does), and Dispatch's caller, if its record could not
// be parked, is told the hand-offs are final.
func (s *parkedSet) jobDone(e *Engine, pb *parkedBatch) {
	s.mu.Lock()
	pb.left--
	if pb.left > 0 {
		s.mu.Unlock()
		return
	}
	notify, d := pb.notify, pb.d
	pb.notify = nil
	if d != nil {
		delete(s.m, pb.id)
	} else {
		pb.doneAt = e.o.Clock.Now()
	}
	s.mu.Unlock()
	if notify != nil {
		notify(nil)
	}
	if d != nil {
		e.ack(d)
	}
}

// attach takes the consumer's delivery d of a record with the given id. It returns false when
// the record is not a parked batch of this process (the caller then delivers it normally).
func (s *parkedSet) attach(e *Engine, id string, d eventrail.Delivery) bool {
	if id == "" {
		return false
	}
	s.mu.Lock()
	pb := s.m[id]
	if pb == nil {
		s.mu.Unlock()
		return false
	}
	finished := pb.left == 0
	if finished {
		delete(s.m, id)
	} else {
		pb.d = d
	}
	s.mu.Unlock()
	if finished {
		e.ack(d)
	}
	return true
}

// deliveries returns the deliveries of parked records still being worked on (keepalive).
func (s *parkedSet) deliveries() []eventrail.Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []eventrail.Delivery
	for _, pb := range s.m {
		if pb.d != nil {
			out = append(out, pb.d)
		}
	}
	return out
}

// sweep forgets batches finished before cutoff whose record never came back (e.g. it was
// already consumed by the time the jobs finished). Should it still come, it is delivered again.
func (s *parkedSet) sweep(cutoff time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, pb := range s.m {
		if pb.left == 0 && pb.doneAt.Before(cutoff) {
			delete(s.m, id)
		}
	}
}

// len returns the number of parked batches remembered (tests).
func (s *parkedSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
