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

const frameVersion = 1

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

// decodeFrames calls fn for every entry in data. The entry's Envelope aliases data.
func decodeFrames(data []byte, fn func(*entry) error) error {
	var e entry
	for len(data) > 0 {
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

func decodeFrame(data []byte, e *entry) ([]byte, error) {
	if data[0] != frameVersion {
		return nil, errBadFrame
	}
	r := binframe.Reader{Buf: data[1:], Bad: errBadFrame}
	e.Bus = r.String()
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
