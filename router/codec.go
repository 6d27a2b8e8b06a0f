package router

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/binframe"
)

// entry is one event as stored in a bus-log record: the envelope plus the bookkeeping the
// envelope does not carry.
type entry struct {
	Bus           string
	Rule          string
	FilterRules   []string
	TraceHeader   string
	IngestionTime time.Time
	Hops          int
	Envelope      []byte // aliases the record's data after decoding
}

// Frame kinds: the first byte of every frame.
const (
	frameVersion = 1 // an event
	frameCall    = 2 // a call marker: the events up to the next marker came in one Ingest call
)

// callMarker identifies the Ingest call whose events follow it in a record: origin is the
// directly dispatching Router's random identity and n the call's number there, or origin 0
// when the call's events were not dispatched directly (they are routed from the record).
type callMarker struct{ origin, n uint64 }

// appendCallMarker encodes m after dst.
func appendCallMarker(dst []byte, m callMarker) []byte {
	dst = append(dst, frameCall)
	dst = binary.AppendUvarint(dst, m.origin)
	return binary.AppendUvarint(dst, m.n)
}

// maxCallMarker is the longest encoding of a call marker.
const maxCallMarker = 1 + 2*binary.MaxVarintLen64

var errBadFrame = errors.New("router: malformed bus-log record")

// appendFrame encodes e after dst: version, fields as length-prefixed byte strings and varints.
func appendFrame(dst []byte, e *eventrail.Event) []byte {
	dst = append(dst, frameVersion)
	dst = binframe.AppendBytes(dst, e.Bus)
	dst = binframe.AppendBytes(dst, e.Rule)
	dst = binary.AppendUvarint(dst, uint64(len(e.FilterRules)))
	for _, r := range e.FilterRules {
		dst = binframe.AppendBytes(dst, r)
	}
	dst = binframe.AppendBytes(dst, e.TraceHeader)
	dst = binary.AppendVarint(dst, unixNano(e.IngestionTime))
	dst = binary.AppendUvarint(dst, uint64(e.Hops))
	lenAt := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = e.AppendEnvelope(dst)
	binary.BigEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
	return dst
}

// unixNano encodes t; the zero time is 0 (its UnixNano is undefined).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// decodeFrames calls fn for every entry in data, skipping call markers. The entry's Envelope
// aliases data.
func decodeFrames(data []byte, fn func(*entry) error) error {
	return decodeRecord(data, func(callMarker) {}, fn)
}

// decodeRecord calls onCall for every call marker and fn for every entry in data, in record
// order. The entry's Envelope aliases data.
func decodeRecord(data []byte, onCall func(callMarker), fn func(*entry) error) error {
	var e entry
	for len(data) > 0 {
		if data[0] == frameCall {
			r := binframe.Reader{Buf: data[1:], Bad: errBadFrame}
			m := callMarker{origin: r.Uvarint(), n: r.Uvarint()}
			if r.Err != nil {
				return r.Err
			}
			onCall(m)
			data = r.Buf
			continue
		}
		rest, err := decodeFrame(data, &e)
		if err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
		data = rest
	}
	return nil
}

// sameOrNew returns prev when it spells b, else b as a new string.
func sameOrNew(prev string, b []byte) string {
	if string(b) == prev {
		return prev
	}
	return string(b)
}

func decodeFrame(data []byte, e *entry) ([]byte, error) {
	if data[0] != frameVersion {
		return nil, errBadFrame
	}
	r := binframe.Reader{Buf: data[1:], Bad: errBadFrame}
	e.Bus = sameOrNew(e.Bus, r.Bytes()) // e is reused across a record's frames: most share a bus
	e.Rule = r.String()
	e.FilterRules = e.FilterRules[:0]
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		e.FilterRules = append(e.FilterRules, r.String())
	}
	e.TraceHeader = r.String()
	e.IngestionTime = fromUnixNano(r.Varint())
	e.Hops = int(r.Uvarint())
	n := int(r.U32())
	e.Envelope = r.Raw(n)
	return r.Buf, r.Err
}
