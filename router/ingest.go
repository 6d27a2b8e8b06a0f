package router

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/eventrail/eventrail"
)

// BusLogKey is the key of every record of the bus log (the bus is inside each entry, because
// bus names may contain characters that record keys may not).
const BusLogKey = "events"

// IngesterOptions tune group commit.
type IngesterOptions struct {
	// MaxRecordBytes caps one bus-log record (default 1 MiB); a single larger event gets a
	// record of its own.
	MaxRecordBytes int
	// MaxInFlight is how many appends may be under way at once (default 1): while they are,
	// new events gather into the next batch. The store syncs one record at a time, so more
	// appends in flight only split the waiting callers into smaller groups (measured: 4 in
	// flight was slower than 1; 2 was the same as 1).
	MaxInFlight int
}

// Ingester implements eventrail.Ingester with group commit: events from concurrent Ingest calls
// are packed into as few bus-log records as their size allows, and each call returns once the
// append carrying its events is durable.
//
// Safe for concurrent use. Close stops it; Ingest after Close returns eventrail.ErrClosed.
type Ingester struct {
	log   eventrail.Log
	opts  IngesterOptions
	reqs  chan *ingestRequest
	slots chan struct{}

	closeOnce sync.Once
	mu        sync.RWMutex // held for reading while enqueuing; Close takes it to stop enqueues
	closed    bool
	quit      chan struct{}
	loopDone  chan struct{}
	inflight  sync.WaitGroup

	direct atomic.Pointer[Router] // set by DispatchDirectly
}

type ingestRequest struct {
	data []byte // encoded frames
	done chan error
}

var _ eventrail.Ingester = (*Ingester)(nil)

// NewIngester starts an Ingester appending to log.
func NewIngester(log eventrail.Log, o IngesterOptions) *Ingester {
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = 1 << 20
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 1
	}
	in := &Ingester{
		log:      log,
		opts:     o,
		reqs:     make(chan *ingestRequest, 4096),
		slots:    make(chan struct{}, o.MaxInFlight),
		quit:     make(chan struct{}),
		loopDone: make(chan struct{}),
	}
	go in.loop()
	return in
}

// Ingest stores events durably. It returns ctx's error if ctx ends first; the events may then
// still be stored. With DispatchDirectly, the events are also routed and handed to delivery
// while the append runs; that may wait briefly for room in a backlogged target's lane
// (delivery's back-pressure).
func (in *Ingester) Ingest(ctx context.Context, events []eventrail.Event) error {
	if len(events) == 0 {
		return nil
	}
	size := maxCallMarker
	for i := range events {
		size += frameSizeHint(&events[i])
	}
	data := frameBuffers.get(size)
	rt := in.direct.Load()
	var call *directCall // nil: the events are routed from the record, as it is delivered
	if rt != nil {
		call = rt.openDirect()
	}
	marker := callMarker{}
	if call != nil {
		marker = rt.direct.marker(call)
	}
	data = appendCallMarker(data, marker)
	start := len(data)
	for i := range events {
		data = appendFrame(data, &events[i])
	}
	req := &ingestRequest{data: data, done: make(chan error, 1)}
	if err := in.enqueue(ctx, req); err != nil {
		if call != nil {
			rt.direct.claim(marker) // never stored: forget it
		}
		return err
	}
	if call != nil {
		rt.routeDirect(call, data[start:], len(events)) // while the append runs
	}
	select {
	case err := <-req.done:
		if err == nil && call == nil {
			frameBuffers.put(req.data) // stored: nothing refers to it any more
		}
		return err
	case <-ctx.Done():
		return ctx.Err() // the loop may still read req.data: leave it to the collector
	}
}

// DispatchDirectly makes every later Ingest call hand its events to rt while they are being
// stored, rt then skipping them when the bus log delivers their record (direct.go). Use it only
// when rt is the sole reader of this Ingester's bus log: a record another process's router
// receives is routed from its contents, so its directly dispatched events would be delivered
// twice.
func (in *Ingester) DispatchDirectly(rt *Router) { in.direct.Store(rt) }

// enqueue hands req to the batching loop unless the Ingester is closed.
func (in *Ingester) enqueue(ctx context.Context, req *ingestRequest) error {
	in.mu.RLock()
	defer in.mu.RUnlock()
	if in.closed {
		return eventrail.ErrClosed
	}
	select {
	case in.reqs <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// loop forms batches: it takes the first waiting request, waits for an append slot (more
// requests gather meanwhile), then drains everything waiting into one append.
func (in *Ingester) loop() {
	defer close(in.loopDone)
	for {
		var first *ingestRequest
		select {
		case first = <-in.reqs:
		case <-in.quit:
			return
		}
		in.slots <- struct{}{}
		batch := []*ingestRequest{first}
	drain:
		for len(batch) < 4096 {
			select {
			case r := <-in.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		in.inflight.Add(1)
		go in.commit(batch)
	}
}

// commit appends one batch and answers its requests.
func (in *Ingester) commit(batch []*ingestRequest) {
	defer in.inflight.Done()
	defer func() { <-in.slots }()
	recs, owned := in.pack(batch)
	err := in.log.Append(context.Background(), recs)
	if err == nil {
		for _, buf := range owned {
			recordBuffers.put(buf)
		}
	}
	for _, r := range batch {
		r.done <- err
	}
}

// pack concatenates the requests' frames into records of at most MaxRecordBytes (a request is
// never split: all of one call's events land in the same record unless it alone is larger).
// A record of a single request is that request's buffer; the others are new buffers, returned
// as owned so that commit can recycle them.
func (in *Ingester) pack(batch []*ingestRequest) (recs []eventrail.Record, owned [][]byte) {
	for i := 0; i < len(batch); {
		j, size := i+1, len(batch[i].data)
		for j < len(batch) && size+len(batch[j].data) <= in.opts.MaxRecordBytes {
			size += len(batch[j].data)
			j++
		}
		if j == i+1 {
			recs = append(recs, eventrail.Record{Key: BusLogKey, Data: batch[i].data})
			i = j
			continue
		}
		cur := recordBuffers.get(size)
		for ; i < j; i++ {
			cur = append(cur, batch[i].data...)
		}
		recs = append(recs, eventrail.Record{Key: BusLogKey, Data: cur})
		owned = append(owned, cur)
	}
	return recs, owned
}

// Close stops accepting events and waits for appends under way to finish.
func (in *Ingester) Close() error {
	in.closeOnce.Do(func() {
		in.mu.Lock()
		in.closed = true
		in.mu.Unlock()
		close(in.quit)
		<-in.loopDone
		in.inflight.Wait()
		for {
			select {
			case r := <-in.reqs:
				r.done <- eventrail.ErrClosed
			default:
				return
			}
		}
	})
	return nil
}
