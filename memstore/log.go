package memstore

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

const defaultDedupWindow = 2 * time.Minute

// recordLog is one Log. All state, including every consumer's, is guarded by mu; wake is closed
// (and replaced) whenever something a waiting consumer worker may want has changed.
type recordLog struct {
	s    *Store
	opts eventrail.LogOptions

	mu        sync.Mutex
	recs      []*stored // ascending Seq; removed entries are dropped from the front lazily
	lastSeq   uint64
	live      uint64
	bytes     uint64
	dedup     map[string]dedupEntry
	dedupFIFO []string // IDs in the order they were first stored
	consumers map[string]*consumer
	wake      chan struct{}
}

type stored struct {
	rec     eventrail.Record
	removed bool
}

type dedupEntry struct {
	seq uint64
	at  time.Time
}

func newRecordLog(s *Store, opts eventrail.LogOptions) *recordLog {
	if opts.DedupWindow <= 0 {
		opts.DedupWindow = defaultDedupWindow
	}
	return &recordLog{
		s: s, opts: opts,
		dedup:     map[string]dedupEntry{},
		consumers: map[string]*consumer{},
		wake:      make(chan struct{}),
	}
}

var _ eventrail.Log = (*recordLog)(nil)

// broadcast wakes every waiting consumer worker. Caller holds l.mu.
func (l *recordLog) broadcast() {
	close(l.wake)
	l.wake = make(chan struct{})
}

// Append stores recs in order; a record whose ID was stored within the dedup window is not
// stored again and gets the Seq and Time of the first copy. Keys are validated before anything
// is stored, so an invalid key stores nothing.
func (l *recordLog) Append(ctx context.Context, recs []eventrail.Record) error {
	for i := range recs {
		if err := validRecordKey(recs[i].Key); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.s.isClosed() {
		return eventrail.ErrClosed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.s.clock.Now()
	l.expireLocked(now)
	for i := range recs {
		l.appendLocked(&recs[i], now)
	}
	l.trimLocked()
	if len(recs) > 0 {
		l.broadcast()
	}
	return nil
}

func (l *recordLog) appendLocked(r *eventrail.Record, now time.Time) {
	if r.ID != "" {
		if d, ok := l.dedup[r.ID]; ok {
			r.Seq, r.Time = d.seq, d.at
			return
		}
	}
	l.lastSeq++
	r.Seq, r.Time = l.lastSeq, now
	rec := *r
	rec.Data = cloneBytes(r.Data)
	l.recs = append(l.recs, &stored{rec: rec})
	l.live++
	l.bytes += recordSize(rec)
	if r.ID != "" {
		l.dedup[r.ID] = dedupEntry{seq: r.Seq, at: now}
		l.dedupFIFO = append(l.dedupFIFO, r.ID)
	}
}

func recordSize(r eventrail.Record) uint64 { return uint64(len(r.Key) + len(r.ID) + len(r.Data)) }

// expireLocked forgets dedup IDs older than the window and drops records older than MaxAge.
func (l *recordLog) expireLocked(now time.Time) {
	for len(l.dedupFIFO) > 0 {
		id := l.dedupFIFO[0]
		if now.Sub(l.dedup[id].at) < l.opts.DedupWindow {
			break
		}
		delete(l.dedup, id)
		l.dedupFIFO = l.dedupFIFO[1:]
	}
	if l.opts.MaxAge > 0 {
		for _, st := range l.recs {
			if st.removed {
				continue
			}
			if now.Sub(st.rec.Time) < l.opts.MaxAge {
				break
			}
			l.removeLocked(st)
		}
	}
	l.compactLocked()
}

// trimLocked drops the oldest records while the log holds more than MaxBytes.
func (l *recordLog) trimLocked() {
	if l.opts.MaxBytes <= 0 {
		return
	}
	for _, st := range l.recs {
		if l.bytes <= uint64(l.opts.MaxBytes) {
			break
		}
		l.removeLocked(st)
	}
	l.compactLocked()
}

// removeLocked deletes one record (work-queue ack, MaxAge).
func (l *recordLog) removeLocked(st *stored) {
	if st.removed {
		return
	}
	st.removed = true
	l.live--
	l.bytes -= recordSize(st.rec)
}

// compactLocked drops removed records from the front of recs.
func (l *recordLog) compactLocked() {
	i := 0
	for i < len(l.recs) && l.recs[i].removed {
		l.recs[i] = nil
		i++
	}
	l.recs = l.recs[i:]
}

// indexFrom returns the index in recs of the first record with Seq >= seq.
func (l *recordLog) indexFrom(seq uint64) int {
	return sort.Search(len(l.recs), func(i int) bool { return l.recs[i].rec.Seq >= seq })
}

// lookup returns the live record with Seq seq, or nil.
func (l *recordLog) lookup(seq uint64) *stored {
	i := l.indexFrom(seq)
	if i < len(l.recs) && l.recs[i].rec.Seq == seq && !l.recs[i].removed {
		return l.recs[i]
	}
	return nil
}

// Read returns up to max live records with Seq >= from whose key matches filter.
func (l *recordLog) Read(ctx context.Context, from uint64, filter string, max int) ([]eventrail.Record, error) {
	if err := validFilter(filter); err != nil {
		return nil, err
	}
	if l.s.isClosed() {
		return nil, eventrail.ErrClosed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expireLocked(l.s.clock.Now())
	var out []eventrail.Record
	for i := l.indexFrom(from); i < len(l.recs) && len(out) < max; i++ {
		st := l.recs[i]
		if !st.removed && matchFilter(filter, st.rec.Key) {
			r := st.rec
			r.Data = cloneBytes(r.Data)
			out = append(out, r)
		}
	}
	return out, nil
}

// Info reports the extent of the live records. With no live records FirstSeq is LastSeq+1
// (or 0 for a log that never had one), as JetStream reports it.
func (l *recordLog) Info(ctx context.Context) (eventrail.LogInfo, error) {
	if l.s.isClosed() {
		return eventrail.LogInfo{}, eventrail.ErrClosed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expireLocked(l.s.clock.Now())
	info := eventrail.LogInfo{LastSeq: l.lastSeq, Records: l.live, Bytes: l.bytes}
	switch {
	case len(l.recs) > 0:
		info.FirstSeq = l.recs[0].rec.Seq
	case l.lastSeq > 0:
		info.FirstSeq = l.lastSeq + 1
	}
	return info, nil
}
