package router

import (
	"sync"

	"github.com/eventrail/eventrail"
)

// bufferPool recycles byte buffers of one typical size class, so that the hot path's frame
// and record buffers (kilobytes to a megabyte per call) are not garbage each time.
//
// Safe for concurrent use. A buffer given to put must not be used by the caller afterwards.
type bufferPool struct {
	pool sync.Pool
	max  int // buffers larger than this are left to the collector
}

var (
	frameBuffers  = &bufferPool{max: 256 << 10}
	recordBuffers = &bufferPool{max: 2 << 20}
)

// get returns an empty buffer with room for at least size bytes.
func (p *bufferPool) get(size int) []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		if cap(*b) >= size {
			return (*b)[:0]
		}
		p.pool.Put(b) // too small for this one; keep it for a smaller caller
	}
	return make([]byte, 0, size)
}

// put offers b for reuse.
func (p *bufferPool) put(b []byte) {
	if cap(b) == 0 || cap(b) > p.max {
		return
	}
	b = b[:0]
	p.pool.Put(&b)
}

// frameSizeHint is a close upper estimate of appendFrame's output for e when its strings need
// no escaping (escapes only make the buffer grow once).
func frameSizeHint(e *eventrail.Event) int {
	n := 64 + len(e.Bus) + len(e.Rule) + len(e.TraceHeader) // frame header and bookkeeping
	for _, r := range e.FilterRules {
		n += 10 + len(r)
	}
	n += 160 + len(e.ID) + len(e.DetailType) + len(e.Source) + len(e.Account) + len(e.Region) + len(e.ReplayName) + len(e.Detail)
	for _, r := range e.Resources {
		n += 3 + len(r)
	}
	return n
}
