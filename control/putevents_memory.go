package control

import "github.com/eventrail/eventrail/internal/uuidtext"

// The memory of a PutEvents call: few allocations, each written once.

// detailBuffer holds the compacted Details of one PutEvents call that the edge's decoder did
// not provide. The slices it returns are never written again: later ones are appended after
// them, and a full buffer is replaced, not grown in place.
type detailBuffer struct{ buf []byte }

// appendCompact validates and compacts d (see AppendCompactDetail) into the buffer and
// returns its compact form, which shares the buffer's memory. When the buffer lacks room it
// is replaced by one large enough for d and every Detail of rest.
func (b *detailBuffer) appendCompact(d string, rest []PutEventsEntry) ([]byte, bool) {
	if cap(b.buf)-len(b.buf) < len(d) {
		n := len(d)
		for i := range rest {
			if !rest[i].compacted() {
				n += len(rest[i].Detail)
			}
		}
		b.buf = make([]byte, 0, n)
	}
	start := len(b.buf)
	out, ok := AppendCompactDetail(b.buf, d)
	if !ok {
		return nil, false
	}
	b.buf = out
	return out[start:len(out):len(out)], true
}

// eventIDText returns the text of n random (version 4) UUIDs, one after the other, drawn
// with one read of the system's cryptographic random source and appended to buf, which must
// have room for them and whose memory the result shares: buf must not be written again.
// eventID picks one out.
func eventIDText(buf []byte, n int) string {
	return sharedString(uuidtext.AppendV4(buf[:0], n))
}

// eventID returns the i-th UUID of an eventIDText.
func eventID(all string, i int) string {
	return all[uuidtext.Size*i : uuidtext.Size*(i+1)]
}

// maxPutEventsEntries is the most entries a PutEvents call may carry.
const maxPutEventsEntries = 10

// putEventsBlock is the memory of the answer to a PutEvents call (every call that passes
// checkPutEvents), allocated at once: the output, its results and the text of the event ids.
type putEventsBlock struct {
	out     PutEventsOutput
	results [maxPutEventsEntries]PutEventsResultEntry
	ids     [maxPutEventsEntries * uuidtext.Size]byte // never written again once the ids are drawn
}

// newPutEventsOutput returns an output with n (at most maxPutEventsEntries) zero results and
// the text of n new event ids (see eventIDText and eventID).
func newPutEventsOutput(n int) (*PutEventsOutput, string) {
	block := new(putEventsBlock)
	block.out.Entries = block.results[:n:n]
	return &block.out, eventIDText(block.ids[:], n)
}
