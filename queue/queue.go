package queue

import (
	"container/heap"
	"sync"
	"sync/atomic"
	"time"
)

// dedupWindow is how long a FIFO queue remembers a MessageDeduplicationId.
const dedupWindow = 5 * time.Minute

// queue is one queue's in-memory state. Every field below mu is guarded by it.
type queue struct {
	name string
	arn  string
	fifo bool
	cfg  atomic.Pointer[config] // readable without mu

	mu        sync.Mutex
	rec       queueRecord
	msgs      map[uint64]*message
	ready     readyHeap  // standard queues: every message, by (VisibleAt, Seq)
	order     []*message // FIFO queues: every message in Seq order (gone ones lazily removed)
	goneCount int        // gone messages still in order
	nextSeq   uint64
	wake      chan struct{} // closed and replaced when a message may have become receivable
	deleted   bool
	lastPurge time.Time
	dedup     map[string]dedupEntry // FIFO: deduplication id → first send
}

// dedupEntry remembers an accepted FIFO message for deduplication.
type dedupEntry struct {
	at  time.Time
	id  string
	seq uint64
}

func newQueue(rec queueRecord, arn string) *queue {
	q := &queue{
		name: rec.Name, arn: arn, fifo: isFIFOName(rec.Name), rec: rec,
		msgs: map[uint64]*message{}, nextSeq: 1, wake: make(chan struct{}),
		dedup: map[string]dedupEntry{},
	}
	q.cfg.Store(parseConfig(rec.Attributes))
	return q
}

// signal wakes every waiting receiver. Caller holds mu.
func (q *queue) signal() {
	close(q.wake)
	q.wake = make(chan struct{})
}

// add indexes m. Caller holds mu.
func (q *queue) add(m *message) {
	q.msgs[m.rec.Seq] = m
	if m.rec.Seq >= q.nextSeq {
		q.nextSeq = m.rec.Seq + 1
	}
	if q.fifo {
		q.order = append(q.order, m)
	} else {
		heap.Push(&q.ready, m)
	}
	q.signal()
}

// remove drops m from the index. Caller holds mu.
func (q *queue) remove(m *message) {
	if m.gone {
		return
	}
	m.gone = true
	delete(q.msgs, m.rec.Seq)
	if !q.fifo {
		if m.index >= 0 {
			heap.Remove(&q.ready, m.index)
		}
		return
	}
	q.goneCount++
	if q.goneCount > 64 && q.goneCount > len(q.order)/2 {
		live := q.order[:0]
		for _, o := range q.order {
			if !o.gone {
				live = append(live, o)
			}
		}
		clear(q.order[len(live):])
		q.order, q.goneCount = live, 0
	}
}

// setVisibleAt changes when m becomes receivable. Caller holds mu.
func (q *queue) setVisibleAt(m *message, at time.Time) {
	m.rec.VisibleAt = at
	if !q.fifo && m.index >= 0 {
		heap.Fix(&q.ready, m.index)
	}
	q.signal()
}

// counts returns ApproximateNumberOfMessages, ...NotVisible and ...Delayed; messages past the
// retention period (deleted lazily) are not counted. Caller holds mu.
func (q *queue) counts(now time.Time) (visible, inFlight, delayed int) {
	for _, m := range q.msgs {
		switch {
		case q.expired(m, now):
		case m.inFlight(now):
			inFlight++
		case m.delayed(now):
			delayed++
		default:
			visible++
		}
	}
	return visible, inFlight, delayed
}

// nextChange returns the earliest time after now at which a message becomes receivable, or
// the zero time. Caller holds mu.
func (q *queue) nextChange(now time.Time) time.Time {
	var next time.Time
	consider := func(m *message) {
		if v := m.rec.VisibleAt; v.After(now) && (next.IsZero() || v.Before(next)) {
			next = v
		}
	}
	if !q.fifo {
		// The heap top is the earliest VisibleAt of all.
		if len(q.ready) > 0 {
			consider(q.ready[0])
		}
		return next
	}
	for _, m := range q.order {
		if !m.gone {
			consider(m)
		}
	}
	return next
}

// expired reports whether m outlived the queue's retention period.
func (q *queue) expired(m *message, now time.Time) bool {
	return now.Sub(m.rec.Sent) >= q.cfg.Load().retention
}

// pruneDedup forgets deduplication ids older than the window. Caller holds mu.
func (q *queue) pruneDedup(now time.Time) {
	for id, e := range q.dedup {
		if now.Sub(e.at) >= dedupWindow {
			delete(q.dedup, id)
		}
	}
}
