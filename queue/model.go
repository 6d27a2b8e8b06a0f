package queue

import (
	"container/heap"
	"time"
)

// queueRecord is a queue as stored under key "q/<name>".
type queueRecord struct {
	Name       string            `json:"name"`
	Gen        string            `json:"gen"` // distinguishes re-creations of the same name
	Created    time.Time         `json:"created"`
	Modified   time.Time         `json:"modified"`
	Attributes map[string]string `json:"attrs"` // settable attributes, defaults filled in
	Tags       map[string]string `json:"tags,omitempty"`
}

// messageRecord is a message as stored under key "m/<queue>/<seq>".
type messageRecord struct {
	Gen          string                           `json:"g"`
	Seq          uint64                           `json:"s"`
	ID           string                           `json:"id"`
	Body         string                           `json:"b"`
	Attrs        map[string]MessageAttributeValue `json:"a,omitempty"`
	TraceHeader  string                           `json:"tr,omitempty"`
	Sent         time.Time                        `json:"t"`
	FirstReceive time.Time                        `json:"fr"`
	Receives     int                              `json:"rc"`
	VisibleAt    time.Time                        `json:"v"`
	GroupID      string                           `json:"gid,omitempty"`
	DedupID      string                           `json:"did,omitempty"`
	SourceARN    string                           `json:"dlq,omitempty"` // DeadLetterQueueSourceArn
}

// message is a stored message with its derived, unstored fields.
type message struct {
	rec      messageRecord
	md5Body  string
	md5Attrs string
	index    int // position in the standard queue's heap; -1 when not in it
	gone     bool
}

func newMessage(rec messageRecord) *message {
	return &message{rec: rec, md5Body: md5Hex(rec.Body), md5Attrs: md5OfAttributes(rec.Attrs), index: -1}
}

// inFlight reports whether m was received and its visibility timeout has not expired.
func (m *message) inFlight(now time.Time) bool {
	return m.rec.Receives > 0 && m.rec.VisibleAt.After(now)
}

// delayed reports whether m was never received and its delay has not passed.
func (m *message) delayed(now time.Time) bool {
	return m.rec.Receives == 0 && m.rec.VisibleAt.After(now)
}

// readyHeap orders a standard queue's messages by (VisibleAt, Seq): the top is the message
// that became visible first.
type readyHeap []*message

func (h readyHeap) Len() int { return len(h) }
func (h readyHeap) Less(i, j int) bool {
	a, b := h[i].rec, h[j].rec
	if !a.VisibleAt.Equal(b.VisibleAt) {
		return a.VisibleAt.Before(b.VisibleAt)
	}
	return a.Seq < b.Seq
}
func (h readyHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *readyHeap) Push(x any) {
	m := x.(*message)
	m.index = len(*h)
	*h = append(*h, m)
}
func (h *readyHeap) Pop() any {
	old := *h
	m := old[len(old)-1]
	old[len(old)-1] = nil
	m.index = -1
	*h = old[:len(old)-1]
	return m
}

var _ heap.Interface = (*readyHeap)(nil)
