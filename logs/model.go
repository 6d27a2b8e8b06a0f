package logs

import (
	"sort"
	"sync"
)

// groupRecord is a log group as stored under "g/<name>".
type groupRecord struct {
	Name      string            `json:"name"`
	Gen       string            `json:"gen"`
	Created   int64             `json:"created"` // epoch ms
	Retention *int              `json:"retention,omitempty"`
	KmsKeyID  string            `json:"kms,omitempty"`
	Class     string            `json:"class"`
	Tags      map[string]string `json:"tags,omitempty"`
}

// streamRecord is a log stream as stored under "s/<group>:<stream>".
type streamRecord struct {
	Name     string `json:"name"`
	Gen      string `json:"gen"`
	GroupGen string `json:"ggen"`
	Created  int64  `json:"created"`
}

// batchRecord is one accepted PutLogEvents batch, stored under "e/<group>:<stream>:<seq>".
type batchRecord struct {
	StreamGen string        `json:"sgen"`
	Seq       uint64        `json:"seq"`
	Ingested  int64         `json:"ing"`
	Events    []storedEvent `json:"ev"`
}

type storedEvent struct {
	T int64  `json:"t"`
	M string `json:"m"`
}

// event is one log event in memory.
type event struct {
	ts       int64
	msg      string
	ingested int64
	id       string
}

// group is a log group in memory; its fields other than streams are guarded by Service.mu.
type group struct {
	rec     groupRecord
	streams map[string]*stream
}

// stream is a log stream in memory. events is sorted by timestamp (stable in arrival order).
type stream struct {
	rec   streamRecord
	group string

	mu         sync.Mutex
	events     []event
	nextBatch  uint64
	lastIngest int64
	deleted    bool
}

// insert adds events (already in timestamp order among themselves), keeping the stream
// sorted and stable: a batch at or after the newest event is appended; otherwise only the
// tail of events newer than the batch's first is merged. Caller holds st.mu.
func (st *stream) insert(evs []event) {
	if len(evs) == 0 {
		return
	}
	n := len(st.events)
	i := sort.Search(n, func(i int) bool { return st.events[i].ts > evs[0].ts })
	if i == n {
		st.events = append(st.events, evs...)
		return
	}
	tail := append([]event(nil), st.events[i:]...)
	st.events = st.events[:i]
	a, b := 0, 0
	for a < len(tail) || b < len(evs) {
		if b == len(evs) || (a < len(tail) && tail[a].ts <= evs[b].ts) {
			st.events = append(st.events, tail[a])
			a++
		} else {
			st.events = append(st.events, evs[b])
			b++
		}
	}
}
